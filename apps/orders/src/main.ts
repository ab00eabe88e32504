import { listen, mapStackTraces } from '@countyflow/kernel';
import 'reflect-metadata';
import { createOrdersApp } from './orders.app';
import { loadOrdersConfig } from './orders.config';

async function main(): Promise<void> {
  mapStackTraces();
  const config = loadOrdersConfig();
  const app = await createOrdersApp(config);
  await listen(app, config.port);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
