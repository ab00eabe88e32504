import { commonFromEnv, Env, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';
import { IsIn } from 'class-validator';

export class CatalogConfig extends ServiceConfig {
  /**
   * What serves GET /search: `memory`, an index in each catalog process loaded from listing_search at boot and
   * kept current on commit; `postgres`, queries over listing_search per search (docs/catalog.md).
   */
  @IsIn(['memory', 'postgres'])
  searchEngine: 'memory' | 'postgres';
}

export function loadCatalogConfig(env: Env = process.env, overrides: Partial<CatalogConfig> = {}): CatalogConfig {
  return validateConfig(CatalogConfig, {
    ...commonFromEnv(env),
    port: portFromEnv(env, 'CATALOG_PORT', 3002),
    searchEngine: env.SEARCH_ENGINE ?? 'memory',
    ...overrides,
  });
}
