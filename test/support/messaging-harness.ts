import { AuthModule, Principal, signAccessToken } from '@countyflow/auth';
import {
  EventEnvelope,
  EventName,
  eventsRoutedTo,
  inboxQueueName,
  MembershipRole,
  OrganisationKind,
  OrgStatusChanged,
  ServiceName,
} from '@countyflow/contracts';
import {
  createHttpApp,
  databaseRoleOf,
  Env,
  KernelModule,
  listen,
  Metrics,
  Public,
  RequestContext,
} from '@countyflow/kernel';
import {
  DeadLetterService,
  envelopesOf,
  EventContext,
  EventPublisher,
  InboxJobData,
  InboxWorker,
  MESSAGING_ENTITIES,
  MessagingModule,
  MessagingOptions,
  OnEvent,
  OutboxRelay,
} from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { createTestDatabase, TestDatabase, uniqueQueuePrefix } from '@countyflow/testing';
import {
  Controller,
  DynamicModule,
  HttpCode,
  Inject,
  Injectable,
  Module,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogConfig, loadCatalogConfig } from '../../apps/catalog/src/catalog.config';

/*
 * A catalog-shaped test service for the messaging library: the real MessagingModule, Kernel, Persistence and Auth
 * modules, with every event routed to catalog handled by ProbeHandlers (the tests publish org.verified and
 * org.suspended), which writes one row per handled event into catalog.probe_effect inside the inbox transaction.
 * Counting those rows is how the tests see "the effect happened once".
 */

/** One row per effect a probe handler committed. No unique key on purpose: a duplicate effect must be visible. */
export interface EffectRow {
  seq: string;
  event_id: string;
  name: EventName;
  org_id: string | null;
  app: string;
  request_id: string | null;
  causation_id: string | null;
  correlation_id: string | null;
}

const PROBE_APP_NAME = Symbol('PROBE_APP_NAME');

/** The handlers of the test service; tests steer them through the public fields. */
@Injectable()
export class ProbeHandlers {
  /** Every handler invocation (every attempt), in order. */
  readonly attempts: EventEnvelope[] = [];
  /**
   * orgId → asked on every attempt at that org's events, after the effect was written (so a rollback shows): the
   * error to throw, or undefined to succeed.
   */
  readonly failures = new Map<string, (event: EventEnvelope) => Error | undefined>();
  /** orgIds whose org.verified handler also publishes org.suspended from inside the handler. */
  readonly chained = new Set<string>();
  /** While set, handlers wait on it after writing their effect (to hold the inbox transaction open). */
  hold?: Promise<void>;

  constructor(
    private readonly publisher: EventPublisher,
    @Inject(PROBE_APP_NAME) private readonly appName: string,
  ) {}

  attemptsOf(eventId: string): number {
    return this.attempts.filter((event) => event.id === eventId).length;
  }

  /** What every generated handler does (see below): record the effect, then maybe fail or publish a follow-up. */
  async record(data: unknown, context: EventContext): Promise<void> {
    const orgId = (data as { orgId?: string } | null)?.orgId ?? null;
    this.attempts.push(context.event);
    await context.manager.query(
      `INSERT INTO probe_effect (event_id, name, org_id, app, request_id, causation_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        context.event.id,
        context.event.name,
        orgId,
        this.appName,
        RequestContext.requestId(),
        RequestContext.current()?.causationId ?? null,
        context.event.correlationId,
      ],
    );
    if (this.hold) {
      await this.hold;
    }
    const failure = orgId ? this.failures.get(orgId)?.(context.event) : undefined;
    if (failure) {
      throw failure;
    }
    if (orgId && context.event.name === EventName.OrgVerified && this.chained.has(orgId)) {
      await this.publisher.publish(context.manager, EventName.OrgSuspended, {
        ...(data as OrgStatusChanged),
        reason: 'chained',
      });
    }
  }
}

/*
 * The catalogue grows, and the registry insists on exactly one handler per event routed to the service: so the
 * probe gets one `@OnEvent` method per event routed to catalog, generated from the catalogue itself.
 */
for (const name of eventsRoutedTo(ServiceName.Catalog)) {
  const method = `handle ${name}`;
  const handler = function (this: ProbeHandlers, data: unknown, context: EventContext): Promise<void> {
    return this.record(data, context);
  };
  Object.defineProperty(ProbeHandlers.prototype, method, { value: handler, configurable: true, writable: true });
  OnEvent(name)(ProbeHandlers.prototype, method, Object.getOwnPropertyDescriptor(ProbeHandlers.prototype, method)!);
}
for (const needed of [EventName.OrgVerified, EventName.OrgSuspended]) {
  if (!eventsRoutedTo(ServiceName.Catalog).includes(needed)) {
    throw new Error(
      `the messaging harness publishes ${needed}, which is no longer routed to catalog: pick other events`,
    );
  }
}

/** Publishes from inside an HTTP request, so that the request id becomes the event's correlation id. */
@Public()
@Controller('probe')
export class ProbeController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
  ) {}

  @Post(':orgId/verify')
  @HttpCode(202)
  async verify(@Param('orgId', new ParseUUIDPipe()) orgId: string): Promise<{ eventId: string }> {
    const eventId = await this.dataSource.transaction((manager) =>
      this.publisher.publish(manager, EventName.OrgVerified, orgEvent({ orgId })),
    );
    return { eventId };
  }
}

@Module({})
class ProbeModule {
  static forRoot(config: CatalogConfig, appName: string, messaging: Partial<MessagingOptions>): DynamicModule {
    return {
      module: ProbeModule,
      imports: [
        KernelModule.forRoot(ServiceName.Catalog, config),
        PersistenceModule.forRoot({
          schema: 'catalog',
          entities: [...MESSAGING_ENTITIES],
          migrations: [],
          poolSize: 20,
        }),
        AuthModule,
        MessagingModule.forRoot({ ...messaging, service: ServiceName.Catalog }),
      ],
      controllers: [ProbeController],
      providers: [ProbeHandlers, { provide: PROBE_APP_NAME, useValue: appName }],
    };
  }
}

/** A payload for org.verified / org.suspended, with a fresh orgId unless given. */
export function orgEvent(overrides: Partial<OrgStatusChanged> = {}): OrgStatusChanged {
  return {
    orgId: randomUUID(),
    kind: OrganisationKind.Cooperative,
    name: '安西镇脐橙专业合作社',
    countyCode: '360722',
    villageCode: '360722100201',
    creditCode: null,
    decidedBy: randomUUID(),
    reason: null,
    ...overrides,
  };
}

/** One running copy of the test service. */
export class ProbeApp {
  readonly dataSource: DataSource;
  readonly publisher: EventPublisher;
  readonly relay: OutboxRelay;
  readonly worker: InboxWorker;
  readonly deadLetters: DeadLetterService;
  readonly probe: ProbeHandlers;
  readonly metrics: Metrics;

  constructor(
    readonly name: string,
    readonly app: NestFastifyApplication,
    readonly url: string,
    readonly config: CatalogConfig,
  ) {
    this.dataSource = app.get(DataSource);
    this.publisher = app.get(EventPublisher);
    this.relay = app.get(OutboxRelay);
    this.worker = app.get(InboxWorker);
    this.deadLetters = app.get(DeadLetterService);
    this.probe = app.get(ProbeHandlers);
    this.metrics = app.get(Metrics);
  }

  /** Publishes the events in one committed transaction; returns their ids. */
  publish(...events: { name: EventName; data: OrgStatusChanged }[]): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (const event of events) {
        ids.push(await this.publisher.publish(manager, event.name, event.data));
      }
      return ids;
    });
  }

  /** Publishes one org.verified event in its own transaction. */
  async verified(data: OrgStatusChanged = orgEvent()): Promise<string> {
    const [id] = await this.publish({ name: EventName.OrgVerified, data });
    return id;
  }

  async relayFailures(): Promise<number> {
    return (await this.metrics.outboxRelayFailures.get()).values[0]?.value ?? 0;
  }

  /** An access token this app accepts (signed with its secret), for a caller holding the given roles. */
  token(...roles: MembershipRole[]): string {
    const principal = new Principal(
      randomUUID(),
      'tester',
      randomUUID(),
      roles.map((role) => ({
        orgId: randomUUID(),
        orgKind: role === MembershipRole.PlatformAdmin ? OrganisationKind.Platform : OrganisationKind.CountyOffice,
        countyCode: role === MembershipRole.PlatformAdmin ? '000000' : '360722',
        role,
      })),
    );
    return signAccessToken(principal, this.config.jwtSecret, 600);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

export interface HarnessOptions {
  /** Overrides of the env every app of the harness gets (e.g. REDIS_URL). */
  env?: Env;
}

export interface AppOptions {
  name?: string;
  messaging?: Partial<MessagingOptions>;
  env?: Env;
}

/**
 * A fresh database (cloned from the migrated template, plus the probe_effect table), a queue prefix of its own,
 * and any number of copies of the test service sharing both.
 */
export class MessagingHarness {
  readonly apps: ProbeApp[] = [];
  private readonly closers: (() => Promise<void>)[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly env: Env,
    /** A plain connection to the test database, for assertions (search_path = catalog). */
    readonly sql: DataSource,
  ) {}

  static async create(options: HarnessOptions = {}): Promise<MessagingHarness> {
    const db = await createTestDatabase(process.env);
    const env: Env = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: uniqueQueuePrefix(),
      OUTBOX_POLL_INTERVAL_MS: '100',
      EVENT_MAX_ATTEMPTS: '3',
      EVENT_BACKOFF_MS: '20',
      MIGRATE_ON_BOOT: 'false',
      ...options.env,
    };
    const sql = new DataSource({
      type: 'postgres',
      url: db.url,
      extra: { max: 4, options: '-c search_path=catalog,public' },
    });
    await sql.initialize();
    await sql.query(`
      CREATE TABLE probe_effect (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        name text NOT NULL,
        org_id uuid,
        app text NOT NULL,
        request_id text,
        causation_id text,
        correlation_id text
      )`);
    // the probe service connects as catalog's role, which may only write what it owns
    await sql.query(`ALTER TABLE probe_effect OWNER TO ${databaseRoleOf('catalog')}`);
    return new MessagingHarness(db, env, sql);
  }

  get redisUrl(): string {
    return this.env.REDIS_URL!;
  }

  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX!;
  }

  async startApp(options: AppOptions = {}): Promise<ProbeApp> {
    const name = options.name ?? `app-${this.apps.length + 1}`;
    const config = loadCatalogConfig({ ...this.env, ...options.env }, { port: 0 });
    const app = await createHttpApp(ProbeModule.forRoot(config, name, options.messaging ?? {}), config, {
      title: 'messaging probe',
      description: 'messaging library test service',
      withoutDocs: true,
    });
    const url = await listen(app, 0);
    const probeApp = new ProbeApp(name, app, url, config);
    this.apps.push(probeApp);
    return probeApp;
  }

  /** The catalog inbox queue under this harness's prefix, on a connection of its own (closed by stop()). */
  inboxQueue(): Queue<InboxJobData> {
    const connection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue<InboxJobData>(inboxQueueName(ServiceName.Catalog), {
      connection,
      prefix: this.queuePrefix,
    });
    this.closers.push(async () => {
      await queue.close();
      connection.disconnect();
    });
    return queue;
  }

  /**
   * The ids of the events on the catalog inbox queue in any state, one per envelope, whichever job carries it (a
   * relay puts several events of one name in one job: docs/messaging.md "Jobs").
   */
  async queuedEventIds(): Promise<string[]> {
    const jobs = await this.inboxQueue().getJobs([
      'waiting',
      'prioritized',
      'delayed',
      'active',
      'completed',
      'failed',
    ]);
    return jobs.flatMap((job) => envelopesOf(job.data).map((envelope) => envelope.id));
  }

  /** Rows of a query against the test database. */
  rows<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.sql.query<T[]>(query, params);
  }

  effects(where = 'true', params: unknown[] = []): Promise<EffectRow[]> {
    return this.rows<EffectRow>(`SELECT * FROM probe_effect WHERE ${where} ORDER BY seq`, params);
  }

  async count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const [{ count }] = await this.rows<{ count: number }>(
      `SELECT count(*)::int AS count FROM ${table} WHERE ${where}`,
      params,
    );
    return count;
  }

  /** Event ids whose effect was committed more than once (must always be empty). */
  async duplicatedEffects(): Promise<string[]> {
    const rows = await this.rows<{ event_id: string }>(
      `SELECT event_id FROM probe_effect GROUP BY event_id HAVING count(*) > 1`,
    );
    return rows.map((row) => row.event_id);
  }

  async stop(): Promise<void> {
    for (const app of this.apps.splice(0)) {
      await app.close().catch(() => undefined);
    }
    for (const close of this.closers.splice(0)) {
      await close().catch(() => undefined);
    }
    await cleanRedisPrefix(this.redisUrl, this.queuePrefix).catch(() => undefined);
    await this.sql.destroy().catch(() => undefined);
    await this.db.drop();
  }
}

/** Deletes every key under `prefix` (the harness's queues). */
export async function cleanRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Runs `work` in a transaction and rolls it back afterwards, returning what it returned. */
export async function inRolledBackTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const rollback = new Error('rollback on purpose');
  let result: T | undefined;
  await dataSource
    .transaction(async (manager) => {
      result = await work(manager);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) {
        throw error;
      }
    });
  return result as T;
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A private redis-server child process (no persistence) that a test may kill and restart on the same port,
 * so that an outage never touches the machine's own Redis.
 */
export class RedisServer {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly args: string[] = [],
  ) {}

  /** `args`: more redis-server options (a cluster node's, for one). */
  static async start(args: string[] = []): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), args);
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts) redis-server on this port and resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.child) {
      throw new Error(`redis-server on ${this.port} is already running`);
    }
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.args],
      { stdio: 'ignore' },
    );
    this.child = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`redis-server on ${this.port} exited with ${code}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await Promise.race([probe.connect().then(() => probe.ping()), exited]);
        return;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) {
          this.child = undefined;
          throw error;
        }
      } finally {
        probe.disconnect();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills redis-server at once (SIGKILL: a crash, nothing saved) and resolves when it has exited. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) {
      return;
    }
    this.child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
}
