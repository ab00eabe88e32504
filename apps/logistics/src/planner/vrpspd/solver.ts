import { routesCost, violations, VrpspdInstance } from './instance';
import { LocalSearch } from './local-search';
import { Random } from './random';
import { RuinRecreate } from './ruin-recreate';
import { savingsRoutes } from './savings';
import { Solution } from './solution';

export interface SolverOptions {
  seed?: number;
  /** Wall-clock budget. The result is reproducible for a seed only when maxIterations ends the search first. */
  timeLimitMs?: number;
  /** Ruin-and-recreate iterations; with no time limit this alone sets the annealing schedule. */
  maxIterations?: number;
  /** Nearest customers per customer that local search pairs with. */
  granularity?: number;
}

export interface SolverResult {
  routes: number[][];
  cost: number;
  iterations: number;
  elapsedMs: number;
}

/** Emptied routes kept in place before the solutions are compacted. */
const MAX_EMPTY_ROUTES = 4;
/** Nearest customers of each customer whose pairs the savings start considers. */
const SAVINGS_CANDIDATES = 40;
/** The annealing temperature at the start and the end of the search, in mean edge lengths of the start. */
const START_TEMPERATURE = 2;
const END_TEMPERATURE = 0.05;
/**
 * Annealing walks that start together from the savings start; at each of the points of the budget below the better
 * half of them (by the best each has found) goes on and the rest stop, so that one walk searches the last 60 %.
 */
const WALKS = 4;
const HALVING_AT = [0.2, 0.4];
/**
 * Capacity as a penalty during the search: a walk may overload routes at a cost per unit of overload (a route's
 * peak load above capacity, in shares of capacity), at first {@link START_PENALTY} mean edge lengths of the start,
 * then adapted every {@link PENALTY_WINDOW} steps so that about {@link PENALTY_TARGET} of the candidates fit
 * (hybrid genetic search's rule), within {@link PENALTY_RANGE} mean edge lengths.
 */
const START_PENALTY = 50;
const PENALTY_WINDOW = 50;
const PENALTY_TARGET = 0.7;
const PENALTY_UP = 1.3;
const PENALTY_DOWN = 0.8;
const PENALTY_RANGE = [0.1, 1e4];
const DEFAULTS = { seed: 1, granularity: 10 };

/**
 * Iterated local search for the VRPSPD: a Clarke–Wright savings start improved by local search, then simulated
 * annealing over ruin-and-recreate (SISR) moves, each candidate polished by a local search focused on the routes the
 * move rebuilt before it is judged (measured on the benchmarks at a fixed CPU time, this beats polishing only the
 * candidates better than the best so far, though it runs about a tenth of the iterations). {@link WALKS} walks
 * anneal side by side at first, taking turns, and the better half goes on at each point of {@link HALVING_AT}: a
 * single walk's outcome on the clustered instances with few long routes (CMT11) depends on the early choices it
 * happens to make. While they anneal, capacity is a penalty rather than a rule (as in hybrid genetic search): a
 * walk may overload routes at a cost that adapts to how many of its candidates fit, so that on instances whose
 * loads nearly fill the fleet (CMT11) it can trade customers between full routes through plans that do not fit;
 * only plans that fit are kept as the best. Each customer must be feasible on a route of its own (the caller leaves
 * out those that are not).
 */
export function solveVrpspd(instance: VrpspdInstance, options: SolverOptions = {}): SolverResult {
  const started = performance.now();
  const seed = options.seed ?? DEFAULTS.seed;
  const granularity = Math.min(options.granularity ?? DEFAULTS.granularity, instance.size - 2);
  const timeLimit = options.timeLimitMs ?? Infinity;
  const maxIterations = options.maxIterations ?? (timeLimit === Infinity ? 20_000 : Infinity);
  if (instance.size <= 1) {
    return { routes: [], cost: 0, iterations: 0, elapsedMs: 0 };
  }
  const random = new Random(seed);
  const { adjacency, neighbours } = nearest(instance, Math.max(granularity, 0));
  const localSearch = new LocalSearch(instance, neighbours, Math.max(granularity, 0), random);

  const current = new Solution(instance);
  const best = new Solution(instance);
  const start = savingsRoutes(instance, adjacency, SAVINGS_CANDIDATES);
  for (const route of start) {
    current.addRoute(route);
  }
  localSearch.run(current);
  current.dropEmpty();
  best.copyFrom(current);
  let bestCost = current.cost;

  const scale = bestCost / Math.max(1, instance.size - 1);
  const startTemperature = START_TEMPERATURE * scale;
  const endTemperature = END_TEMPERATURE * scale;
  const walks: Walk[] = [];
  for (let index = 0; index < WALKS; index++) {
    const walkSearch =
      index === 0 ? localSearch : new LocalSearch(instance, neighbours, Math.max(granularity, 0), random);
    walks.push(
      new Walk(
        instance,
        current,
        new RuinRecreate(instance, adjacency, random),
        walkSearch,
        START_PENALTY * scale,
        scale,
      ),
    );
  }
  let active = walks.length;
  let phase = 0;
  let iterations = 0;
  let progress = 0;
  while (iterations < maxIterations) {
    if ((iterations & 15) === 0 && timeLimit < Infinity) {
      const elapsed = performance.now() - started;
      if (elapsed >= timeLimit) {
        break;
      }
      progress = elapsed / timeLimit;
    } else if (timeLimit === Infinity) {
      progress = iterations / maxIterations;
    }
    while (phase < HALVING_AT.length && progress >= HALVING_AT[phase]) {
      phase++;
      // the better half by the best each walk has found goes on (a stable sort: ties keep their order)
      walks.sort((a, b) => a.bestCost - b.bestCost);
      active = Math.max(1, active >> 1);
      walks.length = active;
    }
    const walk = walks[iterations % active];
    iterations++;
    const temperature = startTemperature * Math.pow(endTemperature / startTemperature, progress);
    const fitting = walk.step(temperature, random);
    if (fitting < bestCost - 1e-9) {
      best.copyFrom(walk.current);
      bestCost = fitting;
    }
  }
  localSearch.penalty = Infinity;
  localSearch.run(best);
  let routes = best.customersOf();
  // a last check from the outside: should the search ever break a rule, the savings start (checked as it was built)
  if (violations(instance, routes).length > 0) {
    routes = start;
  }
  return { routes, cost: routesCost(instance, routes), iterations, elapsedMs: performance.now() - started };
}

/** For each customer, all other customers nearest first, and the first `granularity` of them. */
function nearest(instance: VrpspdInstance, granularity: number): { adjacency: Int32Array; neighbours: Int32Array } {
  const { size, distance } = instance;
  const others = size - 1;
  const adjacency = new Int32Array(size * others);
  const neighbours = new Int32Array(size * granularity);
  let longest = 0;
  for (let index = 0; index < distance.length; index++) {
    longest = Math.max(longest, distance[index]);
  }
  // a numeric sort of keys that carry the customer in their low bits beats a sort with a comparator by far
  const keys = new Float64Array(others - 1);
  const indexBits = 2 ** Math.ceil(Math.log2(size + 1));
  const steps = Math.floor(2 ** 52 / indexBits);
  for (let customer = 1; customer < size; customer++) {
    let count = 0;
    const row = customer * size;
    for (let other = 1; other < size; other++) {
      if (other !== customer) {
        const rank = longest > 0 ? Math.floor((distance[row + other] / longest) * (steps - 1)) : 0;
        keys[count++] = rank * indexBits + other;
      }
    }
    keys.sort();
    for (let index = 0; index < count; index++) {
      adjacency[customer * others + index] = keys[index] % indexBits;
    }
    neighbours.set(adjacency.subarray(customer * others, customer * others + granularity), customer * granularity);
  }
  return { adjacency, neighbours };
}

/**
 * One annealing walk: its current solution and the candidate that each step builds from it, with ruin-and-recreate
 * and local search of their own (each keeps indexes of the route slots it last saw), and its own capacity penalty.
 */
class Walk {
  current: Solution;
  private candidate: Solution;
  /** The current solution's cost with its overload charged at the walk's penalty. */
  private currentCost: number;
  /** The cost of the best solution the walk has found that fits capacity. */
  bestCost: number;
  private steps = 0;
  private fitting = 0;

  constructor(
    instance: VrpspdInstance,
    start: Solution,
    private readonly ruinRecreate: RuinRecreate,
    private readonly localSearch: LocalSearch,
    private penalty: number,
    private readonly scale: number,
  ) {
    this.current = new Solution(instance);
    this.candidate = new Solution(instance);
    this.current.copyFrom(start);
    this.candidate.copyFrom(start);
    this.current.clearMarks();
    this.candidate.clearMarks();
    this.currentCost = this.current.cost;
    this.bestCost = this.currentCost;
  }

  /**
   * One ruin-and-recreate step, polished and judged at temperature; the cost of the current solution after it when
   * it fits capacity, else Infinity.
   */
  step(temperature: number, random: Random): number {
    const { ruinRecreate, localSearch } = this;
    ruinRecreate.penalty = localSearch.penalty = this.penalty;
    let candidate = this.candidate;
    // candidate is a copy of current here; only the routes an iteration changes are copied back (Solution.syncFrom)
    ruinRecreate.apply(candidate);
    const threshold = this.currentCost - temperature * Math.log(random.next());
    // polished by a local search that starts from the customers just put back, before the candidate is judged
    localSearch.run(candidate, true, ruinRecreate.removed, ruinRecreate.removedCount);
    const fits = candidate.overload === 0;
    const candidateCost = candidate.penalisedCost(this.penalty);
    this.adapt(fits);
    if (candidateCost < threshold) {
      const previous = this.current;
      this.current = candidate;
      this.candidate = candidate = previous;
      this.currentCost = candidateCost;
      if (fits) {
        this.bestCost = Math.min(this.bestCost, candidateCost);
      }
      const current = this.current;
      if (current.emptyRoutes() > MAX_EMPTY_ROUTES) {
        current.dropEmpty();
        candidate.copyFrom(current);
        candidate.clearMarks();
        current.clearMarks();
      } else {
        candidate.syncFrom(current, current);
      }
    } else {
      candidate.syncFrom(this.current, candidate);
    }
    return this.current.overload === 0 ? this.currentCost : Infinity;
  }

  /** Every PENALTY_WINDOW steps: a dearer overload when too few candidates fit, a cheaper one when most do. */
  private adapt(fits: boolean): void {
    this.steps++;
    this.fitting += fits ? 1 : 0;
    if (this.steps < PENALTY_WINDOW) {
      return;
    }
    const share = this.fitting / this.steps;
    const scale = this.scale;
    if (share < PENALTY_TARGET) {
      this.penalty = Math.min(this.penalty * PENALTY_UP, PENALTY_RANGE[1] * scale);
    } else {
      this.penalty = Math.max(this.penalty * PENALTY_DOWN, PENALTY_RANGE[0] * scale);
    }
    this.steps = 0;
    this.fitting = 0;
    this.currentCost = this.current.penalisedCost(this.penalty);
  }
}
