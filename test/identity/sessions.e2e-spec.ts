import { Principal, signAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@countyflow/auth';
import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import request, { Response } from 'supertest';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { Actor, login, platformAdmin, registerActor } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

function expectProblem(response: Response, status: number, detail: RegExp | string): void {
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
}

const sidOf = (token: string): string => (jwt.decode(token) as { sid: string }).sid;
const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('identity sessions: refresh rotation, logout and token checks in every service', () => {
  let platform: Platform;
  let identity: string;
  let catalog: string;
  let secret: string;
  let db: Client;
  let admin: Actor;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['identity', 'catalog'] });
    identity = platform.urls.identity!;
    catalog = platform.urls.catalog!;
    secret = loadIdentityConfig(platform.env).jwtSecret;
    db = new Client({ connectionString: platform.db.url });
    await db.connect();
    admin = await platformAdmin(identity, platform.env);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const refresh = (refreshToken: string) => request(identity).post('/auth/refresh').send({ refreshToken });
  const me = (token: string) => request(identity).get('/me').set('authorization', `Bearer ${token}`);
  /** A guarded route of another service: it verifies the token (and its revocation) on its own. */
  const catalogDeadLetters = (token: string) =>
    request(catalog).get('/admin/dead-letters').set('authorization', `Bearer ${token}`);
  /** How the session that issued this refresh token was revoked: null while it is live. */
  const revocationOf = async (refreshToken: string): Promise<string | null> => {
    const { rows } = await db.query<{ revoked_reason: string | null }>(
      `SELECT s.revoked_reason FROM identity.user_session s
         JOIN identity.refresh_token t ON t.session_id = s.id
        WHERE t.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [refreshToken],
    );
    expect(rows).toHaveLength(1);
    return rows[0].revoked_reason;
  };

  describe('POST /auth/refresh', () => {
    let user: Actor;

    beforeAll(async () => {
      user = await registerActor(identity);
    });

    /** A new session of the shared user, as from a new device. */
    const newSession = () => login(identity, user.phone);

    it('exchanges a refresh token for a new working pair, once', async () => {
      const session = await newSession();

      const first = await refresh(session.refreshToken).expect(200);

      expect(first.body).toEqual({ accessToken: expect.any(String), expiresIn: 900, refreshToken: expect.any(String) });
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      await me(first.body.accessToken).expect(200);
      const second = await refresh(first.body.refreshToken).expect(200);
      await me(second.body.accessToken).expect(200);
      const { rows } = await db.query<{ used: boolean }>(
        `SELECT t.used_at IS NOT NULL AS used FROM identity.refresh_token t
          WHERE t.session_id = (SELECT session_id FROM identity.refresh_token
                                 WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex'))
          ORDER BY t.created_at`,
        [session.refreshToken],
      );
      expect(rows.map((row) => row.used)).toEqual([true, true, false]);
      expect(await revocationOf(session.refreshToken)).toBeNull();
    });

    it('treats a spent token as stolen: 401, and the whole session stops working', async () => {
      const session = await newSession();
      const rotated = await refresh(session.refreshToken).expect(200);

      const reused = await refresh(session.refreshToken);

      expectProblem(reused, 401, 'this refresh token was already used; the session is revoked for safety');
      expect(reused.body.type).toBe('/problems/invalid-refresh-token');
      expectProblem(await refresh(rotated.body.refreshToken), 401, 'this session has been logged out; log in again');
      for (const response of [await me(rotated.body.accessToken), await catalogDeadLetters(rotated.body.accessToken)]) {
        expectProblem(response, 401, 'this session has been logged out; log in again');
        expect(response.body.type).toBe('/problems/token-revoked');
      }
      expect(await revocationOf(session.refreshToken)).toBe('refresh token reused');
    });

    it('lets exactly one of two concurrent refreshes with the same token through', async () => {
      const session = await newSession();

      const responses = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);

      expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
    });

    it('leaves the other sessions of the same user alone', async () => {
      const stolen = await newSession();
      const otherDevice = await newSession();
      await refresh(stolen.refreshToken).expect(200);

      await refresh(stolen.refreshToken).expect(401);

      await me(otherDevice.token).expect(200);
      await refresh(otherDevice.refreshToken).expect(200);
      expect(await revocationOf(stolen.refreshToken)).toBe('refresh token reused');
      expect(await revocationOf(otherDevice.refreshToken)).toBeNull();
    });

    it('refuses an unknown refresh token and one of an expired session', async () => {
      const session = await newSession();
      await db.query(
        `UPDATE identity.user_session SET expires_at = now() - interval '1 minute'
          WHERE id = (SELECT session_id FROM identity.refresh_token
                       WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex'))`,
        [session.refreshToken],
      );

      expectProblem(await refresh('not-a-token-we-issued'), 401, 'the refresh token is not valid');
      expectProblem(await refresh(session.refreshToken), 401, 'this session has expired; log in again');
    });

    it('refreshes while the client still sends its expired access token', async () => {
      const session = await newSession();
      const expired = signAccessToken(new Principal(user.userId, user.name, sidOf(session.token), []), secret, -1);

      const response = await request(identity)
        .post('/auth/refresh')
        .set('authorization', `Bearer ${expired}`)
        .send({ refreshToken: session.refreshToken });

      expect(response.status).toBe(200);
      await me(response.body.accessToken).expect(200);
    });

    it('carries memberships granted since login in the new access token', async () => {
      const actor = await registerActor(identity);
      const office = await request(identity)
        .post('/organisations')
        .set('authorization', `Bearer ${admin.token}`)
        .send({ kind: OrganisationKind.CountyOffice, name: '南康区商务局', countyCode: '360703' })
        .expect(201);
      await request(identity)
        .post(`/organisations/${office.body.id}/members`)
        .set('authorization', `Bearer ${admin.token}`)
        .send({ phone: actor.phone, role: MembershipRole.CountyStaff })
        .expect(201);
      await request(identity).get('/organisations').set('authorization', `Bearer ${actor.token}`).expect(403);

      const rotated = await refresh(actor.refreshToken).expect(200);

      await request(identity)
        .get('/organisations')
        .set('authorization', `Bearer ${rotated.body.accessToken}`)
        .expect(200);
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the session: identity and catalog both refuse its access token, its refresh token is dead', async () => {
      const session = await login(identity, admin.phone);
      await catalogDeadLetters(session.token).expect(200);

      await request(identity).post('/auth/logout').set('authorization', `Bearer ${session.token}`).expect(204);

      const identityRefusal = await me(session.token);
      const catalogRefusal = await catalogDeadLetters(session.token);
      for (const refusal of [identityRefusal, catalogRefusal]) {
        expectProblem(refusal, 401, 'this session has been logged out; log in again');
        expect(refusal.body.type).toBe('/problems/token-revoked');
      }
      expectProblem(await refresh(session.refreshToken), 401, 'this session has been logged out; log in again');
      await catalogDeadLetters(admin.token).expect(200);
      expect(await revocationOf(session.refreshToken)).toBe('logout');
    });

    it('needs a token', async () => {
      expectProblem(await request(identity).post('/auth/logout'), 401, /send an access token/);
    });
  });

  describe('tokens that are refused', () => {
    let actor: Actor;

    beforeAll(async () => {
      actor = await registerActor(identity);
    });

    const claimsOf = (actor: Actor, sessionId: string) => ({
      sub: actor.userId,
      sid: sessionId,
      name: actor.name,
      mem: [[admin.orgId, OrganisationKind.Platform, '000000', MembershipRole.PlatformAdmin]],
    });

    const cases: [string, (actor: Actor) => string, RegExp][] = [
      [
        'an expired token',
        (actor) =>
          jwt.sign({ ...claimsOf(actor, sidOf(actor.token)), exp: Math.floor(Date.now() / 1000) - 60 }, secret, {
            issuer: TOKEN_ISSUER,
            audience: TOKEN_AUDIENCE,
          }),
        /^the access token has expired; refresh it$/,
      ],
      [
        'a token signed with another secret',
        (actor) =>
          signAccessToken(
            new Principal(actor.userId, actor.name, sidOf(actor.token), []),
            'an-attackers-secret-of-at-least-32-chars',
            900,
          ),
        /invalid signature/,
      ],
      [
        'a token with alg none',
        (actor) =>
          `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
            ...claimsOf(actor, sidOf(actor.token)),
            iss: TOKEN_ISSUER,
            aud: TOKEN_AUDIENCE,
            exp: Math.floor(Date.now() / 1000) + 600,
          })}.`,
        /the access token is not valid/,
      ],
      [
        'a token signed with HS512',
        (actor) =>
          jwt.sign(claimsOf(actor, sidOf(actor.token)), secret, {
            algorithm: 'HS512',
            expiresIn: 600,
            issuer: TOKEN_ISSUER,
            audience: TOKEN_AUDIENCE,
          }),
        /invalid algorithm/,
      ],
      [
        'a token for another audience',
        (actor) =>
          jwt.sign(claimsOf(actor, sidOf(actor.token)), secret, {
            expiresIn: 600,
            issuer: TOKEN_ISSUER,
            audience: 'other',
          }),
        /audience invalid/,
      ],
      [
        'a token without a session',
        (actor) =>
          jwt.sign({ sub: actor.userId, name: actor.name, mem: [] }, secret, {
            expiresIn: 600,
            issuer: TOKEN_ISSUER,
            audience: TOKEN_AUDIENCE,
          }),
        /missing required claims/,
      ],
      ['a garbage token', () => 'not.a.jwt', /the access token is not valid/],
    ];

    it.each(cases)('refuses %s with 401 in identity and in catalog', async (_, make, detail) => {
      const token = make(actor);

      for (const response of [await me(token), await catalogDeadLetters(token)]) {
        expectProblem(response, 401, detail);
        expect(response.body.type).toBe('/problems/invalid-token');
      }
    });

    it('accepts a token it signed itself, and refuses it once its ttl has passed', async () => {
      const principal = new Principal(actor.userId, actor.name, sidOf(actor.token), []);

      await me(signAccessToken(principal, secret, 60)).expect(200);
      expectProblem(await me(signAccessToken(principal, secret, -1)), 401, 'the access token has expired; refresh it');
    });

    it.each([
      ['no scheme', (token: string) => token],
      ['a Basic scheme', () => `Basic ${Buffer.from('13800138000:harvest-2026').toString('base64')}`],
      ['Bearer without a token', () => 'Bearer'],
    ])('refuses an Authorization header with %s', async (_, header) => {
      const response = await request(identity).get('/me').set('authorization', header(actor.token));

      expectProblem(response, 401, 'the Authorization header must be "Bearer <token>"');
    });
  });
});
