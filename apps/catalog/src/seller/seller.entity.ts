import { OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  @Column('text', { nullable: true })
  creditCode: string | null;

  @Column('text')
  status: VerificationStatus;

  @Column('text', { nullable: true })
  statusReason: string | null;

  /** When identity made the decision this row reflects; older events never overwrite newer ones. */
  @Column('timestamptz')
  statusChangedAt: Date;
}
