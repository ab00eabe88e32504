import { Column, Entity } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';
import { SkuOffer } from '../common/sku-offer';

export enum PresaleStatus {
  /** Taking orders until `closesAt` or the cap. */
  Open = 'open',
  /** The harvest is recorded: orders were released up to it, the rest refunded. */
  Harvested = 'harvested',
}

/** 预售: a seller sells a coming harvest of one SKU, up to a cap, before any stock exists. */
@Entity('presale')
export class Presale extends SkuOffer {
  /** The price per unit: paid in full when ordering, or as a deposit then the balance. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  priceFen: number;

  /**
   * 定金: the deposit per unit paid when ordering (null: the full price is paid when ordering). The balance (尾款)
   * is due when the harvest releases the order, within `balanceHours`; unpaid by then, the deposit is forfeited.
   */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER, nullable: true })
  depositFen: number | null;

  /** With a deposit: hours the buyer has to pay the balance once the order is released. */
  @Column('int', { nullable: true })
  balanceHours: number | null;

  @Column('int')
  capUnits: number;

  /** Units taken by orders that are not cancelled (a CHECK keeps it ≤ the cap). */
  @Column('int', { default: 0 })
  orderedUnits: number;

  @Column('date')
  shipsFrom: string;

  @Column('date')
  shipsTo: string;

  @Column('timestamptz')
  closesAt: Date;

  @Column('text', { default: PresaleStatus.Open })
  status: PresaleStatus;

  @Column('int', { nullable: true })
  harvestedUnits: number | null;

  /** Units released to fulfilment so far (a CHECK keeps it ≤ the harvest). */
  @Column('int', { default: 0 })
  releasedUnits: number;

  @Column('timestamptz', { nullable: true })
  harvestedAt: Date | null;

  @Column('uuid')
  createdBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}
