import { CommonConfig, Problem, REDIS } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * Fixed-window counters in Redis, so a limit holds across every replica of identity. Each call counts an
 * attempt against all the given keys and refuses with 429 (and Retry-After) once any key is over its limit.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: CommonConfig,
  ) {}

  async consume(action: string, limits: { key: string; limit: number }[], windowSeconds: number): Promise<void> {
    const pipeline = this.redis.multi();
    const keys = limits.map(({ key }) => `${this.config.queuePrefix}:ratelimit:${action}:${key}`);
    for (const key of keys) {
      pipeline.incr(key).expire(key, windowSeconds, 'NX').ttl(key);
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch {
      throw new Problem(503, 'rate-limit-unavailable', 'cannot reach the rate limiter; try again shortly');
    }
    if (!results) {
      throw new Problem(503, 'rate-limit-unavailable', 'cannot reach the rate limiter; try again shortly');
    }
    limits.forEach(({ key, limit }, index) => {
      const count = Number(results[index * 3][1]);
      const ttl = Number(results[index * 3 + 2][1]);
      if (count > limit) {
        const retryAfterSeconds = ttl > 0 ? ttl : windowSeconds;
        throw new Problem(
          429,
          'rate-limited',
          `too many ${action} attempts for ${key.slice(0, key.lastIndexOf(':'))}; try again in ${retryAfterSeconds} s`,
          { retryAfterSeconds },
        );
      }
    });
  }
}
