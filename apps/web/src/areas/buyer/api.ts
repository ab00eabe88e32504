import { api, type QueryValue } from '../../api';

/*
 * The buyer's calls, typed after the services' DTOs (catalog search/listing/storefront/seller/trace, orders
 * checkout/payments/orders/claims/reviews, logistics nodes and shipment timeline).
 */

export type Direction = 'up' | 'down';
export type TemperatureClass = 'ambient' | 'chilled' | 'frozen' | 'range';
export type Certification = 'green_food' | 'organic' | 'geographical_indication';
export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'sales';

export const CERTIFICATIONS: Certification[] = ['green_food', 'organic', 'geographical_indication'];
export const SORTS: SearchSort[] = ['relevance', 'newest', 'price_asc', 'price_desc', 'sales'];
export const TEMPERATURE_CLASSES: TemperatureClass[] = ['ambient', 'chilled', 'frozen', 'range'];

export interface Rating {
  average: number | null;
  count: number;
}

export interface ListingSummary {
  id: string;
  title: string;
  coverImage: string | null;
  sellerOrgId: string;
  sellerName: string;
  sellerRating: Rating;
  countyCode: string;
  categoryId: string;
  direction: Direction;
  temperatureClass: TemperatureClass;
  certifications: Certification[];
  originVillageCode: string | null;
  minPriceFen: number;
  maxPriceFen: number;
  salesCount: number;
  publishedAt: string;
}

export interface SearchPage {
  items: ListingSummary[];
  nextCursor: string | null;
}

export interface SearchQuery {
  q?: string;
  countyCode?: string;
  categoryId?: string;
  direction?: Direction;
  minPriceFen?: number;
  maxPriceFen?: number;
  temperatureClass?: TemperatureClass;
  certification?: Certification[];
  sellerOrgId?: string;
  sort?: SearchSort;
  limit?: number;
  cursor?: string;
}

export interface Sku {
  id: string;
  spec: string;
  priceFen: number;
  weightGrams: number;
  volumeMl: number;
  barcode: string | null;
  available: number;
}

export interface Listing {
  id: string;
  sellerOrgId: string;
  sellerName: string;
  sellerRating: Rating;
  countyCode: string;
  categoryId: string;
  direction: Direction;
  title: string;
  description: string;
  images: string[];
  originVillageCode: string | null;
  certifications: Certification[];
  shelfLifeDays: number | null;
  temperature: { class: TemperatureClass; minC: number | null; maxC: number | null };
  weightToleranceGrams: number | null;
  status: string;
  purchasable: boolean;
  publishedAt: string | null;
  skus: Sku[];
}

export interface Seller {
  orgId: string;
  kind: string;
  name: string;
  countyCode: string;
  villageCode: string | null;
  status: string;
  rating: Rating;
}

export interface Category {
  id: string;
  parentId: string | null;
  name: string;
  direction: Direction;
  path: string;
  children?: Category[];
}

export interface Storefront {
  countyCode: string;
  name: string;
  introduction: string;
  bannerUrl: string | null;
  logoUrl: string | null;
  status: string;
}

export interface StorefrontView extends Storefront {
  sellers: Seller[];
  featuredCategories: Category[];
  featuredListings: ListingSummary[];
  newestListings: ListingSummary[];
}

export interface TraceView {
  traceCode: string;
  certificateNo: string;
  productName: string;
  harvestFrom: string;
  harvestTo: string;
  quantity: number;
  unit: string;
  grade: string | null;
  originVillageCode: string;
  issueDate: string;
  producerName: string;
  contactPhone: string;
  pledge: { noBannedSubstances: boolean; safetyIntervalsKept: boolean; residuesWithinLimits: boolean };
  testResults: { item: string; result: string; passed: boolean; method: string | null; laboratory: string | null }[];
  producer: { orgId: string; name: string; countyCode: string; villageCode: string | null; status: string };
  listing: { id: string; title: string; direction: Direction; certifications: Certification[]; purchasable: boolean };
  county: { code: string; storefrontName: string | null };
  journeys: {
    shipmentId: string;
    scans: { at: string; nodeCode: string; nodeName: string; kind: string; temperatureC: number | null }[];
  }[];
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

export interface Address {
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode?: string;
}

export interface Destination {
  kind: 'address' | 'service_point';
  address?: Address;
  servicePointOrgId?: string;
  consentToStationDelivery?: boolean;
  recipientName: string;
  recipientPhone: string;
  agentName?: string;
  agentPhone?: string;
}

export interface CheckoutBody {
  lines: { skuId: string; quantity: number }[];
  destination: Destination;
  paymentMethod?: PaymentMethod;
}

export interface OrderLine {
  skuId: string;
  listingId: string;
  title: string;
  spec: string;
  quantity: number;
  unitPriceFen: number;
  shownUnitPriceFen: number;
  lineTotalFen: number;
  weightGrams: number;
}

export interface Order {
  id: string;
  groupId: string;
  status: OrderStatus;
  sellerOrgId: string;
  sellerName: string;
  countyCode: string;
  direction: Direction;
  destination: Destination & { servicePointName?: string };
  paymentMethod: PaymentMethod;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  priceChanged: boolean;
  paymentDueAt: string | null;
  totalWeightGrams: number;
  lines: OrderLine[];
  shipment: {
    shipmentId: string | null;
    dispatchedAt: string | null;
    collectBy: string | null;
    deliveredAt: string | null;
    receipt: { method: string; collectedBy: string } | null;
  };
  createdAt: string;
  updatedAt: string;
}

export interface Payment {
  id: string;
  groupId: string;
  provider: string;
  providerPaymentId: string;
  amountFen: number;
  orderIds: string[];
  status: string;
  payUrl: string | null;
  createdAt: string;
}

export interface OrderGroup {
  id: string;
  paymentMethod: PaymentMethod;
  destination: Destination;
  totalFen: number;
  orders: Order[];
  payments: Payment[];
  createdAt: string;
}

export interface OrderHistoryEntry {
  from: OrderStatus | null;
  to: OrderStatus;
  actorKind: string;
  actorId: string | null;
  reason: string | null;
  detail: unknown;
  at: string;
}

export type Remedy = 'partial_refund' | 'resend' | 'full_refund';
export const REMEDIES: Remedy[] = ['partial_refund', 'full_refund', 'resend'];

export interface Claim {
  id: string;
  status: 'awaiting_seller' | 'countered' | 'escalated' | 'resolved';
  reason: string;
  requestedRemedy: Remedy;
  requestedAmountFen: number | null;
  counterRemedy: Remedy | null;
  counterAmountFen: number | null;
  sellerNote: string | null;
  respondBy: string | null;
  resolution: string | null;
  resolutionAmountFen: number | null;
  createdAt: string;
}

export interface Review {
  id: string;
  rating: number;
  comment: string | null;
  createdAt: string;
}

export interface OrderDetail extends Order {
  history: OrderHistoryEntry[];
  refunds: { id: string; amountFen: number; reason: string; status: string; createdAt: string }[];
  excursions: { shipmentId: string; nodeCode: string | null; readingC: number; at: string }[];
  rejection: unknown;
  claim: Claim | null;
  review: Review | null;
}

// ---- logistics ----------------------------------------------------------------------------------------------

export interface ServicePointNode {
  id: string;
  code: string;
  name: string;
  countyCode: string;
  level: string;
  hostType: string;
  openingHours: string;
  operatorOrgId: string | null;
  active: boolean;
}

export interface ShipmentTimeline {
  id: string;
  orderId: string;
  parcelCode: string;
  status: string;
  direction: Direction;
  traceCodes: string[];
  custody: {
    kind: string;
    node: { code: string; name: string } | null;
    carrier: string | null;
    waybillNo: string | null;
  };
  scans: {
    seq: number;
    kind: string;
    nodeCode: string | null;
    nodeName: string | null;
    at: string;
    temperatureC: number | null;
  }[];
  pickup: {
    point: { code: string; name: string };
    shelf: number | null;
    layer: number | null;
    code: string | null;
    collectBy: string | null;
  } | null;
  receipt: { method: string; collectedBy: string; collectorName: string | null; at: string } | null;
  routingProblem: string | null;
}

// ---- calls --------------------------------------------------------------------------------------------------

const catalog = {
  search: (query: SearchQuery, signal?: AbortSignal) =>
    api.get<SearchPage>('catalog', '/search', query as Record<string, QueryValue>, { signal, auth: false }),
  listing: (id: string, signal?: AbortSignal) =>
    api.get<Listing>('catalog', `/listings/${encodeURIComponent(id)}`, undefined, { signal }),
  storefronts: (signal?: AbortSignal) => api.get<Storefront[]>('catalog', '/storefronts', undefined, { signal }),
  storefront: (countyCode: string, signal?: AbortSignal) =>
    api.get<StorefrontView>('catalog', `/storefronts/${encodeURIComponent(countyCode)}`, undefined, { signal }),
  seller: (orgId: string, signal?: AbortSignal) =>
    api.get<Seller>('catalog', `/sellers/${encodeURIComponent(orgId)}`, undefined, { signal, auth: false }),
  categories: (signal?: AbortSignal) =>
    api.get<Category[]>('catalog', '/categories', undefined, { signal, auth: false }),
  trace: (code: string, signal?: AbortSignal) =>
    api.get<TraceView>('catalog', `/trace/${encodeURIComponent(code)}`, undefined, { signal, auth: false }),
};

const orders = {
  checkout: (body: CheckoutBody, idempotencyKey: string) =>
    api.post<OrderGroup>('orders', '/checkout', body, { idempotencyKey }),
  group: (id: string, signal?: AbortSignal) =>
    api.get<OrderGroup>('orders', `/order-groups/${encodeURIComponent(id)}`, undefined, { signal }),
  createPayment: (groupId: string) =>
    api.post<Payment>('orders', `/order-groups/${encodeURIComponent(groupId)}/payments`, {}),
  /** The simulated provider's cashier: it takes the money and sends its signed webhook to orders. */
  simulatePay: (providerPaymentId: string) =>
    api.post<{ status: number; body: unknown }>(
      'orders',
      `/payments/simulator/${encodeURIComponent(providerPaymentId)}/pay`,
      {},
      { auth: false },
    ),
  mine: (signal?: AbortSignal) => api.get<Order[]>('orders', '/orders', { limit: 100 }, { signal }),
  detail: (id: string, signal?: AbortSignal) =>
    api.get<OrderDetail>('orders', `/orders/${encodeURIComponent(id)}`, undefined, { signal }),
  cancel: (id: string, reason?: string) =>
    api.post<Order>('orders', `/orders/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}),
  claim: (id: string, body: { reason: string; photoUrls: string[]; remedy: Remedy; amountFen?: number }) =>
    api.post<Claim>('orders', `/orders/${encodeURIComponent(id)}/claim`, body),
  review: (id: string, body: { rating: number; comment?: string }) =>
    api.post<Review>('orders', `/orders/${encodeURIComponent(id)}/review`, body),
};

const logistics = {
  villagePoints: (countyCode: string, signal?: AbortSignal) =>
    api.get<ServicePointNode[]>('logistics', '/nodes', { countyCode, level: 'village_point' }, { signal, auth: false }),
  shipmentOfOrder: (orderId: string, signal?: AbortSignal) =>
    api.get<ShipmentTimeline>('logistics', `/orders/${encodeURIComponent(orderId)}/shipment`, undefined, { signal }),
};

export const buyerApi = { catalog, orders, logistics };

/** States in which nothing more will happen to an order without someone acting. */
export const FINAL_STATUSES: OrderStatus[] = ['completed', 'cancelled', 'rejected', 'refunded'];
/** States after the money arrived (or cash was settled for fulfilment). */
export const PAID_OR_LATER: OrderStatus[] = [
  'paid',
  'in_fulfilment',
  'out_for_delivery',
  'ready_for_pickup',
  'completed',
  'returned',
  'refunded',
];
