import { api } from '../../api';

/*
 * The operator's calls, typed after the services' DTOs: logistics nodes and the point controller
 * (apps/logistics/src/point/point.dto.ts), shipments by node; catalog search and listing; orders assisted checkout,
 * payments, the point's orders and commissions (apps/orders/src/checkout, commission, order).
 */

export type Direction = 'up' | 'down';
export type TemperatureClass = 'ambient' | 'chilled' | 'frozen' | 'range';
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

// ---- logistics ----------------------------------------------------------------------------------------------

export interface PointNode {
  id: string;
  code: string;
  countyCode: string;
  level: string;
  name: string;
  hostType: string;
  openingHours: string;
  operatorOrgId: string | null;
  shelves: number;
  layers: number;
  slotCapacity: number;
  coldStorage: boolean;
  coldCapacityLitres: number | null;
  active: boolean;
}

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

export interface CollectionResult {
  shipmentId: string;
  parcelCode: string;
  method: 'pickup_code' | 'signature';
  collectedBy: 'recipient' | 'agent';
  collectorName: string | null;
  at: string;
}

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

export interface CountySettings {
  countyCode: string;
  retentionDays: number;
  reminderHoursBefore: number;
  pickupMaxAttempts: number;
  pickupWindowMinutes: number;
  pickupLockMinutes: number;
}

// ---- catalog ------------------------------------------------------------------------------------------------

export interface ListingSummary {
  id: string;
  title: string;
  coverImage: string | null;
  sellerName: string;
  direction: Direction;
  temperatureClass: TemperatureClass;
  minPriceFen: number;
  maxPriceFen: number;
}

export interface Sku {
  id: string;
  spec: string;
  priceFen: number;
  weightGrams: number;
  available: number;
}

export interface Listing {
  id: string;
  title: string;
  sellerName: string;
  direction: Direction;
  purchasable: boolean;
  skus: Sku[];
}

// ---- orders -------------------------------------------------------------------------------------------------

export type OrderStatus =
  | 'placed'
  | 'awaiting_payment'
  | 'rejected'
  | 'paid'
  | 'in_fulfilment'
  | 'out_for_delivery'
  | 'ready_for_pickup'
  | 'completed'
  | 'cancelled'
  | 'returned'
  | 'refunded';

export type PaymentMethod = 'online' | 'cash_on_collection';

export interface OrderLine {
  skuId: string;
  title: string;
  spec: string;
  quantity: number;
  unitPriceFen: number;
  lineTotalFen: number;
}

export interface Order {
  id: string;
  groupId: string;
  status: OrderStatus;
  assistedByOrgId: string | null;
  sellerName: string;
  destination: { recipientName: string; recipientPhone: string };
  paymentMethod: PaymentMethod;
  totalFen: number;
  paidFen: number;
  paymentDueAt: string | null;
  lines: OrderLine[];
  shipment: {
    shipmentId: string | null;
    dispatchedAt: string | null;
    collectBy: string | null;
    deliveredAt: string | null;
  };
  cashReceivedAt: string | null;
  createdAt: string;
}

export interface OrderDetail extends Order {
  history: { from: OrderStatus | null; to: OrderStatus; actorKind: string; reason: string | null; at: string }[];
  rejection: unknown;
}

export interface Payment {
  id: string;
  groupId: string;
  provider: string;
  providerPaymentId: string;
  amountFen: number;
  status: string;
  payUrl: string | null;
}

export interface OrderGroup {
  id: string;
  paymentMethod: PaymentMethod;
  totalFen: number;
  orders: Order[];
  payments: Payment[];
}

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
  /** The village points an organisation operates (the node list is public). */
  pointsOf: (countyCode: string, operatorOrgId: string, signal?: AbortSignal) =>
    api.get<PointNode[]>('logistics', '/nodes', { countyCode, operatorOrgId, level: 'village_point' }, { signal }),
  settings: (countyCode: string, signal?: AbortSignal) =>
    api.get<CountySettings>('logistics', `/counties/${enc(countyCode)}/settings`, undefined, { signal }),
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
    api.get<{ items: ListingSummary[]; nextCursor: string | null }>('catalog', '/search', query, { signal }),
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
  cashReceived: (orderId: string, amountFen: number) =>
    api.post<Order>('orders', `/orders/${enc(orderId)}/cash-received`, { amountFen }),
  pointOrders: (orgId: string, signal?: AbortSignal) =>
    api.get<Order[]>('orders', `/service-points/${enc(orgId)}/orders`, { limit: 100 }, { signal }),
  commissions: (orgId: string, signal?: AbortSignal) =>
    api.get<CommissionSummary>('orders', `/service-points/${enc(orgId)}/commissions`, undefined, { signal }),
};

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
