import { PgBouncer } from '@countyflow/testing';
import { Redis } from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { migrateAll } from '../scripts/migrate';

/**
 * The platform as it runs in production: each service its own Node process (`node dist/services/<svc>/main.js`), so
 * that the benchmark can read each one's memory and the chaos run can SIGKILL one and start it again. Runs against
 * a database of its own on the given PostgreSQL server and, when asked, a redis-server of its own with an
 * append-only file (so that restarting Redis is a restart, not a wipe — as in production).
 */
export const SERVICES = ['identity', 'catalog', 'orders', 'logistics', 'gateway'] as const;
export type Service = (typeof SERVICES)[number];

/** The services with an outbox and an inbox: the ones a `SERVICE_ROLE=worker` process can take the events of. */
export const EVENT_SERVICES = ['identity', 'catalog', 'orders', 'logistics'] as const;
export type EventService = (typeof EVENT_SERVICES)[number];

/**
 * One process of the cluster: a service (its api, or everything; with replicas, its first API replica), a further
 * API replica (`orders-r2`), or the worker beside a service.
 */
export type ProcessName = Service | `${EventService}-worker` | `${EventService}-r${Replica}`;

/** The further API replicas a cluster can run (up to four per service). */
type Replica = 2 | 3 | 4;

const workerOf = (service: EventService): ProcessName => `${service}-worker`;
const replicaOf = (service: EventService, replica: number): ProcessName =>
  replica === 1 ? service : `${service}-r${replica as Replica}`;
const serviceOf = (name: ProcessName): Service => name.replace(/-(worker|r\d+)$/, '') as Service;

/**
 * The platform admin identity appoints itself when a cluster boots (PLATFORM_ADMIN_*, as in a deployment): the
 * benches and the chaos run log in as them. A 199 number, which no generated test phone (13…) can be.
 */
export const CLUSTER_PLATFORM_ADMIN = { phone: '19900000001', password: 'cluster-admin-2026', name: '平台管理员' };

export interface ClusterOptions {
  /** Part of the database name and queue prefix: `countyflow_<name>`. An existing database of that name is dropped. */
  name: string;
  /** The PostgreSQL server (any database on it); the cluster creates and drops its own database there. */
  serverUrl?: string;
  /** A Redis to share (keys under a prefix of the cluster's own); without it the cluster starts a private one. */
  redisUrl?: string;
  /** Extra settings for every service (e.g. shorter payment timeouts). */
  env?: Record<string, string>;
  /** Where each service's output goes: a line per log line, prefixed with the service name. Default: dropped. */
  log?: (line: string) => void;
  /** How long a starting service may take to answer /ready (default 60 s; more on a busy machine). */
  readyTimeoutMs?: number;
  /** Clone this already migrated database (e.g. the test suite's template) instead of migrating a new one. */
  templateDatabase?: string;
  /**
   * Run each service with an inbox as two processes: `SERVICE_ROLE=api` serving HTTP, and a `SERVICE_ROLE=worker`
   * beside it that relays the outbox and handles events (`<service>-worker`), so that event work never queues
   * behind request serving. Default: one process per service doing both (`SERVICE_ROLE=all`).
   */
  workers?: boolean;
  /**
   * API processes per service with events (`SERVICE_ROLE=api`), which the gateway takes in turn (round-robin);
   * more than one implies `workers` (one worker per service beside them). Default 1.
   */
  replicas?: number;
  /**
   * Run every service's pool through a PgBouncer of the cluster's own in transaction mode (its LISTEN clients
   * connect straight to PostgreSQL through DATABASE_DIRECT_URL, as in production). Default: straight to PostgreSQL.
   */
  pooler?: boolean;
  /** Server connections PgBouncer keeps per service role (default 12: 2 replicas, a worker and a busy machine). */
  poolerPoolSize?: number;
  /** Extra Node flags for every service process (e.g. `--cpu-prof --cpu-prof-dir=…`, `--max-semi-space-size=…`). */
  nodeArgs?: string[];
  /** Keep the database after stop() (for inspection). */
  keepDatabase?: boolean;
  /**
   * Where the built apps are (default `<repo>/dist`). A copy inside the repository (so that node_modules resolves)
   * keeps a long run's restarts working while someone else rebuilds dist/.
   */
  distDir?: string;
}

/** The repository root: the nearest folder with a package.json, from dist/bench (built) or bench/ (under Jest). */
function repositoryRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(__dirname, '..', '..');
  }
}

const root = repositoryRoot(__dirname);
/**
 * A service's bundle (scripts/bundle.mjs), as `npm start` runs it; in a build from before the bundles (a copy of an
 * older dist/ for a before/after pair), its SWC output.
 */
function distMain(service: Service, distDir = join(root, 'dist')): string {
  const bundle = join(distDir, 'services', service, 'main.js');
  return existsSync(bundle) ? bundle : join(distDir, 'apps', service, 'src', 'main.js');
}

/** The repository root (where node_modules is). */
export const REPOSITORY_ROOT = root;

/** Every port {@link freePort} has handed out in this process. */
const handedOut = new Set<number>();

/**
 * A port nobody listens on now, and never one handed out before in this process: the system may give a port just
 * closed again, and a cluster picks all its ports before any service listens — two services given the same port,
 * one failed to start (`EADDRINUSE`) while the other answered its readiness check.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: given } = server.address() as net.AddressInfo;
        server.close(() => resolve(given));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Deletes every key under `prefix` (a bench run's queues), through `redis` or a connection of its own to that URL. */
export async function cleanRedis(redis: Redis | string, prefix: string): Promise<void> {
  const connection = typeof redis === 'string' ? new Redis(redis, { maxRetriesPerRequest: 1 }) : redis;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await connection.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    if (connection !== redis) connection.disconnect();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(
  what: string,
  timeoutMs: number,
  probe: () => Promise<boolean>,
  gone: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    const why = gone();
    if (why) throw new Error(`${what}: ${why}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** A redis-server of the cluster's own, persisting to an append-only file so that a restart keeps the queues. */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'countyflow-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error(`redis-server on ${this.port} is already running`);
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitUntil(`redis-server on ${this.port}`, 10_000, () => redisAnswers(this.port));
  }

  /** Stops Redis the way a crash would (SIGKILL); the append-only file keeps what it had acknowledged. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PING over a raw socket: no client library, no reconnect logic in the way. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export class Cluster {
  private readonly children = new Map<ProcessName, ChildProcess>();
  private stopping = false;

  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    private readonly serverUrl: string,
    readonly redisUrl: string,
    readonly redis: PrivateRedis | undefined,
    readonly ports: Record<Service, number>,
    private readonly extraPorts: Partial<Record<ProcessName, number>>,
    readonly pooler: PgBouncer | undefined,
    readonly env: Record<string, string>,
    private readonly options: ClusterOptions,
  ) {}

  /** Creates the database, migrates it, starts Redis if private, starts every service and waits for /ready. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const serverUrl = options.serverUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = `countyflow_${options.name}`;
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const databaseUrl = url.toString();
    if (options.templateDatabase) {
      await cloneDatabase(serverUrl, database, options.templateDatabase);
    } else {
      await adminQuery(serverUrl, `CREATE DATABASE "${database}"`);
    }
    if (!options.templateDatabase) {
      await migrateAll(databaseUrl);
    }

    let redis: PrivateRedis | undefined;
    if (!options.redisUrl) {
      redis = new PrivateRedis(await freePort());
      await redis.start();
    }
    const replicas = options.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 4) throw new Error('replicas: 1 to 4');
    const workers = options.workers || replicas > 1;
    const ports = {} as Record<Service, number>;
    for (const service of SERVICES) ports[service] = await freePort();
    const extraPorts: Partial<Record<ProcessName, number>> = {};
    for (const service of EVENT_SERVICES) {
      if (workers) extraPorts[workerOf(service)] = await freePort();
      for (let replica = 2; replica <= replicas; replica++) extraPorts[replicaOf(service, replica)] = await freePort();
    }
    const replicaUrls = (service: EventService) =>
      Array.from({ length: replicas }, (_, index) => {
        const name = replicaOf(service, index + 1);
        return `http://127.0.0.1:${name === service ? ports[service] : extraPorts[name]}`;
      }).join(',');
    const pooler = options.pooler
      ? await PgBouncer.start({ serverUrl, poolSize: options.poolerPoolSize ?? 12, log: options.log })
      : undefined;
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: pooler ? pooler.url(databaseUrl) : databaseUrl,
      DATABASE_DIRECT_URL: databaseUrl,
      REDIS_URL: options.redisUrl ?? redis!.url,
      QUEUE_PREFIX: `cf-${options.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
      MIGRATE_ON_BOOT: 'false',
      PAYMENT_SIMULATOR: 'true',
      GATEWAY_PORT: String(ports.gateway),
      IDENTITY_PORT: String(ports.identity),
      CATALOG_PORT: String(ports.catalog),
      ORDERS_PORT: String(ports.orders),
      LOGISTICS_PORT: String(ports.logistics),
      // the gateway's upstreams: every API replica of each service, taken in turn
      IDENTITY_URL: replicaUrls('identity'),
      CATALOG_URL: replicaUrls('catalog'),
      ORDERS_URL: replicaUrls('orders'),
      LOGISTICS_URL: replicaUrls('logistics'),
      // generous limits: a load test logs many people in from one address
      LOGIN_LIMIT_PER_PHONE: '1000',
      LOGIN_LIMIT_PER_IP: '100000',
      REGISTER_LIMIT_PER_PHONE: '1000',
      REGISTER_LIMIT_PER_IP: '100000',
      // every buyer, seller and operator asks its SMS code from 127.0.0.1
      SMS_CODE_LIMIT_PER_IP: '100000',
      PLATFORM_ADMIN_PHONE: CLUSTER_PLATFORM_ADMIN.phone,
      PLATFORM_ADMIN_PASSWORD: CLUSTER_PLATFORM_ADMIN.password,
      PLATFORM_ADMIN_NAME: CLUSTER_PLATFORM_ADMIN.name,
      ...(workers && { SERVICE_ROLE: 'api' }),
      ...options.env,
    };
    const cluster = new Cluster(
      options.name,
      databaseUrl,
      serverUrl,
      env.REDIS_URL,
      redis,
      ports,
      extraPorts,
      pooler,
      env,
      { ...options, workers, replicas },
    );
    try {
      await Promise.all(cluster.processNames().map((name) => cluster.startService(name)));
    } catch (error) {
      await cluster.stop().catch(() => undefined);
      throw error;
    }
    return cluster;
  }

  url(name: ProcessName): string {
    const service = serviceOf(name);
    const port = name === service ? this.ports[service] : this.extraPorts[name];
    return `http://127.0.0.1:${port}`;
  }

  /**
   * Every process the cluster runs: the five services, their further API replicas, and a worker beside each
   * service with events when `workers` is set (or replicas run).
   */
  processNames(): ProcessName[] {
    const replicas = this.options.replicas ?? 1;
    return [
      ...SERVICES,
      ...EVENT_SERVICES.flatMap((service) =>
        Array.from({ length: replicas - 1 }, (_, index) => replicaOf(service, index + 2)),
      ),
      ...(this.options.workers ? EVENT_SERVICES.map(workerOf) : []),
    ];
  }

  /** The API processes of a service: itself, then `<service>-r2`, … (one unless replicas run). */
  replicasOf(service: Service): ProcessName[] {
    if (service === 'gateway') return [service];
    return Array.from({ length: this.options.replicas ?? 1 }, (_, index) => replicaOf(service, index + 1));
  }

  get gateway(): string {
    return this.url('gateway');
  }

  pid(service: ProcessName): number | undefined {
    return this.children.get(service)?.pid;
  }

  /** Starts one service process (or a service's worker) and resolves when its /ready answers 200. */
  async startService(service: ProcessName): Promise<void> {
    if (this.children.has(service)) throw new Error(`${service} is already running`);
    const base = serviceOf(service);
    const ownEnv =
      service === base
        ? {}
        : {
            ...(service.endsWith('-worker') && { SERVICE_ROLE: 'worker' }),
            [`${base.toUpperCase()}_PORT`]: String(this.extraPorts[service]),
          };
    // as `npm start` runs them: no --enable-source-maps, each app maps its own stack frames (mapStackTraces)
    const args = [...(this.options.nodeArgs ?? []), distMain(base, this.options.distDir)];
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...this.env, ...ownEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.set(service, child);
    const log = this.options.log;
    const first: string[] = [];
    const last: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        // the first lines say what went wrong (e.g. an invalid setting), the last ones where
        if (first.length < 8) first.push(line);
        else {
          last.push(line);
          if (last.length > 8) last.shift();
        }
        log?.(`${service}: ${line}`);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('exit', (code, signal) => {
      if (this.children.get(service) === child) this.children.delete(service);
      if (!this.stopping && signal !== 'SIGKILL' && signal !== 'SIGTERM') {
        log?.(`${service}: exited on its own (code ${code}, signal ${signal})`);
      }
    });
    await waitUntil(
      `${service} /ready`,
      this.options.readyTimeoutMs ?? 60_000,
      async () => (await fetch(`${this.url(service)}/ready`, { signal: AbortSignal.timeout(2000) })).status === 200,
      () =>
        child.exitCode !== null
          ? `exited with ${child.exitCode} while starting; its output: ${[...first, ...last].join('\n').slice(0, 3000)}`
          : undefined,
    );
  }

  /** Sends a signal (SIGKILL by default: a crash) and resolves when the process has gone. */
  async killService(service: ProcessName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.children.get(service);
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async restartService(service: ProcessName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.killService(service, signal);
    await this.startService(service);
  }

  /** Resident memory of each running service process, in bytes, from /proc (Linux). */
  memory(): Partial<Record<ProcessName, number>> {
    const result: Partial<Record<ProcessName, number>> = {};
    for (const [service, child] of this.children) {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      if (kb) result[service] = Number(kb) * 1024;
    }
    return result;
  }

  /** Terminates every PostgreSQL backend connected to the cluster's database (what a failover or restart does). */
  async terminateDatabaseConnections(): Promise<number> {
    const database = new URL(this.databaseUrl).pathname.slice(1);
    const result = await adminQuery(
      this.serverUrl,
      'SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t',
      [database],
    );
    return (result[0] as { n: number }).n;
  }

  /** A client on the cluster's database, for checks. The caller ends it. */
  async client(): Promise<Client> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    return client;
  }

  /** Stops every service (SIGTERM, then SIGKILL after 10 s), the private Redis, and drops the database. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.children.keys()].map(async (service) => {
        const child = this.children.get(service)!;
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await this.killService(service, 'SIGTERM');
        clearTimeout(timer);
      }),
    );
    await this.redis?.stop();
    await this.pooler?.stop();
    if (!this.options.keepDatabase) {
      await adminQuery(this.serverUrl, `DROP DATABASE IF EXISTS "countyflow_${this.name}" WITH (FORCE)`);
    }
  }
}

async function adminQuery(serverUrl: string, sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE … TEMPLATE, retried while another client briefly holds the template (it must have no sessions). */
async function cloneDatabase(serverUrl: string, database: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(serverUrl, `CREATE DATABASE "${database}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      if (attempt >= 30 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await sleep(100 * attempt);
    }
  }
}
