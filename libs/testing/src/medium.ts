import { EventEnvelope, EventName, EventOf, ServiceName } from '@countyflow/contracts';
import { CommonConfig, Env, KernelModule } from '@countyflow/kernel';
import {
  EventPublisher,
  InboxOutcome,
  InboxWorker,
  MESSAGING_OPTIONS,
  MessagingModule,
  TaskScheduler,
} from '@countyflow/messaging';
import { PersistenceModule, PersistenceOptions } from '@countyflow/persistence';
import { DynamicModule, Global, Module, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { TestEnv, workerDatabase } from './database';
import { uniqueQueuePrefix } from './factories';

/**
 * Only the outbox side of the messaging library: publishers write their rows, nothing relays or consumes them, and
 * scheduled tasks run only when a test runs or nudges them.
 */
@Global()
@Module({})
class OutboxOnlyModule {
  static forService(service: ServiceName): DynamicModule {
    return {
      module: OutboxOnlyModule,
      providers: [EventPublisher, { provide: MESSAGING_OPTIONS, useValue: { service, tasks: false } }, TaskScheduler],
      exports: [EventPublisher, TaskScheduler],
    };
  }
}

export interface MediumTestOptions<C extends CommonConfig> {
  service: ServiceName;
  /** The service's schema and entities, as its app module gives them to PersistenceModule. */
  persistence: Pick<PersistenceOptions, 'schema' | 'entities'>;
  /** The service's own config loader, given the test environment. */
  config: (env: Env) => C;
  /** The feature module under test, when the service has one, or what it needs beside `providers`. */
  imports?: ModuleMetadata['imports'];
  /** The services and repositories under test. */
  providers?: Provider[];
  /**
   * With the service's handlers among the providers: the messaging module without its relay and its worker, so
   * that `deliver` hands an event to the service's handlers as its inbox would (deduplication included). The boot
   * check then insists that every event routed to the service has its handler among the providers.
   */
  inbox?: boolean;
  /** Settings beside the test defaults. */
  env?: Env;
}

/**
 * A medium test (immich's `server/test/medium` is the model): a service with its real repositories on real
 * PostgreSQL, without HTTP and without queues. The database is this Jest worker's clone of the migrated template
 * (shared by the worker's files, so create your own rows with fresh ids); events a service publishes land in its
 * outbox table, where the test can read them.
 */
export class MediumTest {
  private constructor(
    readonly module: TestingModule,
    readonly dataSource: DataSource,
  ) {}

  /** `env` is the environment the test run was started with (the callers in test/ pass the process's). */
  static async create<C extends CommonConfig>(env: TestEnv, options: MediumTestOptions<C>): Promise<MediumTest> {
    const url = await workerDatabase(env);
    const config = options.config({
      NODE_ENV: 'test',
      LOG_LEVEL: env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: uniqueQueuePrefix(),
      MIGRATE_ON_BOOT: 'false',
      ...options.env,
    });
    const module = await Test.createTestingModule({
      imports: [
        KernelModule.forRoot(options.service, config),
        PersistenceModule.forRoot({ ...options.persistence, migrations: [] }),
        options.inbox
          ? MessagingModule.forRoot({ service: options.service, relay: false, worker: false, tasks: false })
          : OutboxOnlyModule.forService(options.service),
        ...(options.imports ?? []),
      ],
      providers: options.providers ?? [],
    }).compile();
    await module.init();
    return new MediumTest(module, module.get(DataSource));
  }

  get<T>(token: Type<T> | string | symbol): T {
    return this.module.get<T>(token, { strict: false });
  }

  /** Hands the event to the service's handler as its inbox worker would, in one transaction. */
  deliver<T extends EventName>(
    name: T,
    data: EventOf<T>,
    { producer = ServiceName.Identity, id = randomUUID() }: { producer?: ServiceName; id?: string } = {},
  ): Promise<InboxOutcome> {
    const envelope: EventEnvelope<T> = {
      id,
      name,
      data,
      producer,
      occurredAt: new Date().toISOString(),
      correlationId: null,
      causationId: null,
    };
    return this.get(InboxWorker).handle(envelope as unknown as EventEnvelope);
  }

  /** Rows of a query in the service's schema. */
  rows<T>(query: string, params: unknown[] = []): Promise<T[]> {
    return this.dataSource.query<T[]>(query, params);
  }

  /** Runs `work` in one committed transaction, as an event handler's inbox transaction would. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The events written to the outbox whose payload matches `where` (a JSON containment), oldest first. */
  async published(name: string, where: object = {}): Promise<Record<string, unknown>[]> {
    const rows = await this.rows<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox WHERE name = $1 AND payload @> $2::jsonb ORDER BY seq`,
      [name, JSON.stringify(where)],
    );
    return rows.map((row) => row.payload);
  }

  close(): Promise<void> {
    return this.module.close();
  }
}

/**
 * The status and code of the problem `promise` fails with (a Nest HttpException such as kernel's `Problem`), or a
 * failure if it does not fail: for asserting on refusals at the service level.
 */
export async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    const problem = error as { getStatus?: () => number; code?: string };
    if (typeof problem.getStatus !== 'function') {
      throw error;
    }
    return { status: problem.getStatus(), code: problem.code };
  }
  throw new Error('expected a refusal (an HttpException), but the call succeeded');
}
