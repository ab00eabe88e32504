import { commonFromEnv, Env, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';

export class CatalogConfig extends ServiceConfig {}

export function loadCatalogConfig(env: Env = process.env, overrides: Partial<CatalogConfig> = {}): CatalogConfig {
  return validateConfig(CatalogConfig, {
    ...commonFromEnv(env),
    port: portFromEnv(env, 'CATALOG_PORT', 3002),
    ...overrides,
  });
}
