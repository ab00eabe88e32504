import { createServiceDataSource, migrateSchema } from '@countyflow/persistence';
import { createEmptyDatabase, DatabaseJanitor, startDatabaseJanitor, testServerUrl } from '@countyflow/testing';
import 'reflect-metadata';
import { SCHEMAS } from '../scripts/migrate';

/**
 * Migrates every schema once into this run's template database, which each test file (or, in the medium tier,
 * each worker) clones, and starts the janitor that drops the files' clones when they are finished with. Every database tier names this setup, and Jest calls it once per tier that has files to
 * run: the first call migrates, the others find the template already named.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.COUNTYFLOW_TEST_TEMPLATE) {
    return;
  }
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
  // Jest starts its workers after this, and they inherit the variables
  process.env.COUNTYFLOW_TEST_TEMPLATE = template;
  // the files' databases are dropped in the background, in this process (libs/testing/src/database.ts)
  (globalThis as { countyflowJanitor?: DatabaseJanitor }).countyflowJanitor = startDatabaseJanitor(process.env);
}
