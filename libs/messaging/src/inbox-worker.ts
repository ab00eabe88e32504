import { EventEnvelope, EventName, eventsRoutedTo, inboxQueueName } from '@countyflow/contracts';
import {
  CommonConfig,
  failed,
  LOGGER,
  Metrics,
  RequestContext,
  runsEvents,
  SpanKind,
  traceparentOf,
  Tracing,
} from '@countyflow/kernel';
import { sendAhead, withTransaction } from '@countyflow/persistence';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterService } from './dead-letter.service';
import { EventPublisher, PreparedEvent } from './event-publisher';
import { HandlerRegistry } from './handler-registry';
import { envelopesOf, InboxJobData } from './inbox-job';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { BatchEventHandler } from './on-event.decorator';
import { createWorkerConnection } from './queue-connection';

export type InboxOutcome = 'handled' | 'duplicate';

/** A batch taken as all new to the inbox had an event seen before: its transaction is rolled back and run again. */
class SeenBefore extends Error {
  constructor() {
    super('an event of the batch was seen before');
  }
}

/** Batch transactions of one event name a process runs at once; what arrives meanwhile waits for the next one. */
const BATCHES_IN_FLIGHT = 2;

interface Waiting {
  envelope: EventEnvelope;
  resolve: (outcome: InboxOutcome) => void;
  reject: (error: unknown) => void;
}

/** The events of one batch-safe name waiting for a batch transaction, and the batches of it running. */
interface Lane {
  waiting: Waiting[];
  running: number;
  scheduled: boolean;
}

/**
 * Consumes this service's inbox queue. Each event runs in one transaction with its `processed_event` row, so a
 * redelivered event finds the row and changes nothing. A failure is retried with backoff; after the last attempt
 * (or at once for an `UnrecoverableError`) the event is written to the dead-letter table.
 *
 * Events of a batch-safe name (`@OnEventBatch`) that are in hand at the same time share one transaction (at most
 * `INBOX_BATCH_SIZE`; docs/messaging.md "Batches"): one processed_event insert for the batch, the batch handler's
 * writes, one outbox insert for what it published. Each event keeps its own outcome, and the attempts of the job it
 * came in ({@link process}): when the batch's transaction fails, each of its events is handled again alone, so only
 * a bad one fails.
 */
@Injectable()
export class InboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private connection?: Redis;
  private readonly lanes = new Map<EventName, Lane>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly registry: HandlerRegistry,
    private readonly deadLetters: DeadLetterService,
    private readonly config: CommonConfig,
    private readonly metrics: Metrics,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tracing: Tracing,
    private readonly publisher: EventPublisher,
  ) {}

  private get batchSize(): number {
    return this.options.batchSize ?? this.config.inboxBatchSize ?? 1;
  }

  onApplicationBootstrap(): void {
    if (
      this.options.worker === false ||
      !runsEvents(this.config.serviceRole ?? 'all') ||
      eventsRoutedTo(this.options.service).length === 0
    ) {
      return;
    }
    this.connection = createWorkerConnection(this.config.redisUrl, `${this.options.service}-inbox`);
    this.worker = new Worker(inboxQueueName(this.options.service), (job: Job<InboxJobData>) => this.process(job), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: this.options.concurrency ?? this.config.inboxConcurrency ?? 8,
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'inbox worker connection problem'));
    this.worker.on('failed', (job, error) => void this.recordIfLost(job, error));
  }

  /**
   * BullMQ can fail a job without running it (stalled too often), and writing the dead letter inside `process` can
   * itself fail; either way the job ends in BullMQ's failed set, and this records its events as dead letters too —
   * of a job of several events, those the inbox has neither handled nor dead-lettered already (a letter written in
   * `process` keeps its event's own error, not the job's summary of them).
   */
  private async recordIfLost(job: Job<InboxJobData> | undefined, error: Error): Promise<void> {
    if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && !(error instanceof UnrecoverableError))) {
      return;
    }
    const envelopes = envelopesOf(job.data);
    try {
      for (const envelope of await this.unsettled(envelopes)) {
        await this.deadLetters.record(envelope, error, job.attemptsMade);
      }
    } catch (recordError) {
      this.logger.error(
        { eventIds: envelopes.map((envelope) => envelope.id), err: (recordError as Error).message },
        'could not record a dead letter; the job stays in the failed set of the queue',
      );
    }
  }

  /**
   * The envelopes of a job that the inbox has neither handled nor dead-lettered yet; a lone envelope always (its
   * letter, if any, is the same record again).
   */
  private async unsettled(envelopes: EventEnvelope[]): Promise<EventEnvelope[]> {
    if (envelopes.length === 1) {
      return envelopes;
    }
    const settled = await this.dataSource.query<{ event_id: string }[]>(
      `SELECT event_id FROM processed_event WHERE event_id = ANY ($1::uuid[])
       UNION SELECT event_id FROM dead_letter WHERE status = 'dead' AND event_id = ANY ($1::uuid[])`,
      [envelopes.map((envelope) => envelope.id)],
    );
    const ids = new Set(settled.map((row) => row.event_id));
    return envelopes.filter((envelope) => !ids.has(envelope.id.toLowerCase()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }

  /**
   * One job: its event, or its events (docs/messaging.md "Jobs"), each handled and counted on its own. The events
   * of a job of several go to their name's batches together when the name is batch-safe, else one after another.
   * When any fails, the job fails, and BullMQ tries it again with backoff — the events handled meanwhile are
   * duplicates then — unless every failure was final (dead-lettered already), which ends it at once.
   */
  async process(job: Job<InboxJobData>): Promise<InboxOutcome | InboxOutcome[]> {
    if (!Array.isArray(job.data)) {
      return this.processEvent(job, job.data);
    }
    const envelopes = job.data;
    const batched = envelopes.length > 0 && this.batchSize > 1 && this.registry.batchHandlerFor(envelopes[0].name);
    const settle = (envelope: EventEnvelope) =>
      this.processEvent(job, envelope).then(
        (outcome) => ({ outcome }),
        (error: Error) => ({ error }),
      );
    const settled: ({ outcome: InboxOutcome } | { error: Error })[] = [];
    if (batched) {
      settled.push(...(await Promise.all(envelopes.map(settle))));
    } else {
      for (const envelope of envelopes) {
        settled.push(await settle(envelope));
      }
    }
    const failures = settled.flatMap((result) => ('error' in result ? [result.error] : []));
    if (failures.length === 0) {
      return settled.map((result) => (result as { outcome: InboxOutcome }).outcome);
    }
    const summary = `${failures.length} of the job's ${envelopes.length} events failed: ${failures[0].message}`;
    throw failures.every((failure) => failure instanceof UnrecoverableError)
      ? new UnrecoverableError(summary)
      : new Error(summary);
  }

  /** One event of `job`: handled, or logged and — on its last attempt or for good — dead-lettered, then thrown. */
  private async processEvent(job: Job<InboxJobData>, envelope: EventEnvelope): Promise<InboxOutcome> {
    try {
      const outcome = await this.handle(envelope);
      this.metrics.eventsHandled.inc({ event: envelope.name, outcome });
      return outcome;
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      const attempt = job.attemptsMade + 1;
      const final = error instanceof UnrecoverableError || attempt >= attempts;
      this.logger[final ? 'error' : 'warn'](
        { event: envelope.name, eventId: envelope.id, attempt, attempts, err: (error as Error).message },
        final ? 'event handler failed for the last time; dead-lettered' : 'event handler failed; will retry',
      );
      if (final) {
        await this.deadLetters.record(envelope, error, attempt);
      }
      this.metrics.eventsHandled.inc({ event: envelope.name, outcome: final ? 'dead' : 'failed' });
      throw error;
    }
  }

  /**
   * Runs the handler for one event exactly once in effect. An event of a batch-safe name joins the next batch
   * transaction of its name (see the class); any other runs alone ({@link handleOne}).
   */
  handle(envelope: EventEnvelope): Promise<InboxOutcome> {
    if (this.batchSize <= 1 || !this.registry.batchHandlerFor(envelope.name)) {
      return this.handleOne(envelope);
    }
    let lane = this.lanes.get(envelope.name);
    if (!lane) {
      lane = { waiting: [], running: 0, scheduled: false };
      this.lanes.set(envelope.name, lane);
    }
    const outcome = new Promise<InboxOutcome>((resolve, reject) => lane.waiting.push({ envelope, resolve, reject }));
    this.startBatches(envelope.name, lane);
    return outcome;
  }

  /**
   * Starts batch transactions while fewer than {@link BATCHES_IN_FLIGHT} run, each with what is waiting (up to the
   * batch size); after the current turn of the event loop, so that the events in hand now go together.
   */
  private startBatches(name: EventName, lane: Lane): void {
    if (lane.scheduled || lane.running >= BATCHES_IN_FLIGHT || lane.waiting.length === 0) {
      return;
    }
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      while (lane.running < BATCHES_IN_FLIGHT && lane.waiting.length > 0) {
        const batch = lane.waiting.splice(0, this.batchSize);
        lane.running += 1;
        void this.runBatch(name, batch).finally(() => {
          lane.running -= 1;
          this.startBatches(name, lane);
        });
      }
    });
  }

  /** Settles every waiting event with its own outcome: from the batch transaction, or alone if that failed. */
  private async runBatch(name: EventName, batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const outcomes = await this.handleBatch(
          name,
          batch.map((waiting) => waiting.envelope),
        );
        batch.forEach((waiting, index) => waiting.resolve(outcomes[index]));
        return;
      } catch (error) {
        this.logger.warn(
          { event: name, events: batch.length, err: (error as Error).message },
          'a batch of events failed; handling each on its own',
        );
      }
    }
    await Promise.all(batch.map((waiting) => this.handleOne(waiting.envelope).then(waiting.resolve, waiting.reject)));
  }

  /**
   * Several events of one batch-safe name in one transaction: their processed_event rows in one statement (in event
   * id order, the order two batches lock those keys in), the batch handler with the events new to the inbox, and
   * what it published in one outbox insert. Answers each event's outcome, in the order given. With tracing on, each
   * event has its consumer span `handle <event>` (child of its envelope's), and what is published for it is a child
   * of that span.
   */
  async handleBatch(name: EventName, envelopes: EventEnvelope[]): Promise<InboxOutcome[]> {
    const handler: BatchEventHandler | undefined = this.registry.batchHandlerFor(name);
    if (!handler) {
      throw new Error(`${this.options.service} has no batch handler for ${name}`);
    }
    const spans = envelopes.map((envelope) =>
      this.tracing.start(`handle ${name}`, {
        kind: SpanKind.CONSUMER,
        parent: envelope.traceParent ?? null,
        attributes: {
          ...this.spanAttributes(envelope),
          'messaging.batch.message_count': envelopes.length,
        },
      }),
    );
    try {
      // not in the context of whichever caller started the batch: each event's cause is named per published row.
      // Every event new to the inbox (the usual batch) is taken for granted first; a batch that had one seen
      // before is rolled back and handled again, the inbox rows read first
      const outcomes = await RequestContext.run({ requestId: null, causationId: null }, async () => {
        try {
          return await withTransaction(this.dataSource, (manager) =>
            this.handleInTransaction(manager, name, handler, envelopes, spans, 'all new'),
          );
        } catch (error) {
          if (!(error instanceof SeenBefore)) {
            throw error;
          }
          return withTransaction(this.dataSource, (manager) =>
            this.handleInTransaction(manager, name, handler, envelopes, spans, 'read first'),
          );
        }
      });
      outcomes.forEach((outcome, index) => {
        if (outcome === 'duplicate') {
          spans[index].span.setAttribute('countyflow.inbox.duplicate', true);
        }
      });
      return outcomes;
    } catch (error) {
      spans.forEach(({ span }) => failed(span, error));
      throw error;
    } finally {
      spans.forEach(({ span }) => span.end());
    }
  }

  /**
   * The batch's transaction: its processed_event rows in one statement (in event id order, the order two batches
   * lock those keys in), the batch handler with the events new to the inbox, and what it published in one outbox
   * insert. `all new`: where the connection can send a statement ahead, the inbox insert leaves with the handler's
   * first statement (one round trip less) and the handler takes every event as new; if one was not, the insert
   * answers fewer rows and the transaction fails with {@link SeenBefore}, so that the caller rolls it back and runs
   * it `read first`: the insert awaited, and the handler given only the new events.
   */
  private async handleInTransaction(
    manager: EntityManager,
    name: EventName,
    handler: BatchEventHandler,
    envelopes: EventEnvelope[],
    spans: ReturnType<Tracing['start']>[],
    mode: 'all new' | 'read first',
  ): Promise<InboxOutcome[]> {
    const ids = [...new Set(envelopes.map((envelope) => envelope.id.toLowerCase()))].sort();
    const text = `INSERT INTO processed_event (event_id, name) SELECT id, $2 FROM unnest($1::uuid[]) AS id
                  ON CONFLICT DO NOTHING RETURNING event_id`;
    const ahead =
      mode === 'all new' && ids.length === envelopes.length ? sendAhead(manager, text, [ids, name]) : undefined;
    let outcomes: InboxOutcome[];
    let handled: EventEnvelope[];
    if (ahead) {
      ahead.catch(() => undefined); // its failure is the next statement's (and so the transaction's)
      outcomes = envelopes.map(() => 'handled');
      handled = envelopes;
    } else {
      const inserted = await manager.query<{ event_id: string }[]>(text, [ids, name]);
      const fresh = new Set(inserted.map((row) => row.event_id));
      handled = [];
      outcomes = envelopes.map((envelope): InboxOutcome => {
        if (!fresh.delete(envelope.id.toLowerCase())) {
          return 'duplicate'; // handled before, or earlier in this batch
        }
        handled.push(envelope);
        return 'handled';
      });
    }
    if (handled.length > 0) {
      const traceOf = new Map(
        envelopes.map((envelope, index) => [envelope.id, traceparentOf(spans[index].span)] as const),
      );
      const contextOf = new Map(envelopes.map((envelope, index) => [envelope.id, spans[index].context]));
      const published: PreparedEvent[] = [];
      const seenBefore = async () => !!ahead && (await ahead).length < envelopes.length;
      const handling = handler(handled, {
        manager,
        publish: (cause, eventName, data) => {
          const event = this.prepare(cause, eventName, data, traceOf.get(cause.id) ?? null);
          published.push(event);
          return event.id;
        },
        as: (event, work) =>
          RequestContext.run({ requestId: event.correlationId, causationId: event.id }, () => {
            const active = contextOf.get(event.id);
            return active ? Tracing.within(active, work) : work();
          }),
      });
      try {
        await handling;
      } catch (error) {
        // a handler may refuse an event seen before (an order no longer placed, say): the batch is read first then
        throw (await seenBefore().catch(() => false)) ? new SeenBefore() : error;
      }
      if (await seenBefore()) {
        throw new SeenBefore(); // what the handler wrote for an event seen before must not stay: all of it goes
      }
      await this.publisher.publishPrepared(manager, published);
    }
    return outcomes;
  }

  /** An event published for `cause` in a batch: its cause, correlation and (tracing on) a producer span. */
  private prepare(cause: EventEnvelope, name: EventName, data: unknown, parent: string | null): PreparedEvent {
    let traceParent: string | null = null;
    if (this.tracing.enabled && parent) {
      const { span } = this.tracing.start(`publish ${name}`, {
        kind: SpanKind.PRODUCER,
        parent,
        attributes: {
          'messaging.system': 'countyflow-outbox',
          'messaging.operation.type': 'create',
          'messaging.destination.name': name,
        },
      });
      traceParent = traceparentOf(span);
      span.end();
    }
    return { id: randomUUID(), name, data, correlationId: cause.correlationId, causationId: cause.id, traceParent };
  }

  private spanAttributes(envelope: EventEnvelope): Record<string, string> {
    return {
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': inboxQueueName(this.options.service),
      'messaging.message.id': envelope.id,
    };
  }

  /**
   * Runs the handler for one event exactly once in effect, in a transaction of its own; with tracing on, in a
   * consumer span that is a child of the relay's span the envelope carries, so the handler joins the trace of the
   * request that caused the event.
   */
  handleOne(envelope: EventEnvelope): Promise<InboxOutcome> {
    const handler = this.registry.handlerFor(envelope.name);
    if (!handler) {
      return Promise.reject(new UnrecoverableError(`${this.options.service} has no handler for ${envelope.name}`));
    }
    return this.tracing.run(
      `handle ${envelope.name}`,
      { kind: SpanKind.CONSUMER, parent: envelope.traceParent ?? null, attributes: this.spanAttributes(envelope) },
      (span) =>
        RequestContext.run({ requestId: envelope.correlationId, causationId: envelope.id }, () =>
          withTransaction(this.dataSource, async (manager) => {
            const inserted = await manager.query<unknown[]>(
              `INSERT INTO processed_event (event_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
              [envelope.id, envelope.name],
            );
            if (inserted.length === 0) {
              span.setAttribute('countyflow.inbox.duplicate', true);
              return 'duplicate';
            }
            await handler(envelope.data, { manager, event: envelope });
            return 'handled';
          }),
        ),
    );
  }
}
