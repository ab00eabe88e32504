import { Redis } from 'ioredis';

/** The connection a BullMQ Worker needs: commands wait for Redis to come back rather than failing. */
export function createWorkerConnection(url: string, name: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** The connection for producers: adding a job fails at once while Redis is down, so the outbox row stays put. */
export function createProducerConnection(url: string, name: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectionName: name,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}
