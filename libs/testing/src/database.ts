import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The environment the test run was started with; the callers in test/ pass the process environment. */
export type TestEnv = Record<string, string | undefined>;

/** The server the tests use; only databases named `countyflow_test_*` are ever created or dropped on it. */
export function testServerUrl(env: TestEnv): string {
  return env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The migrated template this test run clones. Each run has its own (named in the environment by the global
 * setup), so two runs on one machine never drop each other's template.
 */
export function templateDatabase(env: TestEnv): string {
  return env.COUNTYFLOW_TEST_TEMPLATE ?? 'countyflow_test_template';
}

async function withAdmin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.startsWith('countyflow_test_')) {
    throw new Error(`refusing to drop ${name}: tests only drop countyflow_test_* databases`);
  }
  await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createEmptyDatabase(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name);
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(serverUrl, name);
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Clones the migrated template into `name`, waiting while another worker is cloning it at the same instant. */
async function cloneTemplate(serverUrl: string, env: TestEnv, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(serverUrl, (client) =>
        client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase(env)}"`),
      );
      return;
    } catch (error) {
      // PostgreSQL refuses a template while another session is connected to it (another clone in progress)
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** A fresh database cloned from the migrated template: every test file gets its own, dropped afterwards. */
export async function createTestDatabase(env: TestEnv): Promise<TestDatabase> {
  const serverUrl = testServerUrl(env);
  const name = `countyflow_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await cloneTemplate(serverUrl, env, name);
  return { name, url: databaseUrl(serverUrl, name), drop: () => dropDatabase(serverUrl, name) };
}

const workerPrefix = (env: TestEnv): string => `${templateDatabase(env)}_worker_`;

/**
 * The clone of the template that every file of one Jest worker shares (the medium tier): cloned by the worker's
 * first file, kept for the next ones, dropped by the global teardown. Files sharing it must not assume empty
 * tables: each makes its own organisations, listings and orders with fresh ids.
 */
export async function workerDatabase(env: TestEnv): Promise<string> {
  const serverUrl = testServerUrl(env);
  const name = `${workerPrefix(env)}${env.JEST_WORKER_ID ?? process.pid}`;
  const exists = await withAdmin(serverUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  });
  if (!exists) {
    await cloneTemplate(serverUrl, env, name);
  }
  return databaseUrl(serverUrl, name);
}

/** Drops this run's worker databases (see workerDatabase). */
export async function dropWorkerDatabases(serverUrl: string, env: TestEnv): Promise<void> {
  const names = await withAdmin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [workerPrefix(env)],
    );
    return rows.map((row) => row.datname);
  });
  for (const name of names) {
    await dropDatabase(serverUrl, name);
  }
}
