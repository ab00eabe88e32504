import { LOGGER } from '@countyflow/kernel';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { OrderRepository } from '../order/order.repository';
import { OrderWorkflow } from '../order/order.workflow';
import { OrdersConfig } from '../orders.config';

const BATCH = 500;

/**
 * Unpaid orders expire by a sweep (docs/orders.md "Expiry"): every `ORDER_EXPIRY_SWEEP_INTERVAL_MS` (5 s) one round
 * reads the orders awaiting payment past their due time from a partial index and expires each in a transaction of
 * its own, the guarded `expire` transition (so a payment that won the race is never undone, and two rounds that
 * overlap expire an order once). The round is a job scheduler's, so it runs once across replicas; a round missed
 * while Redis or every worker was down is made up by the next. An order is cancelled at most one interval after its
 * due time; no payment can start once it is due (`lockPayable`), so the buyer sees the deadline to the second.
 *
 * This replaced a BullMQ delayed job per order (and the round that handed orders to the queue): each order cost a
 * mark, a job kept in Redis for the whole payment window and, for every order that was paid, a transaction at its
 * due time that found nothing to do.
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

  /** Expires every unpaid order past its due time; returns how many this round expired. */
  async sweep(): Promise<number> {
    let expired = 0;
    for (;;) {
      const due = await this.orders.overdueUnpaid(this.db.manager, BATCH);
      let applied = 0;
      // one transaction per order: the order's row (and its pre-sale's or group's) is the only lock each holds, so
      // a round never waits on a payment that locks several of a group's orders, nor makes one wait on it
      for (const orderId of due) {
        if ((await this.db.withTransaction((manager) => this.workflow.expire(manager, orderId))).applied) {
          applied += 1;
        }
      }
      expired += applied;
      // a full batch of which none applied is another round's (or payments') doing: that round goes on with it
      if (due.length < BATCH || applied === 0) {
        break;
      }
    }
    if (expired > 0) {
      this.logger.info({ expired }, 'expired orders not paid in time');
    }
    return expired;
  }
}
