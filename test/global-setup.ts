import { createServiceDataSource, migrateSchema } from '@countyflow/persistence';
import { createEmptyDatabase, testServerUrl } from '@countyflow/testing';
import 'reflect-metadata';
import { SCHEMAS } from '../scripts/migrate';

/** Migrates every schema once into this run's template database, which each test file clones. */
export default async function globalSetup(): Promise<void> {
  const template = `countyflow_test_template_${process.pid}`;
  const url = await createEmptyDatabase(testServerUrl(process.env), template);
  for (const [schema, migrations] of SCHEMAS) {
    const dataSource = createServiceDataSource({ url, schema, entities: [], migrations: [...migrations] });
    await dataSource.initialize();
    try {
      await migrateSchema(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  // Jest starts its workers after this, and they inherit the variable
  process.env.COUNTYFLOW_TEST_TEMPLATE = template;
}
