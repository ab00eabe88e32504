import type { Schemas } from './types';

/*
 * The logistics service's shared response types, by the names the areas use, from the generated schema
 * (schema.d.ts: apps/logistics/src DTOs via `npm run web:client`). Area-only views stay in the area's api.ts.
 */

export type ShipmentStatus = ShipmentTimeline['status'];

export type NodeLevel = NetworkNode['level'];
export const HOST_TYPES = [
  'county_warehouse',
  'post_station',
  'express_station',
  'village_shop',
  'yinong_agency',
  'village_committee',
  'supply_coop',
  'other',
] as const satisfies readonly HostType[];
export type HostType = NetworkNode['hostType'];

/** A node of the county network (`/nodes`). */
export type NetworkNode = Schemas['LogisticsNodeResponseDto'];
/** A county's pickup settings (`/counties/:code/settings`). */
export type LogisticsSettings = Schemas['LogisticsCountySettingsResponseDto'];
export type NodeRef = Schemas['LogisticsNodeRefDto'];
/** The tracking timeline of a shipment (`/orders/:id/shipment`). */
export type ShipmentTimeline = Schemas['LogisticsShipmentTimelineDto'];
