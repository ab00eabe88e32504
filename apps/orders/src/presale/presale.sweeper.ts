import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../orders.config';
import { PresaleService } from './presale.service';

/**
 * Cancels deposit orders whose balance (尾款) is overdue (the deposit forfeited); each order is a guarded transition,
 * and the round is a job scheduler's, so it runs once across replicas.
 */
@Injectable()
export class PresaleBalanceSweeper {
  readonly task: ScheduledTask;

  constructor(service: PresaleService, scheduler: TaskScheduler, config: OrdersConfig) {
    this.task = scheduler.task('presale-balance', config.balanceSweepIntervalMs, () => service.cancelOverdueBalances());
  }
}
