import { EventEnvelope, eventsRoutedTo, inboxQueueName } from '@countyflow/contracts';
import { CommonConfig, LOGGER, Metrics, RequestContext, runsEvents, SpanKind, Tracing } from '@countyflow/kernel';
import { withTransaction } from '@countyflow/persistence';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DeadLetterService } from './dead-letter.service';
import { HandlerRegistry } from './handler-registry';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { createWorkerConnection } from './queue-connection';

export type InboxOutcome = 'handled' | 'duplicate';

/**
 * Consumes this service's inbox queue. Each event runs in one transaction with its `processed_event` row, so a
 * redelivered event finds the row and changes nothing. A failure is retried with backoff; after the last attempt
 * (or at once for an `UnrecoverableError`) the event is written to the dead-letter table.
 */
@Injectable()
export class InboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private connection?: Redis;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly registry: HandlerRegistry,
    private readonly deadLetters: DeadLetterService,
    private readonly config: CommonConfig,
    private readonly metrics: Metrics,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tracing: Tracing,
  ) {}

  onApplicationBootstrap(): void {
    if (
      this.options.worker === false ||
      !runsEvents(this.config.serviceRole ?? 'all') ||
      eventsRoutedTo(this.options.service).length === 0
    ) {
      return;
    }
    this.connection = createWorkerConnection(this.config.redisUrl, `${this.options.service}-inbox`);
    this.worker = new Worker(inboxQueueName(this.options.service), (job: Job<EventEnvelope>) => this.process(job), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: this.options.concurrency ?? this.config.inboxConcurrency ?? 8,
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'inbox worker connection problem'));
    this.worker.on('failed', (job, error) => void this.recordIfLost(job, error));
  }

  /**
   * BullMQ can fail a job without running it (stalled too often), and writing the dead letter inside `process` can
   * itself fail; either way the job ends in BullMQ's failed set, and this records it as a dead letter too.
   */
  private async recordIfLost(job: Job<EventEnvelope> | undefined, error: Error): Promise<void> {
    if (!job || (job.attemptsMade < (job.opts.attempts ?? 1) && !(error instanceof UnrecoverableError))) {
      return;
    }
    try {
      await this.deadLetters.record(job.data, error, job.attemptsMade);
    } catch (recordError) {
      this.logger.error(
        { eventId: job.data.id, err: (recordError as Error).message },
        'could not record a dead letter; the job stays in the failed set of the queue',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }

  async process(job: Job<EventEnvelope>): Promise<InboxOutcome> {
    const envelope = job.data;
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
   * Runs the handler for one event exactly once in effect; with tracing on, in a consumer span that is a child of
   * the relay's span the envelope carries, so the handler joins the trace of the request that caused the event.
   */
  handle(envelope: EventEnvelope): Promise<InboxOutcome> {
    const handler = this.registry.handlerFor(envelope.name);
    if (!handler) {
      return Promise.reject(new UnrecoverableError(`${this.options.service} has no handler for ${envelope.name}`));
    }
    const attributes = {
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': inboxQueueName(this.options.service),
      'messaging.message.id': envelope.id,
    };
    return this.tracing.run(
      `handle ${envelope.name}`,
      { kind: SpanKind.CONSUMER, parent: envelope.traceParent ?? null, attributes },
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
