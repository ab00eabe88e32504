import type { Redis } from 'ioredis';
import { assertOneSlot } from './redis-slot';

export interface AttemptLimit {
  /** The full Redis key of the counter; the keys of one call share a hash tag (one Redis Cluster slot). */
  key: string;
  limit: number;
}

export type AttemptVerdict =
  | { allowed: true; attemptsLeft: number }
  | { allowed: false; /** index into the limits that is full */ refusedBy: number; retryAfterSeconds: number };

/*
 * One round trip decides and counts: if any counter is already at its limit the attempt is refused and nothing is
 * counted; otherwise every counter is incremented. A counter that reaches its limit is kept for the lock period.
 * Reading, deciding and counting in one script is what makes a burst of parallel attempts check exactly `limit`.
 */
const RESERVE = `
local window, lock = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[2 + i]) then
    return {-i, redis.call('PTTL', KEYS[i])}
  end
end
local left = -1
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 + i])
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('PEXPIRE', KEYS[i], window) end
  if count >= limit then redis.call('PEXPIRE', KEYS[i], lock) end
  if left < 0 or limit - count < left then left = limit - count end
end
return {1, left}
`;

const REFUND = `
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
`;

/**
 * Attempt limits held in Redis and decided atomically (a Lua script), so they hold across replicas and under
 * parallel bursts. The caller reserves an attempt before checking the secret (so attempts that end in an error
 * are counted too) and refunds it when the secret was right, so only wrong attempts use up a limit.
 */
export class AttemptLimiter {
  constructor(private readonly redis: Redis) {}

  async reserve(limits: AttemptLimit[], windowSeconds: number, lockSeconds = windowSeconds): Promise<AttemptVerdict> {
    assertOneSlot(limits.map(({ key }) => key));
    const [code, value] = (await this.redis.eval(
      RESERVE,
      limits.length,
      ...limits.map(({ key }) => key),
      windowSeconds * 1000,
      lockSeconds * 1000,
      ...limits.map(({ limit }) => limit),
    )) as [number, number];
    if (code > 0) {
      return { allowed: true, attemptsLeft: value };
    }
    return {
      allowed: false,
      refusedBy: -code - 1,
      retryAfterSeconds: value > 0 ? Math.ceil(value / 1000) : lockSeconds,
    };
  }

  async refund(limits: AttemptLimit[]): Promise<void> {
    assertOneSlot(limits.map(({ key }) => key));
    await this.redis.eval(REFUND, limits.length, ...limits.map(({ key }) => key));
  }
}
