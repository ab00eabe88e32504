import { EventEnvelope, EventName, EventOf } from '@countyflow/contracts';
import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const ON_EVENT = 'countyflow:on-event';
export const ON_EVENT_BATCH = 'countyflow:on-event-batch';

/** What a handler gets beside the payload: the transaction its effects must use, and the whole envelope. */
export interface EventContext<T extends EventName = EventName> {
  /** The inbox transaction: the processed_event row and the handler's writes commit together. */
  manager: EntityManager;
  event: EventEnvelope<T>;
}

export type EventHandler<T extends EventName = EventName> = (
  data: EventOf<T>,
  context: EventContext<T>,
) => Promise<void>;

/** What a batch handler gets beside the events: the one transaction of the batch, and how to publish. */
export interface BatchEventContext<T extends EventName = EventName> {
  /** The batch's inbox transaction: the batch's processed_event rows, every effect and every event published. */
  manager: EntityManager;
  /**
   * Publishes an event as the handling of `cause` would (its correlation id, `cause` as causation, its trace). The
   * rows are written with one multi-row INSERT before the batch commits; returns the new event's id.
   */
  publish: <N extends EventName>(cause: EventEnvelope<T>, name: N, data: EventOf<N>) => string;
  /**
   * Runs `work` as the handling of `event` alone would run: in its request context (what `EventPublisher.publish`
   * writes names `event` as its cause and keeps its correlation id) and, with tracing on, in its consumer span.
   * For batch handlers that reuse code written for one event.
   */
  as: <R>(event: EventEnvelope<T>, work: () => Promise<R>) => Promise<R>;
}

/**
 * A batch's events sorted by the key whose rows their handling locks (an order id, say): every batch takes those
 * locks in the same order, so two batches never wait on each other in a cycle.
 */
export function inLockOrder<E>(events: E[], key: (event: E) => string): E[] {
  return [...events].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export type BatchEventHandler<T extends EventName = EventName> = (
  events: EventEnvelope<T>[],
  context: BatchEventContext<T>,
) => Promise<void>;

/**
 * Declares the method as this service's handler of an event. Handlers must be idempotent in effect (the inbox
 * makes a redelivered event a no-op) and write only through `context.manager`. Return to finish, throw to retry,
 * throw `UnrecoverableError` (from bullmq) to dead-letter at once.
 */
export const OnEvent = (name: EventName): MethodDecorator => SetMetadata(ON_EVENT, name);

/**
 * Declares the event batch-safe: the method handles several events of this name (each new to the inbox, in the
 * order they arrived; see below) in one transaction, with the effect each would have had through the `@OnEvent` handler, which
 * the event must also have (it handles a batch of one, and each event again one by one when a batch fails). Throw
 * to fail the whole batch: its events are then handled one by one, so only a bad event retries or dead-letters.
 * Rows locked by a batch must be locked in one documented order across the whole batch, not event by event.
 * The inbox takes a batch's events as new before it knows (its insert travels with the handler's first statement):
 * when one was not, the transaction is rolled back and the batch handled again with the new events only — so a
 * batch handler must do nothing outside `context.manager` that a rollback would not undo.
 */
export const OnEventBatch = (name: EventName): MethodDecorator => SetMetadata(ON_EVENT_BATCH, name);
