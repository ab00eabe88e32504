import { CommonConfig, redisHashSlot } from '@countyflow/kernel';
import type { Redis } from 'ioredis';
import { PickupGuard } from './pickup-guard';

describe(PickupGuard.name, () => {
  const scripts: string[][] = [];
  const redis = {
    eval: jest.fn((_script: string, count: number, ...args: unknown[]) => {
      scripts.push(args.slice(0, count) as string[]);
      return Promise.resolve([1, 2]);
    }),
  };
  const sut = new PickupGuard(redis as unknown as Redis, { queuePrefix: '{cf}' } as CommonConfig);

  it('counts the point’s, the account’s and the address’s tries in one Redis Cluster slot', async () => {
    const attempt = await sut.count(
      { nodeId: 'node-1', accountId: 'account-1', ip: '203.0.113.7' },
      { pickupMaxAttempts: 5, pickupWindowMinutes: 15, pickupLockMinutes: 30 },
    );
    await attempt.settle(true);

    expect(scripts).toHaveLength(2);
    for (const keys of scripts) {
      expect(keys).toHaveLength(3);
      expect(keys.every((key) => key.startsWith('{cf:logistics:pickup-fails}:'))).toBe(true);
      expect(new Set(keys.map(redisHashSlot)).size).toBe(1);
    }
  });
});
