import { EventName } from '../event-name';

/** The events identity consumes; each needs exactly one `@OnEvent` handler in apps/identity. */
export const IDENTITY_SUBSCRIPTIONS: readonly EventName[] = [];
