import { listen } from '@countyflow/kernel';
import 'reflect-metadata';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await listen(app, config.port);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
