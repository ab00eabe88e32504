import { addLoad, fits, Load, ZERO_LOAD } from './load-profile';
import { BusCall, PlannedRun, PlannedStop, PlanningBus, PlanningItem } from './planner.types';

/** Where an item rides on a bus line: boards at call `from`, leaves at call `to` (indexes into the line's calls). */
interface Leg {
  from: number;
  to: number;
}

/**
 * Puts parcels on scheduled buses (客货邮融合) before the county's own runs are planned: a drop rides from a hub
 * call of the line to a later call at its stop, a collect from a call at its stop to a later hub call, and the
 * bus's load between any two calls (everything boarded and not yet off) stays within its capacity in kg and
 * litres. Cold items ride only a refrigerated bus. Items far from the hub go first, since each one a bus takes
 * saves the most driving there; heavier first among equals, so that small parcels fill what is left. What no
 * bus takes is left to the runs.
 */
export function planBuses(
  buses: readonly PlanningBus[],
  items: readonly PlanningItem[],
  kmFromHub: (nodeId: string) => number,
): { runs: PlannedRun[]; carried: Set<string> } {
  const carried = new Set<string>();
  const runs: PlannedRun[] = [];
  if (buses.length === 0) {
    return { runs, carried };
  }
  const order = [...items].sort(
    (a, b) => kmFromHub(b.nodeId) - kmFromHub(a.nodeId) || b.grams - a.grams || b.ml - a.ml || a.id.localeCompare(b.id),
  );
  const trips = new Map<string, number>();
  for (const bus of buses) {
    const calls = bus.calls;
    // onBoard[k]: what the bus carries between call k and call k + 1
    const onBoard: Load[] = calls.map(() => ZERO_LOAD);
    const drops: string[][] = calls.map(() => []);
    const collects: string[][] = calls.map(() => []);
    let carriesCold = false;
    for (const item of order) {
      if (carried.has(item.id) || (item.cold && !bus.refrigerated)) {
        continue;
      }
      const load: Load = { grams: item.grams, ml: item.ml };
      const leg = legOf(calls, item, onBoard, load, bus.capacity);
      if (!leg) {
        continue;
      }
      for (let k = leg.from; k < leg.to; k++) {
        onBoard[k] = addLoad(onBoard[k], load);
      }
      (item.action === 'drop' ? drops[leg.to] : collects[leg.from]).push(item.id);
      carried.add(item.id);
      carriesCold ||= item.cold;
    }
    const stops: PlannedStop[] = [];
    calls.forEach((call, index) => {
      if (call.nodeId !== null && (drops[index].length > 0 || collects[index].length > 0)) {
        stops.push({ nodeId: call.nodeId, drops: drops[index], collects: collects[index] });
      }
    });
    if (stops.length === 0) {
      continue;
    }
    const trip = (trips.get(bus.vehicleId) ?? 0) + 1;
    trips.set(bus.vehicleId, trip);
    runs.push({
      vehicleId: bus.vehicleId,
      trip,
      cold: carriesCold,
      stops,
      distanceKm: 0,
      durationMinutes: minutesOf(calls[calls.length - 1].departs) - minutesOf(calls[0].departs),
      busRouteId: bus.routeId,
    });
  }
  return { runs, carried };
}

/** The first leg of the line that serves the item and has room for it all the way, or null. */
function legOf(
  calls: readonly BusCall[],
  item: PlanningItem,
  onBoard: readonly Load[],
  load: Load,
  capacity: Load,
): Leg | null {
  for (let from = 0; from < calls.length; from++) {
    const boards = item.action === 'drop' ? calls[from].nodeId === null : calls[from].nodeId === item.nodeId;
    if (!boards) {
      continue;
    }
    for (let to = from + 1; to < calls.length; to++) {
      if (!fits(addLoad(onBoard[to - 1], load), capacity)) {
        break;
      }
      const leaves = item.action === 'drop' ? calls[to].nodeId === item.nodeId : calls[to].nodeId === null;
      if (leaves) {
        return { from, to };
      }
    }
  }
  return null;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}
