import { EventEnvelope, inboxQueueName } from '@countyflow/contracts';
import { CommonConfig, Problem } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DeadLetter, DeadLetterStatus } from './messaging.entities';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { jobOptionsFor } from './outbox-relay';
import { createProducerConnection } from './queue-connection';

const REDIS_WAIT_MS = 3000;

function within<T>(promise: Promise<T>, ms: number, failure: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${failure} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Dead-lettered events of this service, kept in PostgreSQL so that they survive a Redis restart. */
@Injectable()
export class DeadLetterService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: CommonConfig,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async record(envelope: EventEnvelope, error: unknown, attempts: number): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.dataSource.query(
      `INSERT INTO dead_letter (event_id, name, envelope, error, attempts, status)
       VALUES ($1, $2, $3, $4, $5, 'dead')
       ON CONFLICT (event_id) WHERE status = 'dead'
       DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, failed_at = now()`,
      [envelope.id, envelope.name, JSON.stringify(envelope), message.slice(0, 4000), attempts],
    );
  }

  list(status?: DeadLetterStatus, limit = 100): Promise<DeadLetter[]> {
    return this.dataSource.getRepository(DeadLetter).find({
      where: status ? { status } : {},
      order: { failedAt: 'DESC' },
      take: limit,
    });
  }

  /** Puts the event back on this service's inbox queue; the handler runs again with a fresh set of attempts. */
  replay(id: string): Promise<DeadLetter> {
    // The letter stays locked until it is marked replayed: a second replay of it waits and then gets a 409, and a
    // replay that fails again at once records a new letter (its insert waits for this) instead of updating this one.
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(DeadLetter);
      const letter = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!letter) {
        throw new Problem(404, 'dead-letter-not-found', `no dead letter ${id} in ${this.options.service}`);
      }
      if (letter.status !== DeadLetterStatus.Dead) {
        throw new Problem(
          409,
          'already-replayed',
          `dead letter ${id} was already replayed at ${letter.replayedAt?.toISOString()}`,
        );
      }
      const envelope = letter.envelope as EventEnvelope;
      const connection = createProducerConnection(this.config.redisUrl, `${this.options.service}-replay`);
      const queue = new Queue(inboxQueueName(this.options.service), {
        connection,
        prefix: this.config.queuePrefix,
      });
      // connection failures surface as the 503 below, not as unhandled 'error' events printed to the console
      connection.on('error', () => undefined);
      queue.on('error', () => undefined);
      try {
        // one job id per letter: an event dead-lettered again after a replay gets a new letter, so a new job
        const jobId = `${envelope.id}-replay-${letter.id}`;
        await within(queue.waitUntilReady(), REDIS_WAIT_MS, 'Redis did not answer'); // else it waits for Redis forever
        await queue.add(envelope.name, envelope, jobOptionsFor(envelope.name, this.config, jobId));
      } catch (error) {
        throw new Problem(503, 'queue-unavailable', `could not enqueue the replay: ${(error as Error).message}`);
      } finally {
        await queue.close().catch(() => undefined);
        connection.disconnect();
      }
      letter.status = DeadLetterStatus.Replayed;
      letter.replayCount += 1;
      letter.replayedAt = new Date();
      return repository.save(letter);
    });
  }
}
