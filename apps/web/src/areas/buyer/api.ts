/*
 * The buyer's calls, typed after the services' DTOs (catalog search/listing/storefront/seller/trace, orders
 * checkout/payments/orders/claims/reviews, logistics nodes and shipment timeline).
 */

import {
  api,
  type CatalogSeller,
  type Category,
  type Certification,
  type Claim,
  type Direction,
  type Listing,
  type NetworkNode,
  type Order,
  type OrderDetail,
  type OrderGroup,
  type OrderStatus,
  type Payment,
  type PaymentMethod,
  type PublicLot,
  type QueryValue,
  type Remedy,
  type Review,
  type SearchPage,
  type ShipmentTimeline,
  type Storefront,
  type StorefrontView,
  type TemperatureClass,
} from '../../api';

export {
  CERTIFICATIONS,
  PAID_OR_LATER,
  TEMPERATURE_CLASSES,
  type Category,
  type Certification,
  type Claim,
  type Direction,
  type Listing,
  type ListingSummary,
  type Order,
  type OrderDetail,
  type OrderGroup,
  type OrderHistoryEntry,
  type OrderLine,
  type OrderStatus,
  type Payment,
  type PaymentMethod,
  type PublicLot,
  type Rating,
  type Remedy,
  type Review,
  type SearchFacets,
  type SearchHit,
  type SearchPage,
  type CatalogSeller as Seller,
  type NetworkNode as ServicePointNode,
  type ShipmentTimeline,
  type Sku,
  type Storefront,
  type StorefrontView,
  type TemperatureClass,
} from '../../api';

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest' | 'sales';

export const SORTS: SearchSort[] = ['relevance', 'newest', 'price_asc', 'price_desc', 'sales'];

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
  facets?: 'true' | 'false';
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

/** An address as checkout takes it (the response's `Address` has `postalCode: string | null`). */
export interface AddressInput {
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode?: string;
}

/** Where an order goes, as checkout takes it. */
export interface DestinationInput {
  kind: 'address' | 'service_point';
  address?: AddressInput;
  servicePointOrgId?: string;
  consentToStationDelivery?: boolean;
  recipientName: string;
  recipientPhone: string;
  agentName?: string;
  agentPhone?: string;
}

export interface CheckoutBody {
  lines: { skuId: string; quantity: number }[];
  destination: DestinationInput;
  paymentMethod?: PaymentMethod;
}

export const REMEDIES: Remedy[] = ['partial_refund', 'full_refund', 'resend'];

// ---- calls --------------------------------------------------------------------------------------------------

const catalog = {
  search: (query: SearchQuery, signal?: AbortSignal) =>
    api.get<SearchPage>('catalog', '/search', query as Record<string, QueryValue>, { signal, auth: false }),
  listing: (id: string, signal?: AbortSignal) =>
    api.get<Listing>('catalog', `/listings/${encodeURIComponent(id)}`, undefined, { signal }),
  /** The listing's current lots (certificates without trace codes); sent signed in, so a seller sees a draft's. */
  lots: (listingId: string, signal?: AbortSignal) =>
    api.get<PublicLot[]>('catalog', `/listings/${encodeURIComponent(listingId)}/lots/public`, undefined, { signal }),
  storefronts: (signal?: AbortSignal) => api.get<Storefront[]>('catalog', '/storefronts', undefined, { signal }),
  storefront: (countyCode: string, signal?: AbortSignal) =>
    api.get<StorefrontView>('catalog', `/storefronts/${encodeURIComponent(countyCode)}`, undefined, { signal }),
  seller: (orgId: string, signal?: AbortSignal) =>
    api.get<CatalogSeller>('catalog', `/sellers/${encodeURIComponent(orgId)}`, undefined, { signal, auth: false }),
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
    api.get<NetworkNode[]>('logistics', '/nodes', { countyCode, level: 'village_point' }, { signal, auth: false }),
  shipmentOfOrder: (orderId: string, signal?: AbortSignal) =>
    api.get<ShipmentTimeline>('logistics', `/orders/${encodeURIComponent(orderId)}/shipment`, undefined, { signal }),
};

export const buyerApi = { catalog, orders, logistics };

/** States in which nothing more will happen to an order without someone acting. */
export const FINAL_STATUSES: OrderStatus[] = ['completed', 'cancelled', 'rejected', 'refunded'];
