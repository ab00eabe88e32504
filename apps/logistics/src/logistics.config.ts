import { commonFromEnv, Env, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';

export class LogisticsConfig extends ServiceConfig {}

export function loadLogisticsConfig(env: Env = process.env, overrides: Partial<LogisticsConfig> = {}): LogisticsConfig {
  return validateConfig(LogisticsConfig, { ...commonFromEnv(env), port: portFromEnv(env, 'LOGISTICS_PORT', 3004), ...overrides });
}
