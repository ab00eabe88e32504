import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { MediaService } from '@countyflow/media';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { canSeeEvidence } from '../claim/claim-evidence';
import { mapClaim } from '../claim/claim.dto';
import { ClaimRepository } from '../claim/claim.repository';
import { LedgerPostings } from '../ledger/ledger.postings';
import { mapPayment, mapRefund, mapTransaction } from '../payment/payment.dto';
import { TransactionOutcome } from '../payment/payment.entities';
import { PaymentRepository } from '../payment/payment.repository';
import { mapReview } from '../review/review.dto';
import { ReviewRepository } from '../review/review.repository';
import { OrderStatus } from './order-state';
import { assertBuyer, assertCanRead, buyerActor, isBuyerOf } from './order.access';
import {
  CashReceivedDto,
  mapConsent,
  mapExcursion,
  mapGroup,
  mapHistory,
  mapOrder,
  OrderDetailResponseDto,
  OrderGroupResponseDto,
  OrderResponseDto,
  OrderSearchDto,
  PackingLineResponseDto,
} from './order.dto';
import { Order, OrderGroup, PaymentMethod } from './order.entities';
import { OrderListQuery, OrderRepository } from './order.repository';
import { OrderWorkflow } from './order.workflow';

const listQuery = (search: OrderSearchDto): OrderListQuery => ({
  status: search.status,
  limit: search.limit ?? 50,
  offset: search.offset ?? 0,
});

/** What buyers, sellers, service points and county staff see of orders, and what buyers and operators do to them. */
@Injectable()
export class OrderService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    private readonly payments: PaymentRepository,
    private readonly claims: ClaimRepository,
    private readonly reviews: ReviewRepository,
    private readonly ledger: LedgerPostings,
    private readonly media: MediaService,
  ) {}

  async detail(principal: Principal, orderId: string): Promise<OrderDetailResponseDto> {
    const order = await this.orders.find(orderId, this.db.manager);
    assertCanRead(principal, order, orderId);
    return this.detailOf(order, principal);
  }

  async mine(principal: Principal, search: OrderSearchDto): Promise<OrderResponseDto[]> {
    return this.withLines(await this.orders.list({ buyerId: principal.userId }, listQuery(search)));
  }

  async group(principal: Principal, groupId: string): Promise<OrderGroupResponseDto> {
    return this.groupView(await this.buyersGroup(principal, groupId));
  }

  /** The group, if `principal` is its buyer (404 as problem+json for anyone else). A group never changes. */
  async buyersGroup(principal: Principal, groupId: string): Promise<OrderGroup> {
    const group = await this.orders.findGroup(groupId);
    if (!group || !isBuyerOf(principal, group)) {
      throw new Problem(404, 'order-group-not-found', `no order group ${groupId}`);
    }
    return group;
  }

  /**
   * The group as its buyer sees it: its orders with their lines, and its payments — three reads at once, each of
   * committed state (the group's orders and lines are written in one transaction, so a group that exists has them).
   */
  async groupView(group: OrderGroup): Promise<OrderGroupResponseDto> {
    const [orders, lines, payments] = await Promise.all([
      this.orders.ordersOfGroup(group.id, this.db.manager),
      this.orders.linesOfGroup(group.id, this.db.manager),
      this.payments.paymentsOfGroup(group.id),
    ]);
    return mapGroup(
      group,
      orders.map((order) => mapOrder(order, lines.get(order.id) ?? [])),
      payments.map(mapPayment),
    );
  }

  async forSeller(principal: Principal, orgId: string, search: OrderSearchDto): Promise<OrderResponseDto[]> {
    this.assertMember(principal, orgId, [MembershipRole.Owner, MembershipRole.Staff]);
    return this.withLines(await this.orders.list({ sellerOrgId: orgId }, listQuery(search)));
  }

  async packingList(principal: Principal, orgId: string): Promise<PackingLineResponseDto[]> {
    this.assertMember(principal, orgId, [MembershipRole.Owner, MembershipRole.Staff]);
    return this.orders.packingList(orgId);
  }

  async forServicePoint(principal: Principal, orgId: string, search: OrderSearchDto): Promise<OrderResponseDto[]> {
    this.assertMember(principal, orgId);
    return this.withLines(await this.orders.list({ destinationServicePointOrgId: orgId }, listQuery(search)));
  }

  /** Orders sold by the county's sellers or bound for its service points. */
  async forCounty(principal: Principal, countyCode: string, search: OrderSearchDto): Promise<OrderResponseDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    return this.withLines(
      await this.orders.list([{ countyCode }, { destinationCountyCode: countyCode }], listQuery(search)),
    );
  }

  async cancel(principal: Principal, orderId: string, reason: string | null): Promise<OrderDetailResponseDto> {
    const order = await this.orders.find(orderId, this.db.manager);
    assertBuyer(principal, order, orderId);
    const result = await this.db.withTransaction((manager) =>
      this.workflow.cancelByBuyer(manager, order, buyerActor(principal, order), reason),
    );
    if (!result.applied) {
      const current = result.current ?? order.status;
      const detail =
        current === OrderStatus.Paid || current === OrderStatus.InFulfilment
          ? `order ${orderId} has been dispatched; it can no longer be cancelled (refuse it or claim after delivery)`
          : `order ${orderId} is ${current}; an order can be cancelled while awaiting payment, or once paid until it is dispatched`;
      throw new Problem(409, 'illegal-transition', detail, { orderStatus: current });
    }
    return this.detailOf((await this.orders.find(orderId, this.db.manager))!, principal);
  }

  /** The buyer confirms receipt (确认收货) of a delivered or collected order; once. */
  async confirmReceipt(principal: Principal, orderId: string): Promise<OrderDetailResponseDto> {
    const order = await this.orders.find(orderId, this.db.manager);
    assertBuyer(principal, order, orderId);
    const result = await this.db.withTransaction((manager) =>
      this.workflow.confirmReceipt(manager, orderId, buyerActor(principal, order), 'the buyer confirmed receipt'),
    );
    if (!result.applied) {
      const current = (await this.orders.find(orderId, this.db.manager))!;
      throw new Problem(
        409,
        current.receiptConfirmedAt ? 'receipt-already-confirmed' : 'illegal-transition',
        current.receiptConfirmedAt
          ? `receipt of order ${orderId} was confirmed at ${current.receiptConfirmedAt.toISOString()}`
          : `order ${orderId} is ${current.status}; receipt is confirmed once it is delivered or collected`,
        { orderStatus: current.status },
      );
    }
    return this.detailOf((await this.orders.find(orderId, this.db.manager))!, principal);
  }

  /** The service point's operator took the cash for a cash-on-collection order. */
  async cashReceived(principal: Principal, orderId: string, dto: CashReceivedDto): Promise<OrderDetailResponseDto> {
    const order = await this.orders.find(orderId, this.db.manager);
    assertCanRead(principal, order, orderId);
    const point = order.destinationServicePointOrgId;
    if (!point || !principal.isMemberOf(point, [MembershipRole.Operator, MembershipRole.Owner])) {
      throw new Problem(
        403,
        'not-the-service-point',
        `only the operators of the collecting service point confirm cash`,
      );
    }
    if (order.paymentMethod !== PaymentMethod.CashOnCollection) {
      throw new Problem(409, 'not-cash-on-collection', `order ${orderId} was paid online`);
    }
    if (dto.amountFen !== order.totalFen) {
      throw new Problem(
        422,
        'cash-amount-mismatch',
        `order ${orderId} is ${order.totalFen} fen; ${dto.amountFen} fen was entered`,
      );
    }
    const recorded = await this.db.withTransaction(async (manager) => {
      if (!(await this.orders.recordCashReceived(manager, orderId, principal.userId))) {
        return false;
      }
      const cash = await this.payments.insertTransaction(manager, {
        provider: 'cash',
        providerTransactionId: `cash-${orderId}`,
        paymentId: null,
        groupId: order.groupId,
        amountFen: order.totalFen,
        outcome: TransactionOutcome.CashReceived,
        detail: `cash taken at the service point by ${principal.name}`,
        appliedOrderIds: [orderId],
        payload: { receivedBy: principal.userId, servicePointOrgId: point },
      });
      if (!cash) {
        throw new Problem(409, 'cash-already-received', `the cash of order ${orderId} was recorded already`);
      }
      await this.ledger.cashReceived(manager, orderId);
      return true;
    });
    if (!recorded) {
      const current = (await this.orders.find(orderId, this.db.manager))!;
      throw new Problem(
        409,
        current.cashReceivedAt ? 'cash-already-received' : 'not-collectable',
        current.cashReceivedAt
          ? `the cash for order ${orderId} was already recorded at ${current.cashReceivedAt.toISOString()}`
          : `order ${orderId} is ${current.status}; cash is taken when it is ready for pickup or collected`,
      );
    }
    return this.detailOf((await this.orders.find(orderId, this.db.manager))!, principal);
  }

  async detailOf(order: Order, principal: Principal): Promise<OrderDetailResponseDto> {
    const [lines, history, transactions, refunds, excursions, consent, claim, review] = await Promise.all([
      this.orders.linesOf([order.id], this.db.manager),
      this.orders.historyOf(order.id),
      this.payments.transactionsOfGroup(order.groupId),
      this.payments.refundsOfOrder(order.id),
      this.orders.excursionsOf(order.id),
      order.destinationServicePointOrgId ? this.orders.consentOf(order.groupId) : Promise.resolve(null),
      this.claims.findByOrder(order.id),
      this.reviews.findByOrder(order.id),
    ]);
    const refundedTransactions = new Set(refunds.map((refund) => refund.paymentTransactionId));
    return {
      ...mapOrder(order, lines.get(order.id)!),
      history: history.map(mapHistory),
      payments: transactions
        .filter(
          (transaction) =>
            transaction.appliedOrderIds.includes(order.id) ||
            refundedTransactions.has(transaction.id) ||
            transaction.id === order.paymentTransactionId,
        )
        .map(mapTransaction),
      refunds: refunds.map(mapRefund),
      excursions: excursions.map(mapExcursion),
      stationConsent: consent ? mapConsent(consent) : null,
      rejection: order.rejection ?? null,
      claim: claim
        ? mapClaim(
            claim.claim,
            claim.actions,
            canSeeEvidence(principal, claim.claim, order) ? (id) => this.media.privateLinks(id) : null,
          )
        : null,
      review: review ? mapReview(review) : null,
    };
  }

  private async withLines(orders: Order[]): Promise<OrderResponseDto[]> {
    const lines = await this.orders.linesOf(
      orders.map((order) => order.id),
      this.db.manager,
    );
    return orders.map((order) => mapOrder(order, lines.get(order.id)!));
  }

  private assertMember(principal: Principal, orgId: string, roles?: MembershipRole[]): void {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(orgId, roles);
    }
  }
}
