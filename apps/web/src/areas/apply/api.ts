/* The applicant's calls: register the organisation, fill in and submit its application, read my messages. */
import { api, orNull, type Schemas } from '../../api';

export type Application = Schemas['IdentityApplicationResponseDto'];
export type ApplicationStatus = Application['status'];
export type PermitKind = Application['permits'][number]['kind'];
export type UserMessage = Schemas['IdentityMessageResponseDto'];
export type OrganisationCreate = Schemas['IdentityOrganisationCreateDto'];
export type ApplicationUpsert = Schemas['IdentityApplicationUpsertDto'];

/** Organisations that apply before they work on the platform. */
export const APPLYING_KINDS = ['cooperative', 'family_farm', 'merchant', 'service_point'] as const;

/** What an applicant may say it sells; packaged food and pesticides need permits (identity's `requiredPermits`). */
export const CATEGORY_CHOICES = [
  'citrus',
  'vegetables',
  'tea',
  'fungi',
  'eggs',
  'specialties',
  'packaged-food',
  'fertiliser',
  'seed',
  'pesticide',
] as const;

export const PERMITS_BY_CATEGORY: Partial<Record<string, PermitKind>> = {
  'packaged-food': 'food_business_licence',
  pesticide: 'pesticide_operation_permit',
};

const base = (orgId: string) => `/organisations/${orgId}/application`;

export const applyApi = {
  register: (body: OrganisationCreate) => api.post<{ id: string }>('identity', '/organisations', body),
  /** The organisation's application, or null before it is started. */
  application: (orgId: string, signal?: AbortSignal) =>
    orNull(api.get<Application>('identity', base(orgId), undefined, { signal })),
  save: (orgId: string, body: ApplicationUpsert) => api.put<Application>('identity', base(orgId), body),
  uploadLicence: (orgId: string, photo: Blob) => api.upload<Application>('identity', `${base(orgId)}/licence`, photo),
  uploadPermit: (orgId: string, kind: PermitKind, photo: Blob) =>
    api.upload<Application>('identity', `${base(orgId)}/permits/${kind}`, photo),
  submit: (orgId: string) => api.post<Application>('identity', `${base(orgId)}/submit`),
  messages: (signal?: AbortSignal) => api.get<UserMessage[]>('identity', '/me/messages', undefined, { signal }),
};
