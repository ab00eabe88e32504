import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountKind, EntryKind, PostingItem, sponsorAccount } from './ledger.entities';
import { EntryDraft, LedgerRepository, OrderMoneyFacts, PostingDraft } from './ledger.repository';

const A = AccountKind;

/** What a payment paid of an order: all of it, a pre-sale's deposit, or the balance after the deposit. */
export type PaymentPart = { kind: 'full' } | { kind: 'deposit' | 'balance'; depositFen: number };
const I = PostingItem;

/** What the seller sells the goods for: before any coupon (the sponsor's and its own discount are postings). */
const grossGoodsFen = (order: OrderMoneyFacts): number =>
  order.totalFen - order.freightFen + order.sellerDiscountFen + order.sponsorDiscountFen;

/**
 * The seller's side of an order's money (credited, sign −1): goods before discounts and freight; its own coupon's
 * discount debited back; a platform's or county's coupon's discount paid by that sponsor (docs/money.md "Discounts").
 */
function sellerShare(order: OrderMoneyFacts, sign: 1 | -1, goodsPostedFen = 0): PostingDraft[] {
  const seller = { kind: A.SellerPayable, partyId: order.sellerOrgId };
  return [
    { account: seller, item: I.Goods, amountFen: sign * (grossGoodsFen(order) - goodsPostedFen) },
    { account: seller, item: I.Freight, amountFen: sign * order.freightFen },
    { account: seller, item: I.SellerDiscount, amountFen: -sign * order.sellerDiscountFen },
    ...(order.sponsor
      ? [
          {
            account: { kind: sponsorAccount(order.sponsor) },
            item: I.SponsoredDiscount,
            amountFen: -sign * order.sponsorDiscountFen,
          },
        ]
      : []),
  ];
}

/**
 * How much of the sponsor's discount a refund of `refundedFen` of the order's `totalFen` takes back: the same part
 * (rounded down), and all of it once everything paid is refunded.
 */
export const sponsorShareOfRefund = (sponsorFen: number, refundedFen: number, totalFen: number): number =>
  refundedFen >= totalFen ? sponsorFen : Number((BigInt(sponsorFen) * BigInt(refundedFen)) / BigInt(totalFen));

/** The entry of a payment applied to an order (see {@link LedgerPostings.paymentApplied}). */
function paymentAppliedEntry(order: OrderMoneyFacts, paymentTransactionId: string, part: PaymentPart): EntryDraft {
  const seller = { kind: A.SellerPayable, partyId: order.sellerOrgId };
  const postings: PostingDraft[] =
    part.kind === 'deposit'
      ? [
          { account: { kind: A.ProviderClearing }, item: I.Payment, amountFen: part.depositFen },
          { account: seller, item: I.Goods, amountFen: -part.depositFen },
        ]
      : [
          {
            account: { kind: A.ProviderClearing },
            item: I.Payment,
            amountFen: order.totalFen - (part.kind === 'balance' ? part.depositFen : 0),
          },
          ...sellerShare(order, -1, part.kind === 'balance' ? part.depositFen : 0),
        ];
  return {
    countyCode: order.countyCode,
    kind: EntryKind.PaymentApplied,
    sourceKey: `payment-applied:${paymentTransactionId}:${order.orderId}`,
    orderId: order.orderId,
    memo:
      part.kind === 'deposit'
        ? 'pre-sale deposit (定金) paid'
        : part.kind === 'balance'
          ? 'pre-sale balance (尾款) paid'
          : 'online payment applied to the order',
    postings,
  };
}

/**
 * The journal entries of every money movement (docs/money.md), each posted in the transaction of the change that
 * causes it and keyed by that cause, so a repeated notification or event posts nothing the second time.
 */
@Injectable()
export class LedgerPostings {
  constructor(private readonly ledger: LedgerRepository) {}

  /**
   * The provider's money paid this order: the provider holds it, the seller is owed it. A pre-sale's deposit (定金,
   * `part.depositFen`) is goods paid ahead: the seller is owed it as goods; the balance (尾款) then pays the rest of
   * the total, and the seller's share is the order's less the deposit already posted (docs/money.md "Deposits").
   * `facts`: the order's money facts when the caller read them already (in this transaction), else they are read.
   */
  async paymentApplied(
    manager: EntityManager,
    orderId: string,
    paymentTransactionId: string,
    part: PaymentPart = { kind: 'full' },
    facts?: OrderMoneyFacts,
  ): Promise<void> {
    const order = facts ?? (await this.ledger.orderFacts(manager, orderId));
    await this.ledger.post(manager, paymentAppliedEntry(order, paymentTransactionId, part));
  }

  /**
   * Several orders paid in full by one provider transaction (`facts`: each order's, read in this transaction), in
   * one statement: the entries {@link paymentApplied} posts for each, in the order given.
   */
  async paymentsApplied(manager: EntityManager, paymentTransactionId: string, facts: OrderMoneyFacts[]): Promise<void> {
    if (facts.length > 0) {
      await this.ledger.postAll(
        manager,
        facts.map((order) => paymentAppliedEntry(order, paymentTransactionId, { kind: 'full' })),
      );
    }
  }

  /**
   * The provider took money that no order could take (late, duplicate, wrong amount): it is owed back to the buyer.
   * `orderId` is the order whose share it was (null for an amount mismatch, which belongs to no order).
   */
  async paymentNotApplied(
    manager: EntityManager,
    countyCode: string,
    paymentTransactionId: string,
    orderId: string | null,
    amountFen: number,
  ): Promise<void> {
    await this.ledger.post(manager, {
      countyCode,
      kind: EntryKind.PaymentNotApplied,
      sourceKey: `payment-not-applied:${paymentTransactionId}:${orderId ?? 'whole'}`,
      orderId,
      memo: 'money taken that no order could take; to be refunded',
      postings: [
        { account: { kind: A.ProviderClearing }, item: I.Payment, amountFen },
        { account: { kind: A.RefundsPayable }, item: I.Refund, amountFen: -amountFen },
      ],
    });
  }

  /** A refund of an order's money was decided: the seller owes it back, the platform owes it to the buyer. */
  async refundDecided(manager: EntityManager, orderId: string, refundId: string, amountFen: number): Promise<void> {
    const order = await this.ledger.orderFacts(manager, orderId);
    await this.ledger.post(manager, {
      countyCode: order.countyCode,
      kind: EntryKind.RefundDecided,
      sourceKey: `refund-decided:${refundId}`,
      orderId,
      memo: 'refund decided',
      postings: [
        { account: { kind: A.SellerPayable, partyId: order.sellerOrgId }, item: I.Refund, amountFen },
        { account: { kind: A.RefundsPayable }, item: I.Refund, amountFen: -amountFen },
      ],
    });
    await this.discountReversed(manager, order, refundId);
  }

  /**
   * A refund of goods a sponsor paid part of: the sponsor takes its share back from the seller, in proportion to
   * what has been refunded of the order in all (so partial refunds add up to the whole discount exactly).
   */
  private async discountReversed(manager: EntityManager, order: OrderMoneyFacts, refundId: string): Promise<void> {
    if (!order.sponsor || order.sponsorDiscountFen === 0) {
      return;
    }
    const { refundedFen, reversedFen } = await this.ledger.refundsAndReversals(manager, order.orderId);
    const amountFen = sponsorShareOfRefund(order.sponsorDiscountFen, refundedFen, order.totalFen) - reversedFen;
    if (amountFen <= 0) {
      return;
    }
    await this.ledger.post(manager, {
      countyCode: order.countyCode,
      kind: EntryKind.DiscountReversed,
      sourceKey: `discount-reversed:${refundId}`,
      orderId: order.orderId,
      memo: `the ${order.sponsor}'s discount on the refunded goods goes back to it`,
      postings: [
        { account: { kind: A.SellerPayable, partyId: order.sellerOrgId }, item: I.Refund, amountFen },
        { account: { kind: sponsorAccount(order.sponsor) }, item: I.SponsoredDiscount, amountFen: -amountFen },
      ],
    });
  }

  /**
   * A refund was paid: through the provider, or in cash at the service point (`cashAtPointOrgId`), in the ledger
   * that owes it (where it was decided, or where the money no order could take was received).
   */
  async refundPaid(
    manager: EntityManager,
    refund: { id: string; orderId: string | null; paymentTransactionId: string; amountFen: number },
    cashAtPointOrgId: string | null = null,
  ): Promise<void> {
    const countyCode = await this.ledger.countyOwing(manager, [
      `refund-decided:${refund.id}`,
      `payment-not-applied:${refund.paymentTransactionId}:${refund.orderId ?? 'whole'}`,
    ]);
    await this.ledger.post(manager, {
      countyCode,
      kind: cashAtPointOrgId ? EntryKind.CashRefunded : EntryKind.RefundPaid,
      sourceKey: `refund-paid:${refund.id}`,
      orderId: refund.orderId,
      memo: cashAtPointOrgId ? 'refund paid in cash at the service point' : 'refund paid by the provider',
      postings: [
        { account: { kind: A.RefundsPayable }, item: I.Refund, amountFen: refund.amountFen },
        cashAtPointOrgId
          ? { account: { kind: A.PointCash, partyId: cashAtPointOrgId }, item: I.Cash, amountFen: -refund.amountFen }
          : { account: { kind: A.ProviderClearing }, item: I.Refund, amountFen: -refund.amountFen },
      ],
    });
  }

  /**
   * The provider failed a refund after accepting it (its asynchronous refund notification): the refund's payment is
   * undone — the money is owed to the buyer again — if it had been posted as paid.
   */
  async refundFailedAfterPaid(
    manager: EntityManager,
    refund: { id: string; orderId: string | null; amountFen: number },
  ): Promise<void> {
    const [paid] = await this.ledger.entriesBySource(manager, [`refund-paid:${refund.id}`]);
    if (!paid) {
      return;
    }
    await this.ledger.post(manager, {
      countyCode: paid.countyCode,
      kind: EntryKind.RefundReversed,
      sourceKey: `refund-reversed:${refund.id}`,
      orderId: refund.orderId,
      memo: 'the provider failed the refund after accepting it: owed to the buyer again',
      postings: [
        { account: { kind: A.ProviderClearing }, item: I.Refund, amountFen: refund.amountFen },
        { account: { kind: A.RefundsPayable }, item: I.Refund, amountFen: -refund.amountFen },
      ],
    });
  }

  /** A cash-on-collection order was paid at the point: the point holds the cash, the seller is owed it. */
  async cashReceived(manager: EntityManager, orderId: string): Promise<void> {
    const order = await this.ledger.orderFacts(manager, orderId);
    await this.ledger.post(manager, {
      countyCode: order.countyCode,
      kind: EntryKind.CashReceived,
      sourceKey: `cash-received:${orderId}`,
      orderId,
      memo: 'cash taken at the service point',
      postings: [
        { account: { kind: A.PointCash, partyId: order.servicePointOrgId }, item: I.Cash, amountFen: order.totalFen },
        ...sellerShare(order, -1),
      ],
    });
  }

  /** The order completed: the service point's commission (assisted orders) and the platform's are withheld. */
  async commissionEarned(manager: EntityManager, orderId: string, platformRateBp: number): Promise<void> {
    const order = await this.ledger.orderFacts(manager, orderId);
    const point = order.earnedCommission;
    // the seller's goods revenue: after its own coupon, with what a sponsor paid for the buyer
    const platformFen = Math.round(((grossGoodsFen(order) - order.sellerDiscountFen) * platformRateBp) / 10_000);
    const seller = { kind: A.SellerPayable, partyId: order.sellerOrgId };
    const postings: PostingDraft[] = [
      { account: seller, item: I.PointCommission, amountFen: point?.amountFen ?? 0 },
      {
        account: { kind: A.PointCommissionPayable, partyId: point?.pointOrgId },
        item: I.PointCommission,
        amountFen: -(point?.amountFen ?? 0),
      },
      { account: seller, item: I.PlatformCommission, amountFen: platformFen },
      { account: { kind: A.PlatformCommission }, item: I.PlatformCommission, amountFen: -platformFen },
    ];
    if (postings.some((posting) => posting.amountFen !== 0)) {
      await this.ledger.post(manager, {
        countyCode: order.countyCode,
        kind: EntryKind.CommissionEarned,
        sourceKey: `commission-earned:${orderId}`,
        orderId,
        memo: 'commission withheld from the seller on completion',
        postings,
      });
    }
  }

  /** A statement was paid out through the payout provider: the party is owed that much less. */
  async payout(
    manager: EntityManager,
    payout: { id: string; statementId: string; countyCode: string; accountKind: AccountKind; partyId: string },
    amountFen: number,
  ): Promise<void> {
    await this.ledger.post(manager, {
      countyCode: payout.countyCode,
      kind: EntryKind.Payout,
      sourceKey: `payout:${payout.statementId}`,
      memo: `payout ${payout.id} of statement ${payout.statementId}`,
      postings: [
        { account: { kind: payout.accountKind, partyId: payout.partyId }, item: I.Payout, amountFen },
        { account: { kind: A.ProviderClearing }, item: I.Payout, amountFen: -amountFen },
      ],
    });
  }

  /** A point handed cash to the county office. */
  async cashHandedOver(
    manager: EntityManager,
    handover: { id: string; countyCode: string; pointOrgId: string; amountFen: number },
  ): Promise<void> {
    await this.ledger.post(manager, {
      countyCode: handover.countyCode,
      kind: EntryKind.CashHandedOver,
      sourceKey: `cash-handover:${handover.id}`,
      memo: 'cash handed from the service point to the county office',
      postings: [
        { account: { kind: A.CountyCash }, item: I.Cash, amountFen: handover.amountFen },
        { account: { kind: A.PointCash, partyId: handover.pointOrgId }, item: I.Cash, amountFen: -handover.amountFen },
      ],
    });
  }
}
