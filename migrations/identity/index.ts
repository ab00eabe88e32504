import { IdentityInit1763800000000 } from './1763800000000-identity-init';
import { IdentityDriverRole1796547337900 } from './1796547337900-identity-driver-role';
import { IdentitySmsCodes1796560000000 } from './1796560000000-identity-sms-codes';
import { IdentityMessagingRetention1796578776232 } from './1796578776232-identity-messaging-retention';
import { IdentityOutboxTraceParent1796578897519 } from './1796578897519-identity-outbox-trace-parent';
import { IdentityApplications1796600000000 } from './1796600000000-identity-applications';

/** Identity's migrations, oldest first. */
export const IDENTITY_MIGRATIONS = [
  IdentityInit1763800000000,
  IdentityDriverRole1796547337900,
  IdentitySmsCodes1796560000000,
  IdentityMessagingRetention1796578776232,
  IdentityOutboxTraceParent1796578897519,
  IdentityApplications1796600000000,
];
