/*
 * The seller console's calls, typed after the services' DTOs: catalog (listings, SKUs, stock, lots, categories,
 * sellers, storefronts), orders (seller orders, packing list, claims, rating, reviews) and logistics (the tracking
 * timeline of an order's shipment).
 */

import {
  api,
  orNull,
  PAID_OR_LATER,
  type CatalogSeller,
  type Category,
  type Claim,
  type ClaimStatus,
  type Listing,
  type ListingStatus,
  type Order,
  type OrderDetail,
  type OrderStatus,
  type QueryValue,
  type Remedy,
  type Review,
  type Schemas,
  type ShipmentTimeline,
  type Storefront,
} from '../../api';

export {
  CERTIFICATIONS,
  TEMPERATURE_CLASSES,
  type Address,
  type CatalogSeller,
  type Category,
  type Certification,
  type Claim,
  type ClaimStatus,
  type Destination,
  type Direction,
  type Listing,
  type ListingStatus,
  type NodeRef,
  type Order,
  type OrderDetail,
  type OrderHistoryEntry,
  type OrderLine,
  type OrderStatus,
  type Remedy,
  type Resolution,
  type Review,
  type ShipmentTimeline,
  type Sku,
  type Storefront,
  type Temperature,
  type TemperatureClass,
} from '../../api';

/** The order became a sale (paid online or accepted as cash on collection), whatever happened after. */
export const SOLD_STATUSES: OrderStatus[] = PAID_OR_LATER;

export const LOT_UNITS: LotUnit[] = ['kg', 'jin', 'piece', 'box', 'bag', 'crate'];
export const REMEDIES: Remedy[] = ['partial_refund', 'resend', 'full_refund'];

/** What the seller may do to a listing in each status (catalog's listing.rules.ts). */
export type ListingAction = 'publish' | 'pause' | 'remove';
export const LISTING_ACTIONS: Record<ListingStatus, ListingAction[]> = {
  draft: ['publish', 'remove'],
  published: ['pause', 'remove'],
  paused: ['publish', 'remove'],
  removed: [],
};

// ---- request and response bodies (generated from the OpenAPI document: apps/web/src/api/schema.d.ts) --------

/** A listing's own fields, as the listing form edits them (its SKUs and seller are sent beside them). */
export type ListingFields = Omit<Schemas['CatalogListingCreateDto'], 'sellerOrgId' | 'skus'>;
export type SkuFields = Omit<Schemas['CatalogSkuCreateDto'], 'initialStock'>;
export type StockMovement = Schemas['CatalogStockMovementResponseDto'];
export type MovementKind = StockMovement['kind'];
export type SkuStock = Schemas['CatalogSkuStockResponseDto'];
export type StockAdjustment = Schemas['CatalogStockAdjustmentDto'];
export type Pledge = Schemas['CatalogPledgeResponseDto'];
export type TestResult = Schemas['CatalogTestResultResponseDto'];
export type Lot = Schemas['CatalogLotResponseDto'];
export type LotUnit = Lot['unit'];
export type LotFields = Schemas['CatalogLotCreateDto'];
export type PackingLine = Schemas['OrdersPackingLineResponseDto'];
export type ClaimAnswer = Schemas['OrdersClaimSellerResponseDto'];
export type SellerRating = Schemas['OrdersSellerRatingResponseDto'];

// ---- calls --------------------------------------------------------------------------------------------------

const id = encodeURIComponent;
type Signal = AbortSignal | undefined;

export const sellerApi = {
  categories: (signal?: Signal) => api.get<Category[]>('catalog', '/categories', undefined, { signal }),
  seller: (orgId: string, signal?: Signal) =>
    orNull(api.get<CatalogSeller>('catalog', `/sellers/${id(orgId)}`, undefined, { signal })),
  storefront: (countyCode: string, signal?: Signal) =>
    orNull(api.get<Storefront>('catalog', `/storefronts/${id(countyCode)}`, undefined, { signal })),

  listings: (sellerOrgId: string, status?: ListingStatus, signal?: Signal) =>
    api.get<Listing[]>('catalog', '/listings', { sellerOrgId, status }, { signal }),
  listing: (listingId: string, signal?: Signal) =>
    api.get<Listing>('catalog', `/listings/${id(listingId)}`, undefined, { signal }),
  createListing: (body: ListingFields & { sellerOrgId: string; skus?: (SkuFields & { initialStock?: number })[] }) =>
    api.post<Listing>('catalog', '/listings', body),
  updateListing: (listingId: string, body: Partial<ListingFields>) =>
    api.patch<Listing>('catalog', `/listings/${id(listingId)}`, body),
  transition: (listingId: string, action: ListingAction, reason?: string) =>
    api.post<Listing>('catalog', `/listings/${id(listingId)}/${action}`, action === 'remove' ? { reason } : {}),
  addSku: (listingId: string, body: SkuFields & { initialStock?: number }) =>
    api.post<Listing>('catalog', `/listings/${id(listingId)}/skus`, body),
  updateSku: (skuId: string, body: Partial<SkuFields>) => api.patch<Listing>('catalog', `/skus/${id(skuId)}`, body),

  stock: (skuId: string, limit: number, signal?: Signal) =>
    api.get<SkuStock>('catalog', `/skus/${id(skuId)}/stock`, { limit }, { signal }),
  adjustStock: (skuId: string, body: StockAdjustment) =>
    api.post<SkuStock>('catalog', `/skus/${id(skuId)}/stock-adjustments`, body),

  lots: (listingId: string, signal?: Signal) =>
    api.get<Lot[]>('catalog', `/listings/${id(listingId)}/lots`, undefined, { signal }),
  createLot: (listingId: string, body: LotFields) => api.post<Lot>('catalog', `/listings/${id(listingId)}/lots`, body),

  orders: (orgId: string, query: Record<string, QueryValue>, signal?: Signal) =>
    api.get<Order[]>('orders', `/sellers/${id(orgId)}/orders`, query, { signal }),
  order: (orderId: string, signal?: Signal) =>
    api.get<OrderDetail>('orders', `/orders/${id(orderId)}`, undefined, { signal }),
  packingList: (orgId: string, signal?: Signal) =>
    api.get<PackingLine[]>('orders', `/sellers/${id(orgId)}/packing-list`, undefined, { signal }),
  claims: (orgId: string, status?: ClaimStatus, signal?: Signal) =>
    api.get<Claim[]>('orders', `/sellers/${id(orgId)}/claims`, { status }, { signal }),
  answerClaim: (claimId: string, body: ClaimAnswer) =>
    api.post<Claim>('orders', `/claims/${id(claimId)}/response`, body),
  rating: (orgId: string, signal?: Signal) =>
    api.get<SellerRating>('orders', `/sellers/${id(orgId)}/rating`, undefined, { signal }),
  reviews: (orgId: string, query: { limit?: number; offset?: number }, signal?: Signal) =>
    api.get<Review[]>('orders', `/sellers/${id(orgId)}/reviews`, query, { signal }),

  shipment: (orderId: string, signal?: Signal) =>
    orNull(api.get<ShipmentTimeline>('logistics', `/orders/${id(orderId)}/shipment`, undefined, { signal })),
};

// ---- what the pages derive --------------------------------------------------------------------------------

/** Paid and not yet gone: the seller still has to pack it (and hand it in at the village point or the hub). */
export const isToPack = (order: Order): boolean =>
  (order.status === 'paid' || order.status === 'in_fulfilment') && !order.shipment.dispatchedAt;

/** The orders filters of the orders page: each is one or more statuses the API is asked for. */
export type OrderFilter = 'to_pack' | 'awaiting_payment' | 'shipped' | 'completed' | 'closed' | 'all';
export const ORDER_FILTERS: OrderFilter[] = ['to_pack', 'shipped', 'awaiting_payment', 'completed', 'closed', 'all'];
export const FILTER_STATUSES: Record<OrderFilter, OrderStatus[] | null> = {
  to_pack: ['paid', 'in_fulfilment'],
  awaiting_payment: ['placed', 'awaiting_payment'],
  shipped: ['in_fulfilment', 'out_for_delivery', 'ready_for_pickup'],
  completed: ['completed'],
  closed: ['cancelled', 'rejected', 'returned', 'refunded'],
  all: null,
};

/** A seller's orders of several statuses (the API filters by one), newest first. */
export async function ordersOf(orgId: string, filter: OrderFilter, signal?: Signal): Promise<Order[]> {
  const statuses = FILTER_STATUSES[filter];
  const pages = statuses
    ? await Promise.all(statuses.map((status) => sellerApi.orders(orgId, { status, limit: 200 }, signal)))
    : [await sellerApi.orders(orgId, { limit: 200 }, signal)];
  let orders = pages.flat();
  if (filter === 'to_pack') {
    orders = orders.filter(isToPack);
  } else if (filter === 'shipped') {
    orders = orders.filter((order) => order.status !== 'in_fulfilment' || order.shipment.dispatchedAt);
  }
  return orders.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The seller's orders placed since `since` (pages of 200, newest first, until older ones come). */
export async function ordersSince(orgId: string, since: Date, signal?: Signal): Promise<Order[]> {
  const all: Order[] = [];
  for (let offset = 0; offset < 2000; offset += 200) {
    const page = await sellerApi.orders(orgId, { limit: 200, offset }, signal);
    all.push(...page);
    if (page.length < 200 || new Date(page[page.length - 1].createdAt) < since) {
      break;
    }
  }
  return all.filter((order) => new Date(order.createdAt) >= since);
}

/** A day in China (YYYY-MM-DD) of an instant. */
export const chinaDay = (value: string | Date): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(value));

export interface DaySales {
  date: string;
  orders: number;
  fen: number;
}

/** Sales per China day of the last `days` days (today included), zeros included, oldest first. */
export function salesByDay(orders: Order[], days: number, now = new Date()): DaySales[] {
  const result: DaySales[] = [];
  const index = new Map<string, DaySales>();
  for (let back = days - 1; back >= 0; back -= 1) {
    const date = chinaDay(new Date(now.getTime() - back * 86_400_000));
    const day = { date, orders: 0, fen: 0 };
    result.push(day);
    index.set(date, day);
  }
  for (const order of orders) {
    if (!SOLD_STATUSES.includes(order.status)) {
      continue;
    }
    const day = index.get(chinaDay(order.createdAt));
    if (day) {
      day.orders += 1;
      day.fen += order.totalFen;
    }
  }
  return result;
}

/** Every category of a tree with its depth, parents first. */
export const flattenCategories = (categories: Category[], depth = 0): { category: Category; depth: number }[] =>
  categories.flatMap((category) => [{ category, depth }, ...flattenCategories(category.children ?? [], depth + 1)]);
