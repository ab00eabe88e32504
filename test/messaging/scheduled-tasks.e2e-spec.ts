import { ServiceName, tasksQueueName } from '@countyflow/contracts';
import { CommonConfig, redisHashSlot } from '@countyflow/kernel';
import { MessagingRetention, TaskScheduler } from '@countyflow/messaging';
import { uniqueQueuePrefix, waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { cleanRedisPrefix, MessagingHarness, ProbeApp } from '../support/messaging-harness';

jest.setTimeout(120_000);

const EVERY_MS = 250;

/**
 * Recurring work is a BullMQ job scheduler per task (`TaskScheduler`): with any number of replicas, each period's
 * round runs in one of them. Two copies of the service share one database and one queue prefix, as replicas do.
 */
describe('scheduled tasks across replicas', () => {
  let harness: MessagingHarness;
  let replicas: ProbeApp[];

  beforeAll(async () => {
    harness = await MessagingHarness.create({ env: { MESSAGING_RETENTION_INTERVAL_MS: String(EVERY_MS) } });
    replicas = [await harness.startApp({ name: 'replica-1' }), await harness.startApp({ name: 'replica-2' })];
  });

  afterAll(() => harness.stop());

  it('runs each round of a task once, not once per replica', async () => {
    const rounds = replicas.map((replica) => jest.spyOn(replica.app.get(MessagingRetention), 'prune'));
    const started = Date.now();
    const total = () => rounds.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    await waitFor(async () => Promise.resolve(total() >= 8), { timeoutMs: 60_000, what: 'eight retention rounds' });
    const elapsed = Date.now() - started;
    const counted = total();
    for (const spy of rounds) {
      spy.mockRestore();
    }
    // one round per period at most (+1 for a round already due when counting began, +1 for the period under way);
    // a timer in each replica would have run about twice as many
    expect(counted).toBeLessThanOrEqual(Math.floor(elapsed / EVERY_MS) + 2);
    // operators see the rounds each process ran in /metrics
    const ran = await Promise.all(
      replicas.map(async ({ url }) =>
        (await (await fetch(`${url}/metrics`)).text())
          .split('\n')
          .filter((line) => line.startsWith('scheduled_task_rounds_total{'))
          .filter((line) => line.includes('task="messaging-retention"') && line.includes('outcome="ok"'))
          .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0),
      ),
    );
    expect(ran[0] + ran[1]).toBeGreaterThanOrEqual(counted);
    const queue = new Queue(tasksQueueName(ServiceName.Catalog), {
      connection: new Redis(harness.redisUrl, { maxRetriesPerRequest: null }),
      prefix: harness.queuePrefix,
    });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map(({ key, every }) => ({ key, every: Number(every) }))).toEqual([
        { key: 'messaging-retention', every: EVERY_MS },
      ]);
    } finally {
      await queue.close();
      await queue.disconnect();
    }
  });
});

describe(TaskScheduler.name, () => {
  // braces: the prefix is a Redis Cluster hash tag, as in production
  const prefix = `{${uniqueQueuePrefix()}}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const config = { redisUrl, queuePrefix: prefix, serviceRole: 'all' } as CommonConfig;
  const logger = pino({ level: 'silent' });
  const schedulers: TaskScheduler[] = [];
  const scheduler = () => {
    const sut = new TaskScheduler(config, { service: ServiceName.Logistics }, logger);
    schedulers.push(sut);
    return sut;
  };

  afterAll(async () => {
    await Promise.all(schedulers.map((sut) => sut.stop()));
    await cleanRedisPrefix(redisUrl, prefix);
  });

  it('keeps the schedulers in Redis to the registered tasks, and every key of the queue in one cluster slot', async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(tasksQueueName(ServiceName.Logistics), { connection: redis, prefix });
    try {
      await queue.upsertJobScheduler('a-task-no-longer-here', { every: 60_000 });
      const sut = scheduler();
      let ran = 0;
      sut.task('sweep', 300, () => Promise.resolve((ran += 1)));
      sut.task('switched-off', 0, () => Promise.resolve());
      sut.start();
      await sut.scheduled();
      const kept = await queue.getJobSchedulers();
      expect(kept.map(({ key, every }) => ({ key, every: Number(every) }))).toEqual([{ key: 'sweep', every: 300 }]);
      await waitFor(() => Promise.resolve(ran >= 1), { what: 'the first scheduled round, one period after' });

      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        keys.push(...found);
        cursor = next;
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(2);
      expect(new Set(keys.map(redisHashSlot)).size).toBe(1);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it('runs a nudged round in the process at once, coalesces nudges, and takes none while stopped', async () => {
    const sut = scheduler();
    let rounds = 0;
    let release: () => void = () => undefined;
    const task = sut.task('nudged', 0, async () => {
      rounds += 1;
      await new Promise<void>((resolve) => (release = resolve));
    });
    task.nudge();
    task.nudge();
    task.nudge();
    expect(rounds).toBe(1);
    release();
    await waitFor(() => Promise.resolve(rounds === 2), { what: 'the one round the nudges during the first asked for' });
    release();
    await task.idle();
    expect(rounds).toBe(2);

    await task.stop();
    task.nudge();
    await task.scheduledRound();
    expect(rounds).toBe(2);
    task.start();
    task.nudge();
    release();
    await task.idle();
    expect(rounds).toBe(3);
  });
});
