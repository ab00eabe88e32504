import { dropDatabase, templateDatabase, testServerUrl } from '@countyflow/testing';

export default async function globalTeardown(): Promise<void> {
  await dropDatabase(testServerUrl(process.env), templateDatabase(process.env));
}
