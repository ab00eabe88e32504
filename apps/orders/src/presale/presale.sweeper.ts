import { LOGGER } from '@countyflow/kernel';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask } from '../common/periodic-task';
import { OrdersConfig } from '../orders.config';
import { PresaleService } from './presale.service';

/** Cancels deposit orders whose balance (尾款) is overdue (the deposit forfeited); each order is a guarded transition. */
@Injectable()
export class PresaleBalanceSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(service: PresaleService, config: OrdersConfig, @Inject(LOGGER) logger: Logger) {
    this.task = new PeriodicTask(
      'presale-balance',
      config.balanceSweepIntervalMs,
      () => service.cancelOverdueBalances(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
