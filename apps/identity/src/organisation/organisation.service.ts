import { Principal } from '@countyflow/auth';
import {
  creditCodeProblem,
  EventName,
  MembershipRole,
  OrganisationKind,
  OrgStatusChanged,
  SELLER_KINDS,
  VerificationStatus,
} from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountRepository } from '../account/account.repository';
import {
  mapOrganisation,
  MemberAddDto,
  MemberResponseDto,
  OrganisationCreateDto,
  OrganisationResponseDto,
  OrganisationSearchDto,
} from './organisation.dto';
import { Organisation, ROLES_BY_KIND } from './organisation.entities';
import { OrganisationRepository } from './organisation.repository';

export const VERIFIABLE_KINDS: OrganisationKind[] = [...SELLER_KINDS, OrganisationKind.ServicePoint];

/** What `org.verified` and `org.suspended` say of an organisation that has just been decided. */
export const statusChanged = (organisation: Organisation, decidedBy: string): OrgStatusChanged => ({
  orgId: organisation.id,
  kind: organisation.kind,
  name: organisation.name,
  countyCode: organisation.countyCode,
  villageCode: organisation.villageCode,
  creditCode: organisation.creditCode,
  decidedBy,
  reason: organisation.statusReason,
});

/** Refuses (400) a village outside the county, a seller without a credit code, a credit code that does not check. */
export function assertRegistrable(dto: OrganisationCreateDto): void {
  if (dto.villageCode && !dto.villageCode.startsWith(dto.countyCode)) {
    throw new Problem(400, 'region-mismatch', `village ${dto.villageCode} is not in county ${dto.countyCode}`);
  }
  if (SELLER_KINDS.includes(dto.kind) && !dto.creditCode) {
    throw new Problem(400, 'credit-code-required', `a ${dto.kind} must give its unified social credit code`);
  }
  const problem = dto.creditCode ? creditCodeProblem(dto.creditCode) : null;
  if (problem) {
    throw new Problem(400, 'invalid-credit-code', `creditCode ${dto.creditCode}: ${problem}`);
  }
}

/** Legal status changes: from → to. Anything else is a 409. */
const TRANSITIONS: Record<'verify' | 'suspend', VerificationStatus[]> = {
  verify: [VerificationStatus.Pending, VerificationStatus.Suspended],
  suspend: [VerificationStatus.Pending, VerificationStatus.Verified],
};

@Injectable()
export class OrganisationService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly organisations: OrganisationRepository,
    private readonly accounts: AccountRepository,
    private readonly events: EventPublisher,
  ) {}

  async create(principal: Principal, dto: OrganisationCreateDto): Promise<OrganisationResponseDto> {
    const administrative = dto.kind === OrganisationKind.CountyOffice || dto.kind === OrganisationKind.Platform;
    if (administrative && !principal.isPlatformAdmin()) {
      throw new Problem(403, 'missing-role', `only platform admins create ${dto.kind} organisations`);
    }
    assertRegistrable(dto);
    if (dto.creditCode && (await this.organisations.findByCreditCode(dto.creditCode))) {
      throw new Problem(
        409,
        'credit-code-taken',
        `an organisation with credit code ${dto.creditCode} is already registered`,
      );
    }
    const organisation = await this.db.withTransaction(async (manager) => {
      const created = await this.organisations.create(manager, {
        kind: dto.kind,
        name: dto.name.trim(),
        countyCode: dto.countyCode,
        villageCode: dto.villageCode ?? null,
        creditCode: dto.creditCode ?? null,
        contactPhone: dto.contactPhone ?? null,
        status: VERIFIABLE_KINDS.includes(dto.kind) ? VerificationStatus.Pending : VerificationStatus.Verified,
        statusReason: null,
        statusDecidedBy: null,
      });
      if (!administrative) {
        await this.organisations.addMember(manager, created.id, principal.userId, MembershipRole.Owner);
      }
      return created;
    });
    return mapOrganisation(organisation);
  }

  /** The contact phone (often an operator's own mobile) only for its members, its county's staff and admins. */
  async get(principal: Principal, id: string): Promise<OrganisationResponseDto> {
    const organisation = await this.require(id);
    const view = mapOrganisation(organisation);
    const insider =
      principal.isMemberOf(id) || principal.isCountyStaffOf(organisation.countyCode) || principal.isPlatformAdmin();
    return insider ? view : { ...view, contactPhone: null };
  }

  async search(principal: Principal, query: OrganisationSearchDto): Promise<OrganisationResponseDto[]> {
    let countyCode = query.countyCode;
    if (!principal.isPlatformAdmin()) {
      const counties = principal.memberships
        .filter((membership) => membership.role === MembershipRole.CountyStaff)
        .map((membership) => membership.countyCode);
      if (counties.length === 0) {
        throw new Problem(403, 'missing-role', 'only county staff and platform admins can list organisations');
      }
      countyCode ??= counties[0];
      if (!counties.includes(countyCode)) {
        throw new Problem(403, 'not-county-staff', `you are not county staff of county ${countyCode}`);
      }
    }
    const found = await this.organisations.search(
      {
        ...(countyCode && { countyCode }),
        ...(query.status && { status: query.status }),
        ...(query.kind && { kind: query.kind }),
      },
      query.limit ?? 50,
    );
    return found.map(mapOrganisation);
  }

  verify(principal: Principal, id: string): Promise<OrganisationResponseDto> {
    return this.decide(principal, id, 'verify', null);
  }

  suspend(principal: Principal, id: string, reason: string): Promise<OrganisationResponseDto> {
    return this.decide(principal, id, 'suspend', reason);
  }

  async members(principal: Principal, id: string): Promise<MemberResponseDto[]> {
    const organisation = await this.require(id);
    if (
      !principal.isMemberOf(id) &&
      !principal.isCountyStaffOf(organisation.countyCode) &&
      !principal.isPlatformAdmin()
    ) {
      throw new Problem(403, 'not-a-member', `you cannot see the members of organisation ${id}`);
    }
    return (await this.organisations.membersOf(id)).map((member) => ({ ...member, since: member.since.toISOString() }));
  }

  async addMember(principal: Principal, id: string, dto: MemberAddDto): Promise<MemberResponseDto> {
    const organisation = await this.require(id);
    this.assertCanManageMembers(principal, organisation);
    if (!ROLES_BY_KIND[organisation.kind].includes(dto.role)) {
      throw new Problem(
        400,
        'role-not-allowed',
        `a ${organisation.kind} can give the roles ${ROLES_BY_KIND[organisation.kind].join(', ')}, not ${dto.role}`,
      );
    }
    const user = await this.accounts.findUserByPhone(dto.phone);
    if (!user) {
      throw new Problem(
        404,
        'user-not-found',
        `no account has the phone number ${dto.phone}; they must register first`,
      );
    }
    if (await this.organisations.findMembership(id, user.id, this.db.manager)) {
      throw new Problem(409, 'already-member', `${dto.phone} is already a member of ${organisation.name}`);
    }
    const membership = await this.db.withTransaction((manager) =>
      this.organisations.addMember(manager, id, user.id, dto.role),
    );
    return {
      userId: user.id,
      name: user.name,
      phone: user.phone,
      role: membership.role,
      since: membership.createdAt.toISOString(),
    };
  }

  async removeMember(principal: Principal, id: string, userId: string): Promise<void> {
    const organisation = await this.require(id);
    this.assertCanManageMembers(principal, organisation);
    // Holding the organisation's row lock serialises removals: two owners removing each other leave one owner.
    await this.db.withTransaction(async (manager) => {
      await this.organisations.findForUpdate(manager, id);
      const membership = await this.organisations.findMembership(id, userId, manager);
      if (!membership) {
        throw new Problem(404, 'membership-not-found', `user ${userId} is not a member of ${organisation.name}`);
      }
      if (membership.role === MembershipRole.Owner && (await this.organisations.countOwners(id, manager)) === 1) {
        throw new Problem(409, 'last-owner', 'an organisation keeps at least one owner; add another owner first');
      }
      await this.organisations.removeMember(id, userId, manager);
    });
  }

  private assertCanManageMembers(principal: Principal, organisation: Organisation): void {
    if (!principal.isMemberOf(organisation.id, [MembershipRole.Owner]) && !principal.isPlatformAdmin()) {
      throw new Problem(403, 'not-a-member', `only owners of ${organisation.name} can change its members`);
    }
  }

  private async decide(
    principal: Principal,
    id: string,
    action: 'verify' | 'suspend',
    reason: string | null,
  ): Promise<OrganisationResponseDto> {
    const decided = await this.db.withTransaction(async (manager) => {
      const organisation = await this.lockForDecision(manager, principal, id);
      return this.applyDecision(manager, principal, organisation, action, reason);
    });
    return mapOrganisation(decided);
  }

  /** The organisation's row, locked, for a decision by county staff of its county (404, 403 otherwise). */
  async lockForDecision(manager: EntityManager, principal: Principal, id: string): Promise<Organisation> {
    const organisation = await this.organisations.findForUpdate(manager, id);
    if (!organisation) {
      throw new Problem(404, 'organisation-not-found', `no organisation ${id}`);
    }
    principal.assertCountyStaffOf(organisation.countyCode);
    return organisation;
  }

  /**
   * Verifies or suspends a locked organisation (the guarded transition) and publishes the event in the caller's
   * transaction; the seller application's approval verifies through here too.
   */
  async applyDecision(
    manager: EntityManager,
    principal: Principal,
    organisation: Organisation,
    action: 'verify' | 'suspend',
    reason: string | null,
  ): Promise<Organisation> {
    if (!VERIFIABLE_KINDS.includes(organisation.kind)) {
      throw new Problem(409, 'not-verifiable', `a ${organisation.kind} is not verified or suspended`);
    }
    if (!TRANSITIONS[action].includes(organisation.status)) {
      throw new Problem(
        409,
        'illegal-transition',
        `${organisation.name} is ${organisation.status}; it cannot be ${action === 'verify' ? 'verified' : 'suspended'}`,
      );
    }
    organisation.status = action === 'verify' ? VerificationStatus.Verified : VerificationStatus.Suspended;
    organisation.statusReason = reason;
    organisation.statusDecidedBy = principal.userId;
    const saved = await this.organisations.save(manager, organisation);
    await this.events.publish(
      manager,
      action === 'verify' ? EventName.OrgVerified : EventName.OrgSuspended,
      statusChanged(saved, principal.userId),
    );
    return saved;
  }

  private async require(id: string): Promise<Organisation> {
    const organisation = await this.organisations.find(id);
    if (!organisation) {
      throw new Problem(404, 'organisation-not-found', `no organisation ${id}`);
    }
    return organisation;
  }
}
