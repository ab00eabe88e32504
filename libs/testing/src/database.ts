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

/**
 * Clones `template` (the run's migrated template unless named) into `name`, waiting while another worker is cloning
 * it at the same instant.
 */
export async function cloneTemplate(
  serverUrl: string,
  env: TestEnv,
  name: string,
  template = templateDatabase(env),
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
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

/**
 * Marks a file's database as finished with. `DROP DATABASE` makes PostgreSQL write an immediate checkpoint (every
 * dirty buffer of the server to disk) and waits for it: seconds on a busy machine, which every e2e file used to
 * spend at its end. Instead the file leaves a comment on its database and goes on, and the run's janitor (started by
 * the global setup, in Jest's main process) drops finished databases in the background, several at once so that
 * they share checkpoints; the global teardown drops whatever is left.
 */
const FINISHED = 'countyflow-test: finished';

/** Set by the global setup for the workers: a janitor drops finished databases, so files need not wait for it. */
const JANITOR_ENV = 'COUNTYFLOW_TEST_JANITOR';

/**
 * A fresh database cloned from the migrated template (or from `from`, another database of this run that nobody is
 * connected to): every test file gets its own. Its `drop()` hands it to the run's janitor when there is one (see
 * FINISHED), and drops it at once otherwise.
 */
export async function createTestDatabase(env: TestEnv, from?: string): Promise<TestDatabase> {
  const serverUrl = testServerUrl(env);
  const name = `${runPrefix(env)}${process.pid}_${randomBytes(4).toString('hex')}`;
  await cloneTemplate(serverUrl, env, name, from);
  const drop = async (): Promise<void> => {
    if (env[JANITOR_ENV] !== '1') {
      return dropDatabase(serverUrl, name);
    }
    await withAdmin(serverUrl, (client) => client.query(`COMMENT ON DATABASE "${name}" IS '${FINISHED}'`));
  };
  return { name, url: databaseUrl(serverUrl, name), drop };
}

/** Every database of this run but the template starts with this: the files' clones and the workers' ones. */
export const runPrefix = (env: TestEnv): string => `${templateDatabase(env)}_`;

/** Drops the named databases, `parallel` at a time (concurrent drops share the checkpoint each one asks for). */
async function dropAll(serverUrl: string, names: string[], parallel = 4): Promise<void> {
  const queue = [...names];
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        await dropDatabase(serverUrl, name);
      }
    }),
  );
}

async function databasesOfRun(serverUrl: string, env: TestEnv, finishedOnly: boolean): Promise<string[]> {
  return withAdmin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database
        WHERE starts_with(datname, $1) AND ($2 = false OR shobj_description(oid, 'pg_database') = $3)`,
      [runPrefix(env), finishedOnly, FINISHED],
    );
    return rows.map((row) => row.datname);
  });
}

export interface DatabaseJanitor {
  /** Stops looking, and drops every database of the run that is still there (finished or not), and the template. */
  stop(): Promise<void>;
}

/**
 * Drops the run's finished databases every `intervalMs` in the background (see FINISHED), and tells the workers,
 * through the environment they inherit, that they may leave theirs to it. For Jest's main process: the global
 * setup starts it, the global teardown stops it.
 */
export function startDatabaseJanitor(env: TestEnv, intervalMs = 1000): DatabaseJanitor {
  const serverUrl = testServerUrl(env);
  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping ??= databasesOfRun(serverUrl, env, true)
      .then((names) => dropAll(serverUrl, names))
      // PostgreSQL away for a moment (a restart): the next sweep, or the teardown, drops them
      .catch(() => undefined)
      .finally(() => (sweeping = undefined));
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  env[JANITOR_ENV] = '1';
  return {
    stop: async () => {
      clearInterval(timer);
      await sweeping;
      await dropRunDatabases(serverUrl, env);
    },
  };
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

/** Drops this run's databases (the workers' ones, and files' clones left behind) and its template. */
export async function dropRunDatabases(serverUrl: string, env: TestEnv): Promise<void> {
  await dropAll(serverUrl, await databasesOfRun(serverUrl, env, false));
  await dropDatabase(serverUrl, templateDatabase(env));
}
