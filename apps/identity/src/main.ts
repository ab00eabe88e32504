import { listen, mapStackTraces } from '@countyflow/kernel';
import 'reflect-metadata';
import { createIdentityApp } from './identity.app';
import { loadIdentityConfig } from './identity.config';

async function main(): Promise<void> {
  mapStackTraces();
  const config = loadIdentityConfig();
  const app = await createIdentityApp(config);
  await listen(app, config.port);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
