import { LOGGER } from '@countyflow/kernel';
import { createProducerConnection, createWorkerConnection, ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { OrderRepository } from '../order/order.repository';
import { OrderWorkflow } from '../order/order.workflow';
import { OrdersConfig } from '../orders.config';

export const EXPIRY_QUEUE = 'orders-expiry';
const BATCH = 200;

interface ExpiryJob {
  orderId: string;
}

export const expiryJobId = (orderId: string): string => `expire-${orderId}`;

/**
 * Unpaid orders expire by a BullMQ delayed job. The job is not enqueued from inside the transaction that made the
 * order await payment (it could fire before that commits, or be lost if the commit fails); instead that transaction
 * leaves `expiry_scheduled = false`, and this scheduler hands such orders to the queue and marks them in one
 * transaction, like the outbox relay. If Redis is down the marks roll back and the next round tries again; the
 * ExpirySweeper catches anything a lost job would have missed.
 */
@Injectable()
export class ExpiryQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: ScheduledTask;
  private queue?: Queue<ExpiryJob>;
  private worker?: Worker<ExpiryJob>;
  private producer?: Redis;
  private consumer?: Redis;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    scheduler: TaskScheduler,
    private readonly config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('expiry-schedule', config.expiryScheduleIntervalMs, () => this.scheduleAll());
  }

  onApplicationBootstrap(): void {
    this.producer = createProducerConnection(this.config.redisUrl, 'orders-expiry-producer');
    this.producer.on('error', () => undefined);
    this.consumer = createWorkerConnection(this.config.redisUrl, 'orders-expiry-worker');
    this.worker = new Worker<ExpiryJob>(EXPIRY_QUEUE, (job) => this.expire(job), {
      connection: this.consumer,
      prefix: this.config.queuePrefix,
      concurrency: 4,
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'expiry worker connection problem'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close().catch(() => undefined);
    this.consumer?.disconnect();
    this.producer?.disconnect();
  }

  /** Hands every order that awaits payment without a queued expiry job to the queue; returns how many. */
  async scheduleAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const scheduled = await this.db.withTransaction(async (manager) => {
        const due = await this.orders.claimUnscheduledExpiries(manager, BATCH);
        if (due.length === 0) {
          return 0;
        }
        const now = Date.now();
        await this.queueForAdding().addBulk(
          due.map(({ id, paymentDueAt }) => ({
            name: 'expire',
            data: { orderId: id },
            opts: {
              jobId: expiryJobId(id),
              delay: Math.max(0, paymentDueAt.getTime() - now),
              attempts: 5,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: true,
              removeOnFail: { age: 7 * 24 * 3600 },
            },
          })),
        );
        return due.length;
      });
      total += scheduled;
      if (scheduled < BATCH) {
        return total;
      }
    }
  }

  /**
   * BullMQ keeps the first failure of a queue's connection setup for good, so the queue is made only once the
   * producer connection is ready, and made again after a failed add.
   */
  private queueForAdding(): Queue<ExpiryJob> {
    if (this.producer?.status !== 'ready') {
      throw new Error('Redis is not reachable; expiry jobs will be queued when it is');
    }
    if (!this.queue) {
      const queue = new Queue<ExpiryJob>(EXPIRY_QUEUE, { connection: this.producer, prefix: this.config.queuePrefix });
      queue.on('error', () => {
        if (this.queue === queue) {
          this.queue = undefined;
          void queue.close().catch(() => undefined);
        }
      });
      this.queue = queue;
    }
    return this.queue;
  }

  private async expire(job: Job<ExpiryJob>): Promise<string> {
    const result = await this.db.withTransaction((manager) => this.workflow.expire(manager, job.data.orderId));
    // not applied: paid, cancelled or already expired meanwhile, or not yet due (the sweeper will get it)
    return result.applied ? 'expired' : `not expired (${result.current ?? 'unknown order'})`;
  }
}
