import { createSmsSender, REDIS, SmsSender } from '@countyflow/kernel';
import { DynamicModule, Global, Module, Provider, Type } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LogisticsCommonModule } from './common/common.module';
import { LogisticsConfig } from './logistics.config';
import { SmsNotificationAdapter, StoredNotificationAdapter } from './notification/notification.adapters';
import { NotificationPort } from './notification/notification.port';
import { OptimisingPlanner } from './planner/optimising.planner';
import { RoutePlanner } from './planner/route-planner';
import { SavingsPlanner } from './planner/savings.planner';

export interface LogisticsAdapters {
  /** Another route planner in place of the optimiser (or, with PLANNER_TIME_BUDGET_MS=0, the savings heuristic). */
  planner?: Type<RoutePlanner>;
}

/**
 * The ports whose adapter the configuration chooses: how recipients are told (`NotificationPort`: by SMS through
 * Alibaba Cloud or Tencent Cloud, or stored) and how a day's runs are planned (`RoutePlanner`). Global, so that every feature reaches the one adapter chosen.
 */
@Global()
@Module({})
export class LogisticsAdaptersModule {
  static forRoot(
    config: Pick<LogisticsConfig, 'notificationChannel' | 'plannerTimeBudgetMs'> &
      Partial<Pick<LogisticsConfig, 'sms' | 'queuePrefix'>>,
    adapters: LogisticsAdapters = {},
  ): DynamicModule {
    const sms = config.sms;
    if (config.notificationChannel === 'sms' && !sms) {
      throw new Error('NOTIFICATION_CHANNEL=sms needs the SMS provider settings (SMS_PROVIDER …)');
    }
    const notifications: Provider[] =
      config.notificationChannel === 'sms' && sms
        ? [
            {
              provide: SmsSender,
              useFactory: (redis: Redis) => createSmsSender(sms, redis, config.queuePrefix ?? ''),
              inject: [REDIS],
            },
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
