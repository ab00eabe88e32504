import { commonFromEnv, Env, numberFromEnv, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';
import { IsInt, Max, Min } from 'class-validator';

export class CatalogConfig extends ServiceConfig {
  /** How often verified tags whose certificate has ended are taken off their listings; 0 turns the sweep off. */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  tagExpirySweepMs: number;
}

export function loadCatalogConfig(env: Env = process.env, overrides: Partial<CatalogConfig> = {}): CatalogConfig {
  return validateConfig(CatalogConfig, {
    ...commonFromEnv(env),
    port: portFromEnv(env, 'CATALOG_PORT', 3002),
    tagExpirySweepMs: numberFromEnv(env.TAG_EXPIRY_SWEEP_MS, 600_000),
    ...overrides,
  });
}
