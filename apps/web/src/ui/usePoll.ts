import { keepPreviousData, useQuery, useQueryClient, type QueryKey, type QueryState } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';

export interface PollOptions<T> {
  /** Stop polling once this holds (the saga reached the state the page waits for, or a final one). */
  until: (value: T) => boolean;
  /** Poll only while true (e.g. after the user pressed "pay"). Default true. */
  enabled?: boolean;
  /** First wait between two polls; each next wait is `factor` times longer, up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** After this long the view says that it takes longer than usual (it keeps polling). */
  slowAfterMs?: number;
  /**
   * The resource as the server pushes it (server-sent events): each value replaces the data at once. While the
   * stream is open nothing is polled; when it cannot open, drops or ends before `until` holds, polling takes over.
   */
  stream?: (signal: AbortSignal) => AsyncIterable<T>;
}

export interface PollState<T> {
  data: T | undefined;
  /** The last error; transient ones (network, 5xx, 429) do not stop the polling. */
  error: unknown;
  /** `until` holds, or a permanent error (4xx) stopped the polling. */
  settled: boolean;
  /** Polling has gone on longer than `slowAfterMs`. */
  slow: boolean;
  attempts: number;
  /** Starts over from the first delay (e.g. after a write that starts a new wait). */
  restart: () => void;
}

/** The wait before poll number `attempt` (0-based): initial × factor^attempt, capped. */
export function backoffDelay(attempt: number, initialDelayMs = 400, factor = 1.6, maxDelayMs = 4_000): number {
  return Math.min(maxDelayMs, Math.round(initialDelayMs * factor ** attempt));
}

/** A refusal that polling again will not change (bad request, forbidden, not found). */
const isPermanent = (error: unknown): boolean =>
  error instanceof ApiError && error.status >= 400 && error.status < 500 && ![408, 425, 429].includes(error.status);

/** Where a poll stands after its latest answer: how many answers came, and whether polling is over. */
function progressOf<T>(
  state: QueryState<T> | undefined,
  until: (value: T) => boolean,
): { attempts: number; settled: boolean } {
  if (!state) {
    return { attempts: 0, settled: false };
  }
  const attempts = state.dataUpdateCount + state.errorUpdateCount;
  const settled =
    state.status === 'error'
      ? isPermanent(state.error)
      : state.status === 'success' && state.data !== undefined && until(state.data);
  return { attempts, settled };
}

/**
 * Follows a resource whose state changes asynchronously (a saga: an order waiting for its stock reservation or its
 * payment, a shipment being created): a TanStack query under `key` (area first, like useApi's, with every input of
 * `load`), loaded at once, then again with a growing delay (`refetchInterval`) until `until` holds or a permanent
 * error stops it. `restart` starts over from the first delay under a fresh key, showing the last answer meanwhile.
 */
export function usePoll<T>(
  key: QueryKey,
  load: (signal: AbortSignal) => Promise<T>,
  options: PollOptions<T>,
): PollState<T> {
  const {
    until,
    enabled = true,
    initialDelayMs = 400,
    maxDelayMs = 4_000,
    factor = 1.6,
    slowAfterMs = 15_000,
    stream,
  } = options;
  const client = useQueryClient();
  const [generation, setGeneration] = useState(0);
  const queryKey = [...key, { poll: generation }];
  const streaming = useStream(client, queryKey, enabled ? stream : undefined, until);
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => load(signal),
    enabled,
    placeholderData: keepPreviousData,
    refetchIntervalInBackground: true,
    refetchInterval: (current) => {
      const { attempts, settled } = progressOf(current.state, until);
      return settled || attempts === 0 || streaming
        ? false
        : backoffDelay(attempts - 1, initialDelayMs, factor, maxDelayMs);
    },
  });
  const { attempts, settled } = query.isPlaceholderData
    ? { attempts: 0, settled: false }
    : progressOf(client.getQueryState<T>(queryKey), until);
  // the waits so far, which is how long it has been polling (give or take the answers' own time)
  let waited = 0;
  for (let attempt = 0; attempt < attempts - 1; attempt++) {
    waited += backoffDelay(attempt, initialDelayMs, factor, maxDelayMs);
  }
  const restart = useCallback(() => setGeneration((n) => n + 1), []);
  return {
    data: query.data,
    error: query.isError ? query.error : undefined,
    settled,
    slow: !settled && waited > slowAfterMs,
    attempts,
    restart,
  };
}

/**
 * Feeds the query under `queryKey` from `stream` while the key stays the same (a restart opens a new stream); true
 * while the stream is open. The latest `stream` and `until` are used without reopening on every render.
 */
function useStream<T>(
  client: ReturnType<typeof useQueryClient>,
  queryKey: QueryKey,
  stream: ((signal: AbortSignal) => AsyncIterable<T>) | undefined,
  until: (value: T) => boolean,
): boolean {
  const [open, setOpen] = useState(false);
  const latest = useRef({ stream, until });
  latest.current = { stream, until };
  const keyText = JSON.stringify(queryKey);
  const wanted = stream !== undefined;
  useEffect(() => {
    const follow = latest.current.stream;
    if (!wanted || !follow) {
      return;
    }
    const controller = new AbortController();
    const key = JSON.parse(keyText) as QueryKey;
    void (async () => {
      try {
        for await (const value of follow(controller.signal)) {
          setOpen(true);
          client.setQueryData(key, value);
          if (latest.current.until(value)) {
            break;
          }
        }
      } catch {
        // the stream could not open or dropped: polling takes over
      } finally {
        if (!controller.signal.aborted) {
          setOpen(false);
        }
      }
    })();
    return () => {
      controller.abort();
      setOpen(false);
    };
  }, [client, keyText, wanted]);
  return open;
}
