import { Route, RouteKind, Vehicle } from '../network/network.entities';
import { BusCall, PlanningBus } from './planner.types';

/**
 * The scheduled bus lines of a county that run on an ISO weekday, as the planner sees them: each active
 * `scheduled_bus` route with a timetable, on its active vehicle, calls sorted by departure, the hub's calls marked
 * (nodeId null). A timetable that does not list the hub is taken to leave from it (the county's lines start in
 * the county town, "信丰—大塘埠—新田", and list only the stations after it): the bus can take drops from the hub but
 * brings nothing back unless the hub is a later call. Calls at nodes outside `nodeIds` (inactive or unknown) are
 * dropped: nothing is planned there. Kept apart from the planner so that the planner's thread loads no entities.
 */
export function busLinesFor(
  routes: readonly Route[],
  vehicles: readonly Vehicle[],
  weekday: number,
  hubId: string,
  nodeIds: ReadonlySet<string>,
): PlanningBus[] {
  const byId = new Map(vehicles.filter((vehicle) => vehicle.active).map((vehicle) => [vehicle.id, vehicle]));
  return routes
    .filter((route) => route.active && route.kind === RouteKind.ScheduledBus && route.weekdays.includes(weekday))
    .flatMap((route) => {
      const vehicle = byId.get(route.vehicleId);
      if (!vehicle || !route.timetable || route.timetable.length === 0) {
        return [];
      }
      const timetable = [...route.timetable].sort((a, b) => a.departs.localeCompare(b.departs));
      const calls: BusCall[] = timetable
        .filter((entry) => entry.nodeId === hubId || nodeIds.has(entry.nodeId))
        .map((entry) => ({ nodeId: entry.nodeId === hubId ? null : entry.nodeId, departs: entry.departs }));
      if (!timetable.some((entry) => entry.nodeId === hubId)) {
        calls.unshift({ nodeId: null, departs: timetable[0].departs });
      }
      return [
        {
          vehicleId: vehicle.id,
          routeId: route.id,
          capacity: { grams: vehicle.capacityKg * 1000, ml: vehicle.capacityLitres * 1000 },
          refrigerated: vehicle.refrigerated,
          calls,
        },
      ];
    });
}
