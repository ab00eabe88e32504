import { createHttpApp } from '@countyflow/kernel';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CatalogConfig } from './catalog.config';
import { CatalogModule } from './catalog.module';

/** The catalog HTTP app, used by main.ts and by the tests. */
export function createCatalogApp(config: CatalogConfig): Promise<NestFastifyApplication> {
  return createHttpApp(CatalogModule.forRoot(config), config, {
    title: 'CountyFlow catalog',
    description: 'County storefronts, sellers, listings, stock and produce lots',
    uploads: true,
  });
}
