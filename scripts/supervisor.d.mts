// Types of scripts/supervisor.mjs, for the tests that drive it.

export interface Backoff {
  initialMs: number;
  factor: number;
  maxMs: number;
  resetAfterMs: number;
}

export interface SupervisedApp {
  name: string;
  command: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  color?: string;
}

export type SupervisorEvent =
  | { type: 'start'; name: string; pid: number | undefined; attempt: number }
  | { type: 'exit'; name: string; pid: number | undefined; code: number | null; signal: string | null; upMs: number }
  | {
      type: 'restart-scheduled';
      name: string;
      attempt: number;
      delayMs: number;
      code: number | null;
      signal: string | null;
    }
  | { type: 'reset'; name: string; pid: number | undefined };

export interface Supervisor {
  start(): void;
  pidOf(name: string): number | undefined;
  on(listener: (event: SupervisorEvent) => void): () => void;
  stop(signal?: NodeJS.Signals): Promise<void>;
  killAll(): void;
}

export const DEFAULT_BACKOFF: Backoff;
export function backoffDelay(attempt: number, backoff?: Backoff): number;
export function describeExit(code: number | null, signal: string | null): string;
export function createSupervisor(options: {
  apps: SupervisedApp[];
  log?: (message: string) => void;
  output?: (name: string, line: string, stream: 'stdout' | 'stderr') => void;
  backoff?: Partial<Backoff>;
  killTimeoutMs?: number;
}): Supervisor;
