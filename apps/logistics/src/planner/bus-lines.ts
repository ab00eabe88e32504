import { Route, RouteKind, Vehicle } from '../network/network.entities';
import { BusCall, PlanningBus } from './planner.types';

/**
 * The scheduled bus lines of a county that run on an ISO weekday, as the planner sees them: each active
 * `scheduled_bus` route with a timetable, on its active vehicle, calls sorted by departure, the hub's calls marked
 * (nodeId null). Calls at nodes outside `nodeIds` (inactive or unknown) are dropped: nothing is planned there.
 * Kept apart from the planner itself so that the planner's thread does not load the entities.
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
      if (!vehicle || !route.timetable || route.timetable.length < 2) {
        return [];
      }
      const calls: BusCall[] = [...route.timetable]
        .sort((a, b) => a.departs.localeCompare(b.departs))
        .filter((entry) => entry.nodeId === hubId || nodeIds.has(entry.nodeId))
        .map((entry) => ({ nodeId: entry.nodeId === hubId ? null : entry.nodeId, departs: entry.departs }));
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
