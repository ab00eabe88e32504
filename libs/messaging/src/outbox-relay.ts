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
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, MessagingOptions, outboxChannel, RETRY_OVERRIDES } from './messaging.options';
import { createProducerConnection } from './queue-connection';

interface OutboxRow {
  seq: string;
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
 * Moves committed outbox rows to the inbox queue of every service the event is routed to. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so any number of replicas can relay side by side; each job's id is the event id, so a
 * row sent twice (a crash between enqueue and commit) is still one job, and the consumer's inbox absorbs any
 * repeat after that job is gone. Woken by NOTIFY on commit, and by a poll as a fallback.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly queues = new Map<ServiceName, Queue>();
  private connection?: Redis;
  private listener?: Client;
  private pollTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastFailureLog = 0;
  private readonly schema: string;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: CommonConfig,
    private readonly metrics: Metrics,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tracing: Tracing,
  ) {
    this.schema = (dataSource.options as { schema: string }).schema;
  }

  onApplicationBootstrap(): void {
    if (this.options.relay === false || !runsEvents(this.config.serviceRole ?? 'all')) {
      return;
    }
    this.start();
  }

  /** Starts relaying (called at boot; tests may start extra relays by hand). */
  start(): void {
    this.stopped = false;
    this.producer();
    this.pollTimer = setInterval(() => {
      this.nudge();
      void this.measurePending();
    }, this.config.outboxPollIntervalMs);
    void this.listen();
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
    this.queues.clear();
    this.connection?.disconnect();
    this.connection = undefined;
  }

  /** Asks for a sweep soon; sweeps never overlap within one process. */
  nudge(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweepUntilEmpty().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Relays everything committed so far; resolves when the outbox is empty or a sweep fails. */
  async drain(): Promise<void> {
    while (this.running) {
      await this.running;
    }
    await this.sweepUntilEmpty();
  }

  private async sweepUntilEmpty(): Promise<void> {
    const batch = this.options.relayBatchSize ?? 200;
    try {
      await this.firstConnection();
      while (!this.stopped && (await this.sweepOnce(batch)) === batch) {
        // a full batch: there may be more
      }
    } catch (error) {
      this.metrics.outboxRelayFailures.inc();
      const now = Date.now();
      if (now - this.lastFailureLog > 5000) {
        this.lastFailureLog = now;
        this.logger.warn({ err: (error as Error).message }, 'outbox relay sweep failed; will retry');
      }
    }
  }

  /**
   * One transaction: claim up to `batch` rows and mark them published in one statement, enqueue them, commit. If
   * enqueueing fails the transaction rolls back and the rows are unpublished again. Returns how many.
   */
  async sweepOnce(batch: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `WITH claimed AS (
           UPDATE outbox SET published_at = now()
            WHERE seq = ANY (ARRAY (SELECT seq FROM outbox WHERE published_at IS NULL
                                     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
           RETURNING seq, id, name, payload, correlation_id, causation_id, trace_parent, occurred_at
         )
         SELECT * FROM claimed ORDER BY seq`,
        [batch],
      );
      if (rows.length === 0) {
        return 0;
      }
      const spans = this.relaySpans(rows);
      try {
        const byConsumer = new Map<ServiceName, { name: string; data: EventEnvelope; opts: JobsOptions }[]>();
        rows.forEach((row, at) => {
          const envelope = toEnvelope(row, this.options.service, traceparentOf(spans[at]) ?? row.trace_parent);
          for (const consumer of EVENT_ROUTES[row.name] ?? []) {
            const jobs = byConsumer.get(consumer) ?? [];
            jobs.push({ name: row.name, data: envelope, opts: jobOptionsFor(row.name, this.config, row.id) });
            byConsumer.set(consumer, jobs);
          }
        });
        for (const [consumer, jobs] of byConsumer) {
          await this.queueFor(consumer).addBulk(jobs);
        }
      } catch (error) {
        spans.forEach((span) => span && failed(span, error));
        throw error;
      } finally {
        spans.forEach((span) => span?.end());
      }
      for (const row of rows) {
        this.metrics.outboxPublished.inc({ event: row.name });
      }
      return rows.length;
    });
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
   * The relay's Redis connection, made on first use: a relay that was never started (or was stopped) and is swept
   * by hand must still use the configured Redis, not BullMQ's default of localhost:6379.
   */
  /** A fresh connection is still opening at boot: wait for it briefly rather than fail (and log) the first sweep. */
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

  private async listen(): Promise<void> {
    if (this.stopped) {
      return;
    }
    // LISTEN keeps a session: straight to PostgreSQL (DATABASE_DIRECT_URL), not through a pooler in transaction mode
    const client = new Client({
      connectionString: databaseUrlFor(this.config.databaseDirectUrl, this.schema),
      application_name: `${this.schema}-relay`,
    });
    this.listener = client;
    const reconnect = () => {
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (!this.stopped) {
        setTimeout(() => void this.listen(), 1000).unref();
      }
    };
    client.on('error', reconnect);
    client.on('notification', () => this.nudge());
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.schema)}`);
      client.on('end', reconnect);
    } catch {
      reconnect();
    }
  }

  private async measurePending(): Promise<void> {
    try {
      const [{ count }] = await this.dataSource.query<{ count: number }[]>(
        'SELECT count(*)::int AS count FROM outbox WHERE published_at IS NULL',
      );
      this.metrics.outboxPending.set(count);
    } catch {
      // PostgreSQL unreachable: the sweep logs it
    }
  }
}
