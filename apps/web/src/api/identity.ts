import type { ApiClient } from './client';

export type OrganisationKind =
  'cooperative' | 'family_farm' | 'merchant' | 'service_point' | 'county_office' | 'platform';
export type MembershipRole = 'owner' | 'staff' | 'operator' | 'county_staff' | 'platform_admin';
export type VerificationStatus = 'pending' | 'verified' | 'suspended';

export interface Membership {
  orgId: string;
  orgName: string;
  orgKind: OrganisationKind;
  countyCode: string;
  orgStatus: VerificationStatus;
  role: MembershipRole;
}

/** identity `GET /me`: the caller and their memberships. */
export interface Me {
  id: string;
  phone: string;
  name: string;
  createdAt: string;
  memberships: Membership[];
}

export const fetchMe = (api: ApiClient, signal?: AbortSignal): Promise<Me> =>
  api.get<Me>('identity', '/me', undefined, { signal });
