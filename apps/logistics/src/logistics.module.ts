import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { LOGISTICS_MIGRATIONS } from '../../../migrations/logistics';
import { LogisticsConfig } from './logistics.config';

export const LOGISTICS_ENTITIES = [...MESSAGING_ENTITIES];

@Module({})
export class LogisticsModule {
  static forRoot(config: LogisticsConfig): DynamicModule {
    return {
      module: LogisticsModule,
      imports: [
        KernelModule.forRoot(ServiceName.Logistics, config),
        PersistenceModule.forRoot({ schema: 'logistics', entities: LOGISTICS_ENTITIES, migrations: LOGISTICS_MIGRATIONS }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Logistics }),
      ],
    };
  }
}
