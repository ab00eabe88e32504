import { DataSource, MixedList, type EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own schema: `identity`, `catalog`, `orders`, `logistics`. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

/** A TypeORM DataSource bound to one service's schema; `synchronize` is never on: migrations own the schema. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? `countyflow-${options.schema}`,
      // the default search_path reaches the service's own schema first, then public (for extensions)
      // JIT compilation pays off for analytics, not for short OLTP statements, where it only adds pauses
      options: `-c search_path=${options.schema},public -c jit=off`,
      connectionTimeoutMillis: 5000,
    },
  });
}

/**
 * Creates the schema if needed and runs pending migrations while holding a session advisory lock named after
 * the schema, so that replicas starting together migrate one at a time. Returns the names of migrations run.
 */
export async function migrateSchema(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema: string }).schema;
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`countyflow:migrate:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`countyflow:migrate:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
