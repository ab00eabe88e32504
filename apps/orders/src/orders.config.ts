import { commonFromEnv, Env, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';

export class OrdersConfig extends ServiceConfig {}

export function loadOrdersConfig(env: Env = process.env, overrides: Partial<OrdersConfig> = {}): OrdersConfig {
  return validateConfig(OrdersConfig, { ...commonFromEnv(env), port: portFromEnv(env, 'ORDERS_PORT', 3003), ...overrides });
}
