import { OrganisationKind } from '@countyflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum OrgCopyStatus {
  Verified = 'verified',
  Suspended = 'suspended',
}

/** Orders' copy of an organisation identity verified or suspended: service points (destinations) and sellers. */
@Entity('org_copy')
export class OrgCopy {
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

  @Column('text')
  status: OrgCopyStatus;

  /** When identity decided; an older decision never overwrites a newer one. */
  @Column('timestamptz')
  statusChangedAt: Date;
}
