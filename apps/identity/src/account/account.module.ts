import { forwardRef, Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { SmsCodeController } from '../verification/sms-code.controller';
import { SmsCodeRepository } from '../verification/sms-code.repository';
import { SmsCodeService } from '../verification/sms-code.service';
import { AuthController, MeController } from './account.controller';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { RateLimiter } from './rate-limiter';

/**
 * Accounts, sign-up and password recovery by SMS code, login (behind the attempt limiter), sessions and tokens. A
 * token carries the account's memberships and a new member needs an account, hence the forward references both ways with organisations.
 */
@Module({
  imports: [forwardRef(() => OrganisationModule)],
  controllers: [AuthController, SmsCodeController, MeController],
  providers: [AccountRepository, AccountService, RateLimiter, SmsCodeRepository, SmsCodeService],
  exports: [AccountRepository],
})
export class AccountModule {}
