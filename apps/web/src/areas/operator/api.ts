/*
 * The operator's calls, typed after the services' DTOs: logistics nodes and the point controller
 * (apps/logistics/src/point/point.dto.ts), shipments by node; catalog search and listing; orders assisted checkout,
 * payments, the point's orders and commissions (apps/orders/src/checkout, commission, order).
 */

import {
  api,
  type Direction,
  type Listing,
  type LogisticsSettings,
  type NetworkNode,
  type Order,
  type OrderDetail,
  type OrderGroup,
  type Payment,
  type PaymentMethod,
  type Schemas,
  type SearchPage,
  type ShipmentStatus,
  type Statement,
  type TemperatureClass,
} from '../../api';

export type {
  LogisticsSettings as CountySettings,
  Direction,
  Listing,
  ListingSummary,
  Order,
  OrderDetail,
  OrderGroup,
  OrderLine,
  OrderStatus,
  Payment,
  PaymentMethod,
  NetworkNode as PointNode,
  ShipmentStatus,
  Sku,
  TemperatureClass,
} from '../../api';

// ---- logistics ----------------------------------------------------------------------------------------------

/** A parcel as the point's views show it (recipient masked by the API). */
export interface PointParcel {
  shipmentId: string;
  parcelCode: string;
  status: ShipmentStatus;
  direction: Direction;
  recipientName: string;
  recipientPhoneTail: string;
  weightGrams: number;
  temperatureClass: TemperatureClass;
  shelf: number | null;
  layer: number | null;
  shelvedAt: string | null;
  collectBy: string | null;
  custodySince: string;
}

export interface ArrivalResult {
  shipmentId: string;
  parcelCode: string;
  status: ShipmentStatus;
  shelf: number | null;
  layer: number | null;
  pickupCode: string | null;
  collectBy: string | null;
}

export interface ArrivalsView {
  date: string;
  expected: PointParcel[];
  arrived: PointParcel[];
}

export interface ShelvesView {
  shelves: number;
  layers: number;
  slotCapacity: number;
  waiting: number;
  slots: { shelf: number; layer: number; parcels: PointParcel[] }[];
}

export interface OverdueView {
  overdue: PointParcel[];
  dueSoon: PointParcel[];
  returning: PointParcel[];
}

/** A hand-over at the counter; `cash` is the cash to take for a cash-on-collection order. */
export type CollectionResult = Schemas['LogisticsCollectionResponseDto'];

export interface HandInResult {
  shipmentId: string;
  parcelCode: string;
  status: ShipmentStatus;
  expectedGrams: number;
  weighedGrams: number;
  differenceGrams: number;
  traceCodes: string[];
}

export interface ShipmentSummary {
  id: string;
  orderId: string;
  parcelCode: string;
  status: ShipmentStatus;
  direction: Direction;
  sellerName: string;
  weightGrams: number;
  temperatureClass: TemperatureClass;
  minC: number | null;
  maxC: number | null;
  traceCodes: string[];
  createdAt: string;
}

// ---- node workspace (hub, town station, village point) -------------------------------------------------------

export type NodeLevel = NetworkNode['level'];

/** What a node's workspace shows (logistics `GET /nodes/{id}/workspace`; recipients masked, no pickup code). */
export type Workspace = Schemas['LogisticsWorkspaceResponseDto'];
export type NodeParcel = Schemas['LogisticsNodeParcelDto'];
export type NodeRun = Schemas['LogisticsNodeRunDto'];
export type NodeException = Schemas['LogisticsNodeExceptionDto'];
export type ExceptionKind = NodeException['kind'];
export const EXCEPTION_KINDS: readonly ExceptionKind[] = ['damaged', 'missing', 'over_weight', 'refused'];
/** A parcel's label data: never the pickup code, never the full phone. */
export type ParcelLabel = Schemas['LogisticsLabelResponseDto'];
export type CarrierHandover = Schemas['LogisticsCarrierHandoverResponseDto'];

// ---- orders -------------------------------------------------------------------------------------------------

export interface AssistedOrderBody {
  servicePointOrgId: string;
  villager: { name: string; phone: string };
  lines: { skuId: string; quantity: number }[];
  paymentMethod: PaymentMethod;
}

export interface Commission {
  orderId: string;
  operatorUserId: string;
  rateBp: number;
  baseFen: number;
  amountFen: number;
  status: 'pending' | 'earned' | 'void';
  createdAt: string;
}

export interface CommissionSummary {
  servicePointOrgId: string;
  earnedFen: number;
  pendingFen: number;
  items: Commission[];
}

// ---- calls --------------------------------------------------------------------------------------------------

const enc = encodeURIComponent;
const point = (nodeId: string, path: string) => `/points/${enc(nodeId)}${path}`;

export const operatorApi = {
  /** The nodes an organisation operates, any level: the hub, town stations, village points (the list is public). */
  nodesOf: (countyCode: string, operatorOrgId: string, signal?: AbortSignal) =>
    api.get<NetworkNode[]>('logistics', '/nodes', { countyCode, operatorOrgId }, { signal }),
  /** What is at the node now, due in, must go out, its exceptions, runs and day. */
  workspace: (nodeId: string, signal?: AbortSignal) =>
    api.get<Workspace>('logistics', `/nodes/${enc(nodeId)}/workspace`, undefined, { signal }),
  label: (parcelCode: string, signal?: AbortSignal) =>
    api.get<ParcelLabel>('logistics', `/parcels/${enc(parcelCode)}/label`, undefined, { signal }),
  resolveException: (nodeId: string, exceptionId: string) =>
    api.post<NodeException>('logistics', `/nodes/${enc(nodeId)}/exceptions/${enc(exceptionId)}/resolve`, {}),
  settings: (countyCode: string, signal?: AbortSignal) =>
    api.get<LogisticsSettings>('logistics', `/counties/${enc(countyCode)}/settings`, undefined, { signal }),
  arrive: (nodeId: string, ref: { parcelCode?: string; shipmentId?: string; temperatureC?: number }) =>
    api.post<ArrivalResult>('logistics', point(nodeId, '/arrivals'), ref),
  arrivals: (nodeId: string, signal?: AbortSignal) =>
    api.get<ArrivalsView>('logistics', point(nodeId, '/arrivals'), undefined, { signal }),
  shelves: (nodeId: string, signal?: AbortSignal) =>
    api.get<ShelvesView>('logistics', point(nodeId, '/shelves'), undefined, { signal }),
  overdue: (nodeId: string, signal?: AbortSignal) =>
    api.get<OverdueView>('logistics', point(nodeId, '/overdue'), undefined, { signal }),
  outbound: (nodeId: string, signal?: AbortSignal) =>
    api.get<PointParcel[]>('logistics', point(nodeId, '/outbound'), undefined, { signal }),
  collect: (nodeId: string, body: { code: string; phoneLast4: string; collectorName?: string }) =>
    api.post<CollectionResult>('logistics', point(nodeId, '/collections'), body),
  handIn: (
    nodeId: string,
    body: {
      parcelCode?: string;
      shipmentId?: string;
      weighedGrams: number;
      traceCodes: string[];
      temperatureC?: number;
    },
  ) => api.post<HandInResult>('logistics', point(nodeId, '/hand-ins'), body),
  /** Produce routed through the point that the seller has not handed in yet. */
  awaitingHandIn: (nodeId: string, signal?: AbortSignal) =>
    api.get<ShipmentSummary[]>(
      'logistics',
      '/shipments',
      { nodeId, direction: 'up', status: 'awaiting_handover', limit: 100 },
      { signal },
    ),

  search: (query: { q?: string; countyCode?: string; direction: Direction; limit: number }, signal?: AbortSignal) =>
    api.get<SearchPage>('catalog', '/search', query, { signal }),
  listing: (id: string, signal?: AbortSignal) =>
    api.get<Listing>('catalog', `/listings/${enc(id)}`, undefined, { signal }),

  placeAssisted: (body: AssistedOrderBody, idempotencyKey: string) =>
    api.post<OrderGroup>('orders', '/assisted-orders', body, { idempotencyKey }),
  order: (id: string, signal?: AbortSignal) =>
    api.get<OrderDetail>('orders', `/orders/${enc(id)}`, undefined, { signal }),
  group: (id: string, signal?: AbortSignal) =>
    api.get<OrderGroup>('orders', `/order-groups/${enc(id)}`, undefined, { signal }),
  createPayment: (groupId: string) => api.post<Payment>('orders', `/order-groups/${enc(groupId)}/payments`, {}),
  /** The simulated provider's cashier (development only): takes the money and sends its signed webhook. */
  simulatePay: (providerPaymentId: string) =>
    api.post<unknown>('orders', `/payments/simulator/${enc(providerPaymentId)}/pay`, {}, { auth: false }),
  /** The order a shipment carries (for the cash of a cash-on-collection parcel). */
  shipment: (id: string) => api.get<ShipmentSummary>('logistics', `/shipments/${enc(id)}`),
  cashReceived: (orderId: string, amountFen: number) =>
    api.post<Order>('orders', `/orders/${enc(orderId)}/cash-received`, { amountFen }),
  pointOrders: (orgId: string, signal?: AbortSignal) =>
    api.get<Order[]>('orders', `/service-points/${enc(orgId)}/orders`, { limit: 100 }, { signal }),
  commissions: (orgId: string, signal?: AbortSignal) =>
    api.get<CommissionSummary>('orders', `/service-points/${enc(orgId)}/commissions`, undefined, { signal }),
  cashBook: (orgId: string, date: string | undefined, signal?: AbortSignal) =>
    api.get<CashBook>('orders', `/service-points/${enc(orgId)}/cash-book`, date ? { date } : undefined, { signal }),
  payRefundInCash: (refundId: string) => api.post<CashBook>('orders', `/refunds/${enc(refundId)}/cash-paid`, {}),
  declareHandover: (orgId: string, body: { amountFen: number; note?: string }) =>
    api.post<CashHandover>('orders', `/service-points/${enc(orgId)}/cash-handovers`, body),
  statements: (orgId: string, signal?: AbortSignal) =>
    api.get<Statement[]>('orders', `/organisations/${enc(orgId)}/statements`, undefined, { signal }),
};

/** apps/orders/src/cash-book/cash-book.dto.ts */
export interface CashDay {
  pointOrgId: string;
  openingFen: number;
  takenFen: number;
  refundedFen: number;
  handedOverFen: number;
  closingFen: number;
  declaredFen: number;
}

export interface CashHandover {
  id: string;
  pointOrgId: string;
  amountFen: number;
  note: string | null;
  status: 'declared' | 'confirmed';
  createdAt: string;
  confirmedAt: string | null;
}

export interface CashBook {
  date: string;
  day: CashDay;
  movements: { postedAt: string; kind: string; orderId: string | null; amountFen: number }[];
  handovers: CashHandover[];
  refundsDue: { refundId: string; orderId: string; amountFen: number; createdAt: string }[];
}

/** Whole days from now until `iso` (negative once past), rounded up: "2 days left". */
export function daysLeft(iso: string | null, now = Date.now()): number | null {
  if (!iso) {
    return null;
  }
  return Math.ceil((new Date(iso).getTime() - now) / 86_400_000);
}

/** What an operator types or a scanner sends for a parcel: a label code (upper-cased) or a shipment id. */
export function parcelRef(text: string): { parcelCode: string } | { shipmentId: string } {
  const value = text.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    return { shipmentId: value.toLowerCase() };
  }
  return { parcelCode: value.toUpperCase().replace(/\s+/g, '') };
}

/** A pickup code as typed on any keypad: "3 5 6075", "3.5.6075" or "3-5-6075" → "3-5-6075". */
export function normalisePickupCode(text: string): string {
  return text
    .trim()
    .replace(/[^0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
