import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import { LogisticsCommonModule } from './common/common.module';
import { LogisticsConfig } from './logistics.config';
import { SmsNotificationAdapter, StoredNotificationAdapter } from './notification/notification.adapters';
import { NotificationPort, SmsGateway } from './notification/notification.port';
import { OptimisingPlanner } from './planner/optimising.planner';
import { RoutePlanner } from './planner/route-planner';
import { SavingsPlanner } from './planner/savings.planner';

export interface LogisticsAdapters {
  /** Required for NOTIFICATION_CHANNEL=sms: the SMS provider's client. */
  smsGateway?: Type<SmsGateway>;
  /** Another route planner in place of the optimiser (or, with PLANNER_TIME_BUDGET_MS=0, the savings heuristic). */
  planner?: Type<RoutePlanner>;
}

/**
 * The ports whose adapter the configuration chooses: how recipients are told (`NotificationPort`) and how a day's
 * runs are planned (`RoutePlanner`). Global, so that every feature reaches the one adapter chosen.
 */
@Global()
@Module({})
export class LogisticsAdaptersModule {
  static forRoot(
    config: Pick<LogisticsConfig, 'notificationChannel' | 'plannerTimeBudgetMs'>,
    adapters: LogisticsAdapters = {},
  ): DynamicModule {
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
    const planner: Provider = adapters.planner
      ? { provide: RoutePlanner, useClass: adapters.planner }
      : {
          provide: RoutePlanner,
          useValue:
            config.plannerTimeBudgetMs > 0
              ? new OptimisingPlanner({ timeBudgetMs: config.plannerTimeBudgetMs })
              : new SavingsPlanner(),
        };
    return {
      module: LogisticsAdaptersModule,
      imports: [LogisticsCommonModule],
      providers: [...notifications, planner],
      exports: [NotificationPort, RoutePlanner],
    };
  }
}
