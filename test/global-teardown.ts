import { dropDatabase, dropWorkerDatabases, templateDatabase, testServerUrl } from '@countyflow/testing';

/** Called once per database tier after every file has run: dropping twice is harmless (IF EXISTS). */
export default async function globalTeardown(): Promise<void> {
  const serverUrl = testServerUrl(process.env);
  await dropWorkerDatabases(serverUrl, process.env);
  await dropDatabase(serverUrl, templateDatabase(process.env));
}
