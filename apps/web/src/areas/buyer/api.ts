/*
 * The buyer's calls, typed after the services' DTOs (catalog search/listing/storefront/seller/trace, orders
 * checkout/payments/orders/claims/reviews, logistics nodes and shipment timeline).
 */

import {
  anonymous,
  api,
  dataOf,
  eventsOf,
  type OrderDetail,
  type OrderGroup,
  type OrderStatus,
  type Remedy,
  type Schemas,
  type SearchPage,
} from '../../api';
import type { operations } from '../../api/schema';

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

/** The query of catalog's public search (`GET /search`), as generated from the OpenAPI document. */
export type SearchQuery = NonNullable<operations['CatalogSearchController_search']['parameters']['query']>;
export type SearchSort = NonNullable<SearchQuery['sort']>;

export const SORTS: SearchSort[] = ['relevance', 'newest', 'price_asc', 'price_desc', 'sales'];

/** The public trace page of a lot (catalog `/trace/{code}`). */
export type TraceView = Schemas['CatalogTraceResponseDto'];

// ---- orders -------------------------------------------------------------------------------------------------

/** What checkout takes (orders `POST /checkout`). */
export type CheckoutBody = Schemas['OrdersCheckoutDto'];

/** An entry of the buyer's own address book (orders `/me/addresses`), and what adding or changing one takes. */
export type Address = Schemas['OrdersAddressBookEntryDto'];
export type AddressBody = Schemas['OrdersAddressBookWriteDto'];

export const REMEDIES: Remedy[] = ['partial_refund', 'full_refund', 'resend'];

// ---- calls --------------------------------------------------------------------------------------------------

const http = api.http;
const path = <T>(params: T) => ({ params: { path: params } });

const catalog = {
  search: (query: SearchQuery, signal?: AbortSignal) =>
    api.get<SearchPage>('catalog', '/search', query, { signal, auth: false }),
  listing: (id: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/catalog/listings/{id}', { ...path({ id }), signal })),
  /** The listing's current lots (certificates without trace codes); sent signed in, so a seller sees a draft's. */
  lots: (id: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/catalog/listings/{id}/lots/public', { ...path({ id }), signal })),
  storefronts: (signal?: AbortSignal) => dataOf(http.GET('/api/catalog/storefronts', { signal })),
  storefront: (countyCode: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/catalog/storefronts/{countyCode}', { ...path({ countyCode }), signal })),
  seller: (orgId: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/catalog/sellers/{orgId}', { ...path({ orgId }), signal, headers: anonymous })),
  categories: (signal?: AbortSignal) => dataOf(http.GET('/api/catalog/categories', { signal, headers: anonymous })),
  trace: (code: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/catalog/trace/{code}', { ...path({ code }), signal, headers: anonymous })),
};

const orders = {
  checkout: (body: CheckoutBody, idempotencyKey: string) =>
    dataOf(http.POST('/api/orders/checkout', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } })),
  quote: (body: CheckoutBody) => dataOf(http.POST('/api/orders/checkout/quote', { body })),
  group: (id: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/orders/order-groups/{id}', { ...path({ id }), signal })),
  /** The group as it moves (server-sent events): now, then after each change, until nothing awaits reservation or payment. */
  groupEvents: async function* (id: string, signal: AbortSignal): AsyncGenerator<OrderGroup> {
    const { data } = await http.GET('/api/orders/order-groups/{id}/events', {
      ...path({ id }),
      signal,
      parseAs: 'stream',
    });
    if (data) {
      yield* eventsOf<OrderGroup>(data, 'group');
    }
  },
  /** A payment at the configured provider (its default channel unless given); `returnPath` for its cashier page. */
  createPayment: (id: string, body: Schemas['OrdersPaymentCreateDto'] = {}) =>
    dataOf(http.POST('/api/orders/order-groups/{id}/payments', { ...path({ id }), body })),
  /** The simulated provider's cashier: it takes the money and sends its signed webhook to orders. */
  simulatePay: (providerPaymentId: string) =>
    dataOf(
      http.POST('/api/orders/payments/simulator/{providerPaymentId}/pay', {
        ...path({ providerPaymentId }),
        body: {},
        headers: anonymous,
      }),
    ),
  mine: (signal?: AbortSignal) => dataOf(http.GET('/api/orders/orders', { params: { query: { limit: 100 } }, signal })),
  detail: (id: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/orders/orders/{id}', { ...path({ id }), signal })),
  /** The order read again after each change its checkout's stream announces (reservation, payment). */
  detailEvents: async function* (id: string, groupId: string, signal: AbortSignal): AsyncGenerator<OrderDetail> {
    for await (const group of orders.groupEvents(groupId, signal)) {
      if (group.orders.some((order) => order.id === id)) {
        yield await orders.detail(id, signal);
      }
    }
  },
  cancel: (id: string, reason?: string) =>
    dataOf(http.POST('/api/orders/orders/{id}/cancel', { ...path({ id }), body: reason ? { reason } : {} })),
  confirmReceipt: (id: string) => dataOf(http.POST('/api/orders/orders/{id}/confirm-receipt', path({ id }))),
  claim: (id: string, body: Schemas['OrdersClaimCreateDto']) =>
    dataOf(http.POST('/api/orders/orders/{id}/claim', { ...path({ id }), body })),
  /** An evidence photo for the claim (private: the buyer, the seller and county staff see it). */
  addClaimPhoto: (claimId: string, photo: Blob) =>
    api.upload<Schemas['OrdersClaimResponseDto']>('orders', `/claims/${claimId}/photos`, photo),
  review: (id: string, body: Schemas['OrdersReviewCreateDto']) =>
    dataOf(http.POST('/api/orders/orders/{id}/review', { ...path({ id }), body })),
};

const addresses = {
  list: (signal?: AbortSignal) => dataOf(http.GET('/api/orders/me/addresses', { signal })),
  create: (body: AddressBody) => dataOf(http.POST('/api/orders/me/addresses', { body })),
  update: (id: string, body: AddressBody) =>
    dataOf(http.PUT('/api/orders/me/addresses/{id}', { ...path({ id }), body })),
  makeDefault: (id: string) => dataOf(http.POST('/api/orders/me/addresses/{id}/default', path({ id }))),
  remove: (id: string) => dataOf(http.DELETE('/api/orders/me/addresses/{id}', path({ id }))),
};

const places = {
  /** Every province: the first level of the cascading picker. */
  provinces: (signal?: AbortSignal) => dataOf(http.GET('/api/catalog/places', { signal, headers: anonymous })),
  /** The divisions one level below a code (a province's cities … a town's villages). */
  children: (code: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/catalog/places/{code}/children', { ...path({ code }), signal, headers: anonymous })),
  /** The towns of a county, by code: the groups of the service-point list. */
  towns: (countyCode: string, signal?: AbortSignal) =>
    dataOf(
      http.GET('/api/catalog/places/{code}/children', { ...path({ code: countyCode }), signal, headers: anonymous }),
    ),
};

const logistics = {
  villagePoints: (countyCode: string, signal?: AbortSignal) =>
    dataOf(
      http.GET('/api/logistics/nodes', {
        params: { query: { countyCode, level: 'village_point' } },
        signal,
        headers: anonymous,
      }),
    ),
  shipmentOfOrder: (orderId: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/logistics/orders/{orderId}/shipment', { ...path({ orderId }), signal })),
};

/** Pre-sales (预售) and group buying (拼团): the offers on a listing, a group's page, and ordering on their terms. */
export type Presale = Schemas['OrdersPresaleResponseDto'];
export type GroupDealWithGroups = Schemas['OrdersGroupDealWithGroupsResponseDto'];
export type BuyingGroup = Schemas['OrdersBuyingGroupResponseDto'];
export type SaleOrderBody = Schemas['OrdersPresaleOrderDto'];

const sales = {
  presalesOf: (listingId: string, signal?: AbortSignal) =>
    dataOf(
      http.GET('/api/orders/listings/{listingId}/presales', { ...path({ listingId }), signal, headers: anonymous }),
    ),
  groupDealsOf: (listingId: string, signal?: AbortSignal) =>
    dataOf(
      http.GET('/api/orders/listings/{listingId}/group-deals', { ...path({ listingId }), signal, headers: anonymous }),
    ),
  buyingGroup: (id: string, signal?: AbortSignal) =>
    dataOf(http.GET('/api/orders/buying-groups/{id}', { ...path({ id }), signal, headers: anonymous })),
  orderPresale: (id: string, body: SaleOrderBody, idempotencyKey: string) =>
    dataOf(
      http.POST('/api/orders/presales/{id}/orders', {
        body,
        params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
      }),
    ),
  startGroup: (dealId: string, body: SaleOrderBody, idempotencyKey: string) =>
    dataOf(
      http.POST('/api/orders/group-deals/{id}/groups', {
        body,
        params: { path: { id: dealId }, header: { 'Idempotency-Key': idempotencyKey } },
      }),
    ).then((placed) => placed.orderGroup),
  joinGroup: (id: string, body: SaleOrderBody, idempotencyKey: string) =>
    dataOf(
      http.POST('/api/orders/buying-groups/{id}/join', {
        body,
        params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
      }),
    ).then((placed) => placed.orderGroup),
};

export const buyerApi = { catalog, orders, addresses, logistics, places, sales };

/** States in which nothing more will happen to an order without someone acting. */
export const FINAL_STATUSES: OrderStatus[] = ['completed', 'cancelled', 'rejected', 'refunded'];
