import { EventEnvelope } from '@countyflow/contracts';

/**
 * What a job on an inbox queue carries: one event's envelope, or the envelopes of several events of one name that
 * a relay sent together (docs/messaging.md "Jobs"). A consumer takes both, so jobs enqueued before a deploy and
 * dead letters replayed (always one envelope) go on working.
 */
export type InboxJobData = EventEnvelope | EventEnvelope[];

/** The envelopes a job carries, in the order they were sent. */
export function envelopesOf(data: InboxJobData): EventEnvelope[] {
  return Array.isArray(data) ? data : [data];
}
