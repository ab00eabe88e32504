import { Principal, revokedSessionKey, signAccessToken } from '@countyflow/auth';
import { Problem, REDIS } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { Redis } from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IdentityConfig, PasswordHashCost } from '../identity.config';
import { OrganisationRepository } from '../organisation/organisation.repository';
import { SmsCodePurpose } from '../verification/sms-code-state';
import { SmsCodeService } from '../verification/sms-code.service';
import {
  LoginDto,
  MeResponseDto,
  PasswordResetDto,
  RegisterDto,
  TokenResponseDto,
  UserResponseDto,
} from './account.dto';
import { UserAccount } from './account.entities';
import { AccountRepository } from './account.repository';
import { RateLimiter } from './rate-limiter';

const LOGIN_WINDOW_SECONDS = 15 * 60;
const REGISTER_WINDOW_SECONDS = 60 * 60;

type RefreshOutcome = { tokens: TokenResponseDto } | { error: string; revoke?: string };

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const mapUser = (user: UserAccount): UserResponseDto => ({
  id: user.id,
  phone: user.phone,
  name: user.name,
  createdAt: user.createdAt.toISOString(),
});

/** An argon2id hash of `password` at `cost` (IdentityConfig.passwordHash). */
export function hashPassword(password: string, { memoryKib, passes, lanes }: PasswordHashCost): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKib, timeCost: passes, parallelism: lanes });
}

@Injectable()
export class AccountService {
  /** Verifying against this keeps a login for an unknown phone as slow as one with a wrong password. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly accounts: AccountRepository,
    private readonly organisations: OrganisationRepository,
    private readonly limiter: RateLimiter,
    private readonly config: IdentityConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly codes: SmsCodeService,
  ) {}

  /** An argon2id hash at the configured cost (IdentityConfig.passwordHash). */
  private hash(password: string): Promise<string> {
    return hashPassword(password, this.config.passwordHash);
  }

  async register(dto: RegisterDto, ip: string): Promise<UserResponseDto> {
    await this.limiter.consume(
      'registration',
      [
        { key: `${dto.phone}:phone`, limit: this.config.registerLimitPerPhone },
        { key: `${ip}:ip`, limit: this.config.registerLimitPerIp },
      ],
      REGISTER_WINDOW_SECONDS,
    );
    const passwordHash = await this.hash(dto.password);
    // a taken phone rolls the transaction back, so the code stays good for a corrected attempt
    const user = await this.codes.redeem(dto.phone, SmsCodePurpose.Register, dto.code, async (manager) => {
      const created = await this.accounts.createUser(manager, {
        phone: dto.phone,
        name: dto.name.trim(),
        passwordHash,
      });
      if (!created) {
        throw new Problem(409, 'phone-taken', `an account with phone ${dto.phone} already exists; log in instead`);
      }
      return created;
    });
    return mapUser(user);
  }

  /** A forgotten password, replaced with a code sent by SMS; every session of the account is logged out. */
  async resetPassword(dto: PasswordResetDto): Promise<void> {
    const passwordHash = await this.hash(dto.password);
    const revoked = await this.codes.redeem(dto.phone, SmsCodePurpose.ResetPassword, dto.code, async (manager) => {
      const userId = await this.accounts.setPassword(manager, dto.phone, passwordHash);
      // a code is only ever issued for a registered phone; an account removed since has nothing to reset
      return userId ? this.accounts.revokeAllSessions(manager, userId, 'password reset') : [];
    });
    await Promise.all(revoked.map((sessionId) => this.markRevoked(sessionId)));
  }

  /**
   * Attempts are counted on phone+IP, on the IP, and on the phone across all IPs with a much higher bar, before the
   * password is checked (a burst cannot outrun the count); a successful login gives its attempt back. So a guesser
   * is stopped at their own address, and locking a phone out of login takes `loginLimitPerPhoneAnyIp` failures.
   */
  async login(dto: LoginDto, ip: string): Promise<TokenResponseDto> {
    const attempt = await this.limiter.consume(
      'login',
      [
        { key: `${dto.phone}@${ip}:phone-ip`, limit: this.config.loginLimitPerPhone },
        { key: `${ip}:ip`, limit: this.config.loginLimitPerIp },
        { key: `${dto.phone}:phone`, limit: this.config.loginLimitPerPhoneAnyIp },
      ],
      LOGIN_WINDOW_SECONDS,
    );
    const user = await this.accounts.findUserByPhone(dto.phone);
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'));
    const valid = await argon2.verify(user?.passwordHash ?? (await this.dummyHash), dto.password).catch(() => false);
    if (!user || !valid) {
      throw new Problem(401, 'bad-credentials', 'the phone number or password is wrong');
    }
    await attempt.refund();
    const expiresAt = new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000);
    return this.db.withTransaction(async (manager) => {
      const session = await this.accounts.createSession(manager, user.id, expiresAt);
      return this.issueTokens(manager, user, session.id);
    });
  }

  /** Rotation: the token is spent; presenting a spent token again revokes the whole session (it was stolen). */
  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    const outcome = await this.db.withTransaction<RefreshOutcome>(async (manager) => {
      const token = await this.accounts.findRefreshTokenForUpdate(manager, sha256(refreshToken));
      if (!token) {
        return { error: 'the refresh token is not valid' };
      }
      const session = await this.accounts.findSession(manager, token.sessionId);
      if (!session || session.revokedAt) {
        return { error: 'this session has been logged out; log in again' };
      }
      if (session.expiresAt.getTime() < Date.now()) {
        return { error: 'this session has expired; log in again' };
      }
      if (token.usedAt) {
        await this.accounts.revokeSession(manager, session.id, 'refresh token reused');
        return { error: 'this refresh token was already used; the session is revoked for safety', revoke: session.id };
      }
      await this.accounts.markUsed(manager, token.id);
      const user = (await this.accounts.findUser(manager, session.userId))!;
      return { tokens: await this.issueTokens(manager, user, session.id) };
    });
    if ('error' in outcome) {
      if (outcome.revoke) {
        await this.markRevoked(outcome.revoke);
      }
      throw new Problem(401, 'invalid-refresh-token', outcome.error);
    }
    return outcome.tokens;
  }

  async logout(principal: Principal): Promise<void> {
    await this.db.withTransaction((manager) => this.accounts.revokeSession(manager, principal.sessionId, 'logout'));
    await this.markRevoked(principal.sessionId);
  }

  async me(principal: Principal): Promise<MeResponseDto> {
    const user = await this.accounts.findUser(this.db.manager, principal.userId);
    if (!user) {
      throw new Problem(404, 'user-not-found', 'your account no longer exists');
    }
    return { ...mapUser(user), memberships: await this.organisations.membershipsOf(this.db.manager, user.id) };
  }

  /** Access tokens of a revoked session stop working in every service at once (they check this key). */
  private async markRevoked(sessionId: string): Promise<void> {
    await this.redis.set(
      revokedSessionKey(this.config.queuePrefix, sessionId),
      '1',
      'EX',
      this.config.jwtAccessTtlSeconds + 60,
    );
  }

  private async issueTokens(manager: EntityManager, user: UserAccount, sessionId: string): Promise<TokenResponseDto> {
    const memberships = await this.organisations.membershipsOf(manager, user.id);
    const principal = new Principal(
      user.id,
      user.name,
      sessionId,
      memberships.map(({ orgId, orgKind, countyCode, role }) => ({ orgId, orgKind, countyCode, role })),
    );
    const refreshToken = randomBytes(32).toString('base64url');
    await this.accounts.addRefreshToken(manager, sessionId, sha256(refreshToken));
    return {
      accessToken: signAccessToken(principal, this.config.jwtSecret, this.config.jwtAccessTtlSeconds),
      expiresIn: this.config.jwtAccessTtlSeconds,
      refreshToken,
    };
  }
}
