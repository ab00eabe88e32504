import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniquePhone } from '@countyflow/testing';
import { Client } from 'pg';
import request, { Response } from 'supertest';
import { PASSWORD, platformAdmin, registerActor, sellerOwner, smsCode } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

const BODY_LIMIT_BYTES = 4096;

function expectProblem(response: Response, status: number, detail: RegExp | string): void {
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
  expect(response.body.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
}

describe('identity accounts: registration, login and /me', () => {
  let platform: Platform;
  let identity: string;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['identity'],
      // a registered phone asks for another code at once
      env: { BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES), SMS_CODE_INTERVAL_SECONDS: '0' },
    });
    identity = platform.urls.identity!;
    db = new Client({ connectionString: platform.db.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  // a code of the right shape, for requests the validation refuses before any code is looked at
  const register = (body: Record<string, unknown>) =>
    request(identity)
      .post('/auth/register')
      .send({ code: '000000', ...body });
  /** Registers with the code the phone was sent. */
  const signUp = async (body: { phone: string; password: string; name: string }) =>
    register({ ...body, code: await smsCode(identity, body.phone) });

  describe('POST /auth/register', () => {
    it('creates the account with a hashed password and answers 201 without the hash', async () => {
      const phone = uniquePhone();
      const response = await signUp({ phone, password: PASSWORD, name: '  王秀英 ' });
      expect(response.status).toBe(201);

      expect(response.body).toEqual({
        id: expect.any(String),
        phone,
        name: '王秀英',
        createdAt: expect.any(String),
      });
      const { rows } = await db.query<{ password_hash: string }>(
        'SELECT password_hash FROM identity.user_account WHERE id = $1',
        [response.body.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(rows[0].password_hash).not.toContain(PASSWORD);
    });

    it('refuses a code for a phone number that is already registered with 409', async () => {
      const phone = uniquePhone();
      expect((await signUp({ phone, password: PASSWORD, name: '甲' })).status).toBe(201);

      const response = await request(identity).post('/auth/sms-codes').send({ phone, purpose: 'register' });

      expectProblem(response, 409, `an account with phone ${phone} already exists; log in instead`);
      expect(response.body.type).toBe('/problems/phone-taken');
      const { rows } = await db.query('SELECT name FROM identity.user_account WHERE phone = $1', [phone]);
      expect(rows).toEqual([{ name: '甲' }]);
    });

    it.each([
      ['a landline number', { phone: '0797-8888888' }, /phone must be a mainland China mobile number/],
      ['a number starting 12', { phone: '12800138000' }, /phone must be a mainland China mobile number/],
      ['a short password', { password: 'ab12' }, /password must be longer than or equal to 8 characters/],
      [
        'a password without letters',
        { password: '1234567890' },
        /password must contain at least one letter and one digit/,
      ],
      [
        'a password without digits',
        { password: 'onlyletters' },
        /password must contain at least one letter and one digit/,
      ],
      ['an empty name', { name: '' }, /name must be longer than or equal to 1 characters/],
      ['a blank name', { name: '   ' }, /name must not be blank/],
      ['an unknown field', { role: 'platform_admin' }, /property role should not exist/],
      ['a number for the phone', { phone: 13800138000 }, /phone must be a string/],
      ['an array for the password', { password: ['harvest-2026'] }, /password must be a string/],
    ])('refuses %s with 400 naming the field', async (_, override, detail) => {
      const phone = uniquePhone();
      const response = await register({ phone, password: PASSWORD, name: '张三', ...override });

      expectProblem(response, 400, detail);
      expect(response.body.type).toBe('/problems/validation-failed');
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
      );
      const { rows } = await db.query('SELECT 1 FROM identity.user_account WHERE phone = $1', [phone]);
      expect(rows).toHaveLength(0);
    });

    it.each(['phone', 'password', 'name', 'code'])('refuses a request without %s with 400 naming it', async (field) => {
      const body: Record<string, string> = { phone: uniquePhone(), password: PASSWORD, name: '张三', code: '123456' };
      delete body[field];

      const response = await request(identity).post('/auth/register').send(body);

      expectProblem(response, 400, new RegExp(`${field}:`));
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('refuses malformed JSON with 400 problem+json', async () => {
      const response = await request(identity)
        .post('/auth/register')
        .set('content-type', 'application/json')
        .send('{"phone": "13800138000", "password": ');

      expectProblem(response, 400, /not valid JSON/);
    });

    it('refuses a body over BODY_LIMIT_BYTES with 413 problem+json', async () => {
      const response = await register({ phone: uniquePhone(), password: PASSWORD, name: 'x'.repeat(BODY_LIMIT_BYTES) });

      expectProblem(response, 413, /body is too large/);
    });
  });

  describe('POST /auth/login', () => {
    it('answers 200 with an access token, its lifetime and a refresh token', async () => {
      const phone = uniquePhone();
      expect((await signUp({ phone, password: PASSWORD, name: '李四' })).status).toBe(201);

      const response = await request(identity).post('/auth/login').send({ phone, password: PASSWORD }).expect(200);

      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresIn: 900,
        refreshToken: expect.any(String),
      });
      const me = await request(identity)
        .get('/me')
        .set('authorization', `Bearer ${response.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({ phone, name: '李四', memberships: [] });
      const { rows } = await db.query(
        `SELECT s.revoked_at FROM identity.user_session s JOIN identity.user_account u ON u.id = s.user_id
          WHERE u.phone = $1`,
        [phone],
      );
      expect(rows).toEqual([{ revoked_at: null }]);
    });

    it('answers a wrong password and an unknown phone alike: 401 with the same detail', async () => {
      const phone = uniquePhone();
      expect((await signUp({ phone, password: PASSWORD, name: '李四' })).status).toBe(201);

      const wrongPassword = await request(identity).post('/auth/login').send({ phone, password: 'wrong-pass-1' });
      const unknownPhone = await request(identity)
        .post('/auth/login')
        .send({ phone: uniquePhone(), password: PASSWORD });

      expectProblem(wrongPassword, 401, 'the phone number or password is wrong');
      expectProblem(unknownPhone, 401, 'the phone number or password is wrong');
      expect(unknownPhone.body.type).toBe(wrongPassword.body.type);
      expect(wrongPassword.body.accessToken).toBeUndefined();
    });

    it('refuses a login without a password with 400', async () => {
      const response = await request(identity).post('/auth/login').send({ phone: uniquePhone() });

      expectProblem(response, 400, /password/);
    });
  });

  describe('GET /me', () => {
    it('returns the caller with every membership and its role', async () => {
      const admin = await platformAdmin(identity, platform.env);
      const owner = await sellerOwner(identity, { name: '大余县南安镇板鸭合作社', countyCode: '360723' });

      const ownerMe = await request(identity).get('/me').set('authorization', `Bearer ${owner.token}`).expect(200);
      const adminMe = await request(identity).get('/me').set('authorization', `Bearer ${admin.token}`).expect(200);

      expect(ownerMe.body).toEqual({
        id: owner.userId,
        phone: owner.phone,
        name: owner.name,
        createdAt: expect.any(String),
        memberships: [
          {
            orgId: owner.orgId,
            orgName: '大余县南安镇板鸭合作社',
            orgKind: OrganisationKind.Cooperative,
            countyCode: '360723',
            orgStatus: 'pending',
            role: MembershipRole.Owner,
          },
        ],
      });
      expect(adminMe.body.memberships).toEqual([
        expect.objectContaining({
          orgId: admin.orgId,
          orgKind: OrganisationKind.Platform,
          role: MembershipRole.PlatformAdmin,
        }),
      ]);
      expect(ownerMe.body.passwordHash).toBeUndefined();
    });

    it('shows memberships added after login without logging in again', async () => {
      const actor = await registerActor(identity);
      const point = await sellerOwner(identity, { kind: OrganisationKind.ServicePoint, name: '安西镇服务点' });
      await request(identity)
        .post(`/organisations/${point.orgId}/members`)
        .set('authorization', `Bearer ${point.token}`)
        .send({ phone: actor.phone, role: MembershipRole.Operator })
        .expect(201);

      const me = await request(identity).get('/me').set('authorization', `Bearer ${actor.token}`).expect(200);

      expect(me.body.memberships).toEqual([
        expect.objectContaining({ orgName: '安西镇服务点', role: MembershipRole.Operator }),
      ]);
    });

    it('needs a token', async () => {
      const response = await request(identity).get('/me');

      expectProblem(response, 401, 'send an access token: Authorization: Bearer <token>');
    });
  });
});
