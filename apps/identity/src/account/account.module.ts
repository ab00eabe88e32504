import { forwardRef, Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { AuthController, MeController } from './account.controller';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { RateLimiter } from './rate-limiter';

/**
 * Accounts, sign-up and login (behind the attempt limiter), sessions and tokens. A token carries the account's
 * memberships and a new member needs an account, hence the forward references both ways with organisations.
 */
@Module({
  imports: [forwardRef(() => OrganisationModule)],
  controllers: [AuthController, MeController],
  providers: [AccountRepository, AccountService, RateLimiter],
  exports: [AccountRepository],
})
export class AccountModule {}
