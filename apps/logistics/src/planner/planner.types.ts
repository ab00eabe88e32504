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
}

export interface PlanningProblem {
  depot: GeoPoint;
  nodes: readonly PlanningNode[];
  items: readonly PlanningItem[];
  vehicles: readonly PlanningVehicle[];
  limits: PlanningLimits;
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
  distanceKm: number;
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
