/*
 * The county staff console's calls, typed after the services' DTOs: identity organisations, catalog storefronts
 * and sellers, logistics network / runs / figures, orders claims / county settings / figures.
 */

import {
  api,
  type CatalogSeller,
  type Category,
  type Claim,
  type ClaimStatus,
  type LogisticsSettings,
  type NetworkNode,
  type NodeLevel,
  type OrderDetail,
  type OrganisationKind,
  type Resolution,
  type SearchPage,
  type Storefront,
  type StorefrontView,
  type VerificationStatus,
} from '../../api';

export {
  HOST_TYPES,
  type CatalogSeller,
  type Category,
  type Claim,
  type ClaimStatus,
  type Direction,
  type HostType,
  type ListingSummary,
  type LogisticsSettings,
  type NetworkNode,
  type NodeLevel,
  type OrderDetail,
  type Rating,
  type Remedy,
  type Resolution,
  type Storefront,
  type StorefrontStatus,
  type StorefrontView,
} from '../../api';

// ---- identity -------------------------------------------------------------------------------------------------

export interface Organisation {
  id: string;
  kind: OrganisationKind;
  name: string;
  countyCode: string;
  villageCode: string | null;
  creditCode: string | null;
  contactPhone: string | null;
  status: VerificationStatus;
  statusReason: string | null;
  createdAt: string;
}

export interface Member {
  userId: string;
  name: string;
  phone: string;
  role: string;
  since: string;
}

// ---- catalog --------------------------------------------------------------------------------------------------

export interface StorefrontFields {
  name: string;
  introduction: string;
  bannerUrl: string | null;
  logoUrl: string | null;
  featuredCategoryIds: string[];
  featuredListingIds: string[];
}

// ---- logistics ------------------------------------------------------------------------------------------------

export const VEHICLE_KINDS = ['van', 'truck', 'bus'] as const;
export type VehicleKind = (typeof VEHICLE_KINDS)[number];

export interface Vehicle {
  id: string;
  countyCode: string;
  plate: string;
  name: string;
  kind: VehicleKind;
  capacityKg: number;
  capacityLitres: number;
  refrigerated: boolean;
  active: boolean;
}

export type RouteKind = 'run' | 'scheduled_bus';

export interface Route {
  id: string;
  countyCode: string;
  vehicleId: string;
  name: string;
  kind: RouteKind;
  weekdays: number[];
  nodeIds: string[];
  timetable: { nodeId: string; departs: string }[] | null;
  active: boolean;
}

export interface OrderSettings {
  countyCode: string;
  commissionRateBp: number;
  claimWindowHours: number;
  claimResponseHours: number;
  allowCrossCountyServicePoint: boolean;
  growthTargetBp: number;
  source?: string;
}

export interface Load {
  kg: number;
  litres: number;
}

export interface ManifestParcel {
  shipmentId: string;
  parcelCode: string;
  weightGrams: number;
  volumeMl: number;
  cold: boolean;
}

export interface RunStop {
  seq: number;
  nodeId: string;
  nodeCode: string;
  nodeName: string;
  drop: ManifestParcel[];
  collect: ManifestParcel[];
  loadAfter: Load;
}

export type RunStatus = 'planned' | 'dispatched' | 'completed' | 'cancelled';

export interface Run {
  id: string;
  countyCode: string;
  runDate: string;
  vehicleId: string;
  vehiclePlate: string;
  refrigerated: boolean;
  capacity: Load;
  trip: number;
  status: RunStatus;
  cold: boolean;
  distanceKm: number;
  startLoad: Load;
  peakLoad: Load;
  stops: RunStop[];
}

export interface Plan {
  countyCode: string;
  date: string;
  planner: string;
  planningMs: number;
  totalDistanceKm: number;
  runs: Run[];
  unassigned: { shipmentId: string; reason: string }[];
}

// ---- orders ---------------------------------------------------------------------------------------------------

export const CLAIM_STATUSES: ClaimStatus[] = ['escalated', 'awaiting_seller', 'countered', 'resolved'];
export const RESOLUTIONS: Resolution[] = ['full_refund', 'partial_refund', 'resend', 'rejected'];

// ---- figures --------------------------------------------------------------------------------------------------

export interface OrderFigure {
  orders: number;
  gmvFen: number;
}

export interface DirectionFigures {
  up: OrderFigure;
  down: OrderFigure;
  all: OrderFigure;
}

export interface Growth {
  orders: number | null;
  gmv: number | null;
}

export interface OrderFigures {
  countyCode: string;
  from: string;
  to: string;
  timeZone: string;
  days: (DirectionFigures & { date: string })[];
  totals: DirectionFigures & { from: string; to: string };
  lastYear: DirectionFigures & { from: string; to: string };
  growth: { up: Growth; down: Growth; all: Growth };
  target: {
    targetRatio: number;
    source: 'default' | 'county';
    actualRatio: number | null;
    attainment: number | null;
    met: boolean | null;
  };
}

export interface NodeFigures {
  nodeId: string;
  code: string;
  name: string;
  level: NodeLevel;
  arrived: number;
  shelved: number;
  collected: number;
  returned: number;
  handedIn: number;
}

export interface LogisticsFigures {
  countyCode: string;
  from: string;
  to: string;
  timeZone: string;
  nodes: NodeFigures[];
  firstKilometre: { date: string; handIns: number; weighedGrams: number }[];
  excursions: { date: string; excursions: number; shipments: number }[];
  totals: {
    arrived: number;
    shelved: number;
    collected: number;
    returned: number;
    handIns: number;
    weighedGrams: number;
    excursions: number;
  };
  current: { asOf: string; awaitingPickup: number; overdue: number };
}

// ---- calls ----------------------------------------------------------------------------------------------------

const path = encodeURIComponent;

export const countyApi = {
  identity: {
    organisations: (
      query: { countyCode: string; status?: VerificationStatus; kind?: OrganisationKind; limit?: number },
      signal?: AbortSignal,
    ) => api.get<Organisation[]>('identity', '/organisations', { limit: 200, ...query }, { signal }),
    organisation: (id: string, signal?: AbortSignal) =>
      api.get<Organisation>('identity', `/organisations/${path(id)}`, undefined, { signal }),
    members: (id: string, signal?: AbortSignal) =>
      api.get<Member[]>('identity', `/organisations/${path(id)}/members`, undefined, { signal }),
    verify: (id: string) => api.post<Organisation>('identity', `/organisations/${path(id)}/verify`, {}),
    suspend: (id: string, reason: string) =>
      api.post<Organisation>('identity', `/organisations/${path(id)}/suspend`, { reason }),
  },
  catalog: {
    seller: (orgId: string, signal?: AbortSignal) =>
      api.get<CatalogSeller>('catalog', `/sellers/${path(orgId)}`, undefined, { signal }),
    storefront: (county: string, signal?: AbortSignal) =>
      api.get<StorefrontView>('catalog', `/storefronts/${path(county)}`, undefined, { signal }),
    createStorefront: (county: string, fields: StorefrontFields) =>
      api.post<Storefront>('catalog', '/storefronts', { countyCode: county, ...fields }),
    updateStorefront: (county: string, fields: Partial<StorefrontFields>) =>
      api.patch<Storefront>('catalog', `/storefronts/${path(county)}`, fields),
    openStorefront: (county: string) => api.post<Storefront>('catalog', `/storefronts/${path(county)}/open`, {}),
    closeStorefront: (county: string) => api.post<Storefront>('catalog', `/storefronts/${path(county)}/close`, {}),
    categories: (signal?: AbortSignal) => api.get<Category[]>('catalog', '/categories', undefined, { signal }),
    countyListings: (county: string, signal?: AbortSignal) =>
      api.get<SearchPage>('catalog', '/search', { countyCode: county, sort: 'newest', limit: 50 }, { signal }),
  },
  logistics: {
    nodes: (county: string, signal?: AbortSignal) =>
      api.get<NetworkNode[]>('logistics', '/nodes', { countyCode: county }, { signal }),
    createNode: (body: Record<string, unknown>) => api.post<NetworkNode>('logistics', '/nodes', body),
    updateNode: (id: string, body: Record<string, unknown>) =>
      api.patch<NetworkNode>('logistics', `/nodes/${path(id)}`, body),
    vehicles: (county: string, signal?: AbortSignal) =>
      api.get<Vehicle[]>('logistics', '/vehicles', { countyCode: county }, { signal }),
    createVehicle: (body: Record<string, unknown>) => api.post<Vehicle>('logistics', '/vehicles', body),
    updateVehicle: (id: string, body: Record<string, unknown>) =>
      api.patch<Vehicle>('logistics', `/vehicles/${path(id)}`, body),
    routes: (county: string, signal?: AbortSignal) =>
      api.get<Route[]>('logistics', '/routes', { countyCode: county }, { signal }),
    createRoute: (body: Record<string, unknown>) => api.post<Route>('logistics', '/routes', body),
    retireRoute: (id: string) => api.delete<Route>('logistics', `/routes/${path(id)}`),
    settings: (county: string, signal?: AbortSignal) =>
      api.get<LogisticsSettings>('logistics', `/counties/${path(county)}/settings`, undefined, { signal }),
    updateSettings: (county: string, body: Partial<LogisticsSettings>) =>
      api.put<LogisticsSettings>('logistics', `/counties/${path(county)}/settings`, body),
    plan: (county: string, date: string) => api.post<Plan>('logistics', '/runs/plan', { countyCode: county, date }),
    runs: (county: string, date: string, signal?: AbortSignal) =>
      api.get<Run[]>('logistics', '/runs', { countyCode: county, date }, { signal }),
    run: (id: string, signal?: AbortSignal) => api.get<Run>('logistics', `/runs/${path(id)}`, undefined, { signal }),
    figures: (county: string, from: string, to: string, signal?: AbortSignal) =>
      api.get<LogisticsFigures>('logistics', `/counties/${path(county)}/figures`, { from, to }, { signal }),
  },
  orders: {
    claims: (county: string, status: ClaimStatus | '', signal?: AbortSignal) =>
      api.get<Claim[]>('orders', `/counties/${path(county)}/claims`, { status }, { signal }),
    claim: (id: string, signal?: AbortSignal) => api.get<Claim>('orders', `/claims/${path(id)}`, undefined, { signal }),
    order: (id: string, signal?: AbortSignal) =>
      api.get<OrderDetail>('orders', `/orders/${path(id)}`, undefined, { signal }),
    decide: (id: string, body: { resolution: Resolution; amountFen?: number; note: string }) =>
      api.post<Claim>('orders', `/claims/${path(id)}/decision`, body),
    settings: (county: string, signal?: AbortSignal) =>
      api.get<OrderSettings>('orders', `/county-settings/${path(county)}`, undefined, { signal }),
    updateSettings: (county: string, body: Partial<OrderSettings>) =>
      api.put<OrderSettings>('orders', `/county-settings/${path(county)}`, body),
    figures: (county: string, from: string, to: string, signal?: AbortSignal) =>
      api.get<OrderFigures>('orders', `/counties/${path(county)}/figures`, { from, to }, { signal }),
  },
};
