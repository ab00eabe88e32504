import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSupervisor, Supervisor, SupervisorEvent } from '../../scripts/supervisor.mjs';

/*
 * The supervisor `npm start` runs the five apps under (scripts/supervisor.mjs), driven with real child processes:
 * small stand-in Node scripts that say "up" and wait, one of which crashes with exit code 3 the first time. A real
 * SIGKILL of one must restart that one only, after a backoff that doubles while it keeps dying and starts over once it
 * stayed up; stop() ends everything and nothing comes back.
 */

jest.setTimeout(60_000);

const STAND_IN = `
const fs = require('node:fs');
const [mode, marker] = process.argv.slice(2);
if (mode === 'crash-once' && !fs.existsSync(marker)) {
  fs.writeFileSync(marker, '');
  console.error('boom: cannot open the database');
  process.exit(3);
}
console.log('up ' + process.pid);
process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });
setInterval(() => {}, 1000);
`;

const BACKOFF = { initialMs: 300, factor: 2, maxMs: 5_000, resetAfterMs: 4_000 };

const alive = (pid: number | undefined): boolean => {
  if (!pid) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the npm start supervisor, with real processes', () => {
  let dir: string;
  let sut: Supervisor;
  const events: SupervisorEvent[] = [];
  const logs: string[] = [];
  const lines: string[] = [];

  /** Resolves with the first event (from now on, or already seen after `since`) that matches. */
  const next = (match: (event: SupervisorEvent) => boolean, since: number, timeoutMs = 20_000) =>
    new Promise<SupervisorEvent>((resolve, reject) => {
      const seen = events.slice(since).find(match);
      if (seen) {
        return resolve(seen);
      }
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no such supervisor event within ${timeoutMs} ms; events: ${JSON.stringify(events)}`));
      }, timeoutMs);
      const off = sut.on((event) => {
        if (match(event)) {
          clearTimeout(timer);
          off();
          resolve(event);
        }
      });
    });
  /** The stand-in said "up" from this pid (the process really runs, not only spawned). */
  const upLine = async (name: string, pid: number | undefined) => {
    const deadline = Date.now() + 20_000;
    while (!lines.includes(`${name}: up ${pid}`)) {
      if (Date.now() > deadline) {
        throw new Error(`${name} (pid ${pid}) never said up; output: ${lines.join(' | ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'countyflow-supervisor-'));
    writeFileSync(join(dir, 'stand-in.js'), STAND_IN);
    const app = (name: string, ...args: string[]) => ({
      name,
      command: process.execPath,
      args: [join(dir, 'stand-in.js'), ...args],
      cwd: dir,
    });
    sut = createSupervisor({
      apps: [app('orders'), app('catalog'), app('logistics', 'crash-once', join(dir, 'crashed'))],
      backoff: BACKOFF,
      killTimeoutMs: 5_000,
      log: (message) => logs.push(message),
      output: (name, line) => lines.push(`${name}: ${line}`),
    });
    sut.on((event) => events.push(event));
    sut.start();
  });

  afterAll(async () => {
    await sut?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts an app that exits with an error, saying which, how and when', async () => {
    const crashed = await next((e) => e.type === 'restart-scheduled' && e.name === 'logistics', 0);
    expect(crashed).toMatchObject({ code: 3, signal: null, attempt: 1, delayMs: 300 });
    expect(logs).toContainEqual(
      expect.stringMatching(
        /^logistics \(pid \d+\) stopped: exit code 3 after [\d.]+ s; restarting in 0\.3 s \(attempt 1\)$/,
      ),
    );
    expect(lines).toContain('logistics: boom: cannot open the database');
    const restarted = await next((e) => e.type === 'start' && e.name === 'logistics', events.indexOf(crashed));
    await upLine('logistics', restarted.type === 'start' ? restarted.pid : undefined);
  });

  it('restarts only the app that was SIGKILLed, with a backoff that doubles while it keeps dying', async () => {
    await upLine('orders', sut.pidOf('orders'));
    await upLine('catalog', sut.pidOf('catalog'));
    const catalogPid = sut.pidOf('catalog');
    const pids: number[] = [];

    for (const [attempt, delayMs] of [
      [1, 300],
      [2, 600],
      [3, 1200],
    ]) {
      const pid = sut.pidOf('orders')!;
      await upLine('orders', pid);
      pids.push(pid);
      const mark = events.length;
      process.kill(pid, 'SIGKILL');
      const scheduled = await next((e) => e.type === 'restart-scheduled' && e.name === 'orders', mark);
      expect(scheduled).toMatchObject({ signal: 'SIGKILL', attempt, delayMs });
      expect(logs).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^orders \\(pid ${pid}\\) stopped: killed by SIGKILL after [\\d.]+ s; restarting in ${delayMs / 1000} s \\(attempt ${attempt}\\)$`,
          ),
        ),
      );
      const started = await next((e) => e.type === 'start' && e.name === 'orders', mark);
      expect(started.type === 'start' && started.pid).not.toBe(pid);
    }

    const current = sut.pidOf('orders');
    await upLine('orders', current);
    expect(alive(current)).toBe(true);
    expect(pids.some(alive)).toBe(false);
    // the neighbour was never touched
    expect(sut.pidOf('catalog')).toBe(catalogPid);
    expect(alive(catalogPid)).toBe(true);
    expect(events.filter((e) => e.type === 'exit' && e.name === 'catalog')).toEqual([]);
  });

  it('starts the backoff over once the app has stayed up', async () => {
    const mark = events.length;
    const reset = await next((e) => e.type === 'reset' && e.name === 'orders', 0, 15_000);
    expect(logs).toContain('orders has stayed up 4 s: its restart backoff starts over');
    const pid = reset.type === 'reset' ? reset.pid! : 0;
    expect(sut.pidOf('orders')).toBe(pid);
    process.kill(pid, 'SIGKILL');
    const scheduled = await next((e) => e.type === 'restart-scheduled' && e.name === 'orders', mark);
    expect(scheduled).toMatchObject({ signal: 'SIGKILL', attempt: 1, delayMs: 300 });
    await next((e) => e.type === 'start' && e.name === 'orders', mark);
  });

  it('stops every app on stop(), even one waiting for its restart, and restarts nothing after', async () => {
    await upLine('orders', sut.pidOf('orders'));
    const running = ['orders', 'catalog', 'logistics'].map((name) => sut.pidOf(name));
    expect(running.every(alive)).toBe(true);
    const mark = events.length;
    // catalog dies and waits for its restart while the stop begins
    process.kill(running[1]!, 'SIGKILL');
    await next((e) => e.type === 'restart-scheduled' && e.name === 'catalog', mark);

    await sut.stop();

    expect(running.some(alive)).toBe(false);
    expect(lines).toEqual(expect.arrayContaining(['orders: bye', 'logistics: bye']));
    await new Promise((resolve) => setTimeout(resolve, BACKOFF.initialMs * 3));
    expect(events.slice(mark).filter((e) => e.type === 'start')).toEqual([]);
    expect(['orders', 'catalog', 'logistics'].map((name) => sut.pidOf(name))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
