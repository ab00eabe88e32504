import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';

/** The accounts of a county's ledger (docs/money.md); balances are debit-positive. */
export enum AccountKind {
  /** Asset: money the payment provider holds for the platform (payments in, refunds and payouts out). */
  ProviderClearing = 'provider_clearing',
  /** Liability: what the platform owes one seller. */
  SellerPayable = 'seller_payable',
  /** Revenue: the platform's commission. */
  PlatformCommission = 'platform_commission',
  /** Liability: the commission owed to one service point. */
  PointCommissionPayable = 'point_commission_payable',
  /** Asset: cash held at one service point. */
  PointCash = 'point_cash',
  /** Asset: cash the points handed to the county office. */
  CountyCash = 'county_cash',
  /** Liability: refunds decided and not yet paid back to buyers. */
  RefundsPayable = 'refunds_payable',
  /** Expense: the discounts of platform-funded coupons, paid to the sellers by the platform. */
  PlatformDiscount = 'platform_discount',
  /** Asset: the discounts of the county's own coupons, paid to the sellers for the county, owed by the county office. */
  CountyDiscount = 'county_discount',
}

/** The account that funds a sponsored discount. */
export const sponsorAccount = (sponsor: 'platform' | 'county'): AccountKind =>
  sponsor === 'platform' ? AccountKind.PlatformDiscount : AccountKind.CountyDiscount;

/** Accounts that belong to one party (a seller or a service point). */
export const PARTY_ACCOUNTS: readonly AccountKind[] = [
  AccountKind.SellerPayable,
  AccountKind.PointCommissionPayable,
  AccountKind.PointCash,
];

/** What a posting is for, as statements show it. */
export enum PostingItem {
  Goods = 'goods',
  Freight = 'freight',
  Refund = 'refund',
  PointCommission = 'point_commission',
  PlatformCommission = 'platform_commission',
  Payment = 'payment',
  Cash = 'cash',
  Payout = 'payout',
  /** A seller's own coupon: what the seller gives up of its goods (a debit on its account). */
  SellerDiscount = 'seller_discount',
  /** A platform's or county's coupon: what the sponsor pays the seller for the buyer. */
  SponsoredDiscount = 'sponsored_discount',
}

/** What caused a journal entry. */
export enum EntryKind {
  PaymentApplied = 'payment_applied',
  PaymentNotApplied = 'payment_not_applied',
  RefundDecided = 'refund_decided',
  RefundPaid = 'refund_paid',
  RefundReversed = 'refund_reversed',
  CashReceived = 'cash_received',
  CashRefunded = 'cash_refunded',
  CashHandedOver = 'cash_handed_over',
  CommissionEarned = 'commission_earned',
  Payout = 'payout',
  /** A refund took back the sponsor's share of the refunded goods from the seller. */
  DiscountReversed = 'discount_reversed',
}

@Entity('ledger_account')
export class LedgerAccount {
  @PrimaryColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  kind: AccountKind;

  /** The seller or service point the account belongs to (null for the county's own accounts). */
  @Column('uuid', { nullable: true })
  partyId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

/** One journal entry: postings that sum to zero (the database checks it at commit). */
@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  kind: EntryKind;

  /** What caused it, unique: the same cause never posts twice. */
  @Column('text', { unique: true })
  sourceKey: string;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('text')
  memo: string;

  @Column('timestamptz', { default: () => 'now()' })
  postedAt: Date;
}

@Entity('ledger_posting')
export class LedgerPosting {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid')
  entryId: string;

  @Column('uuid')
  accountId: string;

  @Column('text')
  item: PostingItem;

  /** Debit positive, credit negative. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;
}
