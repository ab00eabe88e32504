import { EventName, ServiceName } from '@countyflow/contracts';

export interface MessagingOptions {
  service: ServiceName;
  /** Run the outbox relay in this process (default true; never in a `SERVICE_ROLE=api` process). */
  relay?: boolean;
  /** Run the inbox worker in this process (default true; never in a `SERVICE_ROLE=api` process). */
  worker?: boolean;
  /** Consume this service's scheduled tasks in this process (default true; never in a `SERVICE_ROLE=api` process). */
  tasks?: boolean;
  /** Inbox jobs handled at once by this process (default `INBOX_CONCURRENCY`, 8). */
  concurrency?: number;
  /** Events of a batch-safe kind handled in one transaction at most (default `INBOX_BATCH_SIZE`, 32; 1: none). */
  batchSize?: number;
  /** Outbox rows claimed per relay transaction (default 200). */
  relayBatchSize?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** Named exceptions to the default retry policy (attempts and exponential backoff from config). */
export const RETRY_OVERRIDES: Partial<Record<EventName, Partial<RetryPolicy>>> = {};
