import { EventEnvelope, EventName, EventOf } from '@countyflow/contracts';
import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export const ON_EVENT = 'countyflow:on-event';

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

/**
 * Declares the method as this service's handler of an event. Handlers must be idempotent in effect (the inbox
 * makes a redelivered event a no-op) and write only through `context.manager`. Return to finish, throw to retry,
 * throw `UnrecoverableError` (from bullmq) to dead-letter at once.
 */
export const OnEvent = (name: EventName): MethodDecorator => SetMetadata(ON_EVENT, name);
