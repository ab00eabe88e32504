import { listen, mapStackTraces } from '@countyflow/kernel';
import 'reflect-metadata';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  mapStackTraces();
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await listen(app, config.port);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
