import { CommonConfig, LOGGER, Readiness } from '@countyflow/kernel';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createServiceDataSource, migrateSchema, ServiceDataSourceOptions } from './data-source';
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

/** Provides the service's DataSource (injected as `DataSource`), migrated at boot when the config says so. */
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
            const dataSource = createServiceDataSource({
              ...options,
              poolSize: config.databasePoolSize ?? options.poolSize,
              url: config.databaseUrl,
              // countyflow-orders, or countyflow-orders-worker / -api when the service runs in roles
              applicationName:
                config.serviceRole && config.serviceRole !== 'all'
                  ? `countyflow-${options.schema}-${config.serviceRole}`
                  : undefined,
            });
            await dataSource.initialize();
            if (config.migrateOnBoot) {
              const ran = await migrateSchema(dataSource);
              if (ran.length > 0) {
                logger.info({ schema: options.schema, migrations: ran }, 'migrated');
              }
            }
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
