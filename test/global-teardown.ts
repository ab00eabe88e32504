import { DatabaseJanitor, dropRunDatabases, testServerUrl } from '@countyflow/testing';

/**
 * Called once per database tier after every file has run: the first call stops the janitor the setup started, and
 * every call drops what is left of the run (dropping twice is harmless).
 */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { countyflowJanitor?: DatabaseJanitor };
  const janitor = holder.countyflowJanitor;
  delete holder.countyflowJanitor;
  await janitor?.stop();
  await dropRunDatabases(testServerUrl(process.env), process.env);
}
