import { EventName } from './event-name';
import { CATALOG_SUBSCRIPTIONS } from './subscriptions/catalog.subscriptions';
import { IDENTITY_SUBSCRIPTIONS } from './subscriptions/identity.subscriptions';
import { LOGISTICS_SUBSCRIPTIONS } from './subscriptions/logistics.subscriptions';
import { ORDERS_SUBSCRIPTIONS } from './subscriptions/orders.subscriptions';
import { Fen, FlowDirection, Grams, OrganisationKind, ServiceName, TemperatureClass } from './values';

// ---------------------------------------------------------------- identity

/** An organisation was verified (or reinstated) or suspended by county staff. */
export interface OrgStatusChanged {
  orgId: string;
  kind: OrganisationKind;
  name: string;
  countyCode: string;
  /** 12-digit village code, for organisations that sit in a village (cooperatives, service points). */
  villageCode: string | null;
  creditCode: string | null;
  /** Who verified or suspended it, and why (for suspension). */
  decidedBy: string;
  reason: string | null;
}

// ---------------------------------------------------------------- catalog

/** The temperature a product must be kept at. `Range` carries explicit bounds (chilling-sensitive produce). */
export interface TemperatureRequirement {
  class: TemperatureClass;
  minC: number | null;
  maxC: number | null;
}

export interface ListingSkuSnapshot {
  skuId: string;
  spec: string;
  priceFen: Fen;
  weightGrams: Grams;
  volumeMl: number;
  barcode: string | null;
}

/**
 * The whole purchasable state of a listing after any change that orders or logistics care about (price, title,
 * weight, temperature, status, seller standing). `version` grows with every change: apply only newer versions.
 */
export interface ListingChanged {
  listingId: string;
  version: number;
  sellerOrgId: string;
  sellerName: string;
  countyCode: string;
  direction: FlowDirection;
  title: string;
  /** published, and its seller verified: can be ordered now. */
  purchasable: boolean;
  status: 'draft' | 'published' | 'paused' | 'removed';
  temperature: TemperatureRequirement;
  originVillageCode: string | null;
  /** For produce sold by weight: the accepted difference between listed and packed weight. */
  weightToleranceGrams: Grams | null;
  /** The listing's own category (catalog's id); absent in events published before it was carried. */
  categoryId?: string;
  skus: ListingSkuSnapshot[];
}

export interface StockReserved {
  orderId: string;
  /** The authoritative unit price of each line at the moment of reservation. */
  lines: { skuId: string; quantity: number; unitPriceFen: Fen }[];
}

export interface StockRejected {
  orderId: string;
  /** The lines that could not be reserved and why; nothing of the order was reserved. */
  lines: {
    skuId: string;
    requested: number;
    available: number;
    reason: 'insufficient_stock' | 'unknown_sku' | 'not_purchasable';
  }[];
}

// ---------------------------------------------------------------- orders

export interface OrderLineRef {
  skuId: string;
  quantity: number;
}

export interface OrderPlaced {
  orderId: string;
  groupId: string;
  buyerId: string;
  sellerOrgId: string;
  lines: OrderLineRef[];
}

export interface Address {
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
  /** The division the buyer picked it by (county, town or village code), when it came from the address book. */
  placeCode?: string | null;
}

export interface Destination {
  kind: 'address' | 'service_point';
  /** The service point organisation, when the buyer collects there. */
  servicePointOrgId: string | null;
  address: Address | null;
  recipientName: string;
  recipientPhone: string;
  /** Someone the recipient named to collect for them. */
  agentName: string | null;
  agentPhone: string | null;
}

/**
 * The order is settled for fulfilment: paid online, or (payment.method = cash_on_collection) accepted to be paid
 * in cash when the villager collects it. Catalog turns the reservation into a sale; logistics creates the shipment.
 */
export interface OrderPaid {
  orderId: string;
  groupId: string;
  buyerId: string;
  sellerOrgId: string;
  sellerName: string;
  countyCode: string;
  direction: FlowDirection;
  /** The seller's village, where produce is handed in (first kilometre). */
  originVillageCode: string | null;
  destination: Destination;
  lines: {
    skuId: string;
    listingId: string;
    title: string;
    quantity: number;
    weightGrams: Grams;
    volumeMl: number;
    /** The unit price the order pays (a pre-sale's sale is recorded at it: catalog reserved nothing for it). */
    unitPriceFen?: Fen;
  }[];
  totalWeightGrams: Grams;
  totalVolumeMl: number;
  temperature: TemperatureRequirement;
  weightToleranceGrams: Grams | null;
  payment: { method: 'online' | 'cash_on_collection'; amountFen: Fen };
  /** 预售: sold ahead of a harvest the seller recorded in orders; catalog reserved no stock for it. */
  presaleId?: string | null;
}

/**
 * A message for an order's buyer, sent by logistics through the platform's SMS port (its notification channel) with
 * the named template (libs/kernel SmsTemplate); published in the transaction of the change it tells of, so once.
 */
export interface BuyerNotified {
  orderId: string;
  countyCode: string;
  /** The order's recipient phone (the buyer's own, or whom they named). */
  recipientPhone: string;
  template: string;
  params: Record<string, string>;
  /** The whole text, as the development inbox shows it. */
  text: string;
}

export interface OrderCancelled {
  orderId: string;
  sellerOrgId: string;
  reason: 'buyer' | 'expired' | 'seller' | 'rejected';
  /** Whether stock had already become a sale (cancelled after payment, before dispatch). */
  wasPaid: boolean;
  lines: OrderLineRef[];
}

/** The parcel came back (uncollected or refused): the goods go back into stock. */
export interface OrderReturned {
  orderId: string;
  sellerOrgId: string;
  reason: string;
  lines: OrderLineRef[];
}

export interface OrderCompleted {
  orderId: string;
  sellerOrgId: string;
  lines: OrderLineRef[];
}

export interface OrderRefunded {
  orderId: string;
  amountFen: Fen;
  reason: string;
}

export interface ReviewPosted {
  orderId: string;
  sellerOrgId: string;
  rating: number;
  /** The seller's aggregate after this review. */
  sellerRatingCount: number;
  sellerRatingAverage: number;
}

// ---------------------------------------------------------------- logistics

export interface ShipmentRef {
  shipmentId: string;
  orderId: string;
  at: string;
}

/** A produce lot and its certificate, as logistics needs them to check hand-ins. */
export interface LotRecorded {
  lotId: string;
  traceCode: string;
  sellerOrgId: string;
  listingId: string;
  quantity: number;
  /** kg, jin, piece, box, bag, crate: only kg and jin are weighed off at hand-ins */
  unit: string;
  /** YYYY-MM-DD; null: it does not expire */
  bestBefore: string | null;
  recordedAt: string;
}

/** A hand-in took this much produce off a lot. */
export interface LotTaken {
  lotId: string;
  traceCode: string;
  grams: Grams;
  shipmentId: string;
  orderId: string;
  at: string;
}

export interface ShipmentScanned extends ShipmentRef {
  nodeCode: string;
  nodeName: string;
  /** What the scan recorded: handed in, arrived, departed, handed to carrier, delivered… */
  kind: string;
  /** Trace codes of the produce lots in the parcel, so the public trace page can show the path. */
  traceCodes: string[];
  temperatureC: number | null;
}

export interface ShipmentReadyForPickup extends ShipmentRef {
  servicePointOrgId: string;
  /** When it goes back to the sender if not collected. */
  collectBy: string;
}

export interface ShipmentDelivered extends ShipmentRef {
  /** How receipt was confirmed: pickup_code, signature, carrier… and by whom (recipient or agent). */
  receipt: { method: string; collectedBy: 'recipient' | 'agent' | 'carrier' };
}

export interface ShipmentReturned extends ShipmentRef {
  reason: 'uncollected' | 'refused' | 'damaged';
}

export interface ShipmentExcursion extends ShipmentRef {
  nodeCode: string | null;
  readingC: number;
  minC: number | null;
  maxC: number | null;
}

export type EventItem =
  | { name: EventName.OrgVerified; data: OrgStatusChanged }
  | { name: EventName.OrgSuspended; data: OrgStatusChanged }
  | { name: EventName.ListingChanged; data: ListingChanged }
  | { name: EventName.StockReserved; data: StockReserved }
  | { name: EventName.StockRejected; data: StockRejected }
  | { name: EventName.OrderPlaced; data: OrderPlaced }
  | { name: EventName.OrderPaid; data: OrderPaid }
  | { name: EventName.OrderCancelled; data: OrderCancelled }
  | { name: EventName.OrderReturned; data: OrderReturned }
  | { name: EventName.OrderCompleted; data: OrderCompleted }
  | { name: EventName.OrderRefunded; data: OrderRefunded }
  | { name: EventName.ReviewPosted; data: ReviewPosted }
  | { name: EventName.BuyerNotified; data: BuyerNotified }
  | { name: EventName.ShipmentCreated; data: ShipmentRef }
  | { name: EventName.ShipmentDispatched; data: ShipmentRef }
  | { name: EventName.ShipmentScanned; data: ShipmentScanned }
  | { name: EventName.ShipmentReadyForPickup; data: ShipmentReadyForPickup }
  | { name: EventName.ShipmentDelivered; data: ShipmentDelivered }
  | { name: EventName.ShipmentReturned; data: ShipmentReturned }
  | { name: EventName.ShipmentExcursion; data: ShipmentExcursion }
  | { name: EventName.LotRecorded; data: LotRecorded }
  | { name: EventName.LotTaken; data: LotTaken };

export type EventOf<T extends EventName> = Extract<EventItem, { name: T }>['data'];

/** What each service consumes; each list lives beside the service's other subscriptions for easy ownership. */
export const SUBSCRIPTIONS: Readonly<Record<ServiceName, readonly EventName[]>> = {
  [ServiceName.Gateway]: [],
  [ServiceName.Identity]: IDENTITY_SUBSCRIPTIONS,
  [ServiceName.Catalog]: CATALOG_SUBSCRIPTIONS,
  [ServiceName.Orders]: ORDERS_SUBSCRIPTIONS,
  [ServiceName.Logistics]: LOGISTICS_SUBSCRIPTIONS,
};

/** Which services' inboxes receive each event (derived from {@link SUBSCRIPTIONS}). */
export const EVENT_ROUTES: { readonly [K in EventName]: readonly ServiceName[] } = Object.fromEntries(
  Object.values(EventName).map((name) => [
    name,
    (Object.keys(SUBSCRIPTIONS) as ServiceName[]).filter((service) => SUBSCRIPTIONS[service].includes(name)),
  ]),
) as { [K in EventName]: ServiceName[] };

/** What travels on a queue: the payload plus what is needed to trace and deduplicate it. */
export interface EventEnvelope<T extends EventName = EventName> {
  /** Unique per event; the BullMQ job id and the inbox's deduplication key. */
  id: string;
  name: T;
  data: EventOf<T>;
  producer: ServiceName;
  occurredAt: string;
  /** The request id of the HTTP request (or the event) that caused this event. */
  correlationId: string | null;
  /** The id of the event whose handler published this one, if any. */
  causationId: string | null;
  /**
   * The W3C `traceparent` of the span that sent the event on (the relay's, child of the publisher's), so that the
   * handler's span joins the trace of the request that caused it; absent or null with tracing off.
   */
  traceParent?: string | null;
}

/** The inbox queue a service consumes from. */
export const inboxQueueName = (service: ServiceName): string => `inbox-${service}`;

/** The BullMQ queue of one service's scheduled tasks (libs/messaging `TaskScheduler`). */
export const tasksQueueName = (service: ServiceName): string => `tasks-${service}`;

export const eventsRoutedTo = (service: ServiceName): EventName[] => [...SUBSCRIPTIONS[service]];
