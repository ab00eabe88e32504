import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
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

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  redisUrl: string;

  /** Prefix of every BullMQ key, so that several deployments (or test runs) can share one Redis. */
  @Matches(/^[a-z0-9-]+$/, { message: 'QUEUE_PREFIX must be lower-case letters, digits and dashes' })
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
    databaseDirectUrl: env.DATABASE_DIRECT_URL || (env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow'),
    databasePoolSize: env.DATABASE_POOL_SIZE ? numberFromEnv(env.DATABASE_POOL_SIZE, 10) : undefined,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: env.QUEUE_PREFIX ?? 'cf',
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
    eventMaxAttempts: numberFromEnv(env.EVENT_MAX_ATTEMPTS, 8),
    eventBackoffMs: numberFromEnv(env.EVENT_BACKOFF_MS, 500),
    serviceRole: env.SERVICE_ROLE || 'all',
    inboxConcurrency: numberFromEnv(env.INBOX_CONCURRENCY, 8),
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
  };
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
  const config = plainToInstance(cls, raw);
  const problems = describe(validateSync(config, { forbidUnknownValues: false }));
  if ((config as unknown as CommonConfig).nodeEnv === 'production') {
    problems.push(...productionSecretProblems(config));
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
