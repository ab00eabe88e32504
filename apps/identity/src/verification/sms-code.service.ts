import { Problem, SmsSender, SmsSendFailed, SmsTemplate } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AccountRepository } from '../account/account.repository';
import { RateLimiter } from '../account/rate-limiter';
import { IdentityConfig } from '../identity.config';
import { SmsCodePurpose, SmsCodeStatus } from './sms-code-state';
import { SmsCodeRequestDto, SmsCodeSentDto } from './sms-code.dto';
import { SmsCodeRepository } from './sms-code.repository';

const HOUR = 3600;

/** What each purpose's message says before the code. */
const PURPOSE_TEXT: Record<SmsCodePurpose, string> = {
  [SmsCodePurpose.Register]: '注册',
  [SmsCodePurpose.ResetPassword]: '找回密码',
};

/**
 * One-time codes by SMS: six random digits, kept only as an HMAC under the service's secret, good for
 * `smsCodeTtlSeconds`, for one use and for `smsCodeMaxAttempts` guesses, compared in constant time. Asking is
 * limited per phone (an interval between codes and a count per hour) and per IP, atomically (`RateLimiter`).
 */
@Injectable()
export class SmsCodeService {
  private readonly logger = new Logger(SmsCodeService.name);

  constructor(
    private readonly db: TransactionalConnection,
    private readonly codes: SmsCodeRepository,
    private readonly accounts: AccountRepository,
    private readonly limiter: RateLimiter,
    private readonly sms: SmsSender,
    private readonly config: IdentityConfig,
  ) {}

  async request(dto: SmsCodeRequestDto, ip: string): Promise<SmsCodeSentDto> {
    const { phone, purpose } = dto;
    const interval = this.config.smsCodeIntervalSeconds;
    // one code per purpose per interval: a new buyer who forgets the password at once is not kept waiting
    const gap =
      interval > 0
        ? await this.limiter.consume('sms-code-interval', [{ key: `${phone}/${purpose}:phone`, limit: 1 }], interval)
        : null;
    try {
      await this.limiter.consume(
        'sms-code',
        [
          { key: `${phone}:phone`, limit: this.config.smsCodeLimitPerPhone },
          { key: `${ip}:ip`, limit: this.config.smsCodeLimitPerIp },
        ],
        HOUR,
      );
    } catch (refused) {
      await gap?.refund();
      throw refused;
    }
    const sent: SmsCodeSentDto = { expiresInSeconds: this.config.smsCodeTtlSeconds, resendAfterSeconds: interval };
    const account = await this.accounts.findUserByPhone(phone);
    if (purpose === SmsCodePurpose.Register && account) {
      throw new Problem(409, 'phone-taken', `an account with phone ${phone} already exists; log in instead`);
    }
    if (purpose === SmsCodePurpose.ResetPassword && !account) {
      // the same answer as for a registered phone: asking for codes must not tell who has an account
      return sent;
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + this.config.smsCodeTtlSeconds * 1000);
    const id = await this.codes.issue({ phone, purpose, codeHash: this.hash(purpose, phone, code), expiresAt });
    const minutes = String(Math.round(this.config.smsCodeTtlSeconds / 60));
    try {
      await this.sms.send({
        phone,
        template: SmsTemplate.VerificationCode,
        params: { code, minutes },
        text: `您的${PURPOSE_TEXT[purpose]}验证码是 ${code}，${minutes} 分钟内有效。请勿告诉他人。`,
      });
    } catch (error) {
      this.logger.warn(`SMS code ${id} was not sent: ${(error as Error).message}`);
      await this.db.withTransaction((manager) => this.codes.transition(manager, id, SmsCodeStatus.Superseded));
      const provider = error instanceof SmsSendFailed ? error.code : undefined;
      throw new Problem(502, 'sms-send-failed', 'the code could not be sent by SMS; try again shortly', {
        provider: provider ?? null,
      });
    }
    return sent;
  }

  /**
   * Spends the phone's newest code for `purpose` when `code` matches, and runs `work` in the same transaction (so a
   * failed registration leaves the code usable). Every guess is counted first, in its own statement.
   */
  async redeem<T>(
    phone: string,
    purpose: SmsCodePurpose,
    code: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const max = this.config.smsCodeMaxAttempts;
    const guess = await this.codes.countGuess(phone, purpose, max);
    if (!guess) {
      throw new Problem(422, 'sms-code-expired', 'there is no valid code for this phone: ask for a new one', {
        field: 'code',
      });
    }
    const expected = Buffer.from(guess.codeHash, 'hex');
    const given = Buffer.from(this.hash(purpose, phone, code), 'hex');
    if (!timingSafeEqual(expected, given)) {
      const attemptsLeft = max - guess.attempts;
      if (attemptsLeft <= 0) {
        await this.db.withTransaction((manager) => this.codes.transition(manager, guess.id, SmsCodeStatus.Exhausted));
        throw new Problem(422, 'sms-code-exhausted', 'too many wrong codes: ask for a new one', { field: 'code' });
      }
      throw new Problem(422, 'sms-code-wrong', `the code is wrong; ${attemptsLeft} tries left`, {
        field: 'code',
        attemptsLeft,
      });
    }
    return this.db.withTransaction(async (manager) => {
      if (!(await this.codes.transition(manager, guess.id, SmsCodeStatus.Used))) {
        throw new Problem(422, 'sms-code-expired', 'this code was used already: ask for a new one', { field: 'code' });
      }
      return work(manager);
    });
  }

  private hash(purpose: SmsCodePurpose, phone: string, code: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`sms-code:${purpose}:${phone}:${code}`).digest('hex');
  }
}
