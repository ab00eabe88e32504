import { EventName, EventOf } from '@countyflow/contracts';
import { RequestContext, SpanKind, traceparentOf, Tracing } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { outboxChannel } from './messaging.options';

export interface PublishOptions {
  /**
   * The `traceparent` of a saga this event moves on, when the request publishing it is not part of that saga's
   * trace (a payment webhook paying a checkout's orders): the event continues the saga's trace, and the publishing
   * span links to the request's.
   */
  continues?: string | null;
}

/** An outbox row made ready before it is written (by {@link EventPublisher.publishPrepared}). */
export interface PreparedEvent {
  id: string;
  name: EventName;
  data: unknown;
  correlationId: string | null;
  causationId: string | null;
  traceParent: string | null;
}

/**
 * Writes events to the outbox inside the caller's transaction. Nothing reaches a queue until that transaction
 * commits: the relay only sees committed rows, and the NOTIFY that wakes it is delivered on commit only.
 */
@Injectable()
export class EventPublisher {
  private readonly channel: string;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.channel = outboxChannel((dataSource.options as { schema: string }).schema);
  }

  async publish<T extends EventName>(
    manager: EntityManager,
    name: T,
    data: EventOf<T>,
    options: PublishOptions = {},
  ): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`event ${name} must be published inside a transaction (pass the transaction's EntityManager)`);
    }
    const context = RequestContext.current();
    const id = randomUUID();
    await this.traced(name, 1, options, (traceParent) =>
      // one round trip: the row and the wake-up call (delivered by PostgreSQL only if this transaction commits)
      manager.query(
        `WITH entry AS (
           INSERT INTO outbox (id, name, payload, correlation_id, causation_id, trace_parent)
           VALUES ($1, $2, $3, $4, $5, $7) RETURNING id
         )
         SELECT pg_notify($6, '') FROM entry`,
        [
          id,
          name,
          JSON.stringify(data),
          context?.requestId ?? null,
          context?.causationId ?? null,
          this.channel,
          traceParent,
        ],
      ),
    );
    return id;
  }

  /**
   * Several events of one kind in one round trip (e.g. order.placed for each order of a checkout), in the order
   * given: one multi-row INSERT and one wake-up call. Returns their ids in the same order.
   */
  async publishMany<T extends EventName>(
    manager: EntityManager,
    name: T,
    payloads: EventOf<T>[],
    options: PublishOptions = {},
  ): Promise<string[]> {
    if (payloads.length <= 1) {
      return Promise.all(payloads.map((data) => this.publish(manager, name, data, options)));
    }
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`event ${name} must be published inside a transaction (pass the transaction's EntityManager)`);
    }
    const context = RequestContext.current();
    const ids = payloads.map(() => randomUUID());
    await this.traced(name, payloads.length, options, (traceParent) =>
      this.insertRows(
        manager,
        payloads.map((data, index) => ({
          id: ids[index],
          name,
          data,
          correlationId: context?.requestId ?? null,
          causationId: context?.causationId ?? null,
          traceParent,
        })),
      ),
    );
    return ids;
  }

  /**
   * Events that several handlings of one batch published (each row names its own cause, correlation and trace,
   * made ready by the inbox worker): one multi-row INSERT and one wake-up call, in the order given.
   */
  async publishPrepared(manager: EntityManager, events: PreparedEvent[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('events must be published inside a transaction (pass the transaction’s EntityManager)');
    }
    await this.insertRows(manager, events);
  }

  /** Outbox rows in one multi-row INSERT, in the order given, and one wake-up call for the relay. */
  private insertRows(manager: EntityManager, events: PreparedEvent[]): Promise<unknown> {
    return manager.query(
      `WITH entry AS (
         INSERT INTO outbox (id, name, payload, correlation_id, causation_id, trace_parent)
         SELECT e.id, e.name, e.payload, e.correlation_id, e.causation_id, e.trace_parent
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                AS e(id, name, payload, correlation_id, causation_id, trace_parent, n)
          ORDER BY e.n
         RETURNING id
       )
       SELECT pg_notify($7, '') FROM (SELECT 1 FROM entry LIMIT 1) AS one`,
      [
        events.map((event) => event.id),
        events.map((event) => event.name),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => event.correlationId),
        events.map((event) => event.causationId),
        events.map((event) => event.traceParent),
        this.channel,
      ],
    );
  }

  /**
   * Writes the rows in a producer span of the traced work running here (its `traceparent` is stored with them);
   * without traced work (tracing off) the rows carry no trace.
   */
  private async traced(
    name: EventName,
    count: number,
    options: PublishOptions,
    write: (traceParent: string | null) => Promise<unknown>,
  ): Promise<void> {
    const tracing = Tracing.current();
    if (!tracing) {
      await write(null);
      return;
    }
    const continues = options.continues ?? null;
    await tracing.run(
      `publish ${name}`,
      {
        kind: SpanKind.PRODUCER,
        parent: continues ?? undefined,
        links: continues ? [Tracing.activeTraceparent()] : [],
        attributes: {
          'messaging.system': 'countyflow-outbox',
          'messaging.operation.type': 'create',
          'messaging.destination.name': name,
          'messaging.batch.message_count': count,
        },
      },
      (span) => write(traceparentOf(span)),
    );
  }
}
