import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  kind: OrganisationKind;

  @Column('text')
  name: string;

  @Column('char', { length: 6 })
  countyCode: string;

  /** 12-digit village code, for cooperatives, farms and service points that sit in a village. */
  @Column('char', { length: 12, nullable: true })
  villageCode: string | null;

  @Column('text', { nullable: true, unique: true })
  creditCode: string | null;

  @Column('text', { nullable: true })
  contactPhone: string | null;

  @Column('text')
  status: VerificationStatus;

  @Column('text', { nullable: true })
  statusReason: string | null;

  @Column('uuid', { nullable: true })
  statusDecidedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('membership')
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  role: MembershipRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Which roles each kind of organisation can give its members. */
export const ROLES_BY_KIND: Record<OrganisationKind, MembershipRole[]> = {
  [OrganisationKind.Cooperative]: [MembershipRole.Owner, MembershipRole.Staff],
  [OrganisationKind.FamilyFarm]: [MembershipRole.Owner, MembershipRole.Staff],
  [OrganisationKind.Merchant]: [MembershipRole.Owner, MembershipRole.Staff],
  [OrganisationKind.ServicePoint]: [MembershipRole.Owner, MembershipRole.Operator, MembershipRole.Driver],
  [OrganisationKind.CountyOffice]: [MembershipRole.CountyStaff],
  [OrganisationKind.Platform]: [MembershipRole.PlatformAdmin],
};
