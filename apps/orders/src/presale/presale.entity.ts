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
  /** The full price per unit, paid when ordering. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  priceFen: number;

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
