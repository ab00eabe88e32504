import { EventName, EventOf } from '@countyflow/contracts';
import { RequestContext, SpanKind, traceparentOf, Tracing } from '@countyflow/kernel';
import { sendAhead } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

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

/** An outbox row whose transaction has committed, as the relay's fast path gets it. */
export interface CommittedEvent extends PreparedEvent {
  occurredAt: Date;
}

/** Where the rows of each committed transaction go (the relay's fast path); called after the commit, never awaited. */
export type CommittedEventSink = (events: CommittedEvent[]) => void;

/**
 * A row written in a transaction still open, with the savepoint depth it was written at; `stamped` while its
 * statement's answer (its `occurred_at`) has yet to be read.
 */
interface PendingEvent extends CommittedEvent {
  depth: number;
  stamped?: Promise<void>;
}

/**
 * How deep in savepoints a runner's transaction is: 1 in the transaction itself, 2 in a nested one, and so on
 * (TypeORM's `transactionDepth`, protected in its typings, already decremented when the commit and rollback events
 * are broadcast).
 */
function depthOf(runner: QueryRunner): number {
  return (runner as unknown as { transactionDepth?: number }).transactionDepth ?? 1;
}

/**
 * Writes events to the outbox inside the caller's transaction. Nothing reaches a queue until that transaction
 * commits: with a relay attached ({@link deliverCommitted}) it remembers the rows it wrote against the
 * transaction's query runner and hands them over right after the COMMIT (TypeORM's `afterTransactionCommit`);
 * a rollback (or a rollback to a savepoint they were written after) forgets them. Rows that never reach the relay
 * this way (no relay in this process, a process that died after its commit) are swept up later from the table.
 */
@Injectable()
export class EventPublisher {
  private sink?: CommittedEventSink;
  private readonly pending = new WeakMap<QueryRunner, PendingEvent[]>();
  private subscribed = false;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Hands the rows of every transaction committed from now on to `sink` (undefined: to no one; the rows wait in
   * the table for a sweep). The relay attaches itself here in every role that publishes, api processes included.
   */
  deliverCommitted(sink: CommittedEventSink | undefined): void {
    this.sink = sink;
    if (sink && !this.subscribed) {
      this.subscribed = true;
      const subscriber: EntitySubscriberInterface = {
        afterTransactionStart: ({ queryRunner }) => this.started(queryRunner),
        afterTransactionCommit: ({ queryRunner }) => this.committed(queryRunner),
        afterTransactionRollback: ({ queryRunner }) => this.rolledBack(queryRunner),
      };
      this.dataSource.subscribers.push(subscriber);
    }
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
    await this.traced(name, 1, options, async (traceParent) => {
      const event = {
        id,
        name,
        data,
        correlationId: context?.requestId ?? null,
        causationId: context?.causationId ?? null,
        traceParent,
      };
      await this.write(
        manager,
        [event],
        `INSERT INTO outbox (id, name, payload, correlation_id, causation_id, trace_parent)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING occurred_at`,
        [id, name, JSON.stringify(data), event.correlationId, event.causationId, traceParent],
      );
    });
    return id;
  }

  /**
   * Several events of one kind in one round trip (e.g. order.placed for each order of a checkout), in the order
   * given: one multi-row INSERT. Returns their ids in the same order.
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
   * made ready by the inbox worker): one multi-row INSERT, in the order given.
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

  /** Outbox rows in one multi-row INSERT, in the order given (their `occurred_at` is the transaction's start). */
  private async insertRows(manager: EntityManager, events: PreparedEvent[]): Promise<void> {
    await this.write(
      manager,
      events,
      `WITH entry AS (
         INSERT INTO outbox (id, name, payload, correlation_id, causation_id, trace_parent)
         SELECT e.id, e.name, e.payload, e.correlation_id, e.causation_id, e.trace_parent
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
                AS e(id, name, payload, correlation_id, causation_id, trace_parent, n)
          ORDER BY e.n
         RETURNING occurred_at
       )
       SELECT occurred_at FROM entry LIMIT 1`,
      [
        events.map((event) => event.id),
        events.map((event) => event.name),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => event.correlationId),
        events.map((event) => event.causationId),
        events.map((event) => event.traceParent),
      ],
    );
  }

  /**
   * Writes outbox rows with a statement that answers their `occurred_at`. Where the connection allows, the
   * statement is sent ahead (`sendAhead`, libs/persistence): it leaves with whatever the transaction sends next —
   * usually its COMMIT — instead of costing a round trip of its own, and if it fails, that next statement fails and
   * the transaction with it. Elsewhere it is awaited as any statement.
   */
  private async write(manager: EntityManager, events: PreparedEvent[], sql: string, values: unknown[]): Promise<void> {
    const ahead = sendAhead<{ occurred_at: Date }>(manager, sql, values);
    if (!ahead) {
      this.remember(manager, events, await manager.query<{ occurred_at: Date }[]>(sql, values));
      return;
    }
    // its failure is the transaction's, reported by the statement after it; not an unhandled rejection here
    ahead.catch(() => undefined);
    this.remember(manager, events, ahead);
  }

  /**
   * Keeps rows just written (or on their way) for the relay, against their transaction (only while a relay is
   * attached). Their `occurred_at` comes with the statement's answer, which PostgreSQL sends before the COMMIT's.
   */
  private remember(
    manager: EntityManager,
    events: PreparedEvent[],
    written: { occurred_at: Date }[] | Promise<{ occurred_at: Date }[]>,
  ): void {
    const runner = manager.queryRunner;
    if (!this.sink || !runner) {
      return;
    }
    const rows = events.map((event): PendingEvent => ({ ...event, occurredAt: new Date(), depth: depthOf(runner) }));
    // every row of a transaction has its start time, now(): the first row's stands for all
    const stamp = (answer: { occurred_at: Date }[]) => {
      const occurredAt = answer[0]?.occurred_at ? new Date(answer[0].occurred_at) : new Date();
      for (const row of rows) {
        row.occurredAt = occurredAt;
        row.stamped = undefined;
      }
    };
    if (Array.isArray(written)) {
      stamp(written);
    } else {
      // a failure fails the transaction, and the rows are forgotten with it
      const stamped = written.then(stamp, () => undefined);
      for (const row of rows) {
        row.stamped = stamped;
      }
    }
    const pending = this.pending.get(runner) ?? [];
    pending.push(...rows);
    this.pending.set(runner, pending);
  }

  /** A new top-level transaction on a runner starts with nothing to deliver (whatever an earlier one left). */
  private started(runner: QueryRunner): void {
    if (depthOf(runner) === 1) {
      this.pending.delete(runner);
    }
  }

  /**
   * A COMMIT hands the transaction's rows to the relay (without waiting for it: the caller's connection goes back
   * to the pool now). A savepoint's release is not a commit: its rows now belong to the enclosing level. Never
   * throws — TypeORM would report a committed transaction as failed.
   */
  private committed(runner: QueryRunner): void {
    const pending = this.pending.get(runner);
    if (!pending) {
      return;
    }
    if (runner.isTransactionActive) {
      const depth = depthOf(runner);
      pending.forEach((event) => (event.depth = Math.min(event.depth, depth)));
      return;
    }
    this.pending.delete(runner);
    const sink = this.sink;
    if (!sink || pending.length === 0) {
      return;
    }
    const deliver = () => {
      try {
        sink(pending.map(({ depth: _depth, stamped: _stamped, ...event }) => event));
      } catch {
        // the rows are committed and stay unpublished in the table: the sweep takes them after the grace period
      }
    };
    // the inserts' answers (their occurred_at) were read before the COMMIT's, so their stamps have run or are a
    // microtask away
    const stamps = pending.flatMap((event) => (event.stamped ? [event.stamped] : []));
    if (stamps.length === 0) {
      deliver();
    } else {
      void Promise.all(stamps).then(deliver);
    }
  }

  /** A ROLLBACK forgets the transaction's rows; a rollback to a savepoint, those written since it was taken. */
  private rolledBack(runner: QueryRunner): void {
    const pending = this.pending.get(runner);
    if (!pending) {
      return;
    }
    if (!runner.isTransactionActive) {
      this.pending.delete(runner);
      return;
    }
    const depth = depthOf(runner);
    this.pending.set(
      runner,
      pending.filter((event) => event.depth <= depth),
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
    write: (traceParent: string | null) => Promise<void>,
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
