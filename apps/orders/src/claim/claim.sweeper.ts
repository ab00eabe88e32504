import { LOGGER } from '@countyflow/kernel';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PeriodicTask } from '../common/periodic-task';
import { OrdersConfig } from '../orders.config';
import { ClaimService } from './claim.service';

/** Escalates claims whose answer is overdue; replicas share the work through SKIP LOCKED. */
@Injectable()
export class ClaimSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly task: PeriodicTask;

  constructor(service: ClaimService, config: OrdersConfig, @Inject(LOGGER) logger: Logger) {
    this.task = new PeriodicTask(
      'claim-escalation',
      config.claimSweepIntervalMs,
      () => service.escalateOverdue(),
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
