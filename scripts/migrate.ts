import { migrateService } from '@countyflow/persistence';
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

/**
 * Migrates every service schema of `url` (the owner's URL): each service's role and schema made ready, then its
 * migrations run as the role under a transaction-scoped advisory lock (works through PgBouncer in transaction mode).
 */
export async function migrateAll(url: string, log: (line: string) => void = () => undefined): Promise<void> {
  for (const [schema, migrations] of SCHEMAS) {
    const ran = await migrateService({ url, schema, migrations: [...migrations] });
    log(`[migrate] ${schema}: ${ran.length ? ran.join(', ') : 'up to date'}`);
  }
}

/** `npm run migrate`: migrates every service schema of DATABASE_URL. */
async function main(): Promise<void> {
  await migrateAll(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow', console.log);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('[migrate] failed:', error);
    process.exit(1);
  });
}
