import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Logistics' copy of a catalog produce lot (from `lot.recorded`), so a hand-in can check the lot without calling
 * catalog: whose it is, until when it may be sold, and how much of it is left to hand in.
 */
@Entity('lot_copy')
export class LotCopy {
  @PrimaryColumn('uuid')
  lotId: string;

  /** Normalised (upper case, no dashes), as catalog issues it. */
  @Column('text')
  traceCode: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('date', { nullable: true })
  bestBefore: string | null;

  /** What the lot held when recorded, in grams; null for a lot counted in pieces, boxes… (not weighed off). */
  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  recordedGrams: number | null;

  /** Still to be handed in, in grams (null as above); never below zero (CHECK). */
  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  gramsLeft: number | null;

  @Column('timestamptz')
  recordedAt: Date;
}
