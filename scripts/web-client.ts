// Generates the web app's API types (apps/web/src/api/schema.d.ts) from the gateway's merged OpenAPI document,
// without a running platform: each service's Nest app is created in preview mode (modules resolved, no provider
// instantiated, so no database, Redis or port), Swagger reads its controllers, and the gateway's own merge code
// joins the four documents exactly as /docs-json does.
//   npm run web:client            writes schema.d.ts
//   test/web/web-client.e2e-spec.ts   fails when the checked-in file differs from what this generates
import { ServiceName } from '@countyflow/contracts';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogConfig } from '../apps/catalog/src/catalog.config';
import { CatalogModule } from '../apps/catalog/src/catalog.module';
import { mergeOpenApi, ServiceDocument } from '../apps/gateway/src/docs/openapi-merge';
import { GATEWAY_SCHEMAS, STATISTICS_EXPORT_PATHS } from '../apps/gateway/src/statistics/statistics-export.openapi';
import { loadIdentityConfig } from '../apps/identity/src/identity.config';
import { IdentityModule } from '../apps/identity/src/identity.module';
import { loadLogisticsConfig } from '../apps/logistics/src/logistics.config';
import { LogisticsModule } from '../apps/logistics/src/logistics.module';
import { loadOrdersConfig } from '../apps/orders/src/orders.config';
import { OrdersModule } from '../apps/orders/src/orders.module';

/** The repository's root, from scripts/ (Jest) or dist/scripts/ (npm run web:client). */
const ROOT = join(__dirname, __filename.endsWith('.ts') ? '..' : '../..');
export const SCHEMA_PATH = join(ROOT, 'apps/web/src/api/schema.d.ts');

/** The services behind the gateway, with the development defaults (the simulator's routes included). */
const SERVICES: { service: ServiceName; module: () => unknown }[] = [
  { service: ServiceName.Identity, module: () => IdentityModule.forRoot(loadIdentityConfig({})) },
  { service: ServiceName.Catalog, module: () => CatalogModule.forRoot(loadCatalogConfig({})) },
  { service: ServiceName.Orders, module: () => OrdersModule.forRoot(loadOrdersConfig({})) },
  { service: ServiceName.Logistics, module: () => LogisticsModule.forRoot(loadLogisticsConfig({})) },
];

async function serviceDocument(module: unknown): Promise<OpenAPIObject> {
  const app = await NestFactory.create(module as never, new FastifyAdapter(), { preview: true, logger: false });
  try {
    // the same builder as the kernel's setupDocs; only paths and components reach the merged document
    return SwaggerModule.createDocument(
      app,
      new DocumentBuilder().addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }).build(),
    );
  } finally {
    await app.close();
  }
}

/** The merged OpenAPI document, as the gateway serves it at /docs-json when every service answers. */
export async function mergedDocument(): Promise<OpenAPIObject> {
  const found: ServiceDocument[] = [];
  for (const { service, module } of SERVICES) {
    found.push({ service, document: await serviceDocument(module()) });
  }
  return mergeOpenApi(found, [], { paths: STATISTICS_EXPORT_PATHS, schemas: GATEWAY_SCHEMAS });
}

/** The text of schema.d.ts for the merged document (openapi-typescript, then prettier: scripts/openapi-to-ts.mjs). */
export async function generateSchema(): Promise<string> {
  const document = await mergedDocument();
  return execFileSync(process.execPath, [join(ROOT, 'scripts/openapi-to-ts.mjs'), SCHEMA_PATH], {
    input: JSON.stringify(document),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

if (require.main === module) {
  generateSchema().then(
    (text) => {
      writeFileSync(SCHEMA_PATH, text);
      console.log(`[web:client] wrote ${SCHEMA_PATH}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
