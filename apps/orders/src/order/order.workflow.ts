import { EventName, OrderLineRef, StockRejected, StockReserved } from '@countyflow/contracts';
import { SmsTemplate, Tracing } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommissionStatus } from '../commission/commission.entity';
import { CommissionRepository } from '../commission/commission.repository';
import { Actor, SYSTEM } from '../common/actor';
import { CouponService } from '../coupon/coupon.service';
import { BuyingGroupStatus } from '../group-buy/group-buy.entities';
import { GroupBuyRepository } from '../group-buy/group-buy.repository';
import { LedgerPostings } from '../ledger/ledger.postings';
import { OrdersConfig } from '../orders.config';
import { PaymentTransaction, RefundReason } from '../payment/payment.entities';
import { PaymentRepository } from '../payment/payment.repository';
import { PresaleStatus } from '../presale/presale.entity';
import { PresaleRepository } from '../presale/presale.repository';
import { OrderStatus, OrderTransition } from './order-state';
import { Order, OrderLine, PaymentMethod } from './order.entities';
import { OrderRepository, PaidOrder, SaleOfOrder, TransitionGuard, TransitionResult } from './order.repository';

/** The messages orders sends its buyers (docs/orders.md "Buyers told"). */
type BuyerTemplate =
  | SmsTemplate.PresaleReleased
  | SmsTemplate.PresaleBalanceDue
  | SmsTemplate.PresaleRefunded
  | SmsTemplate.GroupComplete
  | SmsTemplate.GroupRefunded;

/** A deadline in a message, in the buyer's time (China Standard Time): "12月8日 14:00". */
const BEIJING_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

const lineRefs = (lines: OrderLine[]): OrderLineRef[] =>
  lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity }));

/**
 * Thrown inside a batch of stock.reserved for an order whose reservation would lock more than its own row (paid at
 * once, or at changed prices): the inbox worker then handles the batch's events one by one.
 */
export class NotForBatch extends Error {}

/** What a paid order's history entry records of the provider's transaction that paid it. */
const payDetail = (transaction: PaymentTransaction) => ({ providerTransactionId: transaction.providerTransactionId });

/**
 * The steps of the order saga that more than one entry point takes (events, HTTP, the expiry job): each is a
 * guarded transition plus the events and refunds that go with it, all in the caller's transaction.
 */
@Injectable()
export class OrderWorkflow {
  constructor(
    private readonly orders: OrderRepository,
    private readonly payments: PaymentRepository,
    private readonly commissions: CommissionRepository,
    private readonly events: EventPublisher,
    private readonly config: OrdersConfig,
    private readonly ledger: LedgerPostings,
    private readonly coupons: CouponService,
    private readonly presales: PresaleRepository,
    private readonly groups: GroupBuyRepository,
  ) {}

  /**
   * Several stock.reserved at once, given in lock order (a batch): when every one is the usual reservation (online,
   * at the prices shown), all of them in one statement — each order's row locked in that order, moved and its
   * history written as {@link reserve} would. Anything else (an order paid at once or at changed prices, which locks
   * more: ledger, coupons, commissions; or one order twice) throws {@link NotForBatch} before anything is kept: the
   * statement wrote none of those, and the batch's transaction is rolled back. The results in the order given.
   */
  async reserveAll(
    manager: EntityManager,
    reservations: { data: StockReserved; actor: Actor }[],
  ): Promise<TransitionResult[]> {
    const orderIds = reservations.map(({ data }) => data.orderId.toLowerCase());
    if (new Set(orderIds).size < orderIds.length) {
      throw new NotForBatch('an order answered twice in one batch: reserved one event at a time');
    }
    const results = await this.orders.reserveAllAtShownPrices(
      manager,
      reservations.map(({ data, actor }) => ({ orderId: data.orderId, reserved: data.lines, actor })),
      this.config.orderPaymentTimeoutSeconds,
    );
    return orderIds.map((orderId) => {
      const result = results.get(orderId);
      if (result === null) {
        throw new NotForBatch(`order ${orderId} is paid at once or at changed prices: reserved on its own`);
      }
      return result ?? { applied: false, current: null };
    });
  }

  /** Stock reserved: the order awaits payment at catalog's prices (a cash order goes straight on to fulfilment). */
  async reserve(manager: EntityManager, data: StockReserved, actor: Actor): Promise<TransitionResult> {
    // the usual reservation (online, at the prices shown) in one statement; otherwise the order is read first
    const usual = await this.orders.reserveAtShownPrices(
      manager,
      data.orderId,
      data.lines,
      actor,
      this.config.orderPaymentTimeoutSeconds,
    );
    if (usual) {
      return usual;
    }
    const order = await this.orders.findForReservation(manager, data.orderId);
    if (!order) {
      return { applied: false, current: null };
    }
    const lines = order.lines;
    // a group order keeps its group price: catalog's price is the one of a single buyer
    const reserved = new Map(order.buyingGroupId ? [] : data.lines.map((line) => [line.skuId, line.unitPriceFen]));
    const priceChanges = lines
      .filter((line) => reserved.has(line.skuId) && reserved.get(line.skuId) !== line.shownUnitPriceFen)
      .map((line) => ({
        skuId: line.skuId,
        title: line.title,
        shownUnitPriceFen: line.shownUnitPriceFen,
        unitPriceFen: reserved.get(line.skuId)!,
      }));
    const cash = order.paymentMethod === PaymentMethod.CashOnCollection;
    const result = await this.orders.transition(manager, data.orderId, OrderTransition.Reserve, actor, {
      effects: {
        paymentDueInSeconds: cash ? null : this.config.orderPaymentTimeoutSeconds,
        priceChanged: priceChanges.length > 0,
      },
      reason:
        priceChanges.length > 0 ? "the price changed since checkout; catalog's price at reservation applies" : null,
      detail: priceChanges.length > 0 ? { priceChanges } : undefined,
    });
    if (!result.applied) {
      return result;
    }
    if (priceChanges.length > 0) {
      let total = await this.orders.applyReservedPrices(
        manager,
        data.orderId,
        data.lines.map((line) => ({ skuId: line.skuId, unitPriceFen: line.unitPriceFen })),
      );
      // a coupon's 满 threshold must hold at the reserved prices, or the order loses its discounts
      if (await this.coupons.dropIfBelowThreshold(manager, data.orderId)) {
        total = await this.orders.clearDiscounts(manager, data.orderId);
      }
      if (order.assistedByOrgId) {
        await this.commissions.rebase(manager, data.orderId, total);
      }
    }
    if (cash) {
      await this.pay(
        manager,
        data.orderId,
        null,
        SYSTEM,
        'cash on collection: settled for fulfilment, paid at the service point',
      );
    }
    return result;
  }

  async reject(manager: EntityManager, data: StockRejected, actor: Actor): Promise<TransitionResult> {
    const sale = await this.orders.lockSaleOf(manager, data.orderId);
    const result = await this.orders.transition(manager, data.orderId, OrderTransition.Reject, actor, {
      effects: { rejection: data.lines },
      reason: 'catalog could not reserve the stock',
      detail: { lines: data.lines },
    });
    if (result.applied) {
      await this.commissions.settle(manager, data.orderId, CommissionStatus.Void);
      await this.coupons.release(manager, data.orderId);
      await this.freePlace(manager, data.orderId, sale);
    }
    return result;
  }

  /**
   * Awaiting payment → paid, and order.paid for catalog (sale) and logistics (shipment) — unless the order is a
   * pre-sale's or a buying group's: then it is held until the harvest is in or the group is full. `locked`: the
   * order's sale when the caller locked it already ({@link OrderRepository.lockSalesOf}), else it is locked here.
   */
  async pay(
    manager: EntityManager,
    orderId: string,
    transaction: PaymentTransaction | null,
    actor: Actor,
    reason: string | null = null,
    locked?: { sale: SaleOfOrder | null },
  ): Promise<TransitionResult> {
    const sale = locked ? locked.sale : await this.orders.lockSaleOf(manager, orderId);
    const detail = transaction ? payDetail(transaction) : undefined;
    const result = await this.orders.transition(manager, orderId, OrderTransition.Pay, actor, {
      effects: transaction ? { paidByTransactionId: transaction.id } : {},
      reason,
      detail,
    });
    if (!result.applied && result.current === OrderStatus.AwaitingBalance && transaction) {
      return this.payBalance(manager, orderId, transaction, actor, detail);
    }
    if (result.applied) {
      // an ordinary order goes on at once: order.paid's payload and the ledger's facts read in one statement
      const paid = sale ? null : await this.orders.paidEvent(manager, orderId);
      if (transaction) {
        const depositFen = sale?.kind === 'presale' ? (await this.orders.find(orderId, manager))!.depositFen : null;
        await this.ledger.paymentApplied(
          manager,
          orderId,
          transaction.id,
          depositFen ? { kind: 'deposit', depositFen } : { kind: 'full' },
          paid?.facts,
        );
      }
      if (sale?.kind === 'presale') {
        await this.holdForHarvest(manager, orderId, sale);
      } else if (sale?.kind === 'group') {
        await this.holdForGroup(manager, orderId, sale);
      } else {
        await this.publishPaid(manager, orderId, paid!);
      }
    }
    return result;
  }

  /**
   * A provider's payment of several ordinary orders (the caller locked their sales — pre-sales, buying groups — and
   * found none), with the effect {@link pay} has on each in turn, in three statements instead of three per order:
   * the orders moved ({@link OrderRepository.payAll}: their rows locked in order id order, the order a payment's
   * orders are listed and locked in), the ledger's entries of those paid, and their `order.paid`. Answers each
   * order's result, by the order id given; the order ids must be distinct.
   */
  async payAll(
    manager: EntityManager,
    orderIds: string[],
    transaction: PaymentTransaction,
    actor: Actor,
  ): Promise<Map<string, TransitionResult>> {
    const moved = await this.orders.payAll(manager, orderIds, transaction, actor);
    const results = new Map<string, TransitionResult>();
    const paid: PaidOrder[] = [];
    for (const orderId of orderIds) {
      const { paid: order, ...result } = moved.get(orderId.toLowerCase()) ?? { applied: false, current: null };
      if (!result.applied && result.current === OrderStatus.AwaitingBalance) {
        // a deposit order always has its pre-sale; should one come here, it is paid as pay() would
        results.set(orderId, await this.payBalance(manager, orderId, transaction, actor, payDetail(transaction)));
        continue;
      }
      results.set(orderId, result);
      if (order) {
        paid.push({ ...order, facts: { ...order.facts, orderId } });
      }
    }
    await this.ledger.paymentsApplied(
      manager,
      transaction.id,
      paid.map((order) => order.facts),
    );
    // one insert per trace continued: a payment's orders are of one group, so one in all
    for (const traceParent of new Set(paid.map((order) => order.traceParent))) {
      await this.events.publishMany(
        manager,
        EventName.OrderPaid,
        paid.filter((order) => order.traceParent === traceParent).map((order) => order.event),
        { continues: Tracing.current() ? traceParent : null },
      );
    }
    return results;
  }

  /** The balance (尾款) of a released deposit order (its pre-sale locked by the caller): on to fulfilment. */
  private async payBalance(
    manager: EntityManager,
    orderId: string,
    transaction: PaymentTransaction,
    actor: Actor,
    detail: unknown,
  ): Promise<TransitionResult> {
    const result = await this.orders.transition(manager, orderId, OrderTransition.PayBalance, actor, {
      effects: { balancePaidByTransactionId: transaction.id },
      reason: 'balance (尾款) paid: released for hand-in',
      detail,
    });
    if (result.applied) {
      const order = (await this.orders.find(orderId, manager))!;
      await this.ledger.paymentApplied(manager, orderId, transaction.id, {
        kind: 'balance',
        depositFen: order.depositFen!,
      });
      await this.publishPaid(manager, orderId);
    }
    return result;
  }

  /**
   * The balance of a deposit order was not paid by its deadline (its pre-sale locked first): cancelled, and by the
   * rule the listing states the deposit is forfeited to the seller — nothing is refunded. Its units of the harvest
   * stay with the seller too.
   */
  async balanceOverdue(manager: EntityManager, orderId: string): Promise<TransitionResult> {
    await this.orders.lockSaleOf(manager, orderId);
    const result = await this.orders.transition(manager, orderId, OrderTransition.BalanceOverdue, SYSTEM, {
      guard: TransitionGuard.BalanceOverdue,
      reason: 'the balance was not paid in time: the deposit is forfeited',
    });
    if (result.applied) {
      await this.publishCancelled(manager, orderId, 'expired', false);
    }
    return result;
  }

  /** Paid for a coming harvest: held; if the harvest was recorded meanwhile, released or refunded at once. */
  private async holdForHarvest(manager: EntityManager, orderId: string, presale: SaleOfOrder): Promise<void> {
    await this.orders.transition(manager, orderId, OrderTransition.HoldForHarvest, SYSTEM, {
      reason: 'held until the harvest is in',
    });
    if (presale.status === (PresaleStatus.Harvested as string)) {
      const units = await this.presales.unitsOf(manager, orderId);
      await this.releaseOrRefundHarvest(manager, presale.id, orderId, units, true);
    }
  }

  /**
   * One held pre-sale order against the recorded harvest (the pre-sale row locked by the caller): on to fulfilment
   * if `serving` and the harvest still covers its units, else cancelled and refunded. Returns whether it was released.
   */
  async releaseOrRefundHarvest(
    manager: EntityManager,
    presaleId: string,
    orderId: string,
    units: number,
    serving: boolean,
  ): Promise<boolean> {
    if (serving && (await this.presales.allocate(manager, presaleId, units))) {
      const order = (await this.orders.find(orderId, manager))!;
      if (order.depositFen) {
        const presale = (await this.presales.find(presaleId, manager))!;
        const asked = await this.orders.transition(manager, orderId, OrderTransition.AskBalance, SYSTEM, {
          effects: { paymentDueInSeconds: (presale.balanceHours ?? 48) * 3600 },
          reason: 'harvest in: the balance (尾款) is due',
        });
        if (asked.applied) {
          await this.tellBuyer(manager, orderId, SmsTemplate.PresaleBalanceDue);
        }
        return true;
      }
      const released = await this.orders.transition(manager, orderId, OrderTransition.ReleaseHarvest, SYSTEM, {
        reason: 'harvest in: released for hand-in',
      });
      if (released.applied) {
        await this.publishPaid(manager, orderId);
        await this.tellBuyer(manager, orderId, SmsTemplate.PresaleReleased);
      }
      return true;
    }
    const short = await this.orders.transition(manager, orderId, OrderTransition.HarvestShort, SYSTEM, {
      reason: 'the harvest fell short: refunded in full',
    });
    if (short.applied) {
      await this.refundRemainder(manager, orderId, RefundReason.PresaleShortfall);
      await this.commissions.settle(manager, orderId, CommissionStatus.Void);
      await this.tellBuyer(manager, orderId, SmsTemplate.PresaleRefunded);
    }
    return false;
  }

  /** Paid into a buying group: held; the payment that fills the group sends every member on to fulfilment. */
  private async holdForGroup(manager: EntityManager, orderId: string, group: SaleOfOrder): Promise<void> {
    const counts = await this.groups.memberPaid(manager, group.id);
    if (!counts) {
      // the group is no longer open (its expiry cancelled the members first, so this is only a safety net)
      await this.expireGroupMember(manager, orderId);
      return;
    }
    await this.orders.transition(manager, orderId, OrderTransition.HoldForGroup, SYSTEM, {
      reason: 'waiting for the group to fill',
    });
    if (counts.paidMembers < counts.groupSize) {
      return;
    }
    await this.groups.setStatus(manager, group.id, BuyingGroupStatus.Complete);
    for (const memberOrderId of await this.groups.memberOrders(manager, group.id, [OrderStatus.AwaitingGroup])) {
      const completed = await this.orders.transition(manager, memberOrderId, OrderTransition.CompleteGroup, SYSTEM, {
        reason: 'the group is full',
      });
      if (completed.applied) {
        await this.publishPaid(manager, memberOrderId);
        await this.tellBuyer(manager, memberOrderId, SmsTemplate.GroupComplete);
      }
    }
  }

  /**
   * A member's order of a group that ran out of time (the group row locked by the caller): cancelled, catalog
   * releases its stock, and what was paid is refunded.
   */
  async expireGroupMember(manager: EntityManager, orderId: string): Promise<TransitionResult> {
    const result = await this.orders.transition(manager, orderId, OrderTransition.GroupExpired, SYSTEM, {
      reason: 'the group did not fill in time',
    });
    if (result.applied) {
      await this.publishCancelled(manager, orderId, 'expired', false);
      if (await this.refundRemainder(manager, orderId, RefundReason.GroupExpired)) {
        await this.tellBuyer(manager, orderId, SmsTemplate.GroupRefunded);
      }
    }
    return result;
  }

  /** An unpaid order of a pre-sale or buying group ended: its units of the cap, or its place, are free again. */
  private async freePlace(manager: EntityManager, orderId: string, sale: SaleOfOrder | null): Promise<void> {
    if (sale?.kind === 'presale') {
      await this.presales.giveBack(manager, sale.id, orderId);
    } else if (sale?.kind === 'group') {
      await this.groups.leave(manager, sale.id);
    }
  }

  /** Unpaid past its due time: cancelled, and catalog releases the stock. */
  async expire(manager: EntityManager, orderId: string): Promise<TransitionResult> {
    const sale = await this.orders.lockSaleOf(manager, orderId);
    const result = await this.orders.transition(manager, orderId, OrderTransition.Expire, SYSTEM, {
      guard: TransitionGuard.PaymentOverdue,
      reason: 'not paid in time',
    });
    if (result.applied) {
      await this.publishCancelled(manager, orderId, 'expired', false);
      await this.freePlace(manager, orderId, sale);
    }
    return result;
  }

  /** The buyer cancels: before payment, or after payment but before dispatch (then the payment is refunded). */
  async cancelByBuyer(
    manager: EntityManager,
    order: Order,
    actor: Actor,
    reason: string | null,
  ): Promise<TransitionResult> {
    if (order.status === OrderStatus.AwaitingPayment) {
      const sale = await this.orders.lockSaleOf(manager, order.id);
      const result = await this.orders.transition(manager, order.id, OrderTransition.CancelUnpaid, actor, { reason });
      if (result.applied) {
        await this.publishCancelled(manager, order.id, 'buyer', false);
        await this.freePlace(manager, order.id, sale);
      }
      return result;
    }
    const result = await this.orders.transition(manager, order.id, OrderTransition.CancelPaid, actor, {
      guard: TransitionGuard.NotDispatched,
      reason,
    });
    if (result.applied) {
      await this.publishCancelled(manager, order.id, 'buyer', true);
      await this.refundRemainder(manager, order.id, RefundReason.BuyerCancelled);
    }
    return result;
  }

  /** Delivered or collected: completed; the commission of an assisted order is earned. */
  async complete(
    manager: EntityManager,
    orderId: string,
    actor: Actor,
    delivery: { at: string; receipt: { method: string; collectedBy: string } },
  ): Promise<TransitionResult> {
    const result = await this.orders.transition(manager, orderId, OrderTransition.Deliver, actor, {
      effects: { delivered: { at: delivery.at, receipt: delivery.receipt } },
      detail: { receipt: delivery.receipt },
    });
    if (result.applied) {
      const { order, lines } = await this.load(manager, orderId);
      await this.events.publish(manager, EventName.OrderCompleted, {
        orderId,
        sellerOrgId: order.sellerOrgId,
        lines: lineRefs(lines),
      });
      await this.commissions.settle(manager, orderId, CommissionStatus.Earned);
      await this.ledger.commissionEarned(manager, orderId, this.config.platformCommissionRateBp);
    }
    return result;
  }

  /** Receipt confirmed, by the buyer or by the sweeper N days after delivery: the settlement clock starts. */
  confirmReceipt(manager: EntityManager, orderId: string, actor: Actor, reason: string): Promise<TransitionResult> {
    return this.orders.transition(manager, orderId, OrderTransition.ConfirmReceipt, actor, {
      effects: { receiptConfirmed: true },
      guard: TransitionGuard.ReceiptUnconfirmed,
      reason,
    });
  }

  /** The parcel came back: catalog restocks, and what was paid online is refunded (→ refunded when it is). */
  async returnOrder(manager: EntityManager, orderId: string, actor: Actor, reason: string): Promise<TransitionResult> {
    const result = await this.orders.transition(manager, orderId, OrderTransition.Return, actor, { reason });
    if (result.applied) {
      const { order, lines } = await this.load(manager, orderId);
      await this.events.publish(manager, EventName.OrderReturned, {
        orderId,
        sellerOrgId: order.sellerOrgId,
        reason,
        lines: lineRefs(lines),
      });
      await this.commissions.settle(manager, orderId, CommissionStatus.Void);
      await this.refundRemainder(manager, orderId, RefundReason.Returned);
    }
    return result;
  }

  /** Requests a refund of whatever of the order's payment is not yet refunded; returns the refund id, if any. */
  async refundRemainder(manager: EntityManager, orderId: string, reason: RefundReason): Promise<string | null> {
    const order = await this.orders.find(orderId, manager);
    if (!order?.paymentTransactionId) {
      return null; // nothing was paid online (cash on collection, or never paid)
    }
    let refundId: string | null = null;
    // a deposit order's balance is refunded from the balance's transaction first, then the deposit from its own
    for (const source of await this.payments.refundSources(manager, orderId)) {
      refundId = await this.payments.requestRefund(manager, {
        groupId: order.groupId,
        orderId,
        paymentTransactionId: source.transactionId,
        amountFen: source.amountFen,
        reason,
      });
      await this.ledger.refundDecided(manager, orderId, refundId, source.amountFen);
    }
    return refundId;
  }

  /**
   * `order.paid`, in the trace of the checkout that placed the order when tracing is on: the payment arrives in a
   * request of its own (a webhook, the buyer's confirmation), and the saga's trace goes on from the checkout. `paid`:
   * the order as {@link OrderRepository.paidEvent} read it already in this transaction, else it is read.
   */
  async publishPaid(manager: EntityManager, orderId: string, paid?: PaidOrder): Promise<void> {
    const { event, traceParent } = paid ?? (await this.orders.paidEvent(manager, orderId));
    await this.events.publish(manager, EventName.OrderPaid, event, {
      continues: Tracing.current() ? traceParent : null,
    });
  }

  /**
   * Tells the order's buyer (its recipient phone) by SMS: `order.buyer_notified`, which logistics sends through the
   * platform's SMS port like the parcel messages, published in this transaction (so once per transition).
   */
  private async tellBuyer(manager: EntityManager, orderId: string, template: BuyerTemplate): Promise<void> {
    const { order, lines } = await this.load(manager, orderId);
    const title = lines[0]?.title ?? '';
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const params: Record<string, string> = { title };
    let text: string;
    switch (template) {
      case SmsTemplate.PresaleReleased:
        text = `【县域通】您预订的${title}已采收，订单已安排发货。`;
        break;
      case SmsTemplate.PresaleBalanceDue:
        params.amount = yuan(order.totalFen - order.paidFen);
        params.deadline = BEIJING_TIME.format(order.paymentDueAt ?? new Date());
        text = `【县域通】您预订的${title}已采收，请在${params.deadline}前支付尾款¥${params.amount}，逾期定金不退。`;
        break;
      case SmsTemplate.PresaleRefunded:
        params.amount = yuan(order.paidFen);
        text = `【县域通】您预订的${title}因采收不足未能发货，已退款¥${params.amount}。`;
        break;
      case SmsTemplate.GroupComplete:
        text = `【县域通】您参加的${title}拼团已成团，订单已安排发货。`;
        break;
      case SmsTemplate.GroupRefunded:
        text = `【县域通】您参加的${title}拼团未能按时成团，已全额退款。`;
        break;
    }
    await this.events.publish(manager, EventName.BuyerNotified, {
      orderId,
      countyCode: order.countyCode,
      recipientPhone: order.destination.recipientPhone,
      template,
      params,
      text,
    });
  }

  private async publishCancelled(
    manager: EntityManager,
    orderId: string,
    reason: 'buyer' | 'expired',
    wasPaid: boolean,
  ): Promise<void> {
    const { order, lines } = await this.load(manager, orderId);
    await this.events.publish(manager, EventName.OrderCancelled, {
      orderId,
      sellerOrgId: order.sellerOrgId,
      reason,
      wasPaid,
      lines: lineRefs(lines),
    });
    await this.commissions.settle(manager, orderId, CommissionStatus.Void);
    // a cancelled order gives its coupons back (docs/orders.md "Coupons and campaigns")
    await this.coupons.release(manager, orderId);
  }

  private async load(manager: EntityManager, orderId: string): Promise<{ order: Order; lines: OrderLine[] }> {
    const order = await this.orders.find(orderId, manager);
    const lines = (await this.orders.linesOf([orderId], manager)).get(orderId)!;
    return { order: order!, lines };
  }
}
