import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';
import { CouponFunder, CouponScope } from './coupon.rules';

/** A county's campaign (e.g. a harvest festival): its dates, its listings and a budget in fen never exceeded. */
@Entity('campaign')
export class Campaign {
  @PrimaryColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('varchar', { length: 60 })
  name: string;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  budgetFen: number;

  /** The discounts its coupons gave on orders not cancelled (a CHECK keeps it within the budget). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER, default: 0 })
  spentFen: number;

  @Column('uuid', { array: true })
  listingIds: string[];

  /** Stopped by its runner: no new claim from then on; claims made before stay usable (docs/orders.md). */
  @Column('timestamptz', { nullable: true })
  stoppedAt: Date | null;

  @Column('uuid', { nullable: true })
  stoppedBy: string | null;

  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

/** 满减: `amountFen` off when the eligible goods reach `thresholdFen`. */
@Entity('coupon')
export class Coupon {
  @PrimaryColumn('uuid')
  id: string;

  @Column('varchar', { length: 40 })
  title: string;

  @Column('text')
  scope: CouponScope;

  @Column('text')
  funder: CouponFunder;

  @Column('char', { length: 6, nullable: true })
  countyCode: string | null;

  @Column('uuid', { nullable: true })
  sellerOrgId: string | null;

  @Column('uuid', { nullable: true })
  campaignId: string | null;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  thresholdFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('timestamptz')
  validFrom: Date;

  @Column('timestamptz')
  validUntil: Date;

  @Column('int')
  totalLimit: number;

  @Column('int')
  perBuyerLimit: number;

  /** Claims made so far (a CHECK keeps it within `totalLimit`). */
  @Column('int', { default: 0 })
  issuedCount: number;

  /** Stopped by its runner: no new claim from then on; claims made before stay usable (docs/orders.md). */
  @Column('timestamptz', { nullable: true })
  stoppedAt: Date | null;

  @Column('uuid', { nullable: true })
  stoppedBy: string | null;

  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

export enum ClaimStatus {
  Available = 'available',
  Used = 'used',
}

/** A coupon a buyer claimed (领券); used by one checkout, given back if every order it discounted is cancelled. */
@Entity('coupon_claim')
export class CouponClaim {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  couponId: string;

  @Column('uuid')
  buyerId: string;

  @Column('text')
  status: ClaimStatus;

  @Column('uuid', { nullable: true })
  orderGroupId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  claimedAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}

/** What one claim took off one order, and who funds it. */
@Entity('order_discount')
export class OrderDiscount {
  @PrimaryColumn('uuid')
  orderId: string;

  @PrimaryColumn('uuid')
  claimId: string;

  @Column('uuid')
  couponId: string;

  @Column('uuid', { nullable: true })
  campaignId: string | null;

  @Column('text')
  funder: CouponFunder;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  /** The order was cancelled: the campaign got this back (and the claim, once all its orders were). */
  @Column('boolean', { default: false })
  released: boolean;
}
