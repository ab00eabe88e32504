import { EventName } from '../event-name';

/** The events orders consumes; each needs exactly one `@OnEvent` handler in apps/orders. */
export const ORDERS_SUBSCRIPTIONS: readonly EventName[] = [];
