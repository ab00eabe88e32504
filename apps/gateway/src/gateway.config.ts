import { ServiceName } from '@countyflow/contracts';
import { commonFromEnv, Env, numberFromEnv, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { resolve } from 'node:path';

/** One origin, or several separated by commas (the replicas of a service, taken in turn). */
const HTTP_URL = /^https?:\/\/[^/,]+\/?(,https?:\/\/[^/,]+\/?)*$/;
const urlMessage = (key: string) => ({
  message: `${key} must be an http(s):// origin without a path, or several separated by commas`,
});

export class GatewayConfig extends ServiceConfig {
  @Matches(HTTP_URL, urlMessage('IDENTITY_URL'))
  identityUrl: string;

  @Matches(HTTP_URL, urlMessage('CATALOG_URL'))
  catalogUrl: string;

  @Matches(HTTP_URL, urlMessage('ORDERS_URL'))
  ordersUrl: string;

  @Matches(HTTP_URL, urlMessage('LOGISTICS_URL'))
  logisticsUrl: string;

  /** How long a proxied request may wait for the upstream's response headers before the caller gets a 504. */
  @IsInt()
  @Min(100)
  @Max(300_000)
  upstreamTimeoutMs: number;

  /** How long the merged OpenAPI document is reused before the services are asked again. */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  docsCacheMs: number;

  /** The built web app (`vite build` output) served at `/`; relative paths are taken from the working directory. */
  @IsString()
  webDistDir: string;
}

/** A service behind the gateway: its API is served at `/api/<service>/…`. */
export interface Upstream {
  service: ServiceName;
  /** The first replica: where the gateway's own calls go (the merged OpenAPI document, statistics). */
  url: string;
  /** Every replica (`ORDERS_URL=http://a:3003,http://b:3003`); proxied requests take them in turn. */
  urls: string[];
}

export function upstreamsOf(config: GatewayConfig): Upstream[] {
  return [
    { service: ServiceName.Identity, list: config.identityUrl },
    { service: ServiceName.Catalog, list: config.catalogUrl },
    { service: ServiceName.Orders, list: config.ordersUrl },
    { service: ServiceName.Logistics, list: config.logisticsUrl },
  ].map(({ service, list }) => {
    const urls = list.split(',').map((url) => url.trim().replace(/\/$/, ''));
    return { service, url: urls[0], urls };
  });
}

/** The first replica's origin of a service (for the gateway's own calls). */
export const upstreamUrl = (config: GatewayConfig, service: ServiceName): string =>
  upstreamsOf(config).find((upstream) => upstream.service === service)!.url;

export function loadGatewayConfig(env: Env = process.env, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return validateConfig(GatewayConfig, {
    ...commonFromEnv(env),
    port: portFromEnv(env, 'GATEWAY_PORT', 3000),
    identityUrl: env.IDENTITY_URL ?? 'http://127.0.0.1:3001',
    catalogUrl: env.CATALOG_URL ?? 'http://127.0.0.1:3002',
    ordersUrl: env.ORDERS_URL ?? 'http://127.0.0.1:3003',
    logisticsUrl: env.LOGISTICS_URL ?? 'http://127.0.0.1:3004',
    upstreamTimeoutMs: numberFromEnv(env.UPSTREAM_TIMEOUT_MS, 30_000),
    docsCacheMs: numberFromEnv(env.DOCS_CACHE_MS, 10_000),
    webDistDir: resolve(env.WEB_DIST_DIR ?? 'apps/web/dist'),
    ...overrides,
  });
}
