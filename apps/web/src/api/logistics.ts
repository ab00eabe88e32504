import type { Direction } from './catalog';

/*
 * The logistics service's shared response types (apps/logistics/src: network, point, shipment DTOs), used by more
 * than one area. Area-only views stay in the area's api.ts.
 */

export type ShipmentStatus =
  | 'awaiting_handover'
  | 'at_node'
  | 'in_transit'
  | 'ready_for_pickup'
  | 'with_carrier'
  | 'delivered'
  | 'returning'
  | 'returned'
  | 'cancelled';

export type NodeLevel = 'county_hub' | 'town_station' | 'village_point';
export const HOST_TYPES = [
  'county_warehouse',
  'post_station',
  'express_station',
  'village_shop',
  'yinong_agency',
  'village_committee',
  'supply_coop',
  'other',
] as const;
export type HostType = (typeof HOST_TYPES)[number];

/** A node of the county network (`/nodes`). */
export interface NetworkNode {
  id: string;
  code: string;
  countyCode: string;
  level: NodeLevel;
  name: string;
  parentId: string | null;
  latitude: number;
  longitude: number;
  hostType: HostType;
  openingHours: string;
  operatorOrgId: string | null;
  shelves: number;
  layers: number;
  slotCapacity: number;
  coldStorage: boolean;
  coldCapacityLitres: number | null;
  active: boolean;
}

/** A county's pickup settings (`/counties/:code/settings`). */
export interface LogisticsSettings {
  countyCode: string;
  retentionDays: number;
  reminderHoursBefore: number;
  pickupMaxAttempts: number;
  pickupWindowMinutes: number;
  pickupLockMinutes: number;
}

export interface NodeRef {
  id: string;
  code: string;
  name: string;
}

/** The tracking timeline of a shipment (`/orders/:id/shipment`). */
export interface ShipmentTimeline {
  id: string;
  orderId: string;
  parcelCode: string;
  status: ShipmentStatus;
  direction: Direction;
  traceCodes: string[];
  custody: {
    kind: string;
    node: NodeRef | null;
    carrier: string | null;
    waybillNo: string | null;
    since: string;
  };
  path: NodeRef[];
  scans: {
    seq: number;
    kind: string;
    nodeCode: string | null;
    nodeName: string | null;
    at: string;
    temperatureC: number | null;
  }[];
  pickup: {
    point: NodeRef;
    shelf: number | null;
    layer: number | null;
    code: string | null;
    collectBy: string | null;
  } | null;
  receipt: { method: string; collectedBy: string; collectorName: string | null; at: string } | null;
  routingProblem: string | null;
}
