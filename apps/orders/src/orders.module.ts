import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { ORDERS_MIGRATIONS } from '../../../migrations/orders';
import { OrdersConfig } from './orders.config';

export const ORDERS_ENTITIES = [...MESSAGING_ENTITIES];

@Module({})
export class OrdersModule {
  static forRoot(config: OrdersConfig): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        KernelModule.forRoot(ServiceName.Orders, config),
        PersistenceModule.forRoot({ schema: 'orders', entities: ORDERS_ENTITIES, migrations: ORDERS_MIGRATIONS }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Orders }),
      ],
    };
  }
}
