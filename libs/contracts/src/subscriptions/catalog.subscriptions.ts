import { EventName } from '../event-name';

/** The events catalog consumes; each needs exactly one `@OnEvent` handler in apps/catalog. */
export const CATALOG_SUBSCRIPTIONS: readonly EventName[] = [
  EventName.OrgVerified,
  EventName.OrgSuspended,
  EventName.OrderPlaced,
  EventName.OrderPaid,
  EventName.OrderCancelled,
  EventName.OrderReturned,
  EventName.ReviewPosted,
  EventName.ShipmentScanned,
  EventName.LotTaken,
];
