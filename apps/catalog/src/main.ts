import { listen, mapStackTraces } from '@countyflow/kernel';
import 'reflect-metadata';
import { createCatalogApp } from './catalog.app';
import { loadCatalogConfig } from './catalog.config';

async function main(): Promise<void> {
  mapStackTraces();
  const config = loadCatalogConfig();
  const app = await createCatalogApp(config);
  await listen(app, config.port);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
