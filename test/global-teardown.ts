import { DatabaseJanitor, dropRunDatabases, testServerUrl } from '@countyflow/testing';
import type { BrowserServer } from 'playwright-core';

/** What the global setup started for the run, kept in Jest's main process until the teardown. */
export interface TestRun {
  janitor?: DatabaseJanitor;
  browser?: BrowserServer;
}
export const RUN = Symbol.for('countyflow.test-run');

/**
 * Called once per database tier after every file has run: the first call closes the shared Chromium and stops the
 * janitor the setup started, and every call drops what is left of the run (dropping twice is harmless).
 */
export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { [RUN]?: TestRun })[RUN] ?? {};
  const { janitor, browser } = run;
  delete run.janitor;
  delete run.browser;
  await browser?.close();
  await janitor?.stop();
  await dropRunDatabases(testServerUrl(process.env), process.env);
}
