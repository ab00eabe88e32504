import { LOGGER } from '@countyflow/kernel';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask } from '../common/periodic-task';
import { OrdersConfig } from '../orders.config';
import { GroupBuyService } from './group-buy.service';

/** Expires buying groups that did not fill in time; replicas share the work through SKIP LOCKED. */
@Injectable()
export class GroupBuySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(service: GroupBuyService, config: OrdersConfig, @Inject(LOGGER) logger: Logger) {
    this.task = new PeriodicTask('group-expiry', config.groupExpirySweepIntervalMs, () => service.expireDue(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
