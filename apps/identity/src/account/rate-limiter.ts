import { AttemptLimit, AttemptLimiter, CommonConfig, Problem, REDIS, redisKeyPrefix } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

export interface NamedLimit {
  /** What the limit is about (`<phone>:phone`, `<ip>:ip`); the part before the last `:` is named in a refusal. */
  key: string;
  limit: number;
}

/** A counted attempt; `refund()` gives it back (a login that succeeded). */
export interface Reservation {
  refund(): Promise<void>;
}

/**
 * The hash tag of an action's counters: the keys one attempt counts (its phone, its address) lie in one Redis Cluster
 * slot, so the script that decides and counts them runs on one node.
 */
export const rateLimitTag = (queuePrefix: string, action: string): string =>
  `{${redisKeyPrefix(queuePrefix)}:ratelimit:${action}}`;

/**
 * Fixed-window attempt counters in Redis, decided and counted in one script (`AttemptLimiter`), so a limit holds
 * across every replica of identity and under a burst of parallel attempts. Refuses with 429 (and Retry-After)
 * once any key is at its limit.
 */
@Injectable()
export class RateLimiter {
  private readonly attempts: AttemptLimiter;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: CommonConfig,
  ) {
    this.attempts = new AttemptLimiter(redis);
  }

  async consume(action: string, limits: NamedLimit[], windowSeconds: number): Promise<Reservation> {
    const keyed: AttemptLimit[] = limits.map(({ key, limit }) => ({
      key: `${rateLimitTag(this.config.queuePrefix, action)}:${key}`,
      limit,
    }));
    const verdict = await this.attempts.reserve(keyed, windowSeconds).catch(() => {
      throw new Problem(503, 'rate-limit-unavailable', 'cannot reach the rate limiter; try again shortly');
    });
    if (!verdict.allowed) {
      const { key } = limits[verdict.refusedBy];
      const { retryAfterSeconds } = verdict;
      throw new Problem(
        429,
        'rate-limited',
        `too many ${action} attempts for ${key.slice(0, key.lastIndexOf(':'))}; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
    return { refund: () => this.attempts.refund(keyed).catch(() => undefined) };
  }
}
