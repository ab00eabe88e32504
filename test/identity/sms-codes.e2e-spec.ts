import { FakeSmsProvider, makeSmsKeys, startFakeAliyunSms, uniquePhone } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { createIdentityApp } from '../../apps/identity/src/identity.app';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { PASSWORD, smsCode } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

const PER_PHONE = 3;
const PER_IP = 6;
const MAX_ATTEMPTS = 4;

let nextAddress = 0;
const newAddress = (): string => `198.51.100.${++nextAddress}`;

describe('identity: sign-up and password recovery by SMS code', () => {
  let platform: Platform;
  let identity: string;
  let db: Client;

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['identity'],
      env: {
        SMS_CODE_LIMIT_PER_PHONE: String(PER_PHONE),
        SMS_CODE_LIMIT_PER_IP: String(PER_IP),
        SMS_CODE_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        SMS_CODE_INTERVAL_SECONDS: '0',
        // the bursts below are about the code's own limits
        REGISTER_LIMIT_PER_PHONE: '100',
        REGISTER_LIMIT_PER_IP: '1000',
      },
    });
    identity = platform.urls.identity!;
    db = new Client({ connectionString: platform.db.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const askCode = (phone: string, purpose = 'register', from = newAddress()) =>
    request(identity).post('/auth/sms-codes').set('x-forwarded-for', from).send({ phone, purpose });
  const codeFor = (phone: string, purpose: 'register' | 'reset_password' = 'register') =>
    smsCode(identity, phone, purpose, newAddress());
  const register = (phone: string, code: string, password = PASSWORD) =>
    request(identity).post('/auth/register').send({ phone, password, name: '新买家', code });
  const login = (phone: string, password: string) => request(identity).post('/auth/login').send({ phone, password });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const stored = async (phone: string) =>
    (
      await db.query<{ code_hash: string; status: string; attempts: number }>(
        `SELECT code_hash, status, attempts FROM identity.sms_code WHERE phone = $1 ORDER BY created_at`,
        [phone],
      )
    ).rows;

  it('sends six digits that register the phone once; only an HMAC of the code is stored', async () => {
    const phone = uniquePhone();
    const asked = await askCode(phone).expect(202);
    expect(asked.body).toEqual({ expiresInSeconds: 600, resendAfterSeconds: 0 });
    const code = await codeFor(phone);
    expect(code).toMatch(/^\d{6}$/);

    await register(phone, code).expect(201);
    await login(phone, PASSWORD).expect(200);

    const rows = await stored(phone);
    expect(rows.map((row) => row.status)).toEqual(['superseded', 'used']);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.code_hash) && !row.code_hash.includes(code))).toBe(true);
    const again = await request(identity)
      .post('/auth/register')
      .send({ phone: uniquePhone(), password: PASSWORD, name: '别人', code });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'sms-code-expired', params: { field: 'code' } });
  });

  it('counts wrong guesses, says how many are left, and spends the code at the limit', async () => {
    const phone = uniquePhone();
    const code = await codeFor(phone);
    for (let left = MAX_ATTEMPTS - 1; left > 0; left--) {
      const refused = await register(phone, wrong(code)).expect(422);
      expect(refused.body).toMatchObject({ code: 'sms-code-wrong', params: { attemptsLeft: left, field: 'code' } });
    }
    const last = await register(phone, wrong(code)).expect(422);
    expect(last.body.code).toBe('sms-code-exhausted');
    // the right code no longer helps
    expect((await register(phone, code).expect(422)).body.code).toBe('sms-code-expired');
    expect(await stored(phone)).toEqual([expect.objectContaining({ status: 'exhausted', attempts: MAX_ATTEMPTS })]);
  });

  it('holds the guess limit exactly under a burst of parallel guesses', async () => {
    const phone = uniquePhone();
    const code = await codeFor(phone);
    const answers = await Promise.all(Array.from({ length: 12 }, () => register(phone, wrong(code))));
    const codes = answers.map((answer) => answer.body.code as string);
    expect(codes.filter((one) => one === 'sms-code-wrong' || one === 'sms-code-exhausted')).toHaveLength(MAX_ATTEMPTS);
    expect(codes.filter((one) => one === 'sms-code-expired')).toHaveLength(12 - MAX_ATTEMPTS);
    expect((await stored(phone))[0].attempts).toBe(MAX_ATTEMPTS);
  });

  it('refuses an expired code, and a code replaced by a newer one', async () => {
    const phone = uniquePhone();
    const first = await codeFor(phone);
    const second = await codeFor(phone);
    if (first !== second) {
      expect((await register(phone, first).expect(422)).body.code).toBe('sms-code-wrong');
    }
    await db.query(`UPDATE identity.sms_code SET expires_at = now() - interval '1 second' WHERE phone = $1`, [phone]);
    expect((await register(phone, second).expect(422)).body.code).toBe('sms-code-expired');
  });

  it('lets one of many parallel registrations with the same code through', async () => {
    const phone = uniquePhone();
    const code = await codeFor(phone);
    const answers = await Promise.all(Array.from({ length: 8 }, () => register(phone, code)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status !== 201).map((answer) => answer.body.code)).toEqual(
      Array(7).fill('sms-code-expired'),
    );
  });

  it('holds the per-phone limit exactly under a burst of code requests for one phone', async () => {
    const phone = uniquePhone();
    const answers = await Promise.all(Array.from({ length: 20 }, () => askCode(phone)));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(PER_PHONE);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(20 - PER_PHONE);
    expect(refused[0].body).toMatchObject({ code: 'rate-limited', params: { retryAfterSeconds: expect.any(Number) } });
    const sent = await request(identity).get('/dev/sms').query({ phone }).expect(200);
    expect(sent.body).toHaveLength(PER_PHONE);
  });

  it('holds the per-IP limit across phones', async () => {
    const address = newAddress();
    const answers = await Promise.all(Array.from({ length: 15 }, () => askCode(uniquePhone(), 'register', address)));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(PER_IP);
  });

  it('resets a forgotten password with a code and logs out every session', async () => {
    const phone = uniquePhone();
    await register(phone, await codeFor(phone)).expect(201);
    const session = await login(phone, PASSWORD).expect(200);

    const code = await codeFor(phone, 'reset_password');
    await request(identity).post('/auth/password-reset').send({ phone, code, password: 'new-harvest-43' }).expect(204);

    await login(phone, PASSWORD).expect(401);
    await login(phone, 'new-harvest-43').expect(200);
    await request(identity).get('/me').set('authorization', `Bearer ${session.body.accessToken}`).expect(401);
    await request(identity).post('/auth/refresh').send({ refreshToken: session.body.refreshToken }).expect(401);
    const again = await request(identity)
      .post('/auth/password-reset')
      .send({ phone, code, password: 'third-harvest-44' });
    expect(again.body.code).toBe('sms-code-expired');
  });

  it('answers a reset for a phone without an account as for any other, and sends nothing', async () => {
    const phone = uniquePhone();
    const asked = await askCode(phone, 'reset_password').expect(202);
    expect(asked.body).toEqual({ expiresInSeconds: 600, resendAfterSeconds: 0 });
    expect((await request(identity).get('/dev/sms').query({ phone }).expect(200)).body).toEqual([]);
    expect(await stored(phone)).toEqual([]);
  });

  it('refuses a code request naming its fields', async () => {
    const refused = await request(identity)
      .post('/auth/sms-codes')
      .send({ phone: '0797-8888888', purpose: 'login' })
      .expect(400);
    expect(refused.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['phone', 'purpose']);
  });

  describe('through Alibaba Cloud SMS', () => {
    let fake: FakeSmsProvider;
    let app: NestFastifyApplication;
    let url: string;

    beforeAll(async () => {
      const keys = makeSmsKeys();
      fake = await startFakeAliyunSms(keys);
      app = await createIdentityApp(
        loadIdentityConfig({
          ...platform.env,
          SMS_PROVIDER: 'aliyun',
          SMS_SIGN_NAME: '县域优选',
          SMS_TEMPLATE_IDS: JSON.stringify({
            verification_code: 'SMS_465380001',
            ready_for_pickup: 'SMS_465380002',
            pickup_reminder: 'SMS_465380003',
            returned_to_sender: 'SMS_465380004',
            parcel_dispatched: 'SMS_465380005',
            presale_released: 'SMS_465380006',
            presale_balance_due: 'SMS_465380007',
            presale_refunded: 'SMS_465380008',
            group_complete: 'SMS_465380009',
            group_refunded: 'SMS_465380010',
          }),
          ALIYUN_SMS_ACCESS_KEY_ID: keys.id,
          ALIYUN_SMS_ACCESS_KEY_SECRET: keys.secret,
          ALIYUN_SMS_ENDPOINT: fake.url,
          SMS_CODE_INTERVAL_SECONDS: '60',
        }),
      );
      await app.listen({ port: 0, host: '127.0.0.1' });
      url = await app.getUrl();
    });

    afterAll(async () => {
      await app?.close();
      await fake?.close();
    });

    it('delivers the code through SendSms, and the development outbox does not exist', async () => {
      const phone = uniquePhone();
      await request(url).post('/auth/sms-codes').send({ phone, purpose: 'register' }).expect(202);
      const sms = fake.lastTo(phone)!;
      expect(sms).toMatchObject({ signName: '县域优选', templateId: 'SMS_465380001', params: { minutes: '10' } });
      await request(url)
        .post('/auth/register')
        .send({ phone, password: PASSWORD, name: '新买家', code: sms.params.code })
        .expect(201);
      await request(url).get('/dev/sms').expect(404);
    });

    it('asks for an interval between two codes to one phone', async () => {
      const phone = uniquePhone();
      await request(url).post('/auth/sms-codes').send({ phone, purpose: 'register' }).expect(202);
      const again = await request(url).post('/auth/sms-codes').send({ phone, purpose: 'register' }).expect(429);
      expect(again.body.params.retryAfterSeconds).toBeGreaterThan(50);
    });

    it('answers 502 when the provider declines, and the unsent code cannot be used', async () => {
      const phone = uniquePhone();
      fake.failNext('isv.BUSINESS_LIMIT_CONTROL');
      const failed = await request(url).post('/auth/sms-codes').send({ phone, purpose: 'register' }).expect(502);
      expect(failed.body).toMatchObject({
        code: 'sms-send-failed',
        params: { provider: 'isv.BUSINESS_LIMIT_CONTROL' },
      });
      expect((await stored(phone)).map((row) => row.status)).toEqual(['superseded']);
    });
  });
});
