import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';

export interface MembershipClaim {
  orgId: string;
  orgKind: OrganisationKind;
  countyCode: string;
  role: MembershipRole;
}

/** The verified caller of a request, read from the access token. */
export class Principal {
  constructor(
    readonly userId: string,
    readonly name: string,
    readonly sessionId: string,
    readonly memberships: readonly MembershipClaim[],
  ) {}

  hasRole(...roles: MembershipRole[]): boolean {
    return this.memberships.some((membership) => roles.includes(membership.role));
  }

  isPlatformAdmin(): boolean {
    return this.hasRole(MembershipRole.PlatformAdmin);
  }

  /** A member of the organisation, optionally only in one of the given roles. */
  isMemberOf(orgId: string, roles?: MembershipRole[]): boolean {
    return this.memberships.some(
      (membership) => membership.orgId === orgId && (!roles || roles.includes(membership.role)),
    );
  }

  /** County staff of the county that the code (county, town or village) belongs to. */
  isCountyStaffOf(regionCode: string): boolean {
    const county = regionCode.slice(0, 6);
    return this.memberships.some(
      (membership) => membership.role === MembershipRole.CountyStaff && membership.countyCode === county,
    );
  }

  orgIdsWithRole(...roles: MembershipRole[]): string[] {
    return this.memberships
      .filter((membership) => roles.includes(membership.role))
      .map((membership) => membership.orgId);
  }

  /** Refuses with 403 unless the caller is a member of the organisation (in one of the roles, if given). */
  assertMemberOf(orgId: string, roles?: MembershipRole[]): void {
    if (!this.isMemberOf(orgId, roles)) {
      throw new Problem(
        403,
        'not-a-member',
        roles
          ? `you are not ${roles.join(' or ')} of organisation ${orgId}`
          : `you are not a member of organisation ${orgId}`,
      );
    }
  }

  assertCountyStaffOf(regionCode: string): void {
    if (!this.isCountyStaffOf(regionCode)) {
      throw new Problem(403, 'not-county-staff', `you are not county staff of county ${regionCode.slice(0, 6)}`);
    }
  }

  /** Refuses with 403 unless the caller is a platform admin or county staff of the code's county. */
  assertCountyStaffOrAdmin(regionCode: string): void {
    if (!this.isPlatformAdmin()) {
      this.assertCountyStaffOf(regionCode);
    }
  }
}
