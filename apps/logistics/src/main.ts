import { listen, mapStackTraces } from '@countyflow/kernel';
import 'reflect-metadata';
import { createLogisticsApp } from './logistics.app';
import { loadLogisticsConfig } from './logistics.config';

async function main(): Promise<void> {
  mapStackTraces();
  const config = loadLogisticsConfig();
  const app = await createLogisticsApp(config);
  await listen(app, config.port);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
