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
  type OrderDetail,
  type OrganisationKind,
  type Resolution,
  type Schemas,
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

// ---- request and response bodies (generated from the OpenAPI document: apps/web/src/api/schema.d.ts) ----------

export type Organisation = Schemas['IdentityOrganisationResponseDto'];
export type Member = Schemas['IdentityMemberResponseDto'];

/** A storefront's own fields, all of them as the storefront form sends them (the county is sent beside them). */
export type StorefrontFields = Required<Omit<Schemas['CatalogStorefrontCreateDto'], 'countyCode'>>;

export type Vehicle = Schemas['LogisticsVehicleResponseDto'];
export type VehicleKind = Vehicle['kind'];
export const VEHICLE_KINDS: readonly VehicleKind[] = ['van', 'truck', 'bus'];
export type Route = Schemas['LogisticsRouteResponseDto'];
export type RouteKind = Route['kind'];
export type Load = Schemas['LogisticsLoadDto'];
export type ManifestParcel = Schemas['LogisticsManifestParcelDto'];
export type RunStop = Schemas['LogisticsRunStopDto'];
export type Run = Schemas['LogisticsRunResponseDto'];
export type RunStatus = Run['status'];
export type Plan = Schemas['LogisticsPlanResponseDto'];

export type OrderSettings = Schemas['OrdersCountySettingResponseDto'];
export type OrderSettingsUpdate = Schemas['OrdersCountySettingUpdateDto'];
export type ClaimDecision = Schemas['OrdersClaimDecisionDto'];
export type CountyCashBooks = Schemas['OrdersCountyCashBooksResponseDto'];
export type CashHandover = Schemas['OrdersCashHandoverResponseDto'];
export const CLAIM_STATUSES: ClaimStatus[] = ['escalated', 'awaiting_seller', 'countered', 'resolved'];
export const RESOLUTIONS: Resolution[] = ['full_refund', 'partial_refund', 'resend', 'rejected'];

// ---- figures --------------------------------------------------------------------------------------------------

export type OrderFigure = Schemas['OrdersOrderFigureDto'];
export type DirectionFigures = Schemas['OrdersDayFiguresDto'];
export type Growth = Schemas['OrdersGrowthDto'];
export type OrderFigures = Schemas['OrdersOrderFiguresResponseDto'];
export type NodeFigures = Schemas['LogisticsNodeFiguresDto'];
export type LogisticsFigures = Schemas['LogisticsLogisticsFiguresResponseDto'];

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
    decide: (id: string, body: ClaimDecision) => api.post<Claim>('orders', `/claims/${path(id)}/decision`, body),
    settings: (county: string, signal?: AbortSignal) =>
      api.get<OrderSettings>('orders', `/county-settings/${path(county)}`, undefined, { signal }),
    updateSettings: (county: string, body: OrderSettingsUpdate) =>
      api.put<OrderSettings>('orders', `/county-settings/${path(county)}`, body),
    figures: (county: string, from: string, to: string, signal?: AbortSignal) =>
      api.get<OrderFigures>('orders', `/counties/${path(county)}/figures`, { from, to }, { signal }),
    cashBooks: (county: string, date: string, signal?: AbortSignal) =>
      api.get<CountyCashBooks>('orders', `/counties/${path(county)}/cash-books`, { date }, { signal }),
    confirmHandover: (id: string) => api.post<CashHandover>('orders', `/cash-handovers/${path(id)}/confirm`, {}),
  },
};
