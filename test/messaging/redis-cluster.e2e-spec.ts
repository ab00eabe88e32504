import { ServiceName, tasksQueueName } from '@countyflow/contracts';
import { AttemptLimiter, DevSmsOutbox, redisHashSlot, SmsTemplate } from '@countyflow/kernel';
import { uniqueQueuePrefix, waitFor } from '@countyflow/testing';
import { Queue, Worker } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rateLimitTag } from '../../apps/identity/src/account/rate-limiter';
import { freePort, RedisServer } from '../support/messaging-harness';

jest.setTimeout(120_000);

/**
 * A Redis Cluster of three masters of its own (redis-server --cluster-enabled, never the machine's Redis): what our
 * key scheme puts in one command or script must be accepted there. BullMQ's queues and job schedulers run under a
 * hash-tagged prefix; identity's rate-limit script and the dev SMS outbox's MULTI run on their keys. A script over
 * keys in two slots is refused by the cluster (CROSSSLOT), which is what the tags prevent.
 */
describe('on a three-node Redis Cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-cluster-'));
  const nodes: RedisServer[] = [];
  let cluster: Cluster;

  beforeAll(async () => {
    for (let i = 0; i < 3; i += 1) {
      nodes.push(
        await RedisServer.start([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${i}.conf`),
          '--cluster-port',
          String(await freePort()),
          '--cluster-node-timeout',
          '2000',
          '--dir',
          dir,
        ]),
      );
    }
    execFileSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map(({ port }) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { stdio: 'ignore' },
    );
    for (const { url } of nodes) {
      const node = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        await waitFor(async () => (await node.cluster('INFO')).includes('cluster_state:ok'), {
          timeoutMs: 20_000,
          what: 'the cluster to be ready',
        });
      } finally {
        node.disconnect();
      }
    }
    cluster = new Cluster(
      nodes.map(({ port }) => ({ host: '127.0.0.1', port })),
      { redisOptions: { maxRetriesPerRequest: null } },
    );
  });

  afterAll(async () => {
    cluster?.disconnect();
    for (const node of nodes) {
      await node.kill();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a script over keys in two slots, so the tags matter', async () => {
    expect(redisHashSlot('cf:a')).not.toBe(redisHashSlot('cf:b'));
    await expect(cluster.eval('return 1', 2, 'cf:a', 'cf:b')).rejects.toThrow(/CROSSSLOT/);
  });

  it('runs a BullMQ job scheduler and its jobs under a hash-tagged prefix', async () => {
    const prefix = `{${uniqueQueuePrefix()}}`;
    const name = tasksQueueName(ServiceName.Orders);
    const queue = new Queue(name, { connection: cluster, prefix });
    const rounds: string[] = [];
    const worker = new Worker(name, (job) => Promise.resolve(void rounds.push(job.name)), {
      connection: cluster,
      prefix,
    });
    try {
      await queue.upsertJobScheduler('refunds', { every: 200 }, { name: 'refunds', opts: { removeOnComplete: true } });
      await queue.add('once', {}, { removeOnComplete: true });
      await waitFor(() => Promise.resolve(rounds.filter((round) => round === 'refunds').length >= 3 && rounds), {
        what: 'three scheduled rounds on the cluster',
      });
      expect(rounds).toContain('once');
      expect((await queue.getJobSchedulers()).map(({ key }) => key)).toEqual(['refunds']);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });

  it('decides a burst of login attempts with the rate-limit script across its tagged keys', async () => {
    const limiter = new AttemptLimiter(cluster as unknown as Redis);
    const tag = rateLimitTag('{cf}', 'login');
    const limits = [
      { key: `${tag}:13800000000@203.0.113.7:phone-ip`, limit: 5 },
      { key: `${tag}:203.0.113.7:ip`, limit: 50 },
    ];
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => limiter.reserve(limits, 60)));
    expect(verdicts.filter(({ allowed }) => allowed)).toHaveLength(5);
    await limiter.refund(limits);
    expect(await cluster.get(limits[0].key)).toBe('4');
  });

  it('keeps the development SMS outbox (a MULTI on one key)', async () => {
    const outbox = new DevSmsOutbox(cluster as unknown as Redis, '{cf}');
    await outbox.send({ phone: '13800000000', template: SmsTemplate.VerificationCode, params: {}, text: '验证码 1' });
    expect((await outbox.list('13800000000')).map(({ text }) => text)).toEqual(['验证码 1']);
  });
});
