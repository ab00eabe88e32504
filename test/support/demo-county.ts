import { Env } from '@countyflow/kernel';
import {
  cloneTemplate,
  createTestDatabase,
  databaseUrl,
  dropDatabase,
  runPrefix,
  TestDatabase,
  testServerUrl,
  uniqueQueuePrefix,
} from '@countyflow/testing';
import { Client } from 'pg';
import { seedDemo, SeedReport } from '../../seeds';
import { cleanRedis } from './platform';

/**
 * The settings the demo county is seeded with in tests: two months of past trade instead of thirteen (the same
 * import, a tenth of the orders; the full year is imported by test/orders and test/logistics figures).
 */
export const DEMO_SEED_ENV: Env = {
  NODE_ENV: 'test',
  SEED_LOG_LEVEL: 'silent',
  SEED_HISTORY_MONTHS: '2',
};

export interface DemoCounty {
  /** This file's own copy of the seeded county. */
  db: TestDatabase;
  /** What the one real seed of the run reported (on an empty database). */
  report: SeedReport;
}

/**
 * The demo county, seeded once per run: the first file that asks seeds it into a database of the run's own
 * (`<template>_demo`, holding the seed's report as its comment) while the others wait on an advisory lock, and every
 * file then works on its own clone of it. Seeding takes a minute of the CPU; the seed test and the demo-landing
 * browser test used to pay it each. The seed runs with its services stopped at its end and nobody connected, so the
 * clone is what `npm run seed` leaves (its Redis keys apart, which it removes: nothing is left in flight once the
 * seed has waited for its events).
 */
export async function demoCounty(env: Record<string, string | undefined> = process.env): Promise<DemoCounty> {
  const serverUrl = testServerUrl(env);
  const seeded = `${runPrefix(env)}demo`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // one seeding at a time: the others wait, then find the database made
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [seeded]);
    const { rows } = await admin.query<{ report: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS report FROM pg_database WHERE datname = $1`,
      [seeded],
    );
    let report: SeedReport;
    if (rows[0]?.report) {
      report = JSON.parse(rows[0].report) as SeedReport;
    } else {
      report = await seedOnce(serverUrl, seeded, env, rows.length > 0);
      await admin.query(`COMMENT ON DATABASE "${seeded}" IS ${literal(JSON.stringify(report))}`);
    }
    return { db: await createTestDatabase(env, seeded), report };
  } finally {
    await admin.end();
  }
}

async function seedOnce(serverUrl: string, name: string, env: Env, leftOver: boolean): Promise<SeedReport> {
  if (leftOver) {
    // a seeding that failed (or was killed) before it wrote its report
    await dropDatabase(serverUrl, name);
  }
  await cloneTemplate(serverUrl, env, name);
  const seedEnv: Env = {
    ...DEMO_SEED_ENV,
    REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: uniqueQueuePrefix(),
  };
  try {
    return await seedDemo(databaseUrl(serverUrl, name), () => undefined, { env: seedEnv });
  } catch (error) {
    await dropDatabase(serverUrl, name).catch(() => undefined);
    throw error;
  } finally {
    await cleanRedis(seedEnv.REDIS_URL!, seedEnv.QUEUE_PREFIX!);
  }
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
