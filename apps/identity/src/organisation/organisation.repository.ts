import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere } from 'typeorm';
import { Membership, Organisation } from './organisation.entities';

export interface MembershipView {
  orgId: string;
  orgName: string;
  orgKind: OrganisationKind;
  countyCode: string;
  orgStatus: VerificationStatus;
  role: MembershipRole;
}

export interface MemberView {
  userId: string;
  name: string;
  phone: string;
  role: MembershipRole;
  since: Date;
}

@Injectable()
export class OrganisationRepository {
  constructor(private readonly db: TransactionalConnection) {}

  create(manager: EntityManager, organisation: Partial<Organisation>): Promise<Organisation> {
    return manager.getRepository(Organisation).save(organisation);
  }

  /** Whether any account is a platform admin (of any platform organisation). */
  async hasPlatformAdmin(manager: EntityManager): Promise<boolean> {
    return manager.getRepository(Membership).existsBy({ role: MembershipRole.PlatformAdmin });
  }

  /** The platform organisation made first, if there is one. */
  findPlatformOrganisation(manager: EntityManager): Promise<Organisation | null> {
    return manager
      .getRepository(Organisation)
      .findOne({ where: { kind: OrganisationKind.Platform }, order: { createdAt: 'ASC' } });
  }

  find(id: string): Promise<Organisation | null> {
    return this.db.manager.getRepository(Organisation).findOneBy({ id });
  }

  findForUpdate(manager: EntityManager, id: string): Promise<Organisation | null> {
    return manager.getRepository(Organisation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, organisation: Organisation): Promise<Organisation> {
    return manager.getRepository(Organisation).save(organisation);
  }

  findByCreditCode(creditCode: string): Promise<Organisation | null> {
    return this.db.manager.getRepository(Organisation).findOneBy({ creditCode });
  }

  search(where: FindOptionsWhere<Organisation>, limit: number): Promise<Organisation[]> {
    return this.db.manager.getRepository(Organisation).find({ where, order: { createdAt: 'DESC' }, take: limit });
  }

  addMember(manager: EntityManager, orgId: string, userId: string, role: MembershipRole): Promise<Membership> {
    return manager.getRepository(Membership).save({ orgId, userId, role });
  }

  findMembership(orgId: string, userId: string, manager: EntityManager): Promise<Membership | null> {
    return manager.getRepository(Membership).findOneBy({ orgId, userId });
  }

  async removeMember(orgId: string, userId: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.getRepository(Membership).delete({ orgId, userId });
    return (result.affected ?? 0) > 0;
  }

  async countOwners(orgId: string, manager: EntityManager): Promise<number> {
    return manager.getRepository(Membership).countBy({ orgId, role: MembershipRole.Owner });
  }

  async membershipsOf(manager: EntityManager, userId: string): Promise<MembershipView[]> {
    const rows = await manager.query<MembershipView[]>(
      `SELECT o.id AS "orgId", o.name AS "orgName", o.kind AS "orgKind", o.county_code AS "countyCode",
              o.status AS "orgStatus", m.role
         FROM membership m JOIN organisation o ON o.id = m.org_id
        WHERE m.user_id = $1 ORDER BY m.created_at`,
      [userId],
    );
    return rows;
  }

  async membersOf(orgId: string): Promise<MemberView[]> {
    return await this.db.manager.query<MemberView[]>(
      `SELECT u.id AS "userId", u.name, u.phone, m.role, m.created_at AS since
         FROM membership m JOIN user_account u ON u.id = m.user_id
        WHERE m.org_id = $1 ORDER BY m.created_at`,
      [orgId],
    );
  }
}
