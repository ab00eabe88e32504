import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../orders.config';
import { ClaimService } from './claim.service';

/** Escalates claims whose answer is overdue; replicas share the work through SKIP LOCKED. */
@Injectable()
export class ClaimSweeper {
  readonly task: ScheduledTask;

  constructor(service: ClaimService, scheduler: TaskScheduler, config: OrdersConfig) {
    this.task = scheduler.task('claim-escalation', config.claimSweepIntervalMs, () => service.escalateOverdue());
  }
}
