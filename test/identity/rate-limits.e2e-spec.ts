import { listen } from '@countyflow/kernel';
import { uniquePhone } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import request, { Response } from 'supertest';
import { rateLimitTag } from '../../apps/identity/src/account/rate-limiter';
import { createIdentityApp } from '../../apps/identity/src/identity.app';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { PASSWORD, smsCode } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

const LIMIT = 3;
const ANY_IP_LIMIT = 6;

function expectRateLimited(response: Response, detail: RegExp): void {
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status: 429 });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
  expect(response.body.detail).toMatch(detail);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBe(response.body.retryAfterSeconds);
  expect(retryAfter).toBeGreaterThan(0);
  expect(response.body.detail).toContain(`try again in ${retryAfter} s`);
}

/**
 * Each test speaks from addresses of its own. The services trust X-Forwarded-For because they sit behind the
 * gateway, so the header stands in for distinct clients.
 */
let nextAddress = 0;
const newAddress = (): string => `203.0.113.${++nextAddress}`;

describe('identity rate limits, held in Redis', () => {
  let platform: Platform;
  let identity: string;
  let redis: Redis;

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['identity'],
      env: {
        LOGIN_LIMIT_PER_PHONE: String(LIMIT),
        LOGIN_LIMIT_PER_IP: String(LIMIT),
        LOGIN_LIMIT_PER_PHONE_ANY_IP: String(ANY_IP_LIMIT),
        REGISTER_LIMIT_PER_PHONE: '2',
        REGISTER_LIMIT_PER_IP: String(LIMIT),
        // a phone asks again right after a refused registration
        SMS_CODE_INTERVAL_SECONDS: '0',
      },
    });
    identity = platform.urls.identity!;
    redis = new Redis(platform.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis?.disconnect();
    await platform?.stop();
  });

  const login = (url: string, phone: string, password: string, from: string) =>
    request(url).post('/auth/login').set('x-forwarded-for', from).send({ phone, password });
  /** Registers from `from` with a code sent to the phone (a code of the right shape once codes are refused). */
  const register = async (phone: string, from: string) => {
    const code = await smsCode(identity, phone, 'register', newAddress()).catch(() => '000000');
    return request(identity)
      .post('/auth/register')
      .set('x-forwarded-for', from)
      .send({ phone, password: PASSWORD, name: '赵六', code });
  };
  /** The Redis key of a counter named `<action>:<subject>`. */
  const counter = (key: string) => {
    const action = key.slice(0, key.indexOf(':'));
    return `${rateLimitTag(platform.env.QUEUE_PREFIX!, action)}${key.slice(action.length)}`;
  };

  describe('login', () => {
    it('refuses a phone at one address after the limit of failures, even with the right password', async () => {
      const phone = uniquePhone();
      const address = newAddress();
      expect((await register(phone, newAddress())).status).toBe(201);
      for (let attempt = 0; attempt < LIMIT; attempt++) {
        await login(identity, phone, 'guess-pass-1', address).expect(401);
      }

      const refused = await login(identity, phone, PASSWORD, address);

      expectRateLimited(
        refused,
        new RegExp(`^too many login attempts for ${phone}@${address.replace(/\./g, '\\.')}; try again in \\d+ s$`),
      );
      // refused attempts are not counted again: the counter stays at the limit
      expect(await redis.get(counter(`login:${phone}@${address}:phone-ip`))).toBe(String(LIMIT));
      const ttl = await redis.ttl(counter(`login:${phone}@${address}:phone-ip`));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15 * 60);
      // the guesser cannot lock the owner out: from their own address the right password still works
      await login(identity, phone, PASSWORD, newAddress()).expect(200);
    });

    it('gives a successful login its attempt back, so only failures use up the limit', async () => {
      const phone = uniquePhone();
      const address = newAddress();
      expect((await register(phone, newAddress())).status).toBe(201);
      for (let round = 0; round < LIMIT - 1; round++) {
        await login(identity, phone, 'guess-pass-1', address).expect(401);
        await login(identity, phone, PASSWORD, address).expect(200);
      }
      expect(await redis.get(counter(`login:${phone}@${address}:phone-ip`))).toBe(String(LIMIT - 1));
      expect(await redis.get(counter(`login:${address}:ip`))).toBe(String(LIMIT - 1));
    });

    it('refuses a phone from every address only after the much higher cross-address bar', async () => {
      const phone = uniquePhone();
      expect((await register(phone, newAddress())).status).toBe(201);
      for (let attempt = 0; attempt < ANY_IP_LIMIT; attempt++) {
        await login(identity, phone, 'guess-pass-1', newAddress()).expect(401);
      }

      expectRateLimited(
        await login(identity, phone, PASSWORD, newAddress()),
        new RegExp(`^too many login attempts for ${phone}; try again in \\d+ s$`),
      );
    });

    it('refuses an address after the limit, whichever phones it tries', async () => {
      const address = newAddress();
      for (let attempt = 0; attempt < LIMIT; attempt++) {
        await login(identity, uniquePhone(), PASSWORD, address).expect(401);
      }

      const refused = await login(identity, uniquePhone(), PASSWORD, address);

      expectRateLimited(
        refused,
        new RegExp(`^too many login attempts for ${address.replace(/\./g, '\\.')}; try again`),
      );
      await login(identity, uniquePhone(), PASSWORD, newAddress()).expect(401);
    });

    it('shares the count between identity replicas, because it lives in Redis', async () => {
      let replica: NestFastifyApplication | undefined;
      try {
        replica = await createIdentityApp(loadIdentityConfig(platform.env, { port: 0 }));
        const replicaUrl = await listen(replica, 0);
        const phone = uniquePhone();
        const address = newAddress();
        const replicas = [identity, replicaUrl];
        for (let attempt = 0; attempt < LIMIT; attempt++) {
          await login(replicas[attempt % 2], phone, PASSWORD, address).expect(401);
        }

        expectRateLimited(await login(replicas[LIMIT % 2], phone, PASSWORD, address), /too many login attempts/);
        expectRateLimited(await login(replicas[(LIMIT + 1) % 2], phone, PASSWORD, address), /too many login attempts/);

        await redis.del(counter(`login:${phone}@${address}:phone-ip`), counter(`login:${address}:ip`));
        await login(replicaUrl, phone, PASSWORD, address).expect(401);
      } finally {
        await replica?.close();
      }
    });
  });

  describe('registration', () => {
    it('refuses an address after the limit', async () => {
      const address = newAddress();
      for (let attempt = 0; attempt < LIMIT; attempt++) {
        expect((await register(uniquePhone(), address)).status).toBe(201);
      }
      const phone = uniquePhone();

      const refused = await register(phone, address);

      expectRateLimited(refused, /^too many registration attempts for 203\.0\.113\.\d+; try again in \d+ s$/);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60 * 60);
      expect((await register(phone, newAddress())).status).toBe(201);
    });

    it('refuses a phone after the limit, counting attempts that failed', async () => {
      const phone = uniquePhone();
      expect((await register(phone, newAddress())).status).toBe(201);
      // its code is spent and a taken phone gets no new one: the attempt fails, and is counted
      expect((await register(phone, newAddress())).status).toBe(422);

      expectRateLimited(await register(phone, newAddress()), new RegExp(`too many registration attempts for ${phone}`));
    });
  });
});
