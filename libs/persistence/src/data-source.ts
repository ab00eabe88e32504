import { databaseRoleOf, databaseUrlFor } from '@countyflow/kernel';
import { Client } from 'pg';
import { DataSource, MixedList, type EntitySchema } from 'typeorm';
import { PreparingClient } from './prepared-statements';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServiceDataSourceOptions {
  /** The server and database; the connection's user is replaced by the service's role (`countyflow_<schema>`). */
  url: string;
  /** The service's own schema: `identity`, `catalog`, `orders`, `logistics`. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /** Send statements with parameters as named prepared statements ({@link PreparingClient}); default off. */
  preparedStatements?: boolean;
}

/**
 * Each service's pool when DATABASE_POOL_SIZE is unset: 24 connections, plus the six LISTEN clients (a relay per
 * service, catalog's search index and orders' checkout streams) make the 30 an instance opens at most
 * (docs/scaling.md "Connections").
 */
export const DEFAULT_POOL_SIZES: Readonly<Record<string, number>> = {
  identity: 4,
  catalog: 6,
  orders: 8,
  logistics: 6,
};

/**
 * A TypeORM DataSource bound to one service's schema, connected as the service's role; `synchronize` is never on:
 * migrations own the schema. No startup options: the role carries `search_path` and `jit`, so the same connection
 * works straight to PostgreSQL and through PgBouncer in transaction mode.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrlFor(options.url, options.schema),
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    // the role may not create extensions, and the migrations need none
    installExtensions: false,
    extra: {
      max: options.poolSize ?? DEFAULT_POOL_SIZES[options.schema] ?? 5,
      application_name: options.applicationName ?? `countyflow-${options.schema}`,
      connectionTimeoutMillis: 5000,
      ...(options.preparedStatements && { Client: PreparingClient }),
    },
  });
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Errors two migrators racing on the same cluster-wide role may see; the loser tries again. */
const RACE_CODES = new Set(['42710', '23505', 'XX000', '40001', '40P01']);

/**
 * Makes the service's role and schema ready, as the URL's user (the owner: a superuser or one with CREATEROLE):
 * the role `countyflow_<schema>` with LOGIN (and the URL's password, when it has one), `search_path` and `jit`
 * set on the role, and the schema owned by it together with everything in it (a schema made before roles existed
 * is handed over). Roles are cluster-wide and every database of the cluster shares them, so this is idempotent and
 * tolerates a migrator of another database doing the same at once.
 */
export async function prepareServiceRole(url: string, schema: string): Promise<void> {
  const role = databaseRoleOf(schema);
  if (!IDENTIFIER.test(schema) || !IDENTIFIER.test(role)) {
    throw new Error(`not a plain schema name: ${schema}`);
  }
  const password = decodeURIComponent(new URL(url).password);
  const client = new Client({ connectionString: url, application_name: `countyflow-migrate-${schema}` });
  await client.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query('BEGIN');
        const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        if (found.rowCount === 0) {
          await client.query(`CREATE ROLE "${role}" LOGIN`);
        }
        if (password) {
          await client.query(`ALTER ROLE "${role}" PASSWORD '${password.replace(/'/g, "''")}'`);
        }
        await client.query(`ALTER ROLE "${role}" SET search_path = "${schema}", public`);
        await client.query(`ALTER ROLE "${role}" SET jit = off`);
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}" AUTHORIZATION "${role}"`);
        await client.query(handOver(schema, role));
        await client.query('COMMIT');
        return;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt >= 5 || !RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

/** A DO block giving the schema and what is in it (tables, views, standalone sequences, types, routines) to `role`. */
function handOver(schema: string, role: string): string {
  return `DO $$
DECLARE r record;
BEGIN
  IF (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '${schema}') <> '${role}' THEN
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', '${schema}', '${role}');
  END IF;
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = '${schema}' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND pg_get_userbyid(c.relowner) <> '${role}'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype IN ('a', 'i'))
  LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
      '${schema}', r.relname, '${role}');
  END LOOP;
  FOR r IN SELECT t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = '${schema}' AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> '${role}'
  LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
      '${schema}', r.typname, '${role}');
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = '${schema}' AND p.prokind IN ('f', 'p') AND pg_get_userbyid(p.proowner) <> '${role}'
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.signature, '${role}');
  END LOOP;
END $$`;
}

export interface MigrateServiceOptions {
  /** The owner's URL (see {@link prepareServiceRole}); the migrations themselves run as the service's role. */
  url: string;
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/**
 * The migrate step of one service: prepares its role and schema, then runs pending migrations (each in its own
 * transaction) as the role while another connection of the same pool holds a transaction-scoped advisory lock
 * named after the schema, so that replicas starting together migrate one at a time. A transaction-scoped lock keeps
 * its server connection for exactly the transaction, which is what PgBouncer in transaction mode guarantees; a
 * session lock would be taken on one server connection and released on another. Returns the migrations run.
 */
export async function migrateService(options: MigrateServiceOptions): Promise<string[]> {
  await prepareServiceRole(options.url, options.schema);
  const dataSource = createServiceDataSource({
    url: options.url,
    schema: options.schema,
    entities: [],
    migrations: options.migrations,
    poolSize: 2,
    applicationName: `countyflow-migrate-${options.schema}`,
  });
  await dataSource.initialize();
  try {
    const lock = dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.startTransaction();
      try {
        await lock.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`countyflow:migrate:${options.schema}`]);
        const ran = await dataSource.runMigrations({ transaction: 'each' });
        await lock.commitTransaction();
        return ran.map((migration) => migration.name);
      } catch (error) {
        await lock.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await lock.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
