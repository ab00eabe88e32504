import { Env, listen } from '@countyflow/kernel';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createCatalogApp } from '../apps/catalog/src/catalog.app';
import { loadCatalogConfig } from '../apps/catalog/src/catalog.config';
import { createIdentityApp } from '../apps/identity/src/identity.app';
import { loadIdentityConfig } from '../apps/identity/src/identity.config';
import { createLogisticsApp } from '../apps/logistics/src/logistics.app';
import { loadLogisticsConfig } from '../apps/logistics/src/logistics.config';
import { createOrdersApp } from '../apps/orders/src/orders.app';
import { loadOrdersConfig } from '../apps/orders/src/orders.config';
import { DEMO_PASSWORD } from './demo-identity';

export type SeedService = 'identity' | 'catalog' | 'orders' | 'logistics';

export interface SeedServices {
  urls: Record<SeedService, string>;
  close(): Promise<void>;
}

const FACTORIES: [SeedService, (env: Env) => Promise<NestFastifyApplication>][] = [
  // The seed logs in as some thirty sellers from one address within a minute: above the per-IP login limit.
  [
    'identity',
    (env) => createIdentityApp(loadIdentityConfig(env, { port: 0, loginLimitPerPhone: 1000, loginLimitPerIp: 10_000 })),
  ],
  ['catalog', (env) => createCatalogApp(loadCatalogConfig(env, { port: 0 }))],
  ['orders', (env) => createOrdersApp(loadOrdersConfig(env, { port: 0 }))],
  ['logistics', (env) => createLogisticsApp(loadLogisticsConfig(env, { port: 0 }))],
];

/**
 * Boots the four backend services in this process on free ports, against `databaseUrl` and the Redis and queue
 * prefix of `env` (the same ones the running platform uses, so their outbox relays and inbox workers move the
 * seed's events exactly as they move any). The schemas must be migrated already.
 */
export async function startSeedServices(databaseUrl: string, env: Env): Promise<SeedServices> {
  const settings: Env = {
    ...env,
    DATABASE_URL: databaseUrl,
    MIGRATE_ON_BOOT: 'false',
    LOG_LEVEL: env.SEED_LOG_LEVEL ?? 'warn',
  };
  const apps: NestFastifyApplication[] = [];
  const urls: Partial<Record<SeedService, string>> = {};
  // In parallel: each inbox worker's close waits out its blocking read from Redis (up to BullMQ's drain delay).
  const close = async (): Promise<void> => {
    await Promise.all(apps.map((app) => app.close()));
  };
  try {
    for (const [service, create] of FACTORIES) {
      const app = await create(settings);
      apps.push(app);
      urls[service] = await listen(app, 0);
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { urls: urls as Record<SeedService, string>, close };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
  ) {
    const problem = body as { type?: string; detail?: string } | undefined;
    super(`${method} ${path} → ${status} ${problem?.type ?? ''}: ${problem?.detail ?? JSON.stringify(body)}`);
  }
}

type Query = Record<string, string | number | undefined>;

/** A small JSON client for one service, signed in as one account (or anonymous). */
export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.send<T>('GET', path, undefined, query);
  }

  /** GET that answers null for a 404 (the natural-key lookups). */
  async find<T>(path: string, query?: Query): Promise<T | null> {
    try {
      return await this.get<T>(path, query);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return null;
      }
      throw error;
    }
  }

  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>('POST', path, body, undefined, headers);
  }

  /** POST of one file as the multipart part `photo` (what the web app's camera button sends). */
  async upload<T>(path: string, bytes: Buffer, fileName = 'photo.jpg'): Promise<T> {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), fileName);
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = { 'x-request-id': 'seed' };
    if (this.token) {
      headers.authorization = `Bearer ${this.token}`;
    }
    const response = await fetch(url, { method: 'POST', headers, body: form });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw new ApiError(response.status, 'POST', url.pathname, parsed);
    }
    return parsed as T;
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PATCH', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Query,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    const headers: Record<string, string> = { 'x-request-id': 'seed', ...extraHeaders };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (this.token) {
      headers.authorization = `Bearer ${this.token}`;
    }
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw new ApiError(response.status, method, url.pathname, parsed);
    }
    return parsed as T;
  }
}

/** Logs in as a demo account and returns its access token (it carries the account's memberships). */
export async function login(identity: Api, phone: string): Promise<string> {
  const tokens = await identity.post<{ accessToken: string }>('/auth/login', { phone, password: DEMO_PASSWORD });
  return tokens.accessToken;
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function inPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
