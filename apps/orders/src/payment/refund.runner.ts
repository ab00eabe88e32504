import { EventName } from '@countyflow/contracts';
import { LOGGER } from '@countyflow/kernel';
import { EventPublisher, ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { ActorKind } from '../common/actor';
import { LedgerPostings } from '../ledger/ledger.postings';
import { OrderTransition } from '../order/order-state';
import { OrderRepository } from '../order/order.repository';
import { OrdersConfig } from '../orders.config';
import { PaymentMerchants } from './payment-providers';
import { RefundReason } from './payment.entities';
import { DueRefund, PaymentRepository } from './payment.repository';

const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
const PER_ROUND = 50;

/**
 * Pays out the refunds that transactions decided (rows in `refund`), one refund per transaction, through the
 * provider with our refund id as its idempotency key: a crash between the provider's answer and our commit only
 * means the refund is asked for again and answered with the same provider refund. Failures back off and retry;
 * after the last attempt the refund is `failed` for support to see. Replicas share the rows via SKIP LOCKED.
 */
@Injectable()
export class RefundRunner {
  readonly task: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly payments: PaymentRepository,
    private readonly orders: OrderRepository,
    private readonly merchants: PaymentMerchants,
    private readonly events: EventPublisher,
    private readonly ledger: LedgerPostings,
    scheduler: TaskScheduler,
    config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('refunds', config.refundIntervalMs, () => this.runDue());
  }

  /** Asks for a round now (after a transaction that requested refunds has committed). */
  nudge(): void {
    this.task.nudge();
  }

  /** Pays every refund that is due; returns how many were attempted. */
  async runDue(): Promise<number> {
    let attempted = 0;
    while (attempted < PER_ROUND) {
      const done = await this.db.withTransaction(async (manager) => {
        const [due] = await this.payments.claimDueRefunds(manager, 1);
        if (!due) {
          return false;
        }
        await this.pay(manager, due);
        return true;
      });
      if (!done) {
        break;
      }
      attempted += 1;
    }
    return attempted;
  }

  private async pay(manager: EntityManager, due: DueRefund): Promise<void> {
    const { refund } = due;
    let providerRefundId: string;
    let status: 'succeeded' | 'pending';
    try {
      // refunded through the merchant that took the money, whatever the county's merchant is now
      const merchant = this.merchants.named(due.provider);
      if (!merchant) {
        throw new Error(`the payment was taken by ${due.provider}, which is not configured here: it cannot refund it`);
      }
      ({ providerRefundId, status } = await merchant.payments.refund({
        refundId: refund.id,
        providerPaymentId: due.providerPaymentId,
        providerTransactionId: due.providerTransactionId,
        amountFen: refund.amountFen,
        paymentAmountFen: due.paymentAmountFen,
        reason: refund.reason,
      }));
    } catch (error) {
      const attempts = refund.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      const message = (error as Error).message;
      this.logger[giveUp ? 'error' : 'warn'](
        { refundId: refund.id, orderId: refund.orderId, attempts, err: message },
        giveUp ? 'refund failed for the last time; support must act' : 'refund failed; will retry',
      );
      await this.payments.markRefundAttemptFailed(
        manager,
        refund,
        message,
        giveUp,
        Math.min(1000 * 2 ** attempts, MAX_BACKOFF_MS),
      );
      return;
    }
    // the money is owed back no more either way; a refund still processing is confirmed later (notification or query)
    await this.payments.markRefunded(manager, refund.id, providerRefundId, status === 'succeeded');
    await this.ledger.refundPaid(manager, refund);
    if (!refund.orderId) {
      return; // money that belonged to no order (an amount mismatch)
    }
    await this.orders.addRefunded(manager, refund.orderId, refund.paymentTransactionId, refund.amountFen);
    if (refund.reason === RefundReason.Returned) {
      await this.orders.transition(
        manager,
        refund.orderId,
        OrderTransition.RefundReturned,
        { kind: ActorKind.PaymentProvider, id: providerRefundId },
        { reason: 'the payment was refunded', detail: { refundId: refund.id, amountFen: refund.amountFen } },
      );
    }
    await this.events.publish(manager, EventName.OrderRefunded, {
      orderId: refund.orderId,
      amountFen: refund.amountFen,
      reason: refund.reason,
    });
  }
}
