import { Redis, RedisOptions } from 'ioredis';

/**
 * A Redis client for request-time work (rate limits, token revocation): commands fail fast while Redis is
 * unreachable instead of queueing, so a request gets a clear 503 rather than hanging.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...options,
  });
}
