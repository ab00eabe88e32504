import { EventName, EventOf } from '@countyflow/contracts';
import { RequestContext } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { outboxChannel } from './messaging.options';

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

  async publish<T extends EventName>(manager: EntityManager, name: T, data: EventOf<T>): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`event ${name} must be published inside a transaction (pass the transaction's EntityManager)`);
    }
    const context = RequestContext.current();
    const id = randomUUID();
    // one round trip: the row and the wake-up call (delivered by PostgreSQL only if this transaction commits)
    await manager.query(
      `WITH entry AS (
         INSERT INTO outbox (id, name, payload, correlation_id, causation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id
       )
       SELECT pg_notify($6, '') FROM entry`,
      [id, name, JSON.stringify(data), context?.requestId ?? null, context?.causationId ?? null, this.channel],
    );
    return id;
  }

  /**
   * Several events of one kind in one round trip (e.g. order.placed for each order of a checkout), in the order
   * given: one multi-row INSERT and one wake-up call. Returns their ids in the same order.
   */
  async publishMany<T extends EventName>(manager: EntityManager, name: T, payloads: EventOf<T>[]): Promise<string[]> {
    if (payloads.length <= 1) {
      return Promise.all(payloads.map((data) => this.publish(manager, name, data)));
    }
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`event ${name} must be published inside a transaction (pass the transaction's EntityManager)`);
    }
    const context = RequestContext.current();
    const ids = payloads.map(() => randomUUID());
    await manager.query(
      `WITH entry AS (
         INSERT INTO outbox (id, name, payload, correlation_id, causation_id)
         SELECT e.id, $2, e.payload, $4, $5
           FROM unnest($1::uuid[], $3::jsonb[]) WITH ORDINALITY AS e(id, payload, n)
          ORDER BY e.n
         RETURNING id
       )
       SELECT pg_notify($6, '') FROM (SELECT 1 FROM entry LIMIT 1) AS one`,
      [
        ids,
        name,
        payloads.map((data) => JSON.stringify(data)),
        context?.requestId ?? null,
        context?.causationId ?? null,
        this.channel,
      ],
    );
    return ids;
  }
}
