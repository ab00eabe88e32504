import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The yearly growth in trading volume set for e-commerce leading counties (30 %), until a county sets its own. */
export const DEFAULT_GROWTH_TARGET_BP = 3000;

/** What a county decides for itself; a county without a row uses the defaults from config. */
@Entity('county_setting')
export class CountySetting {
  @PrimaryColumn('char', { length: 6 })
  countyCode: string;

  /** Commission credited to a service point for an assisted order, in basis points of the order total. */
  @Column('int')
  commissionRateBp: number;

  /** How long after delivery a buyer may claim. */
  @Column('int')
  claimWindowHours: number;

  /** How long a seller (or a buyer facing a counter-offer) has to answer before the claim escalates. */
  @Column('int')
  claimResponseHours: number;

  /** Whether this county's sellers deliver to service points of other counties. */
  @Column('boolean')
  allowCrossCountyServicePoint: boolean;

  /** The county's yearly growth target for its trading volume (GMV), in basis points (3000 = 30 %). */
  @Column('int', { default: DEFAULT_GROWTH_TARGET_BP })
  growthTargetBp: number;

  /** Receipt confirms itself this many days after delivery or pickup if the buyer has not confirmed it. */
  @Column('int', { default: 7 })
  autoConfirmDays: number;

  @Column('uuid')
  updatedBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
