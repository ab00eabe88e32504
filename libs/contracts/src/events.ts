import { OrganisationKind, ServiceName } from './values';

/**
 * The one catalogue of events that cross service boundaries. A name is `<aggregate>.<past-tense verb>`.
 * Adding an event: add it here, give it a payload in {@link EventItem}, route it in {@link EVENT_ROUTES},
 * and write exactly one `@OnEvent` handler in every service it is routed to (boot fails otherwise).
 */
export enum EventName {
  // identity
  OrgVerified = 'org.verified',
  OrgSuspended = 'org.suspended',
}

export interface OrgStatusChanged {
  orgId: string;
  kind: OrganisationKind;
  name: string;
  countyCode: string;
  creditCode: string | null;
  /** Who verified or suspended it, and why (for suspension). */
  decidedBy: string;
  reason: string | null;
}

export type EventItem =
  | { name: EventName.OrgVerified; data: OrgStatusChanged }
  | { name: EventName.OrgSuspended; data: OrgStatusChanged };

export type EventOf<T extends EventName> = Extract<EventItem, { name: T }>['data'];

/** Which services' inboxes receive each event. Every event is listed, even when nobody consumes it yet. */
export const EVENT_ROUTES: { readonly [K in EventName]: readonly ServiceName[] } = {
  [EventName.OrgVerified]: [ServiceName.Catalog],
  [EventName.OrgSuspended]: [ServiceName.Catalog],
};

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
}

/** The inbox queue a service consumes from. */
export const inboxQueueName = (service: ServiceName): string => `inbox-${service}`;

/** Services that consume at least one event. */
export const consumersOf = (name: EventName): readonly ServiceName[] => EVENT_ROUTES[name];

export const eventsRoutedTo = (service: ServiceName): EventName[] =>
  (Object.keys(EVENT_ROUTES) as EventName[]).filter((name) => EVENT_ROUTES[name].includes(service));
