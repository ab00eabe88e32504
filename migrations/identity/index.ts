import { IdentityInit1763800000000 } from './1763800000000-identity-init';

/** Identity's migrations, oldest first. */
export const IDENTITY_MIGRATIONS = [IdentityInit1763800000000];
