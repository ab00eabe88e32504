import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { productionSecretProblems } from './config-secrets';

import { DEFAULT_JSON_MAX_DEPTH } from './input-policy';

export type Env = Record<string, string | undefined>;

const DEV_JWT_SECRET = 'development-only-secret-do-not-use-in-production';
const DEV_MEDIA_SIGNING_SECRET = 'development-only-media-signing-secret-0001';

export const SERVICE_ROLES = ['all', 'api', 'worker'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Whether a process of this role runs the outbox relay and the inbox worker. */
export const runsEvents = (role: ServiceRole): boolean => role !== 'api';

/** Settings every service shares. Each app extends it with its own keys. */
export class CommonConfig {
  @IsIn(['development', 'test', 'production'])
  nodeEnv: 'development' | 'test' | 'production';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  logLevel: string;

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  databaseUrl: string;

  /**
   * A connection straight to PostgreSQL, not through PgBouncer (`DATABASE_DIRECT_URL`; default DATABASE_URL): the
   * outbox relay's and catalog search's LISTEN clients use it, since LISTEN needs a session of its own, which a
   * pooler in transaction mode does not keep. Its user is replaced by the service's role, as DATABASE_URL's is.
   */
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_DIRECT_URL must be a postgres:// URL' })
  databaseDirectUrl: string;

  /**
   * Connections each service's pool keeps open to PostgreSQL at most; unset, each service uses its own default
   * (identity 5, catalog 6, orders 8, logistics 6: with the five LISTEN clients an instance opens 30 at most,
   * docs/scaling.md "Connections"). Tests set it low: many services share one server and its max_connections.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  databasePoolSize?: number;

  /**
   * `DATABASE_PREPARED_STATEMENTS`: whether the pools send statements as named prepared statements (PostgreSQL then
   * parses each once per connection and may keep its plan). `auto` (the default): only when DATABASE_DIRECT_URL is
   * unset or the same as DATABASE_URL — a deployment behind PgBouncer sets it apart, and PgBouncer before 1.21 in
   * transaction mode cannot carry prepared statements; `on` for one that can (`max_prepared_statements`).
   */
  @IsIn(['auto', 'on', 'off'], { message: 'DATABASE_PREPARED_STATEMENTS must be auto, on or off' })
  databasePreparedStatements: 'auto' | 'on' | 'off';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  redisUrl: string;

  /**
   * Prefix of every BullMQ key, so that several deployments (or test runs) can share one Redis. In braces (`{cf}`,
   * the default) it is a Redis Cluster hash tag: every queue's keys then share one slot, as BullMQ's scripts need.
   * The other keys use it without its braces (`redisKeyPrefix`) and carry hash tags of their own where one command
   * touches several keys (docs/messaging.md "Redis Cluster").
   */
  @Matches(/^(\{[a-z0-9-]+\}|[a-z0-9-]+)$/, {
    message: 'QUEUE_PREFIX must be lower-case letters, digits and dashes, optionally in braces ({cf})',
  })
  queuePrefix: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  jwtSecret: string;

  @IsInt()
  @Min(30)
  @Max(86_400)
  jwtAccessTtlSeconds: number;

  @IsString({ each: true })
  corsOrigins: string[];

  @IsInt()
  @Min(1024)
  bodyLimitBytes: number;

  /** How deep a JSON body may nest; a deeper one is refused by the parser before anything walks it. */
  @IsInt()
  @Min(4)
  @Max(256)
  jsonMaxDepth: number;

  /**
   * Which hops may set X-Forwarded-For (proxy-addr syntax: addresses, CIDRs, or loopback/linklocal/uniquelocal).
   * The client address used for rate limits is the nearest one that is not trusted, so a client cannot claim another.
   */
  @IsString()
  trustProxy: string;

  @IsInt()
  @Min(10)
  outboxPollIntervalMs: number;

  /**
   * How old an unpublished outbox row must be before the relay's sweep takes it (`OUTBOX_GRACE_MS`): the process
   * that committed a row publishes it itself right after the commit, so the sweep only picks up what a process
   * that died (or whose Redis call failed) left behind, and never races a healthy fast path.
   */
  @IsInt()
  @Min(0)
  outboxGraceMs: number;

  @IsInt()
  @Min(1)
  @Max(50)
  eventMaxAttempts: number;

  @IsInt()
  @Min(1)
  eventBackoffMs: number;

  /**
   * What this process does (`SERVICE_ROLE`): `all` (default) serves HTTP and consumes events; `api` serves HTTP
   * and writes its outbox but neither relays nor consumes events; `worker` relays the outbox and consumes the inbox
   * and answers only /health, /ready and /metrics. Run one `worker` beside the `api` processes of a service so that
   * event handling never queues behind request serving (docs/messaging.md "Roles").
   */
  @IsIn(SERVICE_ROLES)
  serviceRole: ServiceRole;

  /** Inbox jobs a process handles at once (`INBOX_CONCURRENCY`); more than the pool size only queues for a connection. */
  @IsInt()
  @Min(1)
  @Max(200)
  inboxConcurrency: number;

  /**
   * At most this many events of a batch-safe kind (`@OnEventBatch`) handled in one inbox transaction
   * (`INBOX_BATCH_SIZE`); 1 handles every event in a transaction of its own. A batch is what is waiting when a
   * transaction can start, so it never holds an event back to fill up.
   */
  @IsInt()
  @Min(1)
  @Max(500)
  inboxBatchSize: number;

  /** Published outbox rows are deleted this many hours after they were relayed (`OUTBOX_RETENTION_HOURS`). */
  @IsInt()
  @Min(1)
  outboxRetentionHours: number;

  /**
   * Inbox rows (`processed_event`) are deleted this many hours after their event was handled (`INBOX_RETENTION_HOURS`).
   * At least a day: a completed event's job stays in BullMQ for 24 h, and until it is gone a repeat of the event is
   * absorbed by its job id; after that only this row stops a redelivery from having a second effect.
   */
  @IsInt()
  @Min(24)
  inboxRetentionHours: number;

  /** How often the retention task runs (`MESSAGING_RETENTION_INTERVAL_MS`; 0: never by schedule). */
  @IsInt()
  @Min(0)
  messagingRetentionIntervalMs: number;

  /** Rows deleted per statement by the retention task (`MESSAGING_RETENTION_BATCH`). */
  @IsInt()
  @Min(10)
  @Max(50_000)
  messagingRetentionBatch: number;

  /** Migrate this service's schema at boot (under an advisory lock, so replicas take turns). */
  migrateOnBoot: boolean;

  /** The largest photo upload (a multipart body) a service and the gateway take. */
  @IsInt()
  @Min(1024)
  uploadLimitBytes: number;

  /** Where photos are stored: `local` (a directory, for one machine) or `s3` (S3-compatible object storage). */
  @IsIn(['local', 's3'])
  mediaStorage: 'local' | 's3';

  @IsString()
  mediaDir: string;

  /**
   * Signs the short-lived links to private photos (licences, permits). Required by the services that keep photos
   * (catalog and identity refuse to boot without it); unset in production unless given.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'MEDIA_SIGNING_SECRET must be at least 32 characters' })
  mediaSigningSecret?: string;

  @IsInt()
  @Min(10)
  @Max(86_400)
  mediaUrlTtlSeconds: number;

  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'S3_ENDPOINT must be an http(s):// URL' })
  s3Endpoint?: string;

  @IsString()
  s3Region: string;

  @IsOptional()
  @IsString()
  s3Bucket?: string;

  @IsOptional()
  @IsString()
  s3AccessKeyId?: string;

  @IsOptional()
  @IsString()
  s3SecretAccessKey?: string;

  /**
   * Where this process sends its spans over OTLP/HTTP: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. Unset (or `OTEL_SDK_DISABLED=true`, `OTEL_TRACES_EXPORTER=none`),
   * tracing is off and costs nothing (docs/architecture.md "Tracing").
   */
  @IsOptional()
  @Matches(/^https?:\/\//, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL' })
  otelTracesEndpoint?: string;

  /** Headers sent with every export (`OTEL_EXPORTER_OTLP_HEADERS`: `key=value,key=value`, values URL-encoded). */
  otelHeaders: Record<string, string>;

  /** The share of new traces recorded (`OTEL_TRACES_SAMPLER_ARG`, 0–1); a trace that arrives sampled stays so. */
  @IsNumber({}, { message: 'OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1' })
  @Min(0)
  @Max(1)
  otelSampleRatio: number;

  /** How long finished spans are batched before they are sent (`OTEL_BSP_SCHEDULE_DELAY`, ms). */
  @IsInt()
  @Min(10)
  @Max(60_000)
  otelExportDelayMs: number;
}

/** A service that serves HTTP. */
export class ServiceConfig extends CommonConfig {
  @IsInt()
  @Min(0)
  @Max(65_535)
  port: number;
}

/**
 * A numeric setting: the fallback when unset, a number when it reads as one, otherwise the raw text, so that the
 * validator names the key and its bad value instead of silently using NaN.
 */
export const numberFromEnv = (value: string | undefined, fallback: number): number | string =>
  value === undefined || value === '' ? fallback : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;

/** A true/false setting, passed through raw when it is neither (the validator then refuses it). */
export const boolFromEnv = (value: string | undefined, fallback: boolean): boolean | string =>
  value === undefined || value === '' ? fallback : value === 'true' ? true : value === 'false' ? false : value;

/** Reads the keys of {@link CommonConfig} from the environment, with the defaults a developer's machine needs. */
export function commonFromEnv(env: Env): Record<string, unknown> {
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    nodeEnv,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow',
    // unset: validateConfig uses the databaseUrl it is given (an app created with another databaseUrl listens there)
    databaseDirectUrl: env.DATABASE_DIRECT_URL || undefined,
    databasePoolSize: env.DATABASE_POOL_SIZE ? numberFromEnv(env.DATABASE_POOL_SIZE, 10) : undefined,
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS || 'auto',
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: env.QUEUE_PREFIX ?? '{cf}',
    jwtSecret: env.JWT_SECRET ?? (nodeEnv === 'production' ? '' : DEV_JWT_SECRET),
    jwtAccessTtlSeconds: numberFromEnv(env.JWT_ACCESS_TTL_SECONDS, 900),
    corsOrigins: (env.CORS_ORIGINS ?? 'http://localhost:3000,http://localhost:5173')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    bodyLimitBytes: numberFromEnv(env.BODY_LIMIT_BYTES, 1_048_576),
    jsonMaxDepth: numberFromEnv(env.JSON_MAX_DEPTH, DEFAULT_JSON_MAX_DEPTH),
    trustProxy: env.TRUST_PROXY ?? 'loopback,linklocal,uniquelocal',
    outboxPollIntervalMs: numberFromEnv(env.OUTBOX_POLL_INTERVAL_MS, 1000),
    outboxGraceMs: numberFromEnv(env.OUTBOX_GRACE_MS, 2000),
    eventMaxAttempts: numberFromEnv(env.EVENT_MAX_ATTEMPTS, 8),
    eventBackoffMs: numberFromEnv(env.EVENT_BACKOFF_MS, 500),
    serviceRole: env.SERVICE_ROLE || 'all',
    inboxConcurrency: numberFromEnv(env.INBOX_CONCURRENCY, 8),
    inboxBatchSize: numberFromEnv(env.INBOX_BATCH_SIZE, 32),
    outboxRetentionHours: numberFromEnv(env.OUTBOX_RETENTION_HOURS, 7 * 24),
    inboxRetentionHours: numberFromEnv(env.INBOX_RETENTION_HOURS, 14 * 24),
    messagingRetentionIntervalMs: numberFromEnv(env.MESSAGING_RETENTION_INTERVAL_MS, 600_000),
    messagingRetentionBatch: numberFromEnv(env.MESSAGING_RETENTION_BATCH, 1000),
    migrateOnBoot: (env.MIGRATE_ON_BOOT ?? 'true') !== 'false',
    uploadLimitBytes: numberFromEnv(env.UPLOAD_LIMIT_BYTES, 12 * 1_048_576),
    mediaStorage: env.MEDIA_STORAGE ?? 'local',
    mediaDir: env.MEDIA_DIR ?? '.data/media',
    mediaSigningSecret: env.MEDIA_SIGNING_SECRET || (nodeEnv === 'production' ? undefined : DEV_MEDIA_SIGNING_SECRET),
    mediaUrlTtlSeconds: numberFromEnv(env.MEDIA_URL_TTL_SECONDS, 300),
    s3Endpoint: env.S3_ENDPOINT || undefined,
    s3Region: env.S3_REGION ?? 'us-east-1',
    s3Bucket: env.S3_BUCKET || undefined,
    s3AccessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    s3SecretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    otelTracesEndpoint: otelTracesEndpointFromEnv(env),
    otelHeaders: otelHeadersFromEnv(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS || env.OTEL_EXPORTER_OTLP_HEADERS),
    otelSampleRatio: numberFromEnv(env.OTEL_TRACES_SAMPLER_ARG, 1),
    otelExportDelayMs: numberFromEnv(env.OTEL_BSP_SCHEDULE_DELAY, 5000),
  };
}

/**
 * The prefix of the keys that are not BullMQ's (rate limits, revoked sessions, the dev SMS outbox): the queue prefix
 * without its hash-tag braces, so that those keys spread over the cluster's slots instead of all sharing the queues'.
 */
export const redisKeyPrefix = (queuePrefix: string): string => queuePrefix.replace(/[{}]/g, '');

/** The OpenTelemetry SDK's standard settings: the signal's own URL, or the base URL with `/v1/traces`. */
function otelTracesEndpointFromEnv(env: Env): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') {
    return undefined;
  }
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  }
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

function otelHeadersFromEnv(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) {
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
    }
  }
  return headers;
}

export function portFromEnv(env: Env, key: string, fallback: number): number | string {
  return numberFromEnv(env[key], fallback);
}

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => `${parent}${error.property}: ${message}`),
    ...describe(error.children ?? [], `${parent}${error.property}.`),
  ]);
}

/**
 * Validates raw settings into a typed config object, or throws one error that lists every problem. In production
 * every secret must be one of the deployment's own (see `config-secrets.ts`).
 * The only place that reads `process.env` is each app's `load<App>Config()`, which calls this.
 */
export function validateConfig<T extends object>(cls: new () => T, raw: Record<string, unknown>): T {
  const config = plainToInstance(cls, { ...raw, databaseDirectUrl: raw.databaseDirectUrl || raw.databaseUrl });
  const problems = describe(validateSync(config, { forbidUnknownValues: false }));
  if ((config as unknown as CommonConfig).nodeEnv === 'production') {
    problems.push(...productionSecretProblems(config));
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
