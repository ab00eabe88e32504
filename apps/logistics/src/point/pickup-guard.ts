import { CommonConfig, Problem, REDIS } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

export interface PickupPolicy {
  pickupMaxAttempts: number;
  pickupWindowMinutes: number;
  pickupLockMinutes: number;
}

/**
 * Counts wrong pickup codes per village point in Redis (so the limit holds across every replica): after the
 * county's maximum within its window, further tries at that point are refused for the lock period. Without Redis
 * the check fails closed (503): an unlimited guessing window is worse than a short wait.
 */
@Injectable()
export class PickupGuard {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: CommonConfig,
  ) {}

  private key(kind: 'fails' | 'lock', nodeId: string): string {
    return `${this.config.queuePrefix}:logistics:pickup-${kind}:${nodeId}`;
  }

  async assertOpen(nodeId: string): Promise<void> {
    let ttlMs: number;
    try {
      ttlMs = await this.redis.pttl(this.key('lock', nodeId));
    } catch {
      throw new Problem(
        503,
        'pickup-guard-unavailable',
        'cannot check the pickup attempt limit right now; try again shortly',
      );
    }
    if (ttlMs > 0) {
      const retryAfterSeconds = Math.ceil(ttlMs / 1000);
      throw new Problem(
        423,
        'pickup-locked',
        `too many wrong pickup codes at this point: pickups are locked for ${Math.ceil(retryAfterSeconds / 60)} more minute(s)`,
        { retryAfterSeconds },
      );
    }
  }

  /** Counts a wrong try; returns how many tries are left before the point locks (0: it has just locked). */
  async recordFailure(nodeId: string, policy: PickupPolicy): Promise<number> {
    const fails = this.key('fails', nodeId);
    try {
      const results = await this.redis
        .multi()
        .incr(fails)
        .expire(fails, policy.pickupWindowMinutes * 60, 'NX')
        .exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      if (count >= policy.pickupMaxAttempts) {
        await this.redis
          .multi()
          .set(this.key('lock', nodeId), String(Date.now()), 'EX', policy.pickupLockMinutes * 60)
          .del(fails)
          .exec();
        return 0;
      }
      return policy.pickupMaxAttempts - count;
    } catch {
      throw new Problem(
        503,
        'pickup-guard-unavailable',
        'cannot record the pickup attempt right now; try again shortly',
      );
    }
  }
}
