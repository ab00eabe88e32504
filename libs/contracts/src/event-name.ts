/**
 * The one catalogue of events that cross service boundaries. A name is `<aggregate>.<past-tense verb>`.
 * Adding an event: add it here with its payload in {@link EventItem}; a service that wants it lists it in its
 * file under `subscriptions/` and has exactly one `@OnEvent` handler for it (boot fails otherwise).
 * Payloads carry ids and the minimum context a consumer needs to keep its own copy; money in fen, weight in grams.
 */
export enum EventName {
  // identity
  OrgVerified = 'org.verified',
  OrgSuspended = 'org.suspended',
  // catalog
  ListingChanged = 'listing.changed',
  StockReserved = 'stock.reserved',
  StockRejected = 'stock.rejected',
  /** a produce lot was recorded (logistics keeps a copy for the first kilometre) */
  LotRecorded = 'lot.recorded',
  // orders
  OrderPlaced = 'order.placed',
  OrderPaid = 'order.paid',
  OrderCancelled = 'order.cancelled',
  OrderReturned = 'order.returned',
  OrderCompleted = 'order.completed',
  OrderRefunded = 'order.refunded',
  ReviewPosted = 'review.posted',
  /** the buyer of an order is to be told something by SMS (pre-sale released or refunded, group done); logistics sends it */
  BuyerNotified = 'order.buyer_notified',
  // logistics
  ShipmentCreated = 'shipment.created',
  ShipmentDispatched = 'shipment.dispatched',
  ShipmentScanned = 'shipment.scanned',
  ShipmentReadyForPickup = 'shipment.ready_for_pickup',
  ShipmentDelivered = 'shipment.delivered',
  ShipmentReturned = 'shipment.returned',
  ShipmentExcursion = 'shipment.excursion',
  /** produce weighed off a lot at a hand-in (catalog mirrors it) */
  LotTaken = 'lot.taken',
}
