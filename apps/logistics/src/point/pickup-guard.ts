import { AttemptLimit, AttemptLimiter, CommonConfig, Problem, REDIS, redisKeyPrefix } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

export interface PickupPolicy {
  pickupMaxAttempts: number;
  pickupWindowMinutes: number;
  pickupLockMinutes: number;
}

/** Who is trying a code, and where. */
export interface PickupAttempt {
  nodeId: string;
  accountId: string;
  ip: string;
}

/** An attempt counted before the code is checked; `settle(true)` gives it back when the code was right. */
export interface CountedAttempt {
  /** Tries this account has left at this point after this one (0: this was the last before the lock). */
  attemptsLeft: number;
  settle(correct: boolean): Promise<void>;
}

/** How many wrong codes an account may try across all points, and an address across all accounts, per window. */
export const ACCOUNT_FACTOR = 2;
export const ADDRESS_FACTOR = 10;

/**
 * Wrong pickup codes counted in Redis, atomically (one script decides and counts), before the code is checked, so a
 * parallel burst is checked exactly up to the limit and a try that ends in an error still counts. The counters are
 * the account at this point (the county's `pickupMaxAttempts`), the account at every point (×2, so an account does
 * not get a fresh allowance at each of the county's points) and the caller's address (×10). A lock is held by the
 * one who guessed: another operator or county staff at the same point still hands the rightful recipient's parcel
 * over, and no one can lock a point they do not operate. Without Redis the check fails closed (503).
 */
@Injectable()
export class PickupGuard {
  private readonly attempts: AttemptLimiter;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly config: CommonConfig,
  ) {
    this.attempts = new AttemptLimiter(redis);
  }

  async count(attempt: PickupAttempt, policy: PickupPolicy): Promise<CountedAttempt> {
    // one hash tag for the three counters: the script that decides and counts them needs them in one cluster slot
    const prefix = `{${redisKeyPrefix(this.config.queuePrefix)}:logistics:pickup-fails}`;
    const limits: AttemptLimit[] = [
      { key: `${prefix}:point:${attempt.nodeId}:account:${attempt.accountId}`, limit: policy.pickupMaxAttempts },
      { key: `${prefix}:account:${attempt.accountId}`, limit: policy.pickupMaxAttempts * ACCOUNT_FACTOR },
      { key: `${prefix}:ip:${attempt.ip}`, limit: policy.pickupMaxAttempts * ADDRESS_FACTOR },
    ];
    const verdict = await this.attempts
      .reserve(limits, policy.pickupWindowMinutes * 60, policy.pickupLockMinutes * 60)
      .catch(() => {
        throw new Problem(
          503,
          'pickup-guard-unavailable',
          'cannot check the pickup attempt limit right now; try again shortly',
        );
      });
    if (!verdict.allowed) {
      const { retryAfterSeconds } = verdict;
      const who = ['you have', 'your account has', 'your address has'][verdict.refusedBy];
      throw new Problem(
        423,
        'pickup-locked',
        `${who} tried too many wrong pickup codes: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
        { retryAfterSeconds },
      );
    }
    return {
      attemptsLeft: verdict.attemptsLeft,
      settle: async (correct) => {
        if (correct) {
          await this.attempts.refund(limits).catch(() => undefined);
        }
      },
    };
  }
}
