import { Destination, FlowDirection, StockRejected, TemperatureRequirement } from '@countyflow/contracts';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BIGINT_AS_NUMBER, NUMERIC_AS_NUMBER } from '../common/columns';
import { OrderStatus } from './order-state';

export enum PaymentMethod {
  Online = 'online',
  CashOnCollection = 'cash_on_collection',
}

/** One checkout: the basket as the buyer sent it, split into one order per seller. */
@Entity('order_group')
export class OrderGroup {
  @PrimaryColumn('uuid')
  id: string;

  /** The account the orders belong to: the buyer, or the operator who placed an assisted order. */
  @Column('uuid')
  buyerId: string;

  @Column('uuid')
  placedBy: string;

  /** The service point whose operator placed the order for a villager. */
  @Column('uuid', { nullable: true })
  assistedByOrgId: string | null;

  @Column('text', { nullable: true })
  idempotencyKey: string | null;

  /** sha256 of the request, to tell a retry from a different request under the same key. */
  @Column('text', { nullable: true })
  requestHash: string | null;

  @Column('jsonb')
  destination: Destination;

  @Column('text')
  paymentMethod: PaymentMethod;

  /** The W3C `traceparent` of the checkout that placed the group (tracing on), which `order.paid` continues. */
  @Column('text', { nullable: true })
  traceParent: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

/** The buyer's consent to have the parcel left at a service point (Express Market Management Measures). */
@Entity('station_consent')
export class StationConsent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @Column('uuid')
  servicePointOrgId: string;

  @Column('uuid')
  consentedBy: string;

  @Column('text')
  recipientName: string;

  @Column('text')
  recipientPhone: string;

  /** The words agreed to, as shown. */
  @Column('text')
  text: string;

  @Column('timestamptz', { default: () => 'now()' })
  consentedAt: Date;
}

/** One seller's part of a checkout. */
@Entity('customer_order')
export class Order {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  groupId: string;

  @Column('uuid')
  buyerId: string;

  @Column('uuid', { nullable: true })
  assistedByOrgId: string | null;

  @Column('uuid')
  sellerOrgId: string;

  @Column('text')
  sellerName: string;

  /** The seller's county (the storefront the goods were listed in). */
  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  direction: FlowDirection;

  @Column('char', { length: 12, nullable: true })
  originVillageCode: string | null;

  @Column('text')
  status: OrderStatus;

  @Column('jsonb')
  destination: Destination;

  @Column('uuid', { nullable: true })
  destinationServicePointOrgId: string | null;

  @Column('char', { length: 6, nullable: true })
  destinationCountyCode: string | null;

  @Column('text')
  paymentMethod: PaymentMethod;

  /**
   * What the buyer pays: the lines at their unit prices (catalog's authoritative prices once the stock is reserved)
   * plus freight, less the discounts (`sellerDiscountFen`, `sponsorDiscountFen`).
   */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  totalFen: number;

  /** The freight included in the total (the seller's freight template; 0 when free). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER, default: 0 })
  freightFen: number;

  /** Taken off by the seller's own coupon (the seller funds it): the total is that much less. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  sellerDiscountFen: number;

  /** Taken off by a platform's or county's coupon: the total is that much less, and the sponsor pays it. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  sponsorDiscountFen: number;

  /** Who funds `sponsorDiscountFen` (null without one). */
  @Column('text', { nullable: true })
  sponsor: 'platform' | 'county' | null;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER, default: 0 })
  paidFen: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER, default: 0 })
  refundedFen: number;

  /** Catalog's price at reservation differed from the price the buyer was shown. */
  @Column('boolean', { default: false })
  priceChanged: boolean;

  @Column('jsonb')
  temperature: TemperatureRequirement;

  @Column('int', { nullable: true })
  weightToleranceGrams: number | null;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  totalWeightGrams: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  totalVolumeMl: number;

  @Column('timestamptz', { nullable: true })
  paymentDueAt: Date | null;

  @Column('timestamptz', { nullable: true })
  paidAt: Date | null;

  @Column('uuid', { nullable: true })
  paymentTransactionId: string | null;

  @Column('text', { nullable: true })
  shipmentId: string | null;

  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  collectBy: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  @Column('jsonb', { nullable: true })
  receipt: { method: string; collectedBy: string } | null;

  /** The buyer confirmed receipt (确认收货), or the sweeper did N days after delivery: the settlement clock starts. */
  @Column('timestamptz', { nullable: true })
  receiptConfirmedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  cashReceivedAt: Date | null;

  @Column('uuid', { nullable: true })
  cashReceivedBy: string | null;

  /** What catalog could not reserve, when it rejected the order. */
  @Column('jsonb', { nullable: true })
  rejection: StockRejected['lines'] | null;

  /** 预售: ordered from this pre-sale (no stock reserved; held until the harvest is recorded). */
  @Column('uuid', { nullable: true })
  presaleId?: string | null;

  /** 定金: the deposit this pre-sale order pays when ordering (null: paid in full when ordering). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER, nullable: true })
  depositFen?: number | null;

  /** 尾款: the transaction that paid the balance of a deposit order (its deposit is `paymentTransactionId`'s). */
  @Column('uuid', { nullable: true })
  balanceTransactionId?: string | null;

  @Column('timestamptz', { nullable: true })
  balancePaidAt?: Date | null;

  /** 拼团: a member's order in this buying group (held until the group is full). */
  @Column('uuid', { nullable: true })
  buyingGroupId?: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

@Entity('order_line')
export class OrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orderId: string;

  @Column('int')
  position: number;

  @Column('uuid')
  skuId: string;

  @Column('uuid')
  listingId: string;

  @Column('text')
  title: string;

  @Column('text')
  spec: string;

  @Column('int')
  quantity: number;

  /** The price the buyer saw at checkout. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  shownUnitPriceFen: number;

  /** The price sold at: catalog's price at reservation. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  unitPriceFen: number;

  /** The line's share of the order's discounts (split in proportion to the lines, exact to the fen). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  discountFen: number;

  @Column('int')
  weightGrams: number;

  @Column('int')
  volumeMl: number;
}

/** Every transition of an order, with who made it and when. */
@Entity('order_history')
export class OrderHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column('uuid')
  orderId: string;

  @Column('text', { nullable: true })
  fromStatus: OrderStatus | null;

  @Column('text')
  toStatus: OrderStatus;

  @Column('text')
  actorKind: string;

  @Column('text', { nullable: true })
  actorId: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('jsonb', { nullable: true })
  detail: object | null;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;
}

/** A cold-chain reading outside the order's range, reported by logistics: evidence for a claim. */
@Entity('order_excursion')
export class OrderExcursion {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column('uuid')
  orderId: string;

  @Column('text')
  shipmentId: string;

  @Column('text', { nullable: true })
  nodeCode: string | null;

  @Column('numeric', { transformer: NUMERIC_AS_NUMBER })
  readingC: number;

  @Column('numeric', { nullable: true, transformer: NUMERIC_AS_NUMBER })
  minC: number | null;

  @Column('numeric', { nullable: true, transformer: NUMERIC_AS_NUMBER })
  maxC: number | null;

  @Column('timestamptz')
  at: Date;

  @Column('timestamptz', { default: () => 'now()' })
  recordedAt: Date;
}
