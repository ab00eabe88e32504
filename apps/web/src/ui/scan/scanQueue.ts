import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, newIdempotencyKey, type ProblemDetails, type Service } from '../../api';

/*
 * The device's scan queue. Operators and drivers work where the signal comes and goes, so a scan is first written
 * to IndexedDB with its own Idempotency-Key, then sent; a scan that could not be sent (no answer, a 5xx) waits and
 * goes again when the signal returns (the `online` event, and a timer while anything waits). The same key goes
 * with every attempt, so a scan whose answer was lost is applied once; what the API refused (4xx) stays in the
 * queue with the API's problem, to be shown plainly, and is not sent again.
 */

export type ScanState = 'waiting' | 'sent' | 'refused';

export interface QueuedScan {
  /** The Idempotency-Key, also the record's key. */
  key: string;
  /** What the scan belongs to (`run:<id>`, `node:<id>`): a screen lists its own. */
  scope: string;
  /** What the person scanned (a parcel code), shown in the list. */
  label: string;
  /** What the scan does, in the screen's own words (`drop`, `collect`, `arrived`…). */
  action: string;
  service: Service;
  path: string;
  body: Record<string, unknown>;
  state: ScanState;
  createdAt: number;
  attempts: number;
  /** The API's answer once sent. */
  result?: unknown;
  /** The API's refusal. */
  problem?: ProblemDetails;
}

interface ScanDb extends DBSchema {
  scans: { key: string; value: QueuedScan; indexes: { scope: string; state: ScanState } };
}

const DB_NAME = 'cf-scans';
let database: Promise<IDBPDatabase<ScanDb>> | undefined;

function db(): Promise<IDBPDatabase<ScanDb>> {
  database ??= openDB<ScanDb>(DB_NAME, 1, {
    upgrade(store) {
      const scans = store.createObjectStore('scans', { keyPath: 'key' });
      scans.createIndex('scope', 'scope');
      scans.createIndex('state', 'state');
    },
  });
  return database;
}

/** Tells every open screen (and other tabs) that the queue changed. */
const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('cf-scans');
const listeners = new Set<() => void>();
const changed = () => {
  listeners.forEach((listener) => listener());
  channel?.postMessage('changed');
};
channel?.addEventListener('message', () => listeners.forEach((listener) => listener()));

export async function scansOf(scope: string): Promise<QueuedScan[]> {
  const all = await (await db()).getAllFromIndex('scans', 'scope', scope);
  return all.sort((a, b) => a.createdAt - b.createdAt);
}

export async function waitingCount(): Promise<number> {
  return (await db()).countFromIndex('scans', 'state', 'waiting');
}

/** Keeps the scan on the device, then tries to send everything waiting. */
export async function enqueueScan(
  scan: Pick<QueuedScan, 'scope' | 'label' | 'action' | 'service' | 'path' | 'body'>,
): Promise<QueuedScan> {
  const record: QueuedScan = {
    ...scan,
    key: newIdempotencyKey(),
    state: 'waiting',
    createdAt: Date.now(),
    attempts: 0,
  };
  await (await db()).put('scans', record);
  changed();
  void flushScans();
  return record;
}

/** Forgets the finished scans of a scope (a run completed, a list cleared); waiting ones stay. */
export async function clearFinished(scope: string): Promise<void> {
  const store = await db();
  const done = (await store.getAllFromIndex('scans', 'scope', scope)).filter((scan) => scan.state !== 'waiting');
  await Promise.all(done.map((scan) => store.delete('scans', scan.key)));
  changed();
}

let flushing: Promise<void> | undefined;

/**
 * Sends the waiting scans in the order they were taken, one at a time (single-flight in the tab). Stops at the
 * first scan that gets no answer (the signal is gone: the rest would fail too) and leaves it waiting.
 */
export function flushScans(): Promise<void> {
  flushing ??= sendWaiting().finally(() => {
    flushing = undefined;
  });
  return flushing;
}

async function sendWaiting(): Promise<void> {
  const store = await db();
  const waiting = (await store.getAllFromIndex('scans', 'state', 'waiting')).sort((a, b) => a.createdAt - b.createdAt);
  for (const scan of waiting) {
    const attempt = { ...scan, attempts: scan.attempts + 1 };
    try {
      const result = await api.post<unknown>(scan.service, scan.path, scan.body, { idempotencyKey: scan.key });
      await store.put('scans', { ...attempt, state: 'sent', result });
    } catch (error) {
      if (error instanceof ApiError && !error.isNetwork && error.status >= 400 && error.status < 500) {
        await store.put('scans', { ...attempt, state: 'refused', problem: error.problem });
      } else {
        // no answer or a server fault: it waits for the next try with the same key
        await store.put('scans', attempt);
        changed();
        return;
      }
    }
    changed();
  }
}

/** A refused scan's problem as the ApiError `<ProblemMessage>` shows. */
export const refusalOf = (scan: QueuedScan): ApiError | undefined =>
  scan.problem ? new ApiError(scan.problem) : undefined;

const RETRY_MS = 5_000;

/** Sends what waits when the signal returns, and every few seconds while anything waits. Mounted once. */
export function useScanSender(): void {
  useEffect(() => {
    const tryAgain = () => void flushScans();
    window.addEventListener('online', tryAgain);
    const timer = window.setInterval(() => {
      void waitingCount().then((count) => count > 0 && navigator.onLine && tryAgain());
    }, RETRY_MS);
    tryAgain();
    return () => {
      window.removeEventListener('online', tryAgain);
      window.clearInterval(timer);
    };
  }, []);
}

export interface ScanQueueState {
  scans: QueuedScan[];
  waiting: number;
  refused: number;
  online: boolean;
  enqueue: (scan: Pick<QueuedScan, 'label' | 'action' | 'service' | 'path' | 'body'>) => Promise<QueuedScan>;
  clear: () => Promise<void>;
}

/** One scope's scans, kept current as they are sent or refused, and whether the device has a signal. */
export function useScanQueue(scope: string): ScanQueueState {
  const [scans, setScans] = useState<QueuedScan[]>([]);
  const [online, setOnline] = useState(() => navigator.onLine);
  useScanSender();
  useEffect(() => {
    let current = true;
    const load = () => void scansOf(scope).then((found) => current && setScans(found));
    listeners.add(load);
    load();
    const status = () => setOnline(navigator.onLine);
    window.addEventListener('online', status);
    window.addEventListener('offline', status);
    return () => {
      current = false;
      listeners.delete(load);
      window.removeEventListener('online', status);
      window.removeEventListener('offline', status);
    };
  }, [scope]);
  const enqueue = useCallback(
    (scan: Pick<QueuedScan, 'label' | 'action' | 'service' | 'path' | 'body'>) => enqueueScan({ ...scan, scope }),
    [scope],
  );
  const clear = useCallback(() => clearFinished(scope), [scope]);
  return {
    scans,
    waiting: scans.filter((scan) => scan.state === 'waiting').length,
    refused: scans.filter((scan) => scan.state === 'refused').length,
    online,
    enqueue,
    clear,
  };
}
