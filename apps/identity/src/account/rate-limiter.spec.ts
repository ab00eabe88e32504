import { CommonConfig, redisHashSlot } from '@countyflow/kernel';
import type { Redis } from 'ioredis';
import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  const scripts: string[][] = [];
  const redis = {
    eval: jest.fn((_script: string, count: number, ...args: unknown[]) => {
      scripts.push(args.slice(0, count) as string[]);
      return Promise.resolve([1, 4]);
    }),
  };
  const sut = new RateLimiter(redis as unknown as Redis, { queuePrefix: '{cf}' } as CommonConfig);

  it('counts every key of an attempt in one Redis Cluster slot, in the reserving and the refunding script', async () => {
    const reservation = await sut.consume(
      'login',
      [
        { key: '13800000000@203.0.113.7:phone-ip', limit: 5 },
        { key: '203.0.113.7:ip', limit: 50 },
      ],
      900,
    );
    await reservation.refund();

    expect(scripts).toHaveLength(2);
    for (const keys of scripts) {
      expect(keys).toEqual([
        '{cf:ratelimit:login}:13800000000@203.0.113.7:phone-ip',
        '{cf:ratelimit:login}:203.0.113.7:ip',
      ]);
      expect(new Set(keys.map(redisHashSlot)).size).toBe(1);
    }
  });
});
