import { EVENT_ROUTES, EventEnvelope, EventName, inboxQueueName, ServiceName } from '@countyflow/contracts';
import {
  CommonConfig,
  databaseUrlFor,
  failed,
  LOGGER,
  Metrics,
  runsEvents,
  Span,
  SpanKind,
  traceparentOf,
  Tracing,
} from '@countyflow/kernel';
import { preparesStatements, PreparingClient } from '@countyflow/persistence';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Coalescer } from './coalescer';
import { CommittedEvent, EventPublisher } from './event-publisher';
import { InboxJobData } from './inbox-job';
import { MESSAGING_OPTIONS, MessagingOptions, RETRY_OVERRIDES } from './messaging.options';
import { createProducerConnection } from './queue-connection';

interface OutboxRow {
  seq?: string;
  id: string;
  name: EventName;
  payload: unknown;
  correlation_id: string | null;
  causation_id: string | null;
  trace_parent?: string | null;
  occurred_at: Date;
}

/** The BullMQ options every event's job gets: retry policy, and how long finished jobs are kept in Redis. */
export function jobOptionsFor(name: EventName, config: CommonConfig, jobId: string): JobsOptions {
  const override = RETRY_OVERRIDES[name] ?? {};
  return {
    jobId,
    attempts: override.attempts ?? config.eventMaxAttempts,
    backoff: { type: 'exponential', delay: override.backoffMs ?? config.eventBackoffMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  };
}

/** Events of one name a relay puts in one job at most. */
export const EVENTS_PER_JOB = 32;

/**
 * How long a fast-path mark waits for the marks of other commits to join it (docs/messaging.md "The path of one
 * event"): the marks of a busy process's commits go in one UPDATE of several rows instead of one each. Nothing
 * waits on a mark (its rows are on the queues already, and `published_at` keeps the time they got there); far below
 * `OUTBOX_GRACE_MS`, so the sweep never takes a held row for a lost one.
 */
export const MARK_HOLD_MS = 20;

/**
 * The jobs that carry `envelopes` (in their order) to one consumer: one per event name, of up to
 * {@link EVENTS_PER_JOB} envelopes, with that name's retry policy (docs/messaging.md "Jobs"). A job of one event is
 * that envelope under the event's id, as it always was; a job of several carries their list under an id made of all
 * of theirs, so that the same events sent twice in the same jobs (a sweep after a mark that failed) are still one
 * job each while it lives, and differently grouped only repeat events, which the consumer's inbox absorbs.
 */
export function inboxJobs(
  envelopes: EventEnvelope[],
  config: CommonConfig,
): { name: string; data: InboxJobData; opts: JobsOptions }[] {
  const byName = new Map<EventName, EventEnvelope[]>();
  for (const envelope of envelopes) {
    const named = byName.get(envelope.name);
    if (named) named.push(envelope);
    else byName.set(envelope.name, [envelope]);
  }
  return [...byName].flatMap(([name, all]) =>
    Array.from({ length: Math.ceil(all.length / EVENTS_PER_JOB) }, (_, at) => {
      const part = all.slice(at * EVENTS_PER_JOB, (at + 1) * EVENTS_PER_JOB);
      if (part.length === 1) {
        return { name, data: part[0], opts: jobOptionsFor(name, config, part[0].id) };
      }
      const id = `events-${createHash('sha256')
        .update(part.map((envelope) => envelope.id).join(','))
        .digest('hex')}`;
      return { name, data: part, opts: jobOptionsFor(name, config, id) };
    }),
  );
}

/** The envelope of an outbox row; `traceParent` is the relay's span when it traces, else the row's own. */
export function toEnvelope(
  row: OutboxRow,
  producer: ServiceName,
  traceParent = row.trace_parent ?? null,
): EventEnvelope {
  return {
    id: row.id,
    name: row.name,
    data: row.payload as EventEnvelope['data'],
    producer,
    occurredAt: new Date(row.occurred_at).toISOString(),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    ...(traceParent ? { traceParent } : {}),
  };
}

/**
 * Moves committed outbox rows to the inbox queue of every service the event is routed to, in two ways:
 *
 * - **Fast path.** The process that commits outbox rows publishes them itself right after its commit: the
 *   publisher hands the rows of each committed transaction here ({@link EventPublisher.deliverCommitted}), they
 *   go to the queues with `addBulk`, and then they are marked published with one autocommit UPDATE — no
 *   transaction, no row lock across the Redis call. Both steps coalesce ({@link Coalescer}): what other commits
 *   bring while an `addBulk` or a mark is in flight goes together in the next one. Every role that publishes does this, api processes included.
 * - **Sweep**, the safety net, in the processes that run events (`all`, `worker`): on the poll timer it claims the
 *   rows left unpublished for longer than `OUTBOX_GRACE_MS` (their process died between commit and publish, or
 *   their Redis call failed) with `FOR UPDATE SKIP LOCKED` in a transaction that enqueues them and commits, so any
 *   number of replicas can sweep side by side and a healthy fast path is never raced.
 *
 * The events of one name sent to a consumer together travel in one job ({@link inboxJobs}); a lone event's job id is
 * its event id, so a row sent twice (a crash between enqueue and mark, a sweep that meets a slow fast path) is still
 * one job while that job lives, and the consumer's inbox absorbs any repeat after that.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queues = new Map<ServiceName, Queue>();
  private readonly sends: Coalescer<OutboxRow>;
  private readonly marks: Coalescer<{ id: string; at: Date }>;
  /** The connection the marks go through (see {@link markConnection}). */
  private markPool?: Pool;
  private readonly schema: string;
  /** Fast-path publishes under way (enqueue and mark), so that {@link drain} and {@link stop} can wait for them. */
  private readonly publishing = new Set<Promise<void>>();
  private connection?: Redis;
  private pollTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private lastFailureLog = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: CommonConfig,
    private readonly metrics: Metrics,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tracing: Tracing,
    @Optional() private readonly publisher?: EventPublisher,
  ) {
    this.schema = (dataSource.options as { schema: string }).schema;
    this.sends = new Coalescer((rows) => this.enqueue(rows));
    this.marks = new Coalescer((rows) => this.markPublished(rows), { holdMs: MARK_HOLD_MS });
  }

  onApplicationBootstrap(): void {
    if (this.options.relay === false) {
      return;
    }
    // every role publishes what it commits; only the roles that run events sweep
    this.start({ sweep: runsEvents(this.config.serviceRole ?? 'all') });
  }

  /** Starts relaying: the fast path, and the sweep unless `sweep: false` (called at boot; tests may start relays by hand). */
  start({ sweep = true }: { sweep?: boolean } = {}): void {
    this.stopped = false;
    this.producer();
    this.publisher?.deliverCommitted((events) => this.publishCommitted(events));
    if (sweep) {
      this.pollTimer = setInterval(() => void this.poll(), this.config.outboxPollIntervalMs);
      void this.poll();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Stops both paths; rows committed from now on wait in the table for a sweep. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.publisher?.deliverCommitted(undefined);
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    await this.running;
    await this.settled();
    await this.markPool?.end().catch(() => undefined);
    this.markPool = undefined;
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    this.queues.clear();
    this.connection?.disconnect();
    this.connection = undefined;
  }

  /**
   * Asks for a sweep soon, of the rows older than the grace period; sweeps never overlap within one process.
   */
  nudge(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweepUntilEmpty(this.config.outboxGraceMs ?? 0).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /**
   * Relays everything committed so far: waits for the fast-path publishes under way (enqueue and mark) and the
   * sweep running, then sweeps every unpublished row whatever its age. Resolves when the outbox is empty or a
   * sweep fails.
   */
  async drain(): Promise<void> {
    await this.settled();
    while (this.running) {
      await this.running;
    }
    await this.sweepUntilEmpty(0);
  }

  /** Resolves when no fast-path publish or mark is under way in this process (marks are not held meanwhile). */
  private settled(): Promise<void> {
    return this.marks.hurry(async () => {
      while (this.publishing.size > 0) {
        await Promise.all(this.publishing);
      }
      await this.sends.idle();
      await this.marks.idle();
    });
  }

  /**
   * The fast path, for the rows of one transaction that just committed in this process: enqueue them (at once, or
   * with the other commits' rows that arrive while an enqueue is in flight: one `addBulk` per consumer for all of
   * them, as a sweep of several rows did), then mark them published in the next coalesced UPDATE. If either step
   * fails the rows stay unpublished (or are marked late) and the sweep sends them after the grace period: at most
   * a repeat the inbox absorbs.
   */
  private publishCommitted(events: CommittedEvent[]): void {
    if (this.stopped) {
      return;
    }
    const work = this.publishFast(events);
    this.publishing.add(work);
    void work.finally(() => this.publishing.delete(work));
  }

  private async publishFast(events: CommittedEvent[]): Promise<void> {
    const rows = events.map((event): OutboxRow => ({
      id: event.id,
      name: event.name,
      payload: event.data,
      correlation_id: event.correlationId,
      causation_id: event.causationId,
      trace_parent: event.traceParent,
      occurred_at: event.occurredAt,
    }));
    try {
      await this.firstConnection();
      await this.sends.add(rows);
    } catch (error) {
      this.failed(error, 'outbox fast publish failed; the sweep sends the rows after the grace period');
      return;
    }
    // published_at says when the rows reached the queues, however long their mark then waits
    const at = new Date();
    try {
      await this.marks.add(rows.map((row) => ({ id: row.id, at })));
    } catch (error) {
      this.failed(error, 'outbox rows enqueued but not marked published; the sweep sends them again (one job each)');
    }
  }

  /** One autocommit statement marks the rows of every commit whose marks piled up meanwhile. */
  private async markPublished(rows: { id: string; at: Date }[]): Promise<void> {
    await this.markConnection().query(
      `UPDATE outbox AS o SET published_at = m.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS m(id, at)
        WHERE o.id = m.id AND o.published_at IS NULL`,
      [rows.map((row) => row.id), rows.map((row) => row.at.toISOString())],
    );
  }

  /**
   * One connection of the relay's own for the marks (made on first use; a broken one is replaced on the next
   * mark), so that a mark never waits behind the request transactions for one of the pool's: under load that
   * wait, not the statement, was most of a mark's time. It takes the place of the `LISTEN` connection the relay
   * no longer holds; a single autocommit statement, so a pooler in transaction mode is fine.
   */
  private markConnection(): Pool {
    if (!this.markPool) {
      this.markPool = new Pool({
        connectionString: databaseUrlFor(this.config.databaseUrl, this.schema),
        application_name: `countyflow-${this.schema}-relay`,
        max: 1,
        idleTimeoutMillis: 60_000,
        ...(preparesStatements(this.config) && { Client: PreparingClient }),
      });
      this.markPool.on('error', () => undefined);
    }
    return this.markPool;
  }

  private failed(error: unknown, message: string): void {
    this.metrics.outboxRelayFailures.inc();
    const now = Date.now();
    if (now - this.lastFailureLog > 5000) {
      this.lastFailureLog = now;
      this.logger.warn({ err: (error as Error).message }, message);
    }
  }

  /**
   * A round of the poll timer: one statement counts the unpublished rows (for `/metrics`) and those past the grace
   * period; only when there are such rows does a sweep (a transaction) follow.
   */
  private async poll(): Promise<void> {
    if (this.stopped) {
      return;
    }
    try {
      const [{ pending, due }] = await this.dataSource.query<{ pending: number; due: number }[]>(
        `SELECT count(*)::int AS pending,
                count(*) FILTER (WHERE occurred_at < now() - $1 * interval '1 millisecond')::int AS due
           FROM outbox WHERE published_at IS NULL`,
        [this.config.outboxGraceMs ?? 0],
      );
      this.metrics.outboxPending.set(pending);
      if (due > 0) {
        this.nudge();
      }
    } catch (error) {
      this.failed(error, 'outbox relay poll failed; will retry');
    }
  }

  private async sweepUntilEmpty(graceMs: number): Promise<void> {
    const batch = this.options.relayBatchSize ?? 200;
    try {
      await this.firstConnection();
      while (!this.stopped && (await this.sweepOnce(batch, graceMs)) === batch) {
        // a full batch: there may be more
      }
    } catch (error) {
      this.failed(error, 'outbox relay sweep failed; will retry');
    }
  }

  /**
   * One transaction: claim up to `batch` rows unpublished for at least `graceMs` (0: all) and mark them published
   * in one statement, enqueue them, commit. If enqueueing fails the transaction rolls back and the rows are
   * unpublished again. Returns how many.
   */
  async sweepOnce(batch: number, graceMs = 0): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `WITH claimed AS (
           UPDATE outbox SET published_at = now()
            WHERE seq = ANY (ARRAY (SELECT seq FROM outbox
                                     WHERE published_at IS NULL AND occurred_at <= now() - $2 * interval '1 millisecond'
                                     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
           RETURNING seq, id, name, payload, correlation_id, causation_id, trace_parent, occurred_at
         )
         SELECT * FROM claimed ORDER BY seq`,
        [batch, graceMs],
      );
      if (rows.length === 0) {
        return 0;
      }
      await this.enqueue(rows);
      return rows.length;
    });
  }

  /**
   * Puts the rows' envelopes on the inbox queue of each consumer, one `addBulk` per consumer: one job per event
   * name for that consumer ({@link inboxJobs}).
   */
  private async enqueue(rows: OutboxRow[]): Promise<void> {
    const spans = this.relaySpans(rows);
    try {
      const byConsumer = new Map<ServiceName, EventEnvelope[]>();
      rows.forEach((row, at) => {
        const envelope = toEnvelope(row, this.options.service, traceparentOf(spans[at]) ?? row.trace_parent);
        for (const consumer of EVENT_ROUTES[row.name] ?? []) {
          const sent = byConsumer.get(consumer);
          if (sent) sent.push(envelope);
          else byConsumer.set(consumer, [envelope]);
        }
      });
      await Promise.all(
        [...byConsumer].map(([consumer, envelopes]) =>
          this.queueFor(consumer).addBulk(inboxJobs(envelopes, this.config)),
        ),
      );
    } catch (error) {
      spans.forEach((span) => span && failed(span, error));
      throw error;
    } finally {
      spans.forEach((span) => span?.end());
    }
    for (const row of rows) {
      this.metrics.outboxPublished.inc({ event: row.name });
    }
  }

  /**
   * With tracing on, a span per traced row, child of the span that published it, covering its trip to the
   * consumers' queues; the envelope carries this span on. Rows without a trace get none.
   */
  private relaySpans(rows: OutboxRow[]): (Span | undefined)[] {
    if (!this.tracing.enabled) {
      return [];
    }
    return rows.map((row) =>
      row.trace_parent
        ? this.tracing.start(`relay ${row.name}`, {
            kind: SpanKind.PRODUCER,
            parent: row.trace_parent,
            attributes: {
              'messaging.system': 'bullmq',
              'messaging.operation.type': 'send',
              'messaging.destination.name': (EVENT_ROUTES[row.name] ?? []).map(inboxQueueName).join(','),
              'messaging.message.id': row.id,
            },
          }).span
        : undefined,
    );
  }

  /**
   * A fresh connection is still opening at boot: wait for it briefly rather than fail (and log) the first sweep or
   * fast publish.
   */
  private async firstConnection(timeoutMs = 2000): Promise<void> {
    const connection = this.producer();
    if (!['wait', 'connecting', 'connect'].includes(connection.status)) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        connection.off('ready', done);
        resolve();
      }
      connection.once('ready', done);
    });
  }

  /**
   * The relay's Redis connection, made on first use: a relay that was never started (or was stopped) and is swept
   * by hand must still use the configured Redis, not BullMQ's default of localhost:6379.
   */
  private producer(): Redis {
    if (!this.connection) {
      this.connection = createProducerConnection(this.config.redisUrl, `${this.options.service}-relay`);
      this.connection.on('error', () => undefined);
    }
    return this.connection;
  }

  private queueFor(service: ServiceName): Queue {
    const existing = this.queues.get(service);
    if (existing) {
      return existing;
    }
    const queue = new Queue(inboxQueueName(service), {
      connection: this.producer(),
      prefix: this.config.queuePrefix,
      skipWaitingForReady: true,
    });
    queue.on('error', () => undefined);
    this.queues.set(service, queue);
    // A Queue made while Redis is unreachable fails its start-up check and stays failed for good: drop it so that
    // a later sweep makes a fresh one instead of failing for the life of the process.
    queue.waitUntilReady().catch(() => {
      if (this.queues.get(service) === queue) {
        this.queues.delete(service);
        void queue.close().catch(() => undefined);
      }
    });
    return queue;
  }
}
