import { CommonConfig, Problem } from '@countyflow/kernel';
import type { Redis } from 'ioredis';
import { RateLimiter } from './rate-limiter';

/** A Redis whose MULTI records the commands and answers INCR/TTL from the given counts and ttls. */
function fakeRedis(answers: { count: number; ttl: number }[], exec?: () => Promise<unknown>) {
  const commands: unknown[][] = [];
  const pipeline = {
    incr: (key: string) => (commands.push(['incr', key]), pipeline),
    expire: (...args: unknown[]) => (commands.push(['expire', ...args]), pipeline),
    ttl: (key: string) => (commands.push(['ttl', key]), pipeline),
    exec:
      exec ??
      (() =>
        Promise.resolve(
          answers.flatMap(({ count, ttl }) => [
            [null, count],
            [null, 1],
            [null, ttl],
          ]),
        )),
  };
  return { redis: { multi: () => pipeline } as unknown as Redis, commands };
}

describe(RateLimiter.name, () => {
  const config = { queuePrefix: 'cf-unit' } as CommonConfig;
  const limits = [
    { key: '13800138000:phone', limit: 3 },
    { key: '10.0.0.7:ip', limit: 10 },
  ];

  const refusal = async (sut: RateLimiter, keys = limits): Promise<Problem> => {
    const error = await sut.consume('login', keys, 900).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Problem);
    return error as Problem;
  };

  it('counts one attempt against every key, under the prefix, with the window set only once', async () => {
    const { redis, commands } = fakeRedis([
      { count: 1, ttl: 900 },
      { count: 1, ttl: 900 },
    ]);
    const sut = new RateLimiter(redis, config);

    await sut.consume('login', limits, 900);

    expect(commands).toEqual([
      ['incr', 'cf-unit:ratelimit:login:13800138000:phone'],
      ['expire', 'cf-unit:ratelimit:login:13800138000:phone', 900, 'NX'],
      ['ttl', 'cf-unit:ratelimit:login:13800138000:phone'],
      ['incr', 'cf-unit:ratelimit:login:10.0.0.7:ip'],
      ['expire', 'cf-unit:ratelimit:login:10.0.0.7:ip', 900, 'NX'],
      ['ttl', 'cf-unit:ratelimit:login:10.0.0.7:ip'],
    ]);
  });

  it('allows the attempt that reaches the limit exactly', async () => {
    const sut = new RateLimiter(
      fakeRedis([
        { count: 3, ttl: 10 },
        { count: 10, ttl: 10 },
      ]).redis,
      config,
    );

    await expect(sut.consume('login', limits, 900)).resolves.toBeUndefined();
  });

  it('refuses with 429 naming the phone and the seconds left once the phone is over its limit', async () => {
    const sut = new RateLimiter(
      fakeRedis([
        { count: 4, ttl: 421 },
        { count: 4, ttl: 421 },
      ]).redis,
      config,
    );

    const problem = await refusal(sut);

    expect(problem.getStatus()).toBe(429);
    expect(problem.code).toBe('rate-limited');
    expect(problem.message).toBe('too many login attempts for 13800138000; try again in 421 s');
    expect(problem.extensions).toEqual({ retryAfterSeconds: 421 });
  });

  it('refuses when the IP is over its limit even though the phone is not', async () => {
    const sut = new RateLimiter(
      fakeRedis([
        { count: 1, ttl: 900 },
        { count: 11, ttl: 60 },
      ]).redis,
      config,
    );

    const problem = await refusal(sut);

    expect(problem.message).toBe('too many login attempts for 10.0.0.7; try again in 60 s');
  });

  it('names an IPv6 address in full', async () => {
    const sut = new RateLimiter(fakeRedis([{ count: 2, ttl: 30 }]).redis, config);

    const problem = await refusal(sut, [{ key: '2001:db8::1:ip', limit: 1 }]);

    expect(problem.message).toBe('too many login attempts for 2001:db8::1; try again in 30 s');
  });

  it('falls back to the whole window when the key has no ttl', async () => {
    const sut = new RateLimiter(fakeRedis([{ count: 5, ttl: -1 }]).redis, config);

    const problem = await refusal(sut, [limits[0]]);

    expect(problem.extensions).toEqual({ retryAfterSeconds: 900 });
  });

  it.each([
    ['Redis fails', () => Promise.reject(new Error('ECONNREFUSED'))],
    ['the transaction is aborted', () => Promise.resolve(null)],
  ])('refuses with 503 rather than letting attempts through when %s', async (_, exec) => {
    const sut = new RateLimiter(fakeRedis([], exec).redis, config);

    const problem = await refusal(sut);

    expect(problem.getStatus()).toBe(503);
    expect(problem.message).toBe('cannot reach the rate limiter; try again shortly');
  });
});
