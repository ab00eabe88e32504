import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';
import { AccountKind } from '../ledger/ledger.entities';

export type PayeeKind = 'wechat_openid' | 'wechat_merchant' | 'alipay_login_id' | 'alipay_user_id' | 'simulated';

/** Where a seller or service point is paid. */
@Entity('payee_account')
export class PayeeAccount {
  @PrimaryColumn('uuid')
  partyId: string;

  @Column('text')
  kind: PayeeKind;

  @Column('text')
  account: string;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('uuid')
  updatedBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** What one party (a seller, or a service point's commission) was owed for a period, made from the ledger. */
@Entity('statement')
export class Statement {
  @PrimaryColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  accountKind: AccountKind.SellerPayable | AccountKind.PointCommissionPayable;

  @Column('uuid')
  partyId: string;

  /** The previous statement's cut-off (null for the first). */
  @Column('timestamptz', { nullable: true })
  periodFrom: Date | null;

  /** Everything settleable by then and not in an earlier statement. */
  @Column('timestamptz')
  periodTo: Date;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  soldFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  freightFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  refundsFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  commissionWithheldFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  commissionEarnedFen: number;

  /** Taken off the seller's goods by its own coupons (the seller funds them). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  sellerDiscountFen: number;

  /** Of `soldFen`, what the platform's coupons paid for the buyers (net of what refunds took back). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  platformDiscountFen: number;

  /** Of `soldFen`, what the county's coupons paid for the buyers (net of what refunds took back). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  countyDiscountFen: number;

  /** sold + freight − refunds − seller discount − commission withheld + commission earned. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  netFen: number;

  @Column('int')
  orders: number;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

@Entity('statement_item')
export class StatementItem {
  @PrimaryColumn('uuid')
  accountId: string;

  @PrimaryColumn('uuid')
  entryId: string;

  @Column('uuid')
  statementId: string;
}

export enum PayoutStatus {
  Pending = 'pending',
  Succeeded = 'succeeded',
  /** The provider said definitively that no money moved: the statement may be paid by a new payout. */
  Failed = 'failed',
}

/** Paying one statement through the payout provider; its id is the provider's idempotency key. */
@Entity('payout')
export class Payout {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  statementId: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('text')
  status: PayoutStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('text', { nullable: true })
  provider: string | null;

  @Column('text', { nullable: true })
  providerPayoutId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}
