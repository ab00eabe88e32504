import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { LOGGER } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccountRepository } from '../account/account.repository';
import { hashPassword } from '../account/account.service';
import { IdentityConfig, PlatformAdminConfig } from '../identity.config';
import { OrganisationRepository } from './organisation.repository';

/** What the boot did about the first platform admin. */
export type PlatformAdminOutcome = 'appointed' | 'opened-and-appointed' | 'already-has-one';

/** The platform organisation identity opens when the deployment has none. */
export const PLATFORM_ORGANISATION = { name: 'CountyFlow 平台', countyCode: '000000' };

/**
 * The deployment's first platform admin (IdentityConfig.platformAdmin, from PLATFORM_ADMIN_*): nobody can appoint
 * them through the API, since appointing a platform admin takes one. At boot, while no account is a platform admin,
 * identity makes the configured phone's account (opening it with the configured password when the phone has none)
 * the platform admin of the platform organisation (opening that too when there is none). Once there is an admin it
 * changes nothing, whatever the settings say: a setting can never take the role from anyone or give it twice.
 * Replicas booting at once take turns on an advisory lock.
 */
@Injectable()
export class PlatformBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly accounts: AccountRepository,
    private readonly organisations: OrganisationRepository,
    private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.platformAdmin) {
      const outcome = await this.ensureAdmin(this.config.platformAdmin);
      this.logger.info({ phone: this.config.platformAdmin.phone, outcome }, 'first platform admin');
    }
  }

  async ensureAdmin(admin: PlatformAdminConfig): Promise<PlatformAdminOutcome> {
    // hashed before the transaction: argon2 at production cost takes a while, and only a new account needs it
    const existing = await this.accounts.findUserByPhone(admin.phone);
    const passwordHash = existing ? undefined : await hashPassword(admin.password, this.config.passwordHash);
    return this.db.withTransaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['identity:first-platform-admin']);
      if (await this.organisations.hasPlatformAdmin(manager)) {
        return 'already-has-one';
      }
      let user = await this.accounts.findUserByPhoneIn(manager, admin.phone);
      let outcome: PlatformAdminOutcome = 'appointed';
      if (!user) {
        const opened = { phone: admin.phone, name: admin.name, passwordHash: passwordHash ?? '' };
        opened.passwordHash ||= await hashPassword(admin.password, this.config.passwordHash);
        // null only when someone registered the phone a moment ago: then that account is the one
        user =
          (await this.accounts.createUser(manager, opened)) ??
          (await this.accounts.findUserByPhoneIn(manager, admin.phone));
        outcome = 'opened-and-appointed';
      }
      if (!user) {
        throw new Error(`PLATFORM_ADMIN_PHONE ${admin.phone}: the account could neither be found nor opened`);
      }
      const platform =
        (await this.organisations.findPlatformOrganisation(manager)) ??
        (await this.organisations.create(manager, {
          kind: OrganisationKind.Platform,
          name: PLATFORM_ORGANISATION.name,
          countyCode: PLATFORM_ORGANISATION.countyCode,
          villageCode: null,
          creditCode: null,
          contactPhone: null,
          status: VerificationStatus.Verified,
          statusReason: null,
          statusDecidedBy: null,
        }));
      await this.organisations.addMember(manager, platform.id, user.id, MembershipRole.PlatformAdmin);
      return outcome;
    });
  }
}
