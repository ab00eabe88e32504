import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';

export enum ClaimStatus {
  /** The seller has to accept, decline or counter. */
  AwaitingSeller = 'awaiting_seller',
  /** The seller offered another remedy; the buyer accepts or rejects it. */
  Countered = 'countered',
  /** Declined, rejected or unanswered in time: county staff of the order's county decide. */
  Escalated = 'escalated',
  Resolved = 'resolved',
}

export enum Remedy {
  PartialRefund = 'partial_refund',
  Resend = 'resend',
  FullRefund = 'full_refund',
}

/** How a claim ended; `rejected` only by county staff. */
export enum Resolution {
  PartialRefund = 'partial_refund',
  Resend = 'resend',
  FullRefund = 'full_refund',
  Rejected = 'rejected',
}

export enum ResolvedBy {
  SellerAccepted = 'seller_accepted',
  BuyerAcceptedCounter = 'buyer_accepted_counter',
  CountyStaff = 'county_staff',
}

/** An after-sales claim on a delivered order: to the seller first, then to county staff. */
@Entity('claim')
export class Claim {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orderId: string;

  @Column('uuid')
  buyerId: string;

  @Column('uuid')
  sellerOrgId: string;

  /** The order's county, whose staff decide an escalated claim. */
  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  reason: string;

  /** Links to evidence elsewhere (from before photos were uploaded to the platform). */
  @Column('text', { array: true })
  photoUrls: string[];

  /** The buyer's evidence photos, private media: only the buyer, the seller and county staff get signed links. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  photoIds: string[];

  @Column('text')
  requestedRemedy: Remedy;

  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  requestedAmountFen: number | null;

  @Column('text')
  status: ClaimStatus;

  @Column('text', { nullable: true })
  counterRemedy: Remedy | null;

  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  counterAmountFen: number | null;

  @Column('text', { nullable: true })
  sellerNote: string | null;

  /** Whoever must answer now (the seller, or the buyer facing a counter-offer) must do so by then. */
  @Column('timestamptz', { nullable: true })
  respondBy: Date | null;

  @Column('timestamptz', { nullable: true })
  escalatedAt: Date | null;

  @Column('text', { nullable: true })
  escalationReason: string | null;

  @Column('text', { nullable: true })
  resolution: Resolution | null;

  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  resolutionAmountFen: number | null;

  @Column('text', { nullable: true })
  resolvedBy: ResolvedBy | null;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column('text', { nullable: true })
  decisionNote: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('uuid', { nullable: true })
  refundId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/** Everything anyone did to a claim, in order. */
@Entity('claim_action')
export class ClaimAction {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column('uuid')
  claimId: string;

  @Column('text')
  action: string;

  @Column('text')
  actorKind: string;

  @Column('text', { nullable: true })
  actorId: string | null;

  @Column('jsonb', { nullable: true })
  detail: object | null;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}
