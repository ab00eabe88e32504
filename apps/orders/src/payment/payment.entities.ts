import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';
import { PaymentChannel } from './payment-provider';
import { PaymentStatus } from './payment-state';

export { PaymentStatus };

/** A payment created at the provider for the payable orders of a group. */
@Entity('payment')
export class Payment {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @Column('text')
  provider: string;

  @Column('text')
  providerPaymentId: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  /** The orders this payment pays for, each for its total. */
  @Column('uuid', { array: true })
  orderIds: string[];

  @Column('text')
  status: PaymentStatus;

  @Column('text', { nullable: true })
  payUrl: string | null;

  /** How the buyer pays at the provider. */
  @Column('text', { default: PaymentChannel.Simulated })
  channel: PaymentChannel;

  /** WeChat JSAPI: the signed parameters for wx.requestPayment. */
  @Column('jsonb', { nullable: true })
  clientParams: Record<string, string> | null;

  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * A payment being created at the provider: written and committed before the provider is asked (no order stays
 * locked across that round trip), deleted in the transaction that writes the payment, or when the provider refused.
 * A second "pay" for the same orders meanwhile waits for it; one older than the provider's timeout is abandoned.
 */
@Entity('payment_request')
export class PaymentRequest {
  /** The id the payment will have. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @Column('uuid', { array: true })
  orderIds: string[];

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('text')
  channel: PaymentChannel;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

export enum TransactionOutcome {
  /** Every order it paid for was still awaiting payment and is now paid. */
  Applied = 'applied',
  /** Some orders were paid; the money for the others (expired, cancelled, already paid) is being refunded. */
  PartlyRefunded = 'partly_refunded',
  /** No order could take the money (e.g. paid after expiry): all of it is being refunded. */
  Refunded = 'refunded',
  /** The provider captured a different amount than the payment asked for: not applied, refunded, flagged. */
  AmountMismatch = 'amount_mismatch',
  /** Cash handed to a service point operator at collection. */
  CashReceived = 'cash_received',
}

/** One money movement reported by the provider (one per provider transaction id), and what orders made of it. */
@Entity('payment_transaction')
export class PaymentTransaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  provider: string;

  @Column('text')
  providerTransactionId: string;

  @Column('uuid', { nullable: true })
  paymentId: string | null;

  @Column('uuid')
  groupId: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('text')
  outcome: TransactionOutcome;

  /** The outcome explained, for the buyer and for support. */
  @Column('text')
  detail: string;

  @Column('uuid', { array: true, default: () => "'{}'" })
  appliedOrderIds: string[];

  @Column('jsonb')
  payload: object;

  @Column('timestamptz', { default: () => 'now()' })
  receivedAt: Date;
}

export enum RefundStatus {
  Pending = 'pending',
  Succeeded = 'succeeded',
  /** Gave up after repeated provider failures; support must act. */
  Failed = 'failed',
  /** A cash order's refund: the service point pays it in cash and records it. */
  AwaitingCash = 'awaiting_cash',
}

export enum RefundReason {
  LatePayment = 'late_payment',
  DuplicatePayment = 'duplicate_payment',
  AmountMismatch = 'amount_mismatch',
  BuyerCancelled = 'buyer_cancelled',
  Returned = 'returned',
  Claim = 'claim',
  /** 预售: the harvest did not cover the order */
  PresaleShortfall = 'presale_shortfall',
  /** 拼团: the group did not fill in time */
  GroupExpired = 'group_expired',
}

/** Money to give back through the provider; written in the transaction that decided it, paid by the RefundRunner. */
@Entity('refund')
export class Refund {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('uuid')
  paymentTransactionId: string;

  @Column('uuid', { nullable: true })
  claimId: string | null;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  amountFen: number;

  @Column('text')
  reason: RefundReason;

  @Column('text')
  status: RefundStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { default: () => 'now()' })
  nextAttemptAt: Date;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('text', { nullable: true })
  providerRefundId: string | null;

  /** The operator who paid it in cash at the service point. */
  @Column('uuid', { nullable: true })
  paidInCashBy: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  /**
   * When the provider confirmed the refund done: with its answer, or later by notification or when asked (WeChat
   * PROCESSING). Null while it still processes (or for a cash refund).
   */
  @Column('timestamptz', { nullable: true })
  providerConfirmedAt: Date | null;
}
