import request from 'supertest';
import { login, registerActor } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';
import { burst, report, statusesOf } from './support';

/*
 * Identity under bursts with its usual pool (DATABASE_POOL_SIZE=5 in tests). Refreshing holds a transaction; if
 * anything inside it asked the pool for a second connection, five refreshes would hold every connection while
 * waiting for a sixth, and the rest would time out with 500s.
 */
describe('concurrency: sessions of one account refreshed in parallel', () => {
  let platform: Platform;
  let identity: string;

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['identity'],
      env: { LOGIN_LIMIT_PER_PHONE: '1000', LOGIN_LIMIT_PER_IP: '1000' },
    });
    identity = platform.urls.identity!;
  });

  afterAll(() => platform?.stop());

  it('answers 30 parallel refreshes of one account, each with a new token pair, and no 5xx', async () => {
    const actor = await registerActor(identity, '并发用户');
    const sessions = [];
    for (let index = 0; index < 30; index++) {
      sessions.push(await login(identity, actor.phone));
    }

    const refreshed = await burst(
      sessions.map(
        ({ refreshToken }) =>
          () =>
            request(identity).post('/auth/refresh').send({ refreshToken }),
      ),
    );

    report('30 parallel refreshes, one account', refreshed.figures);
    expect(refreshed.figures.statuses).toEqual({ '200': 30 });
    const tokens = new Set(refreshed.results.map((result) => result.response!.body.refreshToken as string));
    expect(tokens.size).toBe(30);
  }, 120_000);

  it('keeps unrelated requests answered during a burst that would starve the pool', async () => {
    const actors = await Promise.all(Array.from({ length: 4 }, () => registerActor(identity, '用户')));
    const sessions = [];
    for (const actor of actors) {
      for (let index = 0; index < 10; index++) {
        sessions.push(await login(identity, actor.phone));
      }
    }

    const mixed = await burst([
      ...sessions.map(
        ({ refreshToken }) =>
          () =>
            request(identity).post('/auth/refresh').send({ refreshToken }),
      ),
      ...actors.flatMap((actor) =>
        Array.from(
          { length: 5 },
          () => () => request(identity).get('/me').set('authorization', `Bearer ${actor.token}`),
        ),
      ),
    ]);

    report('40 refreshes + 20 /me at once', mixed.figures);
    expect(statusesOf(mixed).every((status) => status === 200)).toBe(true);
    expect(mixed.figures.statuses).toEqual({ '200': 60 });
  }, 120_000);
});
