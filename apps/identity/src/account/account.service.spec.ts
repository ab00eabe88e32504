import { Principal, revokedSessionKey, verifyAccessToken } from '@countyflow/auth';
import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import argon2 from 'argon2';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { OrganisationRepository } from '../organisation/organisation.repository';
import { SmsCodeService } from '../verification/sms-code.service';
import { RefreshToken, Session, UserAccount } from './account.entities';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { RateLimiter } from './rate-limiter';

const SECRET = 'unit-test-secret-that-is-long-enough-to-pass';
const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const config = {
  queuePrefix: 'cf-unit',
  jwtSecret: SECRET,
  jwtAccessTtlSeconds: 900,
  refreshTokenTtlDays: 30,
  loginLimitPerPhone: 10,
  loginLimitPerIp: 100,
  loginLimitPerPhoneAnyIp: 500,
  registerLimitPerPhone: 5,
  registerLimitPerIp: 30,
  passwordHash: { memoryKib: 1024, passes: 1, lanes: 1 },
} as IdentityConfig;

const user = (overrides: Partial<UserAccount> = {}): UserAccount =>
  Object.assign(new UserAccount(), {
    id: '6f1c2a52-7d0e-4f4b-9d36-0b1d1b7f0a01',
    phone: '13800138000',
    name: '王秀英',
    passwordHash: '',
    createdAt: new Date('2026-03-01T08:00:00Z'),
    ...overrides,
  });

const session = (overrides: Partial<Session> = {}): Session =>
  Object.assign(new Session(), {
    id: 'session-1',
    userId: user().id,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 86_400_000),
    revokedAt: null,
    revokedReason: null,
    ...overrides,
  });

const refreshToken = (overrides: Partial<RefreshToken> = {}): RefreshToken =>
  Object.assign(new RefreshToken(), {
    id: 'token-1',
    sessionId: 'session-1',
    tokenHash: sha256('presented'),
    createdAt: new Date(),
    usedAt: null,
    ...overrides,
  });

function setup() {
  const manager = {} as EntityManager;
  const db = {
    manager,
    withTransaction: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager)),
  };
  const accounts = {
    findUserByPhone: jest.fn().mockResolvedValue(null),
    findUser: jest.fn((_: EntityManager, id: string) => Promise.resolve(id === user().id ? user() : null)),
    createUser: jest.fn(),
    createSession: jest.fn().mockResolvedValue(session()),
    addRefreshToken: jest.fn().mockResolvedValue(undefined),
    findRefreshTokenForUpdate: jest.fn().mockResolvedValue(null),
    markUsed: jest.fn().mockResolvedValue(undefined),
    findSession: jest.fn().mockResolvedValue(session()),
    revokeSession: jest.fn().mockResolvedValue(undefined),
  };
  const organisations = {
    membershipsOf: jest.fn().mockResolvedValue([
      {
        orgId: 'org-1',
        orgName: '安西镇脐橙专业合作社',
        orgKind: OrganisationKind.Cooperative,
        countyCode: '360722',
        orgStatus: VerificationStatus.Verified,
        role: MembershipRole.Owner,
      },
    ]),
  };
  const refund = jest.fn().mockResolvedValue(undefined);
  const limiter = { consume: jest.fn().mockResolvedValue({ refund }) };
  const redis = { set: jest.fn().mockResolvedValue('OK') };
  // the code's own rules are SmsCodeService's (its medium test); here a right code lets the work run
  const codes = {
    redeem: jest.fn((_phone: string, _purpose: string, _code: string, work: (m: EntityManager) => Promise<unknown>) =>
      work(manager),
    ),
  };
  const sut = new AccountService(
    db as unknown as TransactionalConnection,
    accounts as unknown as AccountRepository,
    organisations as unknown as OrganisationRepository,
    limiter as unknown as RateLimiter,
    config,
    redis as unknown as Redis,
    codes as unknown as SmsCodeService,
  );
  return { sut, accounts, organisations, limiter, refund, redis, manager, codes };
}

const rejection = async (promise: Promise<unknown>): Promise<Problem> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
};

describe(AccountService.name, () => {
  let passwordHash: string;

  beforeAll(async () => {
    passwordHash = await argon2.hash('harvest-2026', { type: argon2.argon2id });
  });

  describe('register', () => {
    it('counts the attempt per phone and per IP, stores an argon2id hash and a trimmed name', async () => {
      const { sut, accounts, limiter, codes } = setup();
      accounts.createUser.mockImplementation((_: EntityManager, fields: Partial<UserAccount>) =>
        Promise.resolve(user(fields)),
      );

      const registered = await sut.register(
        { phone: '13800138000', password: 'harvest-2026', name: ' 王秀英 ', code: '402718' },
        '10.0.0.7',
      );

      expect(limiter.consume).toHaveBeenCalledWith(
        'registration',
        [
          { key: '13800138000:phone', limit: 5 },
          { key: '10.0.0.7:ip', limit: 30 },
        ],
        3600,
      );
      expect(codes.redeem).toHaveBeenCalledWith('13800138000', 'register', '402718', expect.any(Function));
      const [, stored] = accounts.createUser.mock.calls[0] as [EntityManager, UserAccount];
      expect(stored).toMatchObject({ phone: '13800138000', name: '王秀英' });
      expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
      await expect(argon2.verify(stored.passwordHash, 'harvest-2026')).resolves.toBe(true);
      expect(registered).toEqual({
        id: user().id,
        phone: '13800138000',
        name: '王秀英',
        createdAt: '2026-03-01T08:00:00.000Z',
      });
      expect(registered).not.toHaveProperty('passwordHash');
    });

    it('refuses a taken phone number with 409', async () => {
      const { sut, accounts } = setup();
      accounts.createUser.mockResolvedValue(null);

      const problem = await rejection(
        sut.register({ phone: '13800138000', password: 'harvest-2026', name: '王', code: '402718' }, '::1'),
      );

      expect(problem.getStatus()).toBe(409);
      expect(problem.code).toBe('phone-taken');
      expect(problem.message).toBe('an account with phone 13800138000 already exists; log in instead');
    });

    it('does not hash or insert when the rate limiter refuses', async () => {
      const { sut, accounts, limiter } = setup();
      limiter.consume.mockRejectedValue(new Problem(429, 'rate-limited', 'too many'));

      const problem = await rejection(
        sut.register({ phone: '13800138000', password: 'harvest-2026', name: '王', code: '402718' }, '::1'),
      );

      expect(problem.getStatus()).toBe(429);
      expect(accounts.createUser).not.toHaveBeenCalled();
    });
  });

  describe('login', () => {
    it('gives the same 401 for an unknown phone and for a wrong password', async () => {
      const { sut, accounts, refund } = setup();

      const unknown = await rejection(sut.login({ phone: '13900139000', password: 'harvest-2026' }, '::1'));
      accounts.findUserByPhone.mockResolvedValue(user({ passwordHash }));
      const wrong = await rejection(sut.login({ phone: '13800138000', password: 'harvest-2027' }, '::1'));

      for (const problem of [unknown, wrong]) {
        expect(problem.getStatus()).toBe(401);
        expect(problem.code).toBe('bad-credentials');
        expect(problem.message).toBe('the phone number or password is wrong');
      }
      expect(accounts.createSession).not.toHaveBeenCalled();
      expect(refund).not.toHaveBeenCalled();
    });

    it('counts the attempt before looking at the password, and stops there when over the limit', async () => {
      const { sut, accounts, limiter } = setup();
      limiter.consume.mockRejectedValue(new Problem(429, 'rate-limited', 'too many'));

      await rejection(sut.login({ phone: '13800138000', password: 'harvest-2026' }, '10.0.0.7'));

      expect(limiter.consume).toHaveBeenCalledWith(
        'login',
        [
          { key: '13800138000@10.0.0.7:phone-ip', limit: 10 },
          { key: '10.0.0.7:ip', limit: 100 },
          { key: '13800138000:phone', limit: 500 },
        ],
        900,
      );
      expect(accounts.findUserByPhone).not.toHaveBeenCalled();
    });

    it('opens a session and signs an access token that carries the memberships', async () => {
      const { sut, accounts, refund } = setup();
      accounts.findUserByPhone.mockResolvedValue(user({ passwordHash }));

      const tokens = await sut.login({ phone: '13800138000', password: 'harvest-2026' }, '::1');

      const [, userId, expiresAt] = accounts.createSession.mock.calls[0] as [unknown, string, Date];
      expect(userId).toBe(user().id);
      expect(Math.round((expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(30);
      expect(tokens.expiresIn).toBe(900);
      expect(accounts.addRefreshToken).toHaveBeenCalledWith(
        expect.anything(),
        'session-1',
        sha256(tokens.refreshToken),
      );
      const principal = verifyAccessToken(tokens.accessToken, SECRET);
      expect(principal).toMatchObject({ userId: user().id, name: '王秀英', sessionId: 'session-1' });
      expect(principal.memberships).toEqual([
        { orgId: 'org-1', orgKind: OrganisationKind.Cooperative, countyCode: '360722', role: MembershipRole.Owner },
      ]);
      // a successful login gives its attempt back, so only failures use up the limits
      expect(refund).toHaveBeenCalledTimes(1);
    });
  });

  describe('refresh', () => {
    it('spends the presented token and issues a new pair for the same session', async () => {
      const { sut, accounts } = setup();
      accounts.findRefreshTokenForUpdate.mockResolvedValue(refreshToken());

      const tokens = await sut.refresh('presented');

      expect(accounts.findRefreshTokenForUpdate).toHaveBeenCalledWith(expect.anything(), sha256('presented'));
      expect(accounts.markUsed).toHaveBeenCalledWith(expect.anything(), 'token-1');
      expect(tokens.refreshToken).not.toBe('presented');
      expect(accounts.addRefreshToken).toHaveBeenCalledWith(
        expect.anything(),
        'session-1',
        sha256(tokens.refreshToken),
      );
      expect(verifyAccessToken(tokens.accessToken, SECRET).sessionId).toBe('session-1');
    });

    it('revokes the session in the database and for every service when a spent token comes back', async () => {
      const { sut, accounts, redis } = setup();
      accounts.findRefreshTokenForUpdate.mockResolvedValue(refreshToken({ usedAt: new Date() }));

      const problem = await rejection(sut.refresh('presented'));

      expect(problem.getStatus()).toBe(401);
      expect(problem.code).toBe('invalid-refresh-token');
      expect(problem.message).toBe('this refresh token was already used; the session is revoked for safety');
      expect(accounts.revokeSession).toHaveBeenCalledWith(expect.anything(), 'session-1', 'refresh token reused');
      expect(redis.set).toHaveBeenCalledWith(revokedSessionKey('cf-unit', 'session-1'), '1', 'EX', 960);
      expect(accounts.markUsed).not.toHaveBeenCalled();
      expect(accounts.addRefreshToken).not.toHaveBeenCalled();
    });

    it.each([
      ['an unknown token', null, session(), 'the refresh token is not valid'],
      [
        'a logged-out session',
        refreshToken(),
        session({ revokedAt: new Date() }),
        'this session has been logged out; log in again',
      ],
      [
        'an expired session',
        refreshToken(),
        session({ expiresAt: new Date(Date.now() - 1000) }),
        'this session has expired; log in again',
      ],
    ])('refuses %s with 401 and issues nothing', async (_, token, found, detail) => {
      const { sut, accounts, redis } = setup();
      accounts.findRefreshTokenForUpdate.mockResolvedValue(token);
      accounts.findSession.mockResolvedValue(found);

      const problem = await rejection(sut.refresh('presented'));

      expect(problem.getStatus()).toBe(401);
      expect(problem.message).toBe(detail);
      expect(accounts.markUsed).not.toHaveBeenCalled();
      expect(accounts.addRefreshToken).not.toHaveBeenCalled();
      expect(redis.set).not.toHaveBeenCalled();
    });
  });

  describe('logout', () => {
    it('revokes the session in the database and marks it revoked in Redis for the life of an access token', async () => {
      const { sut, accounts, redis } = setup();

      await sut.logout(new Principal(user().id, '王秀英', 'session-9', []));

      expect(accounts.revokeSession).toHaveBeenCalledWith(expect.anything(), 'session-9', 'logout');
      expect(redis.set).toHaveBeenCalledWith('cf-unit:auth:revoked:session-9', '1', 'EX', 960);
    });
  });

  describe('me', () => {
    it('returns the caller with their memberships', async () => {
      const { sut } = setup();

      const me = await sut.me(new Principal(user().id, '王秀英', 'session-1', []));

      expect(me).toMatchObject({ id: user().id, phone: '13800138000' });
      expect(me.memberships).toEqual([expect.objectContaining({ orgId: 'org-1', role: MembershipRole.Owner })]);
    });

    it('answers 404 when the account has gone', async () => {
      const { sut } = setup();

      const problem = await rejection(sut.me(new Principal('gone', 'x', 'session-1', [])));

      expect(problem.getStatus()).toBe(404);
    });
  });
});
