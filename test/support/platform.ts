import { Env, listen } from '@countyflow/kernel';
import { createTestDatabase, TestDatabase, uniqueQueuePrefix } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { createCatalogApp } from '../../apps/catalog/src/catalog.app';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { createIdentityApp } from '../../apps/identity/src/identity.app';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { createLogisticsApp } from '../../apps/logistics/src/logistics.app';
import { loadLogisticsConfig } from '../../apps/logistics/src/logistics.config';
import { createOrdersApp } from '../../apps/orders/src/orders.app';
import { loadOrdersConfig } from '../../apps/orders/src/orders.config';

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
  stop(): Promise<void>;
}

export interface PlatformOptions {
  services: BackendService[];
  /** Extra settings, e.g. lower rate limits. */
  env?: Env;
}

/**
 * Boots real services in this process on free ports, against a fresh database cloned from the migrated template
 * and a Redis key prefix of their own, so test files never see each other's data or queues.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const db = await createTestDatabase(process.env);
  const env: Env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    // two test files run at once, each with four services, on one server with max_connections 100
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: uniqueQueuePrefix(),
    OUTBOX_POLL_INTERVAL_MS: '200',
    EVENT_MAX_ATTEMPTS: '3',
    EVENT_BACKOFF_MS: '50',
    MIGRATE_ON_BOOT: 'false',
    ...options.env,
  };
  const apps: Platform['apps'] = {};
  const urls: Platform['urls'] = {};
  const stop = async () => {
    for (const app of Object.values(apps)) {
      await app.close();
    }
    await cleanRedis(env.REDIS_URL!, env.QUEUE_PREFIX!);
    await db.drop();
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
  return { db, env, apps, urls, stop };
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
