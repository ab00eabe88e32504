import { inboxQueueName, ServiceName } from '@countyflow/contracts';
import { Env, listen } from '@countyflow/kernel';
import {
  createTestDatabase,
  PgBouncer,
  TestDatabase,
  uniquePhone,
  uniqueQueuePrefix,
  waitFor,
} from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createCatalogApp } from '../../apps/catalog/src/catalog.app';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { createIdentityApp } from '../../apps/identity/src/identity.app';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { createLogisticsApp } from '../../apps/logistics/src/logistics.app';
import { loadLogisticsConfig } from '../../apps/logistics/src/logistics.config';
import { createOrdersApp } from '../../apps/orders/src/orders.app';
import { loadOrdersConfig } from '../../apps/orders/src/orders.config';
import { PASSWORD } from './actors';

export type BackendService = 'identity' | 'catalog' | 'orders' | 'logistics';

const FACTORIES: Record<BackendService, (env: Env) => Promise<NestFastifyApplication>> = {
  identity: (env) => createIdentityApp(loadIdentityConfig(env, { port: 0 })),
  catalog: (env) => createCatalogApp(loadCatalogConfig(env, { port: 0 })),
  orders: (env) => createOrdersApp(loadOrdersConfig(env, { port: 0 })),
  logistics: (env) => createLogisticsApp(loadLogisticsConfig(env, { port: 0 })),
};

export interface Platform {
  db: TestDatabase;
  env: Env;
  apps: Partial<Record<BackendService, NestFastifyApplication>>;
  urls: Partial<Record<BackendService | 'gateway', string>>;
  /**
   * Resolves once nothing is in flight between the booted services: no unpublished outbox row, and no job waiting,
   * active or delayed (a retry) on their inbox queues, twice in a row. Fails, naming what is still busy, after
   * `timeoutMs`.
   */
  idle(timeoutMs?: number): Promise<void>;
  /** The events any service gave up on (its dead-letter list), as `schema: event (error)`. */
  deadLetters(): Promise<string[]>;
  /** Stops everything; fails (after cleaning up) when a service dead-lettered an event during the file. */
  stop(): Promise<void>;
}

export interface PlatformOptions {
  services: BackendService[];
  /** Extra settings, e.g. lower rate limits. */
  env?: Env;
  /** The file provokes dead letters on purpose: stop() does not fail on them. */
  allowDeadLetters?: boolean;
  /** A database of the file's own to run on (e.g. a copy of the seeded demo county); a fresh clone of the template by default. */
  database?: TestDatabase;
  /**
   * Run the services' pools through this PgBouncer (transaction mode), with DATABASE_DIRECT_URL straight to the
   * database for their LISTEN clients; the platform's own checks (idle, dead letters) still connect directly.
   */
  pooler?: PgBouncer;
  /**
   * Boot identity without a first platform admin. By default identity appoints one itself from PLATFORM_ADMIN_*
   * (a phone of the file's own, the tests' PASSWORD), as in a deployment; `platformAdmin()` logs in as them.
   */
  withoutPlatformAdmin?: boolean;
}

const SCHEMAS: Record<BackendService, ServiceName> = {
  identity: ServiceName.Identity,
  catalog: ServiceName.Catalog,
  orders: ServiceName.Orders,
  logistics: ServiceName.Logistics,
};

/**
 * Boots real services in this process on free ports, against a fresh database cloned from the migrated template
 * and a Redis key prefix of their own, so test files never see each other's data or queues.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const db = options.database ?? (await createTestDatabase(process.env));
  const env: Env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: options.pooler ? options.pooler.url(db.url) : db.url,
    DATABASE_DIRECT_URL: db.url,
    // two test files run at once, each with four services, on one server with max_connections 100
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: uniqueQueuePrefix(),
    // The relays are woken by NOTIFY on every commit; their poll is only a fallback, so the tests poll at production's
    // default (1000 ms). At 200 ms the four relays' polls (a sweep and a pending count each) were ~40 of the ~53
    // transactions a second an idle platform ran.
    // an event that arrives before what it depends on is retried at 50 ms, 100 ms, 200 ms… for about 100 s in all:
    // longer than any wait in the tests, so a slow machine cannot turn a late event into a dead letter
    EVENT_MAX_ATTEMPTS: '12',
    EVENT_BACKOFF_MS: '50',
    MIGRATE_ON_BOOT: 'false',
    // every test registers its actors through SMS codes asked from 127.0.0.1
    SMS_CODE_LIMIT_PER_IP: '100000',
    // photos of this file's services, in a directory of their own, removed at the end
    MEDIA_DIR: join(tmpdir(), `countyflow-media-${db.name}`),
    ...(!options.withoutPlatformAdmin && { PLATFORM_ADMIN_PHONE: uniquePhone(), PLATFORM_ADMIN_PASSWORD: PASSWORD }),
    ...options.env,
  };
  const apps: Platform['apps'] = {};
  const urls: Platform['urls'] = {};
  const deadLetters = () => deadLettersIn(db.url);
  const idle = (timeoutMs?: number) =>
    waitUntilIdle(db.url, env, Object.keys(apps) as BackendService[], timeoutMs ?? 30_000);
  const stop = async () => {
    const dead = options.allowDeadLetters ? [] : await deadLetters().catch(() => []);
    for (const app of Object.values(apps)) {
      await app.close();
    }
    await cleanRedis(env.REDIS_URL!, env.QUEUE_PREFIX!);
    await db.drop();
    await rm(env.MEDIA_DIR!, { recursive: true, force: true });
    if (dead.length > 0) {
      throw new Error(`events were dead-lettered during this file:\n${dead.join('\n')}`);
    }
  };
  try {
    for (const service of options.services) {
      const app = await FACTORIES[service](env);
      apps[service] = app;
      urls[service] = await listen(app, 0);
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { db, env, apps, urls, idle, deadLetters, stop };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function deadLettersIn(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const found: string[] = [];
    for (const schema of Object.values(SCHEMAS)) {
      const { rows } = await client.query<{ name: string; error: string }>(
        `SELECT name, error FROM "${schema}".dead_letter WHERE status = 'dead' ORDER BY failed_at`,
      );
      found.push(...rows.map((row) => `${schema}: ${row.name} (${row.error})`));
    }
    return found;
  });
}

/** What is in flight between the given services: unpublished outbox rows and unfinished inbox jobs. */
async function activity(client: Client, queues: Queue[], services: BackendService[]): Promise<string[]> {
  const busy: string[] = [];
  for (const queue of queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    if (total > 0) {
      busy.push(`${queue.name}: ${JSON.stringify(counts)}`);
    }
  }
  for (const service of services) {
    const { rows } = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "${SCHEMAS[service]}".outbox WHERE published_at IS NULL`,
    );
    if (rows[0].count > 0) {
      busy.push(`${SCHEMAS[service]} outbox: ${rows[0].count} unpublished`);
    }
  }
  return busy;
}

async function waitUntilIdle(url: string, env: Env, services: BackendService[], timeoutMs: number): Promise<void> {
  const connection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  const queues = services.map(
    (service) => new Queue(inboxQueueName(SCHEMAS[service]), { connection, prefix: env.QUEUE_PREFIX }),
  );
  try {
    await withClient(url, async (client) => {
      let quietBefore = false;
      let busy: string[] = [];
      await waitFor(
        async () => {
          busy = await activity(client, queues, services);
          const quiet = busy.length === 0;
          // a handler may commit its own outbox row between the two reads of one look: two quiet looks in a row
          const settled = quiet && quietBefore;
          quietBefore = quiet;
          return settled;
        },
        { timeoutMs, intervalMs: 100, what: 'the services to be idle' },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; still busy: ${busy.join('; ')}`);
      });
    });
  } finally {
    for (const queue of queues) {
      await queue.close();
    }
    connection.disconnect();
  }
}

/** Deletes every key a test run made under its prefix. */
export async function cleanRedis(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
