import 'reflect-metadata';
import { createServiceDataSource, migrateSchema } from '@countyflow/persistence';
import { createEmptyDatabase, TEMPLATE_DATABASE, testServerUrl } from '@countyflow/testing';
import { CATALOG_MIGRATIONS } from '../migrations/catalog';
import { IDENTITY_MIGRATIONS } from '../migrations/identity';
import { LOGISTICS_MIGRATIONS } from '../migrations/logistics';
import { ORDERS_MIGRATIONS } from '../migrations/orders';

/** Migrates every schema once into the template database that each test file clones. */
export default async function globalSetup(): Promise<void> {
  const url = await createEmptyDatabase(testServerUrl(), TEMPLATE_DATABASE);
  const schemas = [
    ['identity', IDENTITY_MIGRATIONS],
    ['catalog', CATALOG_MIGRATIONS],
    ['orders', ORDERS_MIGRATIONS],
    ['logistics', LOGISTICS_MIGRATIONS],
  ] as const;
  for (const [schema, migrations] of schemas) {
    const dataSource = createServiceDataSource({ url, schema, entities: [], migrations: [...migrations] });
    await dataSource.initialize();
    try {
      await migrateSchema(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
}
