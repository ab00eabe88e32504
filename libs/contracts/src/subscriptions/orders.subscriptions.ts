import { EventName } from '../event-name';

/** The events orders consumes; each needs exactly one `@OnEvent` handler in apps/orders. */
export const ORDERS_SUBSCRIPTIONS: readonly EventName[] = [
  EventName.OrgVerified,
  EventName.OrgSuspended,
  EventName.ListingChanged,
  EventName.StockReserved,
  EventName.StockRejected,
  EventName.ShipmentCreated,
  EventName.ShipmentDispatched,
  EventName.ShipmentReadyForPickup,
  EventName.ShipmentDelivered,
  EventName.ShipmentReturned,
  EventName.ShipmentExcursion,
];
