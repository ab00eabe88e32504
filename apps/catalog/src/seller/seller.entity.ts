import { OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

const decimal = {
  to: (value: number | null): number | null => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

/** Catalog's own copy of a selling organisation, kept current by identity's org.* events. */
@Entity('seller')
export class Seller {
  @PrimaryColumn('uuid')
  orgId: string;

  @Column('text')
  kind: OrganisationKind;

  @Column('text')
  name: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('char', { length: 12, nullable: true })
  villageCode: string | null;

  @Column('text', { nullable: true })
  creditCode: string | null;

  @Column('text')
  status: VerificationStatus;

  @Column('text', { nullable: true })
  statusReason: string | null;

  /** The customer hotline the seller publishes (set by its owners); the public trace page shows no other phone. */
  @Column('text', { nullable: true })
  hotline: string | null;

  /** When identity made the decision this row reflects; older events never overwrite newer ones. */
  @Column('timestamptz')
  statusChangedAt: Date;

  /** The rating aggregate orders computes from reviews (review.posted); a higher count always wins. */
  @Column('int', { default: 0 })
  ratingCount: number;

  @Column('numeric', { precision: 3, scale: 2, nullable: true, transformer: decimal })
  ratingAverage: number | null;
}
