import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { LOGISTICS_MIGRATIONS } from '../../../migrations/logistics';
import { LogisticsAdapters, LogisticsAdaptersModule } from './adapters.module';
import { CarrierBooking } from './carrier/carrier.entity';
import { CarrierModule } from './carrier/carrier.module';
import { IdempotentRequest } from './common/idempotency.entity';
import { FiguresModule } from './figures/figures.module';
import { HistoryModule } from './history/history.module';
import { LogisticsConfig } from './logistics.config';
import { LotCopy } from './lot/lot-copy.entity';
import { LotModule } from './lot/lot.module';
import { NETWORK_ENTITIES } from './network/network.entities';
import { NetworkModule } from './network/network.module';
import { NODE_ENTITIES } from './node/node.entities';
import { NodeModule } from './node/node.module';
import { Notification } from './notification/notification.entity';
import { NotificationModule } from './notification/notification.module';
import { PointModule } from './point/point.module';
import { RetentionModule } from './retention/retention.module';
import { RUN_ENTITIES } from './run/run.entities';
import { RunModule } from './run/run.module';
import { SHIPMENT_ENTITIES } from './shipment/shipment.entities';
import { ShipmentModule } from './shipment/shipment.module';

export const LOGISTICS_ENTITIES = [
  ...NETWORK_ENTITIES,
  ...SHIPMENT_ENTITIES,
  ...RUN_ENTITIES,
  Notification,
  CarrierBooking,
  ...NODE_ENTITIES,
  IdempotentRequest,
  LotCopy,
  ...MESSAGING_ENTITIES,
];

/**
 * Logistics' features, each a module exporting only what the others may use (the adapters the configuration chooses
 * come from LogisticsAdaptersModule): what the app module imports. A medium test imports the ones it exercises.
 */
export const LOGISTICS_FEATURES = [
  NetworkModule,
  ShipmentModule,
  PointModule,
  RunModule,
  CarrierModule,
  NotificationModule,
  RetentionModule,
  FiguresModule,
  NodeModule,
  LotModule,
  HistoryModule,
];

@Module({})
export class LogisticsModule {
  static forRoot(config: LogisticsConfig, adapters: LogisticsAdapters = {}): DynamicModule {
    return {
      module: LogisticsModule,
      imports: [
        KernelModule.forRoot(ServiceName.Logistics, config),
        PersistenceModule.forRoot({
          schema: 'logistics',
          entities: LOGISTICS_ENTITIES,
          migrations: LOGISTICS_MIGRATIONS,
        }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Logistics }),
        LogisticsAdaptersModule.forRoot(config, adapters),
        ...LOGISTICS_FEATURES,
      ],
    };
  }
}
