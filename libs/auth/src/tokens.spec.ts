import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { Principal } from './principal';
import { signAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER, verifyAccessToken } from './tokens';

describe(verifyAccessToken.name, () => {
  const key = randomBytes(32).toString('hex');
  const admin = new Principal('u-1', '管理员', 's-1', [
    { orgId: 'o-1', orgKind: OrganisationKind.Platform, countyCode: '000000', role: MembershipRole.PlatformAdmin },
  ]);
  const claims = { sub: 'u-1', sid: 's-1', name: '管理员', mem: [['o-1', 'platform', '000000', 'platform_admin']] };
  const forge = (options: jwt.SignOptions, extra: object = {}) =>
    jwt.sign({ ...claims, ...extra }, key, {
      algorithm: 'HS256',
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ...options,
    });

  it('accepts the tokens identity issues', () => {
    const sut = verifyAccessToken(signAccessToken(admin, key, 900), key, 900);
    expect(sut).toMatchObject({ userId: 'u-1', sessionId: 's-1' });
    expect(sut.isPlatformAdmin()).toBe(true);
  });

  it('refuses a correctly signed token without exp: it would never stop working', () => {
    expect(() => verifyAccessToken(forge({}), key, 900)).toThrow('the access token has no expiry (exp)');
    expect(() => verifyAccessToken(forge({}), key)).toThrow('the access token has no expiry (exp)');
  });

  it('refuses a token that lives longer than the access TTL (beyond a minute of clock skew)', () => {
    expect(() => verifyAccessToken(forge({ expiresIn: 10 * 365 * 86_400 }), key, 900)).toThrow(
      'the access token lives longer than the 900 s access tokens are issued for',
    );
    const now = Math.floor(Date.now() / 1000);
    // an issue time in the future does not buy a longer life
    expect(() =>
      verifyAccessToken(forge({ noTimestamp: true }, { iat: now + 86_400, exp: now + 86_400 + 900 }), key, 900),
    ).toThrow(/lives longer/);
    expect(verifyAccessToken(forge({ expiresIn: 900 + 30 }), key, 900).userId).toBe('u-1');
  });

  it('still refuses expired tokens and other secrets', () => {
    expect(() => verifyAccessToken(signAccessToken(admin, key, -1), key, 900)).toThrow('has expired');
    expect(() => verifyAccessToken(signAccessToken(admin, randomBytes(32).toString('hex'), 900), key, 900)).toThrow(
      /not valid/,
    );
  });

  it('keeps a verified token for its life only, and checks it again against another TTL', () => {
    const token = forge({ expiresIn: 3600 });
    expect(verifyAccessToken(token, key).userId).toBe('u-1');
    // verified without a TTL first: the TTL's check still applies when a caller asks with one
    expect(() => verifyAccessToken(token, key, 900)).toThrow(/lives longer/);
    const short = signAccessToken(admin, key, 900);
    const first = verifyAccessToken(short, key, 900);
    const again = verifyAccessToken(short, key, 900);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 901_000);
    try {
      expect(() => verifyAccessToken(short, key, 900)).toThrow('has expired');
    } finally {
      now.mockRestore();
    }
  });
});
