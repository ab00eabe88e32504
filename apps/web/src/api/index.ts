import { ApiClient } from './client';
import { TokenStore } from './tokens';

export * from './catalog';
export {
  anonymous,
  ApiClient,
  dataOf,
  newIdempotencyKey,
  queryString,
  type QueryValue,
  type RequestOptions,
  type Service,
} from './client';
export { eventsOf } from './events';
export {
  fetchDevSms,
  fetchMe,
  registerAccount,
  requestSmsCode,
  resetPassword,
  type DevSms,
  type Me,
  type Membership,
  type MembershipRole,
  type OrganisationKind,
  type SmsCodePurpose,
  type VerificationStatus,
} from './identity';
export * from './logistics';
export * from './orders';
export { ApiError, fieldErrorOf, NETWORK_PROBLEM, orNull, type ProblemDetails } from './problem';
export { TokenStore, type StoredTokens, type TokenPair } from './tokens';
export type { Schemas } from './types';

/** The one client of the app (same origin: the gateway serves both the app and `/api`). */
export const api = new ApiClient(new TokenStore());
