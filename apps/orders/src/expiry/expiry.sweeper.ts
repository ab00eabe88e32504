import { LOGGER } from '@countyflow/kernel';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { OrderRepository } from '../order/order.repository';
import { OrderWorkflow } from '../order/order.workflow';
import { OrdersConfig } from '../orders.config';

const LOCK = 'countyflow:orders:expiry-sweep';
const BATCH = 500;

/**
 * The safety net under the delayed jobs: every so often, one replica (the holder of a named advisory lock) expires
 * any unpaid order past its due time whose job was lost (Redis flushed, or down when it was due).
 */
@Injectable()
export class ExpirySweeper {
  readonly task: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    scheduler: TaskScheduler,
    config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('expiry-sweep', config.expirySweepIntervalMs, () => this.sweep());
  }

  /** Expires overdue unpaid orders; returns how many (undefined when another replica holds the lock). */
  async sweep(): Promise<number | undefined> {
    const expired = await this.db.withAdvisoryLock(LOCK, async (manager) => {
      let count = 0;
      for (const orderId of await this.orders.overdueUnpaid(manager, BATCH)) {
        if ((await this.workflow.expire(manager, orderId)).applied) {
          count += 1;
        }
      }
      return count;
    });
    if (expired) {
      this.logger.info({ expired }, 'expiry sweep expired orders whose job had not run');
    }
    return expired;
  }
}
