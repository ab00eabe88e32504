import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';

/** First and additional kilogram for the listed destination provinces. */
export interface FreightRegion {
  provinces: string[];
  firstKgFen: number;
  additionalKgFen: number;
}

/** A seller's freight template (one per seller): what the buyer pays to have the seller's order delivered. */
@Entity('freight_template')
export class FreightTemplate {
  @PrimaryColumn('uuid')
  sellerOrgId: string;

  /** For provinces no region lists. */
  @Column('int')
  firstKgFen: number;

  @Column('int')
  additionalKgFen: number;

  @Column('jsonb', { default: () => "'[]'" })
  regions: FreightRegion[];

  /** Goods of at least this much ship free (null: never). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER, nullable: true })
  freeAboveFen: number | null;

  /** Added for chilled, frozen or temperature-range orders delivered to an address. */
  @Column('int', { default: 0 })
  coldChainSurchargeFen: number;

  /** Pickup at a village service point (0 = free). */
  @Column('int', { default: 0 })
  pickupFeeFen: number;

  @Column('uuid')
  updatedBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
