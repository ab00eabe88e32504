import { createHttpApp } from '@countyflow/kernel';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueueDashboard } from './admin/queue-dashboard';
import { mountSwaggerUiAssets } from './docs/swagger-ui';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { ServiceProxy } from './proxy/service-proxy';
import { WebApp } from './web/web-app';

/** The gateway HTTP app, used by main.ts and by the tests. */
export function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  return createHttpApp(GatewayModule.forRoot(config), config, {
    title: 'CountyFlow gateway',
    description:
      'The single HTTP entry: /api/<service>/… for every service, /docs for all of their APIs, the web app at /',
    withoutDocs: true,
    configureFastify: async (app) => {
      await app.get(ServiceProxy).mount(app);
      await mountSwaggerUiAssets(app);
      await app.get(QueueDashboard).mount(app);
      await app.get(WebApp).mount(app);
    },
  });
}
