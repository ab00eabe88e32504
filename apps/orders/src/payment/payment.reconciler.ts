import { LOGGER } from '@countyflow/kernel';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { OrdersConfig } from '../orders.config';
import { PaymentMerchants } from './payment-providers';
import { PaymentTransition } from './payment-state';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';

const PER_ROUND = 100;

/** What one round of the reconciler did. */
export interface ReconcileRound {
  /** Payments asked after at their provider. */
  asked: number;
  /** Payments the provider said were paid, applied by this round (the notification never came). */
  applied: number;
  /** Payments the provider said were paid whose transaction was already applied (by its notification). */
  alreadyApplied: number;
  /** Payments closed at the provider: their orders can no longer be paid. */
  closed: number;
  /** Payments the provider had closed itself (or failed), marked rejected. */
  rejected: number;
  /** Refunds the provider accepted and still processed, asked after. */
  refundsAsked: number;
  /** …that it reports done (confirmed) or failed (owed to the buyer again, for support). */
  refundsConfirmed: number;
  refundsFailed: number;
  /** Providers that did not answer, or refused to close (asked again next round). */
  errors: number;
}

/**
 * Recovers what a lost notification would have said. Every `PAYMENT_RECONCILE_INTERVAL_MS`, each payment still
 * pending `PAYMENT_QUERY_AFTER_SECONDS` after it was created (or last asked after) is asked after at the merchant
 * that created it:
 * - paid → applied through `PaymentService.applyPayment`, the notification's own path: one provider transaction is
 *   applied once, so a notification arriving later (or a second replica asking at the same time) changes nothing;
 * - closed or failed at the provider → the payment is rejected (a new one may be asked for);
 * - still unpaid while none of its orders can take it any more (expired, cancelled, or paid by another payment) →
 *   closed at the provider, so the buyer can no longer pay it, then rejected. A payment the buyer paid just before
 *   the close makes the close fail (WeChat ORDERPAID) or arrives later as money for cancelled orders, which is
 *   refunded — never kept, never lost.
 * Replicas may run it at once: everything it writes is guarded (the payment row lock, the transaction key, the
 * transition's `WHERE status`). Asking marks the payment (`updated_at`), so each is asked at most once per period.
 */
@Injectable()
export class PaymentReconciler {
  readonly task: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly payments: PaymentRepository,
    private readonly service: PaymentService,
    private readonly merchants: PaymentMerchants,
    scheduler: TaskScheduler,
    private readonly config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('payment-reconcile', config.paymentReconcileIntervalMs, () => this.sweep());
  }

  /** One round over the payments due to be asked after. */
  async sweep(olderThanSeconds = this.config.paymentQueryAfterSeconds): Promise<ReconcileRound> {
    const round: ReconcileRound = {
      asked: 0,
      applied: 0,
      alreadyApplied: 0,
      closed: 0,
      rejected: 0,
      refundsAsked: 0,
      refundsConfirmed: 0,
      refundsFailed: 0,
      errors: 0,
    };
    for (const { payment, payable } of await this.payments.pendingToAskAfter(
      this.db.manager,
      olderThanSeconds,
      PER_ROUND,
    )) {
      const merchant = this.merchants.named(payment.provider);
      if (!merchant) {
        continue; // taken through a merchant no longer configured: support's to settle
      }
      const provider = merchant.payments;
      round.asked += 1;
      try {
        await this.payments.markAskedAfter(this.db.manager, payment.id);
        const state = await provider.queryPayment(payment.providerPaymentId);
        if (state.status === 'paid') {
          const outcome = await this.service.applyPayment(merchant, {
            type: 'payment.succeeded',
            notificationId: `query:${payment.id}`,
            providerPaymentId: payment.providerPaymentId,
            providerTransactionId: state.providerTransactionId,
            amountFen: state.amountFen,
            currency: 'CNY',
            occurredAt: state.paidAt,
            payload: { source: 'query', provider: merchant.name, state },
          });
          round[outcome.duplicate ? 'alreadyApplied' : 'applied'] += 1;
          this.logger.info(
            { paymentId: payment.id, outcome: outcome.outcome, duplicate: outcome.duplicate },
            'a payment the provider reported paid when asked (its notification did not arrive)',
          );
          continue;
        }
        if (state.status === 'closed') {
          if (await this.reject(payment.id, PaymentTransition.Reject)) {
            round.rejected += 1;
          }
          continue;
        }
        if (state.status === 'refunded') {
          this.logger.error(
            { paymentId: payment.id, detail: state.detail },
            'the provider says a payment still pending here was paid and refunded: support must look',
          );
          continue;
        }
        if (!payable) {
          await provider.closePayment(payment.providerPaymentId);
          if (await this.reject(payment.id, PaymentTransition.Close)) {
            round.closed += 1;
          }
        }
      } catch (error) {
        round.errors += 1;
        this.logger.warn(
          { paymentId: payment.id, provider: merchant.name, err: (error as Error).message },
          'asking after a pending payment failed; next round asks again',
        );
      }
    }
    await this.askAfterRefunds(olderThanSeconds, round);
    if (
      round.applied ||
      round.closed ||
      round.rejected ||
      round.refundsConfirmed ||
      round.refundsFailed ||
      round.errors
    ) {
      this.logger.info(round, 'pending payments asked after');
    }
    return round;
  }

  /**
   * Refunds the provider accepted as still processing (WeChat PROCESSING) are asked after until it says done or
   * failed — the same outcome, through the same path, as its refund notification (which may have been lost).
   */
  private async askAfterRefunds(olderThanSeconds: number, round: ReconcileRound): Promise<void> {
    for (const refund of await this.payments.refundsToAskAfter(this.db.manager, olderThanSeconds, PER_ROUND)) {
      const merchant = this.merchants.named(refund.provider);
      if (!merchant) {
        continue;
      }
      round.refundsAsked += 1;
      try {
        const state = await merchant.payments.queryRefund({
          refundId: refund.id,
          providerPaymentId: refund.providerPaymentId,
        });
        if (state.status === 'succeeded' || state.status === 'failed') {
          await this.service.refundReported(merchant.name, refund.id, state.status, `asked: ${state.detail}`);
          round[state.status === 'succeeded' ? 'refundsConfirmed' : 'refundsFailed'] += 1;
        } else if (state.status === 'unknown') {
          this.logger.error({ refundId: refund.id, detail: state.detail }, 'the provider knows no refund it accepted');
        }
      } catch (error) {
        round.errors += 1;
        this.logger.warn(
          { refundId: refund.id, provider: merchant.name, err: (error as Error).message },
          'asking after a refund failed; next round asks again',
        );
      }
    }
  }

  private reject(paymentId: string, transition: PaymentTransition): Promise<boolean> {
    return this.db.withTransaction((manager) => this.payments.transition(manager, paymentId, transition));
  }
}
