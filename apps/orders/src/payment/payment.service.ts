import { Principal } from '@countyflow/auth';
import { LOGGER, Problem } from '@countyflow/kernel';
import { readTogether, TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { ActorKind } from '../common/actor';
import { LedgerPostings } from '../ledger/ledger.postings';
import { OrderStatus } from '../order/order-state';
import { isBuyerOf } from '../order/order.access';
import { PaymentMethod } from '../order/order.entities';
import { OrderRepository } from '../order/order.repository';
import { OrderWorkflow } from '../order/order.workflow';
import { OrdersConfig } from '../orders.config';
import {
  isRefundNotification,
  PaymentChannel,
  PaymentNotification,
  PaymentProvider,
  ProviderNotification,
  RefundNotification,
  WebhookRejected,
} from './payment-provider';
import { Merchant, PaymentMerchants } from './payment-providers';
import { PaymentTransition } from './payment-state';
import {
  mapPayment,
  PaymentCreateDto,
  PaymentResponseDto,
  SimulatedWebhookResultDto,
  SimulatePaymentDto,
  WebhookResponseDto,
} from './payment.dto';
import { Payment, PaymentStatus, Refund, RefundReason, TransactionOutcome } from './payment.entities';
import { PaymentRepository } from './payment.repository';
import { RefundRunner } from './refund.runner';
import { SimulatedPaymentProvider } from './simulated-payment.provider';

export const WEBHOOK_PATH = '/payments/webhook';

/** The app's page on the platform's public address (the notify base's origin); none without a public address. */
const returnUrlOf = (path: string | undefined, notifyBase: string | undefined): string | undefined =>
  path && notifyBase ? new URL(path, notifyBase).toString() : undefined;

const sameMembers = (a: string[], b: string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

/** Longer than the providers' own timeout (10 s): a payment request older than this has lost its caller. */
export const PAYMENT_REQUEST_STALE_MS = 15_000;

/** What paying a group comes to, decided with its orders locked. */
type PaymentPlan =
  | { kind: 'created'; payment: Payment }
  | { kind: 'asked'; id: string }
  | {
      kind: 'ask';
      id: string;
      provider: PaymentProvider;
      channel: PaymentChannel;
      orderIds: string[];
      amountFen: number;
    };

const providerUnavailable = (name: string) =>
  new Problem(502, 'payment-provider-unavailable', `${name} did not create the payment; try again in a moment`);

/**
 * Paying an order group: a payment at the provider for the group's orders that await payment, and the provider's
 * signed webhook that pays them. Money that cannot be applied (the order expired or was cancelled meanwhile, was
 * already paid, or the amount is not the one asked for) is recorded and refunded, never kept and never lost.
 */
@Injectable()
export class PaymentService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly orders: OrderRepository,
    private readonly payments: PaymentRepository,
    private readonly workflow: OrderWorkflow,
    private readonly merchants: PaymentMerchants,
    private readonly refunds: RefundRunner,
    private readonly config: OrdersConfig,
    private readonly http: HttpAdapterHost,
    private readonly ledger: LedgerPostings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(
    principal: Principal,
    groupId: string,
    dto: PaymentCreateDto = {},
    payerClientIp?: string,
  ): Promise<PaymentResponseDto> {
    const { channel: asked } = dto;
    if (asked && !this.merchants.all().some((merchant) => merchant.payments.channels.includes(asked))) {
      const channels = [...new Set(this.merchants.all().flatMap((merchant) => merchant.payments.channels))];
      throw new Problem(
        422,
        'unsupported-payment-channel',
        `payments are taken here by ${channels.join(', ')}, not ${asked}`,
      );
    }
    if (asked === PaymentChannel.WechatJsapi && !dto.payerOpenId) {
      throw new Problem(422, 'payer-openid-required', 'a WeChat JSAPI payment needs the payer openid (payerOpenId)');
    }
    // 1. with the payable orders locked, briefly: what to ask for, and whether it was asked already. The group, its
    // payable orders locked, and the requests and payments made for them so far are read in one round trip, in that
    // order: the last read runs once the locks are held and sees everything committed by then. Requests and payments
    // are read in one statement because step 3 below ends the request and writes the payment in one statement
    // without these orders' locks, and a statement sees what was committed when it began: read in two, a commit
    // between them could show neither (no payment yet, the request already gone), and the provider was asked a
    // second time (test/concurrency/payments)
    const plan = await this.db.withTransaction(async (manager): Promise<PaymentPlan> => {
      const [group, payable, attempted] = await readTogether(manager, [
        (reader) => this.orders.groupAccess(reader, groupId),
        (reader) => this.orders.lockPayable(reader, groupId),
        (reader) => this.payments.attemptsOf(reader, groupId),
      ]);
      // (someone else's group is refused here: the locks the read took are held only until the rollback)
      if (!group || !isBuyerOf(principal, group)) {
        throw new Problem(404, 'order-group-not-found', `no order group ${groupId}`);
      }
      if (group.paymentMethod === PaymentMethod.CashOnCollection) {
        throw new Problem(409, 'cash-on-collection', `order group ${groupId} is paid in cash at the service point`);
      }
      if (payable.length === 0) {
        const statuses = (await this.orders.ordersOfGroup(groupId, manager)).map(
          (order) => `${order.sellerName}: ${order.status}`,
        );
        throw new Problem(
          409,
          'nothing-to-pay',
          `no order of group ${groupId} awaits payment (${statuses.join('; ')}); orders await payment once their stock is reserved`,
        );
      }
      // each order is paid through its county's merchant: a group whose sellers' counties use different merchants
      // is paid in one payment per merchant (the one the channel asks for, else the first order's), asked in turn
      const merchantOf = (order: { countyCode: string }) => this.merchants.forCounty(order.countyCode);
      const merchant =
        (dto.channel && payable.map(merchantOf).find((m) => m.payments.channels.includes(dto.channel!))) ||
        merchantOf(payable[0]);
      const provider = merchant.payments;
      const channel = dto.channel ?? provider.channels[0];
      if (!provider.channels.includes(channel)) {
        throw new Problem(
          422,
          'unsupported-payment-channel',
          `${provider.name} takes payments by ${provider.channels.join(', ')}, not ${channel}`,
        );
      }
      const mine = payable.filter((order) => merchantOf(order) === merchant);
      const orderIds = mine.map((order) => order.id);
      const amountFen = mine.reduce((sum, order) => sum + order.totalFen, 0);
      const same = (asked: { amountFen: number; channel: PaymentChannel; orderIds: string[] }) =>
        asked.amountFen === amountFen && asked.channel === channel && sameMembers(asked.orderIds, orderIds);
      const attempts = attempted.filter(same);
      const asked = attempts.find((attempt) => attempt.kind === 'request');
      if (asked && Date.now() - asked.createdAt.getTime() < PAYMENT_REQUEST_STALE_MS) {
        return { kind: 'asked', id: asked.id };
      }
      const existing = attempts.find((attempt) => attempt.kind === 'payment');
      if (existing) {
        return { kind: 'created', payment: (await this.payments.findPayment(manager, existing.id))! };
      }
      if (asked) {
        // its caller died or gave up during the provider's round trip: nobody was shown that payment
        await this.payments.endRequest(manager, asked.id);
      }
      const id = randomUUID();
      await this.payments.insertRequest(manager, { id, groupId, orderIds, amountFen, channel });
      return { kind: 'ask', id, provider, channel, orderIds, amountFen };
    });
    if (plan.kind === 'created') {
      return mapPayment(plan.payment);
    }
    if (plan.kind === 'asked') {
      return this.awaitRequested(plan.id, groupId);
    }
    // 2. the provider's round trip, with no order locked and no connection held
    const { id, provider, channel, orderIds, amountFen } = plan;
    let created;
    try {
      created = await provider.createPayment({
        paymentId: id,
        groupId,
        amountFen,
        description: `CountyFlow order group ${groupId}`,
        channel,
        payerOpenId: dto.payerOpenId,
        payerClientIp,
        returnUrl: returnUrlOf(dto.returnPath, this.config.paymentNotifyBaseUrl),
      });
    } catch (error) {
      this.logger.error({ groupId, err: (error as Error).message }, 'the payment provider refused a payment');
      await this.db.withTransaction((manager) => this.payments.endRequest(manager, id));
      throw providerUnavailable(provider.name);
    }
    // 3. the payment, written only while the request is still this caller's (one statement ends it and writes it)
    const payment = await this.payments.insertPaymentOfRequest({
      id,
      groupId,
      provider: provider.name,
      providerPaymentId: created.providerPaymentId,
      amountFen,
      orderIds,
      status: PaymentStatus.Pending,
      payUrl: created.payUrl,
      channel: created.channel,
      clientParams: created.clientParams ?? null,
      createdBy: principal.userId,
    });
    if (!payment) {
      this.logger.warn({ groupId, paymentId: id }, 'the provider answered after the payment request was abandoned');
      throw providerUnavailable(provider.name);
    }
    return mapPayment(payment);
  }

  /** Another "pay" is asking the provider for the same orders: its answer, once written. */
  private async awaitRequested(id: string, groupId: string): Promise<PaymentResponseDto> {
    const deadline = Date.now() + PAYMENT_REQUEST_STALE_MS;
    for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
      const { payment, open } = await this.payments.requestOutcome(id);
      if (payment) {
        return mapPayment(payment);
      }
      if (!open || Date.now() > deadline) {
        this.logger.warn({ groupId, paymentId: id }, 'a payment being created for the same orders did not arrive');
        throw providerUnavailable('the payment provider');
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * A provider's notification, verified by the merchant it names. `via` is the provider named by the route
   * (/payments/webhook/wechatpay …) and `merchantName` a county's own merchant (/payments/webhook/alipay/ruijin); a
   * notification for a merchant not configured here is refused.
   */
  async webhook(
    rawBody: Buffer | undefined,
    headers: IncomingHttpHeaders,
    via?: 'wechatpay' | 'alipay',
    merchantName?: string,
  ): Promise<WebhookResponseDto> {
    const merchant = via
      ? this.merchants.named(merchantName ? `${via}:${merchantName}` : via)
      : this.merchants.platform;
    if (!merchant) {
      throw new Problem(
        404,
        'provider-not-configured',
        `this service takes no payments through ${via}${merchantName ? ` for the merchant ${merchantName}` : ''}`,
      );
    }
    if (!rawBody) {
      throw new Problem(400, 'malformed-webhook', 'the webhook must be sent as application/json');
    }
    let notification: ProviderNotification;
    try {
      notification = merchant.payments.verifyWebhook(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookRejected) {
        this.logger.warn({ code: error.code, err: error.message, merchant: merchant.name }, 'payment webhook refused');
        throw new Problem(error.status, error.code, error.message);
      }
      throw error;
    }
    if (isRefundNotification(notification)) {
      return this.refundNotified(merchant, notification);
    }
    if (notification.type !== 'payment.succeeded') {
      const { providerPaymentId } = notification;
      await this.db.withTransaction(async (manager) => {
        const payment = await this.payments.lockPaymentOfProvider(manager, merchant.name, providerPaymentId);
        if (payment) {
          await this.payments.transition(manager, payment.id, PaymentTransition.Reject);
        }
      });
      return {
        outcome: 'ignored',
        duplicate: false,
        detail:
          'the payment failed: the orders keep awaiting payment (a new payment may be asked for) until they expire',
        transactionId: null,
        appliedOrderIds: [],
        refundedOrderIds: [],
      };
    }
    return this.applyPayment(merchant, notification);
  }

  /**
   * The provider's word that it captured money for a payment — from its notification or from asking it
   * (PaymentReconciler) — applied once per provider transaction id: a repeat, whichever came first, changes nothing.
   */
  async applyPayment(merchant: Merchant, notification: PaymentNotification): Promise<WebhookResponseDto> {
    const providerName = merchant.name;
    const actor = { kind: ActorKind.PaymentProvider, id: notification.providerTransactionId };
    const result = await this.db.withTransaction(async (manager) => {
      const payment = await this.payments.lockPaymentOfProvider(manager, providerName, notification.providerPaymentId);
      if (!payment) {
        return null;
      }
      const mismatch = notification.amountFen !== payment.amountFen;
      // recorded first, once per provider transaction id: a repeat (or a concurrent one, which this waited for)
      // writes nothing and answers what the first one did
      const transaction = await this.payments.insertTransaction(manager, {
        provider: providerName,
        providerTransactionId: notification.providerTransactionId,
        paymentId: payment.id,
        groupId: payment.groupId,
        amountFen: notification.amountFen,
        payload: notification.payload,
        outcome: mismatch ? TransactionOutcome.AmountMismatch : TransactionOutcome.Applied,
        detail: mismatch
          ? `the provider captured ${notification.amountFen} fen but the payment asked for ${payment.amountFen} fen: ` +
            'nothing was applied and the captured amount is being refunded'
          : '',
        appliedOrderIds: [],
      });
      if (!transaction) {
        const seen = (await this.payments.findTransaction(manager, providerName, notification.providerTransactionId))!;
        const refunded = await this.payments.refundsOfTransaction(manager, seen.id);
        return {
          transaction: seen,
          duplicate: true,
          refundedOrderIds: refunded.flatMap((refund) => refund.orderId ?? []),
        };
      }
      if (mismatch) {
        if (notification.amountFen > 0) {
          const [first] = await this.orders.ordersOfGroup(payment.groupId, manager);
          await this.ledger.paymentNotApplied(manager, first.countyCode, transaction.id, null, notification.amountFen);
          await this.payments.requestRefund(manager, {
            groupId: payment.groupId,
            orderId: null,
            paymentTransactionId: transaction.id,
            amountFen: notification.amountFen,
            reason: RefundReason.AmountMismatch,
          });
        }
        this.logger.warn(
          { paymentId: payment.id, expected: payment.amountFen, got: notification.amountFen },
          'payment amount mismatch',
        );
        return { transaction, duplicate: false, refundedOrderIds: [] };
      }
      const applied: string[] = [];
      const notApplied: { orderId: string; status: OrderStatus }[] = [];
      // the orders' pre-sales and buying groups first, all in one round trip (the lock order: sales, then orders)
      const sales = await this.orders.lockSalesOf(manager, payment.orderIds);
      // the usual payment, of ordinary orders (no pre-sale, no buying group), pays them all at once
      const ordinary =
        [...sales.values()].every((sale) => sale === null) &&
        new Set(payment.orderIds.map((orderId) => orderId.toLowerCase())).size === payment.orderIds.length;
      const paidAtOnce = ordinary ? await this.workflow.payAll(manager, payment.orderIds, transaction, actor) : null;
      for (const orderId of payment.orderIds) {
        const sale = sales.get(orderId.toLowerCase()) ?? null;
        const outcome =
          paidAtOnce?.get(orderId) ?? (await this.workflow.pay(manager, orderId, transaction, actor, null, { sale }));
        if (outcome.applied) {
          applied.push(orderId);
          continue;
        }
        const order = (await this.orders.find(orderId, manager))!;
        notApplied.push({ orderId, status: order.status });
        // a payment for one order asked what was due of it (a pre-sale order's deposit or balance, else its total)
        const shareFen = payment.orderIds.length === 1 ? payment.amountFen : order.totalFen;
        await this.ledger.paymentNotApplied(manager, order.countyCode, transaction.id, orderId, shareFen);
        await this.payments.requestRefund(manager, {
          groupId: payment.groupId,
          orderId,
          paymentTransactionId: transaction.id,
          amountFen: shareFen,
          reason: order.status === OrderStatus.Cancelled ? RefundReason.LatePayment : RefundReason.DuplicatePayment,
        });
      }
      const outcome =
        notApplied.length === 0
          ? TransactionOutcome.Applied
          : applied.length === 0
            ? TransactionOutcome.Refunded
            : TransactionOutcome.PartlyRefunded;
      const detail = [
        applied.length > 0 ? `paid ${applied.length} order(s)` : null,
        ...notApplied.map(({ orderId, status }) =>
          status === OrderStatus.Cancelled
            ? `order ${orderId} was cancelled (e.g. expired) before the payment arrived: its share is refunded`
            : `order ${orderId} is ${status} and could not take this payment: its share is refunded`,
        ),
      ]
        .filter(Boolean)
        .join('; ');
      await this.payments.succeedWith(manager, payment.id, transaction.id, {
        outcome,
        detail,
        appliedOrderIds: applied,
      });
      return {
        transaction: { ...transaction, outcome, detail, appliedOrderIds: applied },
        duplicate: false,
        refundedOrderIds: notApplied.map(({ orderId }) => orderId),
      };
    });
    if (!result) {
      throw new Problem(404, 'unknown-payment', `no payment ${notification.providerPaymentId} was created here`);
    }
    if (!result.duplicate && result.transaction.outcome !== TransactionOutcome.Applied) {
      // money to give back: the refund runner pays it now (an applied payment asks for no refund round)
      this.refunds.nudge();
    }
    return {
      outcome: result.transaction.outcome,
      duplicate: result.duplicate,
      detail: result.transaction.detail,
      transactionId: result.transaction.id,
      appliedOrderIds: result.transaction.appliedOrderIds,
      refundedOrderIds: result.refundedOrderIds,
    };
  }

  /**
   * The provider's word on a refund it was asked for. The RefundRunner recorded the refund when the provider accepted
   * it; a success confirms it (nothing changes, however often it is repeated), a failure (WeChat ABNORMAL or CLOSED)
   * marks it failed for support, who settle it by hand.
   */
  private async refundNotified(merchant: Merchant, notification: RefundNotification): Promise<WebhookResponseDto> {
    const refund = await this.refundReported(
      merchant.name,
      notification.refundId,
      notification.type === 'refund.succeeded' ? 'succeeded' : 'failed',
      notification.detail,
    );
    if (!refund) {
      throw new Problem(404, 'unknown-refund', `no refund ${notification.refundId} was asked of ${merchant.name}`);
    }
    if (notification.type === 'refund.failed') {
      this.logger.error({ refundId: refund.id, detail: notification.detail }, 'the provider failed a refund');
    }
    return {
      outcome: notification.type === 'refund.succeeded' ? 'refund_confirmed' : 'refund_failed',
      duplicate: false,
      detail: notification.detail,
      transactionId: refund.paymentTransactionId,
      appliedOrderIds: [],
      refundedOrderIds: refund.orderId ? [refund.orderId] : [],
    };
  }

  /**
   * The provider's final word on a refund it accepted — from its notification or when asked (PaymentReconciler):
   * done confirms it (once), failed marks it failed for support and owes the money to the buyer again in the ledger
   * (once: the reversal's source key). Null when no such refund was asked of this merchant.
   */
  async refundReported(
    merchantName: string,
    refundId: string,
    outcome: 'succeeded' | 'failed',
    detail: string,
  ): Promise<Refund | null> {
    return this.db.withTransaction(async (manager) => {
      const found = await this.payments.findRefundOfProviderForUpdate(manager, merchantName, refundId);
      if (!found) {
        return null;
      }
      if (outcome === 'succeeded') {
        await this.payments.confirmRefund(manager, found.id);
      } else {
        await this.payments.markRefundFailedByProvider(manager, found.id, detail);
        await this.ledger.refundFailedAfterPaid(manager, found);
      }
      return found;
    });
  }

  /** Development and tests: the simulated provider "takes the money" and sends its signed webhook to this service. */
  async simulatePay(providerPaymentId: string, dto: SimulatePaymentDto): Promise<SimulatedWebhookResultDto> {
    const simulator = this.merchants.platform.payments;
    if (!this.config.paymentSimulatorEnabled || !(simulator instanceof SimulatedPaymentProvider)) {
      throw new Problem(404, 'simulator-disabled', 'the payment simulator is not enabled here');
    }
    if (dto.amountFen === undefined && simulator.amountOf(providerPaymentId) === undefined) {
      throw new Problem(404, 'unknown-payment', `the simulated provider created no payment ${providerPaymentId}`);
    }
    const webhook = simulator.paymentSucceededWebhook(providerPaymentId, dto);
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    const response = await fastify.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      headers: webhook.headers,
      payload: webhook.body,
    });
    return { status: response.statusCode, body: response.json<unknown>() };
  }
}
