import type { ApiClient } from './client';
import { dataOf } from './client';
import type { Schemas } from './types';

/** identity `GET /me`: the caller and their memberships. */
export type Me = Schemas['IdentityMeResponseDto'];
export type Membership = Schemas['IdentityMembershipResponseDto'];
export type OrganisationKind = Membership['orgKind'];
export type MembershipRole = Membership['role'];
export type VerificationStatus = Membership['orgStatus'];

export const fetchMe = (api: ApiClient, signal?: AbortSignal): Promise<Me> =>
  dataOf(api.http.GET('/api/identity/me', { signal }));
