import { createServiceDataSource, migrateSchema } from '@countyflow/persistence';
import 'reflect-metadata';
import { CATALOG_MIGRATIONS } from '../migrations/catalog';
import { IDENTITY_MIGRATIONS } from '../migrations/identity';
import { LOGISTICS_MIGRATIONS } from '../migrations/logistics';
import { ORDERS_MIGRATIONS } from '../migrations/orders';

/** The schemas and their migrations, in the order a fresh database is built. */
export const SCHEMAS = [
  ['identity', IDENTITY_MIGRATIONS],
  ['catalog', CATALOG_MIGRATIONS],
  ['orders', ORDERS_MIGRATIONS],
  ['logistics', LOGISTICS_MIGRATIONS],
] as const;

/** `npm run migrate`: migrates every service schema of DATABASE_URL (each under its advisory lock). */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow';
  for (const [schema, migrations] of SCHEMAS) {
    const dataSource = createServiceDataSource({ url, schema, entities: [], migrations: [...migrations] });
    await dataSource.initialize();
    try {
      const ran = await migrateSchema(dataSource);
      console.log(`[migrate] ${schema}: ${ran.length ? ran.join(', ') : 'up to date'}`);
    } finally {
      await dataSource.destroy();
    }
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('[migrate] failed:', error);
    process.exit(1);
  });
}
