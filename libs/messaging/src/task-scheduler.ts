import { tasksQueueName } from '@countyflow/contracts';
import { CommonConfig, LOGGER, Metrics, runsEvents } from '@countyflow/kernel';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { createWorkerConnection } from './queue-connection';
import { ScheduledTask } from './scheduled-task';

const SCHEDULER_CHECK_MS = 60_000;

/**
 * The recurring work of one service as BullMQ job schedulers (`upsertJobScheduler`), one per task, on the queue
 * `tasks-<service>`. A scheduler keeps one job per period in Redis however many processes upsert it, and a job is
 * taken by one worker, so with N replicas each round runs once, not N times. Processes of the `worker` and `all`
 * roles consume the queue; `api` processes only nudge their own tasks after a commit. Tasks are registered in
 * providers' constructors (`task(...)`), so all are known when the application boots.
 */
@Injectable()
export class TaskScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly tasks = new Map<string, ScheduledTask>();
  private connection?: Redis;
  private queue?: Queue;
  private worker?: Worker;
  private stopped = false;
  private scheduling?: Promise<void>;
  private checkTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: CommonConfig,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Registers a recurring task (`everyMs` 0: none is scheduled; it still runs when nudged or run by hand). */
  task(name: string, everyMs: number, work: () => Promise<unknown>): ScheduledTask {
    if (this.tasks.has(name)) {
      throw new Error(`the scheduled task ${name} is registered twice`);
    }
    const task = new ScheduledTask(name, everyMs, work, this.logger, (outcome) =>
      this.metrics?.taskRounds.inc({ task: name, outcome }),
    );
    this.tasks.set(name, task);
    return task;
  }

  onApplicationBootstrap(): void {
    if (this.options.tasks === false || !runsEvents(this.config.serviceRole ?? 'all')) {
      return;
    }
    this.start();
  }

  /** Consumes the task queue and makes its schedulers match the registered tasks (tests may start one by hand). */
  start(): void {
    this.stopped = false;
    const queueName = tasksQueueName(this.options.service);
    this.connection = createWorkerConnection(this.config.redisUrl, `${this.options.service}-tasks`);
    this.queue = new Queue(queueName, { connection: this.connection, prefix: this.config.queuePrefix });
    this.queue.on('error', () => undefined);
    this.worker = new Worker(queueName, (job: Job) => this.round(job), {
      connection: this.connection,
      prefix: this.config.queuePrefix,
      concurrency: Math.max(1, this.tasks.size),
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'task worker connection problem'));
    // a Redis that restarted without its data has lost the schedulers: put them back when it returns, and check now
    // and then (in-process housekeeping, cheap when nothing changed)
    this.connection.on('ready', () => this.resync());
    this.checkTimer = setInterval(() => this.resync(), SCHEDULER_CHECK_MS);
    this.checkTimer.unref();
    this.resync();
  }

  /** Resolves once the schedulers in Redis match the registered tasks (tests wait for it). */
  async scheduled(): Promise<void> {
    await this.scheduling;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.checkTimer);
    await this.scheduling;
    await Promise.all([...this.tasks.values()].map((task) => task.stop()));
    await this.worker?.close();
    await this.queue?.close().catch(() => undefined);
    this.connection?.disconnect();
    this.worker = undefined;
    this.queue = undefined;
  }

  private async round(job: Job): Promise<void> {
    const task = this.tasks.get(job.name);
    if (!task) {
      return; // a scheduler of a task this version no longer has; the next boot of a current process removes it
    }
    await task.scheduledRound();
  }

  /** Redis may be down at boot: this never holds the boot, and a failed check is tried again on reconnect. */
  private resync(): void {
    if (this.stopped || this.scheduling) {
      return;
    }
    this.scheduling = this.syncSchedulers()
      .catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'cannot set up the job schedulers yet; will retry'),
      )
      .finally(() => {
        this.scheduling = undefined;
      });
  }

  /**
   * Upserts a scheduler per task whose period changed (every replica boots with the same settings, so most find
   * theirs in place and write nothing) and removes the schedulers of tasks that are gone or switched off.
   */
  private async syncSchedulers(): Promise<void> {
    const queue = this.queue!;
    const existing = new Map((await queue.getJobSchedulers()).map((scheduler) => [scheduler.key, scheduler]));
    for (const task of this.tasks.values()) {
      if (task.everyMs <= 0 || Number(existing.get(task.name)?.every) === task.everyMs) {
        continue;
      }
      // the first round one period from now, as a timer's would be (BullMQ's default is at once, which would run every
      // sweep at each deployment's first boot, and at every test's)
      await queue.upsertJobScheduler(
        task.name,
        { every: task.everyMs, startDate: Date.now() + task.everyMs },
        { name: task.name, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
      );
    }
    for (const key of existing.keys()) {
      if (!((this.tasks.get(key)?.everyMs ?? 0) > 0)) {
        await queue.removeJobScheduler(key);
      }
    }
  }
}
