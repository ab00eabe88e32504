import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContextData {
  /** Follows a request through the gateway, every service, and every event it causes. */
  requestId: string | null;
  /** Set while an event handler runs: the event being handled, so events it publishes name their cause. */
  causationId?: string | null;
}

const storage = new AsyncLocalStorage<RequestContextData>();

export const RequestContext = {
  run<R>(data: RequestContextData, fn: () => R): R {
    return storage.run(data, fn);
  },
  current(): RequestContextData | undefined {
    return storage.getStore();
  },
  requestId(): string | null {
    return storage.getStore()?.requestId ?? null;
  },
};
