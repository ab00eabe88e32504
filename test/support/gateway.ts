import { listen } from '@countyflow/kernel';
import { createServer } from 'node:net';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { GatewayConfig, loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { Platform } from './platform';

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago: a service the platform did not start is simply down. */
async function unusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * Boots the gateway in this process on a free port, in front of the platform's services and with the platform's
 * settings (same JWT secret, Redis prefix). Close it before `platform.stop()`.
 */
export async function startGateway(
  platform: Platform,
  overrides: Partial<GatewayConfig> = {},
): Promise<RunningGateway> {
  const down = await unusedUrl();
  const config = loadGatewayConfig(
    {
      ...platform.env,
      IDENTITY_URL: platform.urls.identity ?? down,
      CATALOG_URL: platform.urls.catalog ?? down,
      ORDERS_URL: platform.urls.orders ?? down,
      LOGISTICS_URL: platform.urls.logistics ?? down,
    },
    { port: 0, ...overrides },
  );
  const app = await createGatewayApp(config);
  try {
    const url = await listen(app, 0);
    platform.urls.gateway = url;
    return { url, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
