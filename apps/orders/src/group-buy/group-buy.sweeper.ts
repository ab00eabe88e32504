import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../orders.config';
import { GroupBuyService } from './group-buy.service';

/** Expires buying groups that did not fill in time; replicas share the work through SKIP LOCKED. */
@Injectable()
export class GroupBuySweeper {
  readonly task: ScheduledTask;

  constructor(service: GroupBuyService, scheduler: TaskScheduler, config: OrdersConfig) {
    this.task = scheduler.task('group-expiry', config.groupExpirySweepIntervalMs, () => service.expireDue());
  }
}
