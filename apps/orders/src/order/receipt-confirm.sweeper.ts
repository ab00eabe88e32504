import { LOGGER } from '@countyflow/kernel';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SYSTEM } from '../common/actor';
import { OrdersConfig } from '../orders.config';
import { OrderRepository } from './order.repository';
import { OrderWorkflow } from './order.workflow';

const LOCK = 'countyflow:orders:receipt-confirm-sweep';
const BATCH = 500;

/**
 * Confirms receipt of completed orders the buyer left unconfirmed for their county's N days after delivery or
 * pickup (确认收货 by default), so the settlement clock starts. One replica at a time (a named advisory lock); the
 * transition's guard makes a buyer confirming at the same moment win or lose cleanly, never twice.
 */
@Injectable()
export class ReceiptConfirmSweeper {
  readonly task: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    scheduler: TaskScheduler,
    private readonly config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('receipt-confirm', config.receiptConfirmSweepIntervalMs, () => this.sweep());
  }

  /** Confirms what is due; returns how many (undefined when another replica holds the lock). */
  async sweep(): Promise<number | undefined> {
    const confirmed = await this.db.withAdvisoryLock(LOCK, async (manager) => {
      let count = 0;
      for (const orderId of await this.orders.unconfirmedPastDue(manager, this.config.defaultAutoConfirmDays, BATCH)) {
        const reason = 'receipt confirmed automatically: the buyer did not confirm within the county’s days';
        if ((await this.workflow.confirmReceipt(manager, orderId, SYSTEM, reason)).applied) {
          count += 1;
        }
      }
      return count;
    });
    if (confirmed) {
      this.logger.info({ confirmed }, 'receipts confirmed automatically');
    }
    return confirmed;
  }
}
