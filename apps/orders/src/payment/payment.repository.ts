import { TransactionalConnection, writeAhead } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PaymentChannel } from './payment-provider';
import { PAYMENT_TRANSITIONS, PaymentTransition } from './payment-state';
import { Payment, PaymentRequest, PaymentTransaction, Refund, RefundReason, RefundStatus } from './payment.entities';

export interface RefundRequest {
  groupId: string;
  orderId: string | null;
  paymentTransactionId: string;
  claimId?: string | null;
  amountFen: number;
  reason: RefundReason;
  /** A cash order's refund waits for the service point to pay it in cash. */
  inCash?: boolean;
}

/** A pending refund with what the provider needs to find the money. */
export interface DueRefund {
  refund: Refund;
  provider: string;
  providerPaymentId: string;
  providerTransactionId: string;
  /** What the transaction refunded captured, all refunds of it together never exceed it. */
  paymentAmountFen: number;
}

/** A payment request still being created at the provider, or a pending payment: what a press of "pay" finds. */
export interface PaymentAttempt {
  kind: 'request' | 'payment';
  id: string;
  amountFen: number;
  channel: PaymentChannel;
  orderIds: string[];
  createdAt: Date;
}

/** What applying a provider's notification needs of the payment it names. */
export type PaymentToSettle = Pick<Payment, 'id' | 'groupId' | 'amountFen' | 'orderIds'>;

@Injectable()
export class PaymentRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /**
   * What is under way for the group, in one statement (so one snapshot: the commit that ends a request and writes
   * its payment shows either both before or both after, never neither): its payment requests still being created at
   * the provider (usually none) and its pending payments, newest first.
   */
  attemptsOf(manager: EntityManager, groupId: string): Promise<PaymentAttempt[]> {
    return manager.query<PaymentAttempt[]>(
      `SELECT 'request' AS kind, id, amount_fen::float8 AS "amountFen", channel, order_ids AS "orderIds",
              created_at AS "createdAt"
         FROM payment_request WHERE group_id = $1
       UNION ALL
       SELECT 'payment', id, amount_fen::float8, channel, order_ids, created_at
         FROM payment WHERE group_id = $1 AND status = 'pending'
       ORDER BY "createdAt" DESC`,
      [groupId],
    );
  }

  findPayment(manager: EntityManager, id: string): Promise<Payment | null> {
    return manager.getRepository(Payment).findOneBy({ id });
  }

  /**
   * Records that the provider is being asked, as the last write of the transaction that decided to ask: sent ahead
   * where the connection can ({@link writeAhead}), so that it leaves with the COMMIT (one round trip less), whose
   * failure its failure then is.
   */
  async insertRequest(manager: EntityManager, request: Omit<PaymentRequest, 'createdAt'>): Promise<void> {
    const text = `INSERT INTO payment_request (id, group_id, order_ids, amount_fen, channel)
                  VALUES ($1, $2, $3::uuid[], $4, $5)`;
    const params = [request.id, request.groupId, request.orderIds, request.amountFen, request.channel];
    await writeAhead(manager, text, params);
  }

  /**
   * Ends a payment request: true for the one caller that still held it. The guard of the step from "asked" to
   * "created" (or "refused"): a request abandoned as stale meanwhile is gone, and its late answer writes nothing.
   */
  async endRequest(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH ended AS (DELETE FROM payment_request WHERE id = $1 RETURNING id) SELECT id FROM ended`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * The payment its request became, written only while the request is still there (and ended by the same
   * statement, so no transaction is needed); null when the request was abandoned meanwhile.
   */
  async insertPaymentOfRequest(payment: Omit<Payment, 'createdAt' | 'updatedAt'>): Promise<Payment | null> {
    const [stamps] = await this.db.manager.query<{ createdAt: Date; updatedAt: Date }[]>(
      `WITH ended AS (DELETE FROM payment_request WHERE id = $1 RETURNING id)
       INSERT INTO payment (id, group_id, provider, provider_payment_id, amount_fen, order_ids, status, pay_url,
                            channel, client_params, created_by)
       SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM ended
       RETURNING created_at AS "createdAt", updated_at AS "updatedAt"`,
      [
        payment.id,
        payment.groupId,
        payment.provider,
        payment.providerPaymentId,
        payment.amountFen,
        payment.orderIds,
        payment.status,
        payment.payUrl,
        payment.channel,
        payment.clientParams === null ? null : JSON.stringify(payment.clientParams),
        payment.createdBy,
      ],
    );
    return stamps ? { ...payment, ...stamps } : null;
  }

  /** Outside a transaction: the payment a request became, if it has, and whether the request is still open. */
  async requestOutcome(id: string): Promise<{ payment: Payment | null; open: boolean }> {
    const [row] = await this.db.manager.query<{ open: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM payment_request WHERE id = $1) AS open`,
      [id],
    );
    // the request is deleted in the transaction that writes the payment: read the payment after the request
    const payment = await this.db.manager.getRepository(Payment).findOneBy({ id });
    return { payment, open: row.open && !payment };
  }

  /** The payment a provider's notification names, locked until the caller's transaction ends. */
  async lockPaymentOfProvider(
    manager: EntityManager,
    provider: string,
    providerPaymentId: string,
  ): Promise<PaymentToSettle | null> {
    const [row] = await manager.query<PaymentToSettle[]>(
      `SELECT id, group_id AS "groupId", amount_fen::float8 AS "amountFen", order_ids AS "orderIds"
         FROM payment WHERE provider = $1 AND provider_payment_id = $2 FOR UPDATE`,
      [provider, providerPaymentId],
    );
    return row ?? null;
  }

  /**
   * Payments still pending and not asked after for `seconds` (created or last asked that long ago), oldest asked
   * first; `payable` is false when none of its orders can take the money any more (expired, cancelled, paid).
   */
  async pendingToAskAfter(
    manager: EntityManager,
    seconds: number,
    limit: number,
  ): Promise<{ payment: Payment; payable: boolean }[]> {
    const rows = await manager.query<{ id: string; payable: boolean }[]>(
      `SELECT p.id, EXISTS (SELECT 1 FROM customer_order o
                             WHERE o.id = ANY(p.order_ids) AND o.status IN ('awaiting_payment', 'awaiting_balance')
                               AND o.payment_due_at > now()) AS payable
         FROM payment p
        WHERE p.status = 'pending' AND p.updated_at <= now() - make_interval(secs => $1::double precision)
        ORDER BY p.updated_at LIMIT $2`,
      [seconds, limit],
    );
    if (rows.length === 0) {
      return [];
    }
    const payments = await manager.getRepository(Payment).findBy(rows.map(({ id }) => ({ id })));
    const byId = new Map(payments.map((payment) => [payment.id, payment]));
    return rows.map((row) => ({ payment: byId.get(row.id)!, payable: row.payable }));
  }

  /** The reconciler asked the provider about this payment now: it is not asked again for a period. */
  async markAskedAfter(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE payment SET updated_at = now() WHERE id = $1 AND status = 'pending'`, [id]);
  }

  /**
   * Moves the payment along `transition` with one conditional UPDATE (`WHERE status = ANY(allowed)`); false when
   * its state does not allow it (e.g. a second capture of a payment already succeeded).
   */
  async transition(manager: EntityManager, id: string, transition: PaymentTransition): Promise<boolean> {
    const rule = PAYMENT_TRANSITIONS[transition];
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (
         UPDATE payment SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($3::text[]) RETURNING id)
       SELECT id FROM changed`,
      [id, rule.to, rule.from],
    );
    return rows.length > 0;
  }

  /**
   * The payment's `succeed` transition and its transaction's outcome in one statement (the transaction was
   * recorded with a provisional outcome before its orders were paid); false when the payment's state does not allow it.
   */
  async succeedWith(
    manager: EntityManager,
    paymentId: string,
    transactionId: string,
    outcome: Pick<PaymentTransaction, 'outcome' | 'detail' | 'appliedOrderIds'>,
  ): Promise<boolean> {
    const rule = PAYMENT_TRANSITIONS[PaymentTransition.Succeed];
    const rows = await manager.query<unknown[]>(
      `WITH recorded AS (
         UPDATE payment_transaction SET outcome = $4, detail = $5, applied_order_ids = $6 WHERE id = $3
       ), changed AS (
         UPDATE payment SET status = $2, updated_at = now() WHERE id = $1 AND status = ANY($7::text[]) RETURNING id)
       SELECT id FROM changed`,
      [paymentId, rule.to, transactionId, outcome.outcome, outcome.detail, outcome.appliedOrderIds, rule.from],
    );
    return rows.length > 0;
  }

  findTransaction(
    manager: EntityManager,
    provider: string,
    providerTransactionId: string,
  ): Promise<PaymentTransaction | null> {
    return manager.getRepository(PaymentTransaction).findOneBy({ provider, providerTransactionId });
  }

  /**
   * Records a provider transaction once: null when one with its provider transaction id exists (committed, or
   * committed by a concurrent caller this waited for), in which case nothing is written.
   */
  async insertTransaction(
    manager: EntityManager,
    transaction: Omit<PaymentTransaction, 'id' | 'receivedAt'>,
  ): Promise<PaymentTransaction | null> {
    const id = randomUUID();
    const [row] = await manager.query<{ receivedAt: Date }[]>(
      `INSERT INTO payment_transaction (id, provider, provider_transaction_id, payment_id, group_id, amount_fen,
                                        outcome, detail, applied_order_ids, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (provider, provider_transaction_id) DO NOTHING RETURNING received_at AS "receivedAt"`,
      [
        id,
        transaction.provider,
        transaction.providerTransactionId,
        transaction.paymentId,
        transaction.groupId,
        transaction.amountFen,
        transaction.outcome,
        transaction.detail,
        transaction.appliedOrderIds,
        JSON.stringify(transaction.payload),
      ],
    );
    return row ? { ...transaction, id, receivedAt: row.receivedAt } : null;
  }

  async requestRefund(manager: EntityManager, request: RefundRequest): Promise<string> {
    const id = randomUUID();
    await manager.insert(Refund, {
      id,
      groupId: request.groupId,
      orderId: request.orderId,
      paymentTransactionId: request.paymentTransactionId,
      claimId: request.claimId ?? null,
      amountFen: request.amountFen,
      reason: request.reason,
      status: request.inCash ? RefundStatus.AwaitingCash : RefundStatus.Pending,
    });
    return id;
  }

  /**
   * What can still be refunded of the payment that paid the order: the amount paid less every refund of that
   * payment not given up on (pending ones included, so two decisions cannot both refund the same money).
   */
  async refundableFen(manager: EntityManager, orderId: string): Promise<number> {
    const [row] = await manager.query<{ refundable: string }[]>(
      `SELECT o.paid_fen - coalesce((SELECT sum(r.amount_fen) FROM refund r
                                      WHERE r.order_id = o.id AND r.status <> 'failed'
                                        AND (r.payment_transaction_id = coalesce(o.payment_transaction_id, (
                                              SELECT t.id FROM payment_transaction t
                                               WHERE t.provider = 'cash' AND t.provider_transaction_id = 'cash-' || o.id))
                                             OR r.payment_transaction_id = o.balance_transaction_id)
                                     ), 0) AS refundable
         FROM customer_order o WHERE o.id = $1`,
      [orderId],
    );
    return row ? Number(row.refundable) : 0;
  }

  /**
   * What can still be refunded of an online order, per transaction that paid it: a deposit order's balance (尾款)
   * first, then its deposit (定金); any other order, its one payment. Each never more than that transaction paid it.
   */
  async refundSources(
    manager: EntityManager,
    orderId: string,
  ): Promise<{ transactionId: string; amountFen: number }[]> {
    const rows = await manager.query<{ transaction_id: string; refundable: string }[]>(
      `WITH o AS (SELECT * FROM customer_order WHERE id = $1),
       paid AS (
         SELECT 1 AS turn, balance_transaction_id AS tx, total_fen - deposit_fen AS fen
           FROM o WHERE balance_transaction_id IS NOT NULL
         UNION ALL
         SELECT 2, payment_transaction_id, CASE WHEN balance_transaction_id IS NULL THEN paid_fen
                                                ELSE deposit_fen END
           FROM o WHERE payment_transaction_id IS NOT NULL)
       SELECT paid.tx AS transaction_id,
              paid.fen - coalesce((SELECT sum(r.amount_fen) FROM refund r
                                    WHERE r.order_id = $1 AND r.status <> 'failed' AND r.payment_transaction_id = paid.tx),
                                  0) AS refundable
         FROM paid ORDER BY paid.turn`,
      [orderId],
    );
    return rows
      .map((row) => ({ transactionId: row.transaction_id, amountFen: Number(row.refundable) }))
      .filter((source) => source.amountFen > 0);
  }

  /** The transaction recording the cash taken for a cash-on-collection order, if it was taken. */
  async cashTransactionId(manager: EntityManager, orderId: string): Promise<string | null> {
    const [row] = await manager.query<{ id: string }[]>(
      `SELECT id FROM payment_transaction WHERE provider = 'cash' AND provider_transaction_id = $1`,
      [`cash-${orderId}`],
    );
    return row?.id ?? null;
  }

  /** A cash refund was handed over at the point; once (false when it was not awaiting cash). */
  async markPaidInCash(manager: EntityManager, id: string, operatorId: string): Promise<Refund | null> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH changed AS (
         UPDATE refund SET status = 'succeeded', paid_in_cash_by = $2, attempts = attempts + 1, completed_at = now()
          WHERE id = $1 AND status = 'awaiting_cash' RETURNING id)
       SELECT id FROM changed`,
      [id, operatorId],
    );
    return rows.length ? manager.getRepository(Refund).findOneByOrFail({ id }) : null;
  }

  /** Claims up to `limit` refunds that are due, locked until the caller's transaction ends. */
  async claimDueRefunds(manager: EntityManager, limit: number): Promise<DueRefund[]> {
    const refunds = await manager
      .getRepository(Refund)
      .createQueryBuilder('refund')
      .where(`refund.status = 'pending' AND refund.next_attempt_at <= now()`)
      .orderBy('refund.next_attempt_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (refunds.length === 0) {
      return [];
    }
    const rows = await manager.query<
      {
        id: string;
        provider: string;
        provider_transaction_id: string;
        provider_payment_id: string | null;
        amount_fen: string;
      }[]
    >(
      `SELECT t.id, t.provider, t.provider_transaction_id, p.provider_payment_id, t.amount_fen
         FROM payment_transaction t LEFT JOIN payment p ON p.id = t.payment_id
        WHERE t.id = ANY($1::uuid[])`,
      [refunds.map((refund) => refund.paymentTransactionId)],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return refunds.map((refund) => {
      const transaction = byId.get(refund.paymentTransactionId)!;
      return {
        refund,
        provider: transaction.provider,
        providerPaymentId: transaction.provider_payment_id ?? '',
        providerTransactionId: transaction.provider_transaction_id,
        paymentAmountFen: Number(transaction.amount_fen),
      };
    });
  }

  /** The provider accepted the refund: done (`confirmed`), or still processing (WeChat PROCESSING). */
  async markRefunded(manager: EntityManager, id: string, providerRefundId: string, confirmed: boolean): Promise<void> {
    await manager.update(
      Refund,
      { id },
      {
        status: RefundStatus.Succeeded,
        providerRefundId,
        attempts: () => 'attempts + 1',
        completedAt: () => 'now()',
        providerConfirmedAt: confirmed ? () => 'now()' : null,
        lastError: null,
      },
    );
  }

  /** The provider says a refund it was processing is done (its notification, or asked); once. */
  async confirmRefund(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (
         UPDATE refund SET provider_confirmed_at = now()
          WHERE id = $1 AND status = 'succeeded' AND provider_confirmed_at IS NULL RETURNING id)
       SELECT id FROM changed`,
      [id],
    );
    return rows.length > 0;
  }

  /** Refunds the provider accepted and still processes `seconds` after, oldest first, with where to ask. */
  refundsToAskAfter(
    manager: EntityManager,
    seconds: number,
    limit: number,
  ): Promise<{ id: string; provider: string; providerPaymentId: string }[]> {
    return manager.query(
      `SELECT r.id, t.provider, p.provider_payment_id AS "providerPaymentId"
         FROM refund r JOIN payment_transaction t ON t.id = r.payment_transaction_id
         JOIN payment p ON p.id = t.payment_id
        WHERE r.status = 'succeeded' AND r.provider_confirmed_at IS NULL AND r.paid_in_cash_by IS NULL
          AND r.completed_at <= now() - make_interval(secs => $1::double precision)
        ORDER BY r.completed_at LIMIT $2`,
      [seconds, limit],
    );
  }

  async markRefundAttemptFailed(
    manager: EntityManager,
    refund: Refund,
    error: string,
    giveUp: boolean,
    retryInMs: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE refund SET attempts = attempts + 1, last_error = $2, status = $3,
              next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
        WHERE id = $1`,
      [refund.id, error.slice(0, 2000), giveUp ? RefundStatus.Failed : RefundStatus.Pending, retryInMs],
    );
  }

  /** A refund of a payment taken by the provider, locked; null when the id is not one of ours. */
  async findRefundOfProviderForUpdate(manager: EntityManager, provider: string, id: string): Promise<Refund | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      return null;
    }
    const [row] = await manager.query<{ id: string }[]>(
      `SELECT r.id FROM refund r JOIN payment_transaction t ON t.id = r.payment_transaction_id
        WHERE r.id = $1 AND t.provider = $2 FOR UPDATE OF r`,
      [id, provider],
    );
    return row ? manager.getRepository(Refund).findOneByOrFail({ id: row.id }) : null;
  }

  /** The provider reports a refund it accepted as failed: support must settle it. */
  async markRefundFailedByProvider(manager: EntityManager, id: string, detail: string): Promise<void> {
    await manager.update(Refund, { id }, { status: RefundStatus.Failed, lastError: detail.slice(0, 2000) });
  }

  paymentsOfGroup(groupId: string): Promise<Payment[]> {
    return this.db.manager.getRepository(Payment).find({ where: { groupId }, order: { createdAt: 'ASC' } });
  }

  transactionsOfGroup(groupId: string): Promise<PaymentTransaction[]> {
    return this.db.manager.getRepository(PaymentTransaction).find({ where: { groupId }, order: { receivedAt: 'ASC' } });
  }

  refundsOfOrder(orderId: string): Promise<Refund[]> {
    return this.db.manager.getRepository(Refund).find({ where: { orderId }, order: { createdAt: 'ASC' } });
  }

  refundsOfTransaction(manager: EntityManager, paymentTransactionId: string): Promise<Refund[]> {
    return manager.getRepository(Refund).find({ where: { paymentTransactionId }, order: { createdAt: 'ASC' } });
  }

  findRefund(id: string): Promise<Refund | null> {
    return this.db.manager.getRepository(Refund).findOneBy({ id });
  }
}
