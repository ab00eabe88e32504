import { commonFromEnv, Env, numberFromEnv, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';
import { IsIn, IsInt, Max, Min } from 'class-validator';

export class CatalogConfig extends ServiceConfig {
  /** How often verified tags whose certificate has ended are taken off their listings; 0 turns the sweep off. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  tagExpirySweepMs: number;

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
    tagExpirySweepMs: numberFromEnv(env.TAG_EXPIRY_SWEEP_MS, 600_000),
    searchEngine: env.SEARCH_ENGINE ?? 'memory',
    ...overrides,
  });
}
