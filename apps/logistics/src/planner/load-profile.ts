/** A load in both dimensions a vehicle is limited by. */
export interface Load {
  grams: number;
  ml: number;
}

export const ZERO_LOAD: Load = { grams: 0, ml: 0 };

export const addLoad = (a: Load, b: Load): Load => ({ grams: a.grams + b.grams, ml: a.ml + b.ml });
export const maxLoad = (a: Load, b: Load): Load => ({ grams: Math.max(a.grams, b.grams), ml: Math.max(a.ml, b.ml) });
export const fits = (load: Load, capacity: Load): boolean => load.grams <= capacity.grams && load.ml <= capacity.ml;

export interface StopDemand {
  /** What is unloaded here (goods going down). */
  drop: Load;
  /** What is loaded here (produce going up). */
  collect: Load;
}

export interface LoadProfile {
  /** Leaving the hub: every drop of the run is on board. */
  start: Load;
  /** On board after each stop. */
  after: Load[];
  /** The most on board at any point of the run, per dimension. */
  peak: Load;
}

/** The load along a run with simultaneous pickup and delivery: start with all drops, then −drop +collect per stop. */
export function loadProfile(stops: readonly StopDemand[]): LoadProfile {
  let current = stops.reduce((total, stop) => addLoad(total, stop.drop), ZERO_LOAD);
  const start = current;
  let peak = current;
  const after: Load[] = [];
  for (const stop of stops) {
    current = {
      grams: current.grams - stop.drop.grams + stop.collect.grams,
      ml: current.ml - stop.drop.ml + stop.collect.ml,
    };
    after.push(current);
    peak = maxLoad(peak, current);
  }
  return { start, after, peak };
}

export interface Overload {
  /** -1 when leaving the hub, else the index of the stop after which the vehicle is over capacity. */
  stopIndex: number;
  load: Load;
  capacity: Load;
}

/** The first point of the run where the vehicle would carry more than it can, or null. */
export function firstOverload(stops: readonly StopDemand[], capacity: Load): Overload | null {
  const profile = loadProfile(stops);
  if (!fits(profile.start, capacity)) {
    return { stopIndex: -1, load: profile.start, capacity };
  }
  const index = profile.after.findIndex((load) => !fits(load, capacity));
  return index < 0 ? null : { stopIndex: index, load: profile.after[index], capacity };
}
