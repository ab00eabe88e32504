import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { LOGISTICS_MIGRATIONS } from '../../../migrations/logistics';
import { CarrierController } from './carrier/carrier.controller';
import { CarrierBooking } from './carrier/carrier.entity';
import { CarrierPort } from './carrier/carrier.port';
import { CarrierBookingRepository } from './carrier/carrier.repository';
import { CarrierService } from './carrier/carrier.service';
import { SimulatedCarrier } from './carrier/simulated-carrier';
import { Clock } from './common/clock';
import { IdempotencyStore } from './common/idempotency';
import { IdempotentRequest } from './common/idempotency.entity';
import { FiguresController } from './figures/figures.controller';
import { FiguresRepository } from './figures/figures.repository';
import { FiguresService } from './figures/figures.service';
import { HistoryModule } from './history/history.module';
import { LogisticsConfig } from './logistics.config';
import { LotCopy } from './lot/lot-copy.entity';
import { LotHandlers } from './lot/lot.handlers';
import { LotRepository } from './lot/lot.repository';
import { LotService } from './lot/lot.service';
import { NetworkController } from './network/network.controller';
import { NETWORK_ENTITIES } from './network/network.entities';
import { NetworkRepository } from './network/network.repository';
import { NetworkService } from './network/network.service';
import { NodeController } from './node/node.controller';
import { NODE_ENTITIES } from './node/node.entities';
import { NodeRepository } from './node/node.repository';
import { NodeService } from './node/node.service';
import { SmsNotificationAdapter, StoredNotificationAdapter } from './notification/notification.adapters';
import { NotificationController } from './notification/notification.controller';
import { Notification } from './notification/notification.entity';
import { NotificationPort, SmsGateway } from './notification/notification.port';
import { NotificationRepository } from './notification/notification.repository';
import { NotificationService } from './notification/notification.service';
import { OptimisingPlanner } from './planner/optimising.planner';
import { RoutePlanner } from './planner/route-planner';
import { SavingsPlanner } from './planner/savings.planner';
import { PickupGuard } from './point/pickup-guard';
import { PointController } from './point/point.controller';
import { PointService } from './point/point.service';
import { ShelvingService } from './point/shelving.service';
import { RetentionController } from './retention/retention.controller';
import { RetentionService } from './retention/retention.service';
import { RunController } from './run/run.controller';
import { RUN_ENTITIES } from './run/run.entities';
import { RunRepository } from './run/run.repository';
import { RunService } from './run/run.service';
import { CustodyService } from './shipment/custody.service';
import { ShipmentController } from './shipment/shipment.controller';
import { SHIPMENT_ENTITIES } from './shipment/shipment.entities';
import { ShipmentHandlers } from './shipment/shipment.handlers';
import { ShipmentRepository } from './shipment/shipment.repository';
import { ShipmentService } from './shipment/shipment.service';

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
 * Logistics' network, custody, points, runs and lots without its adapters (notification channel, carrier, route
 * planner), retention and figures: what the module provides with them, and what a medium test builds on.
 */
export const LOGISTICS_DOMAIN_PROVIDERS: Provider[] = [
  Clock,
  IdempotencyStore,
  LotRepository,
  LotService,
  LotHandlers,
  NodeRepository,
  NodeService,
  NetworkRepository,
  NetworkService,
  ShipmentRepository,
  ShipmentService,
  ShipmentHandlers,
  CustodyService,
  ShelvingService,
  PickupGuard,
  PointService,
  RunRepository,
  RunService,
];

export interface LogisticsAdapters {
  /** Required for NOTIFICATION_CHANNEL=sms: the SMS provider's client. */
  smsGateway?: Type<SmsGateway>;
  /** Another route planner in place of the optimiser (or, with PLANNER_TIME_BUDGET_MS=0, the savings heuristic). */
  planner?: Type<RoutePlanner>;
}

@Module({})
export class LogisticsModule {
  static forRoot(config: LogisticsConfig, adapters: LogisticsAdapters = {}): DynamicModule {
    if (config.notificationChannel === 'sms' && !adapters.smsGateway) {
      throw new Error(
        'NOTIFICATION_CHANNEL=sms needs an SmsGateway adapter; none is bundled yet, use NOTIFICATION_CHANNEL=store',
      );
    }
    const notifications: Provider[] =
      config.notificationChannel === 'sms'
        ? [
            { provide: SmsGateway, useClass: adapters.smsGateway! },
            { provide: NotificationPort, useClass: SmsNotificationAdapter },
          ]
        : [{ provide: NotificationPort, useClass: StoredNotificationAdapter }];
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
        HistoryModule,
      ],
      controllers: [
        NetworkController,
        ShipmentController,
        PointController,
        RunController,
        CarrierController,
        NotificationController,
        RetentionController,
        FiguresController,
        NodeController,
      ],
      providers: [
        ...LOGISTICS_DOMAIN_PROVIDERS,
        ...notifications,
        NotificationRepository,
        NotificationService,
        SimulatedCarrier,
        { provide: CarrierPort, useExisting: SimulatedCarrier },
        CarrierBookingRepository,
        CarrierService,
        adapters.planner
          ? { provide: RoutePlanner, useClass: adapters.planner }
          : {
              provide: RoutePlanner,
              useValue:
                config.plannerTimeBudgetMs > 0
                  ? new OptimisingPlanner({ timeBudgetMs: config.plannerTimeBudgetMs })
                  : new SavingsPlanner(),
            },
        RetentionService,
        FiguresRepository,
        FiguresService,
      ],
    };
  }
}
