import { EventName } from '../event-name';

/** The events logistics consumes; each needs exactly one `@OnEvent` handler in apps/logistics. */
export const LOGISTICS_SUBSCRIPTIONS: readonly EventName[] = [
  EventName.OrderPaid,
  EventName.OrderCancelled,
  EventName.LotRecorded,
  EventName.BuyerNotified,
];
