import { createEmptyDatabase, startDatabaseJanitor, testServerUrl } from '@countyflow/testing';
import type { Config } from '@jest/types';
import 'reflect-metadata';
import { migrateAll } from '../scripts/migrate';
import { RUN, TestRun } from './global-teardown';
import { startSharedBrowser } from './support/browser';

/**
 * Every database tier names this setup, and Jest calls it, in its main process, once per tier that has files to
 * run. The first call migrates every schema into this run's template database, which each test file (or, in the
 * medium tier, each worker) clones, and starts the janitor that drops the files' clones once they are finished
 * with; the later calls find the template named. The slow tier's call also launches the Chromium its browser tests
 * share. Jest starts the workers after the setup, and they inherit the variables it sets.
 */
export default async function globalSetup(_: unknown, project: Config.ProjectConfig): Promise<void> {
  const run = ((globalThis as { [RUN]?: TestRun })[RUN] ??= {});
  if (!process.env.COUNTYFLOW_TEST_TEMPLATE) {
    const template = `countyflow_test_template_${process.pid}`;
    const url = await createEmptyDatabase(testServerUrl(process.env), template);
    await migrateAll(url);
    process.env.COUNTYFLOW_TEST_TEMPLATE = template;
    run.janitor = startDatabaseJanitor(process.env);
  }
  if (project.displayName?.name === 'slow') {
    run.browser = await startSharedBrowser();
  }
}
