import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
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

/**
 * Follows a resource whose state changes asynchronously (a saga: an order waiting for its stock reservation or its
 * payment, a shipment being created): loads it at once, then again with a growing delay until `until` holds.
 */
export function usePoll<T>(
  load: (signal: AbortSignal) => Promise<T>,
  options: PollOptions<T>,
  deps: DependencyList,
): PollState<T> {
  const { enabled = true, initialDelayMs = 400, maxDelayMs = 4_000, factor = 1.6, slowAfterMs = 15_000 } = options;
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [settled, setSettled] = useState(false);
  const [slow, setSlow] = useState(false);
  const [attempts, setAttempts] = useState(0);
  const [generation, setGeneration] = useState(0);
  const latest = useRef({ load, until: options.until });
  latest.current = { load, until: options.until };

  useEffect(() => {
    if (!enabled) {
      return;
    }
    const controller = new AbortController();
    let timer: number | undefined;
    const startedAt = Date.now();
    setSettled(false);
    setSlow(false);
    const poll = async (attempt: number): Promise<void> => {
      setAttempts(attempt + 1);
      try {
        const value = await latest.current.load(controller.signal);
        if (controller.signal.aborted) {
          return;
        }
        setData(value);
        setError(undefined);
        if (latest.current.until(value)) {
          setSettled(true);
          return;
        }
      } catch (failure) {
        if (controller.signal.aborted) {
          return;
        }
        setError(failure);
        if (isPermanent(failure)) {
          setSettled(true);
          return;
        }
      }
      setSlow(Date.now() - startedAt > slowAfterMs);
      timer = window.setTimeout(
        () => void poll(attempt + 1),
        backoffDelay(attempt, initialDelayMs, factor, maxDelayMs),
      );
    };
    void poll(0);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
    // the caller's deps decide when to start over; load/until are read fresh on every poll
  }, [enabled, generation, initialDelayMs, maxDelayMs, factor, slowAfterMs, ...deps]);

  const restart = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, settled, slow, attempts, restart };
}
