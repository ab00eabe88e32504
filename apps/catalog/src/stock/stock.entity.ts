import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum MovementKind {
  Received = 'received',
  Adjusted = 'adjusted',
  Reserved = 'reserved',
  Released = 'released',
  Sold = 'sold',
  Restocked = 'restocked',
}

/** The stock ledger: one row per movement of a SKU's stock, with the figures right after it. */
@Entity('stock_movement')
export class StockMovement {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid')
  skuId: string;

  @Column('text')
  kind: MovementKind;

  /** Units moved; signed for seller adjustments, positive otherwise. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  quantity: number;

  @Column('uuid', { nullable: true })
  orderId: string | null;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  availableAfter: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  reservedAfter: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  soldAfter: number;

  @Column('timestamptz')
  at: Date;
}

/**
 * Where an order stands with the catalog's stock. Every order.* event moves it forward at most once, which makes
 * each handler idempotent per order, whatever the event id.
 */
export enum OrderStockStatus {
  Reserved = 'reserved',
  Rejected = 'rejected',
  Sold = 'sold',
  Released = 'released',
  Restocked = 'restocked',
}

@Entity('order_stock')
export class OrderStock {
  @PrimaryColumn('uuid')
  orderId: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('uuid', { nullable: true })
  buyerId: string | null;

  @Column('text')
  status: OrderStockStatus;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}

/** One line of an order's reservation, with the unit price it was reserved at. */
@Entity('reservation')
export class Reservation {
  @PrimaryColumn('uuid')
  orderId: string;

  @PrimaryColumn('uuid')
  skuId: string;

  @Column('int')
  quantity: number;

  @Column('int')
  unitPriceFen: number;
}
