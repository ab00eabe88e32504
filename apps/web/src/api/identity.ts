import type { ApiClient } from './client';
import { anonymous, dataOf } from './client';
import type { Schemas } from './types';

/** identity `GET /me`: the caller and their memberships. */
export type Me = Schemas['IdentityMeResponseDto'];
export type Membership = Schemas['IdentityMembershipResponseDto'];
export type OrganisationKind = Membership['orgKind'];
export type MembershipRole = Membership['role'];
export type VerificationStatus = Membership['orgStatus'];

export const fetchMe = (api: ApiClient, signal?: AbortSignal): Promise<Me> =>
  dataOf(api.http.GET('/api/identity/me', { signal }));

export type SmsCodePurpose = Schemas['IdentitySmsCodeRequestDto']['purpose'];
export type SmsCodeSent = Schemas['IdentitySmsCodeSentDto'];
export type DevSms = Schemas['IdentityDevSmsResponseDto'];
export type RegisterBody = Schemas['IdentityRegisterDto'];
export type PasswordResetBody = Schemas['IdentityPasswordResetDto'];

/** identity `POST /auth/sms-codes`: a six-digit code by SMS, to register or to reset a password. */
export const requestSmsCode = (api: ApiClient, phone: string, purpose: SmsCodePurpose): Promise<SmsCodeSent> =>
  dataOf(api.http.POST('/api/identity/auth/sms-codes', { body: { phone, purpose }, headers: anonymous }));

/** identity `POST /auth/register` with the code the phone was sent. */
export const registerAccount = (api: ApiClient, body: RegisterBody) =>
  dataOf(api.http.POST('/api/identity/auth/register', { body, headers: anonymous }));

/** identity `POST /auth/password-reset`: a new password with the code; every session is logged out. */
export const resetPassword = (api: ApiClient, body: PasswordResetBody) =>
  dataOf(api.http.POST('/api/identity/auth/password-reset', { body, headers: anonymous }));

/** Development only: identity `GET /dev/sms`, the messages the platform "sent" (404 when a real provider sends). */
export const fetchDevSms = (api: ApiClient, phone?: string, signal?: AbortSignal): Promise<DevSms[]> =>
  dataOf(api.http.GET('/api/identity/dev/sms', { params: { query: { phone } }, signal, headers: anonymous }));
