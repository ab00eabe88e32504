import { CommonConfig, LOGGER, Readiness } from '@countyflow/kernel';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createServiceDataSource, migrateService, ServiceDataSourceOptions } from './data-source';
import { preparesStatements } from './prepared-statements';
import { TransactionalConnection } from './transactional-connection';

export type PersistenceOptions = Pick<ServiceDataSourceOptions, 'schema' | 'entities' | 'migrations' | 'poolSize'>;

class DataSourceLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}

/**
 * Provides the service's DataSource (injected as `DataSource`), connected as the service's role and migrated at boot
 * when the config says so (`MIGRATE_ON_BOOT`; production runs `npm run migrate` as a step of its own instead).
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async (config: CommonConfig, readiness: Readiness, logger: Logger) => {
            if (config.migrateOnBoot) {
              // as DATABASE_URL's user (the owner), before the service connects as its role
              const ran = await migrateService({ url: config.databaseUrl, ...options });
              if (ran.length > 0) {
                logger.info({ schema: options.schema, migrations: ran }, 'migrated');
              }
            }
            const dataSource = createServiceDataSource({
              ...options,
              poolSize: config.databasePoolSize ?? options.poolSize,
              url: config.databaseUrl,
              preparedStatements: preparesStatements(config),
              // countyflow-orders, or countyflow-orders-worker / -api when the service runs in roles
              applicationName:
                config.serviceRole && config.serviceRole !== 'all'
                  ? `countyflow-${options.schema}-${config.serviceRole}`
                  : undefined,
            });
            await dataSource.initialize();
            readiness.register('postgres', async () => {
              await dataSource.query('SELECT 1');
            });
            return dataSource;
          },
          inject: [CommonConfig, Readiness, LOGGER],
        },
        DataSourceLifecycle,
        TransactionalConnection,
      ],
      exports: [DataSource, TransactionalConnection],
    };
  }
}
