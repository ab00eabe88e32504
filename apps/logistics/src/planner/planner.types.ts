import { GeoPoint } from './geo';
import { Load } from './load-profile';

export interface PlanningNode {
  id: string;
  point: GeoPoint;
}

/** A parcel to drop at a stop (from the hub) or to collect at a stop (to the hub). */
export interface PlanningItem {
  id: string;
  nodeId: string;
  action: 'drop' | 'collect';
  grams: number;
  ml: number;
  /** Needs a refrigerated vehicle. */
  cold: boolean;
}

export interface PlanningVehicle {
  id: string;
  capacity: Load;
  refrigerated: boolean;
  /** The stops this vehicle may serve today; null for anywhere in the county. */
  serves: ReadonlySet<string> | null;
}

export interface PlanningLimits {
  maxStopsPerRun: number;
  maxRunKm: number;
  /** Over all the runs a vehicle makes in the day. */
  maxVehicleDayKm: number;
  /** Minutes a vehicle stands at each stop of a run (hand-over, loading, signatures); 0 or absent: not counted. */
  dwellMinutesPerStop?: number;
  /** Longest run in minutes, driving at `speedKmh` plus the dwell at every stop; 0 or absent: unbounded. */
  maxRunMinutes?: number;
  /** Average speed over county roads, to turn km into minutes (default {@link DEFAULT_SPEED_KMH}). */
  speedKmh?: number;
}

export const DEFAULT_SPEED_KMH = 40;

/**
 * A scheduled bus line (客货邮融合) that may carry parcels on the planning day: its calls in timetable order, the
 * county hub among them. A drop rides from a hub call to a later call at its stop; a collect from a call at its
 * stop to a later hub call.
 */
export interface PlanningBus {
  vehicleId: string;
  /** The bus route (line) the calls belong to. */
  routeId: string;
  capacity: Load;
  refrigerated: boolean;
  calls: readonly BusCall[];
}

export interface BusCall {
  /** A node of the problem, or null for the county hub. */
  nodeId: string | null;
  /** HH:MM, local time. */
  departs: string;
}

export interface PlanningProblem {
  depot: GeoPoint;
  nodes: readonly PlanningNode[];
  items: readonly PlanningItem[];
  vehicles: readonly PlanningVehicle[];
  limits: PlanningLimits;
  /** Scheduled buses that carry parcels before runs are planned for the rest; none when absent. */
  buses?: readonly PlanningBus[];
}

export interface PlannedStop {
  nodeId: string;
  drops: string[];
  collects: string[];
}

export interface PlannedRun {
  vehicleId: string;
  /** 1 for the vehicle's first run of the day, 2 for its second… */
  trip: number;
  /** Carries cold-chain items (and so is on a refrigerated vehicle). */
  cold: boolean;
  stops: PlannedStop[];
  /** Km the county's vehicle drives for the run; 0 for a bus, which keeps its timetable anyway. */
  distanceKm: number;
  /** Driving at the limits' speed plus the dwell at each stop; for a bus, its timetable from first to last call. */
  durationMinutes: number;
  /** The bus line (route id) when the run is a scheduled bus's; absent for the county's own vehicles. */
  busRouteId?: string;
}

export interface UnassignedItem {
  itemId: string;
  reason: string;
}

export interface PlanResult {
  runs: PlannedRun[];
  unassigned: UnassignedItem[];
  totalDistanceKm: number;
}
