import { waitFor } from '@countyflow/testing';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'web') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The service's bundle, as `npm start` runs it (scripts/bundle.mjs). */
const distMain = (service: string): string => join(root, 'dist', 'services', service, 'main.js');

/** Whether the built services are missing or older than the sources. */
function stale(services: string[]): boolean {
  const mains = services.map(distMain);
  const built = mains.every((main) => existsSync(main)) ? Math.min(...mains.map((main) => statSync(main).mtimeMs)) : 0;
  const sources = Math.max(...['apps', 'libs', 'migrations'].map((dir) => newestSource(join(root, dir))));
  return built < sources;
}

/** Held while one Jest worker builds; a lock older than this was left by a worker that died mid-build. */
const BUILD_LOCK = join(root, 'node_modules', '.cache', 'countyflow-build.lock');
const BUILD_LOCK_STALE_MS = 10 * 60_000;

/**
 * The services run from dist/: build it when it is missing or older than the sources (SWC and the bundles, ~10 s).
 * Two Jest workers may ask at once (the chaos files, in a clean clone): the build starts by removing dist/, so one
 * builds under a lock (a directory, made atomically) and the other waits for it and then finds dist/ fresh.
 */
export function ensureBuilt(services: string[]): void {
  // the lock is taken even to look: a build under way may have written main.js before its chunks
  mkdirSync(join(BUILD_LOCK, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (!held) continue; // released meanwhile: try again
      if (Date.now() - held.mtimeMs > BUILD_LOCK_STALE_MS) {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      } else {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200); // synchronous, like the build itself
      }
    }
  }
  try {
    if (stale(services)) {
      execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--server-only'], {
        cwd: root,
        stdio: 'pipe',
      });
    }
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/**
 * One service as a real process of its own (`node dist/services/<service>/main.js`), so that a test can SIGKILL it
 * at a moment of its choosing and start it again: nothing in memory survives, only what was committed.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  /** How many times it was started, and the last lines it wrote (for a failure's message). */
  starts = 0;
  readonly output: string[] = [];
  /** The children this test killed on purpose (a start that is waiting for one of them stops waiting). */
  private readonly killed = new WeakSet<ChildProcess>();

  constructor(
    readonly service: string,
    readonly url: string,
    private readonly env: Record<string, string>,
  ) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts it and resolves once its /ready answers 200 — or once the test itself has killed it (a chaos test may kill
   * a process that is still booting: its workers start before its HTTP does); the caller sees `running` false then.
   */
  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, [distMain(this.service)], {
      cwd: root,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 40));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    await waitFor(
      async () => {
        if (this.killed.has(child)) {
          return true;
        }
        if (child.exitCode !== null || child.signalCode !== null) {
          const how = child.exitCode !== null ? `exited with ${child.exitCode}` : `was killed by ${child.signalCode}`;
          throw new Error(`${this.service} ${how}: ${this.output.join('\n')}`);
        }
        return (await fetch(`${this.url}/ready`, { signal: AbortSignal.timeout(2000) })).status === 200;
      },
      { timeoutMs, intervalMs: 200, what: `${this.service} /ready` },
    );
  }

  /** SIGKILL (a crash: no shutdown hook runs); resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.killed.add(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
