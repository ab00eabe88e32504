// Keeps a set of processes running, as `npm start` needs: each app is its own child; one that dies (a crash, an
// exit, a SIGKILL) is started again after an exponential backoff, and the backoff starts over once the app has
// stayed up for a while. The others are never touched. stop() ends them all: SIGTERM, then SIGKILL after a grace.
import { spawn } from 'node:child_process';

const COLORS = { magenta: 35, cyan: 36, green: 32, yellow: 33, blue: 34, red: 31, gray: 90 };

/** Default timings: 1 s, 2 s, 4 s … up to 30 s between restarts; an app up for 30 s starts again from 1 s. */
export const DEFAULT_BACKOFF = { initialMs: 1000, factor: 2, maxMs: 30_000, resetAfterMs: 30_000 };

/** The delay before restart number `attempt` (1, 2, …). */
export function backoffDelay(attempt, { initialMs, factor, maxMs } = DEFAULT_BACKOFF) {
  return Math.min(maxMs, Math.round(initialMs * factor ** (attempt - 1)));
}

/** How a child ended, in words: "exit code 3", "killed by SIGKILL". */
export const describeExit = (code, signal) => (signal ? `killed by ${signal}` : `exit code ${code}`);

const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 && ms % 1000 !== 0 ? 1 : 0)} s`;

/**
 * @param {object} options
 * @param {{name: string, command: string, args?: string[], env?: object, cwd?: string, color?: string}[]} options.apps
 * @param {(message: string) => void} [options.log] the supervisor's own lines (default: console.log with [start])
 * @param {(name: string, line: string, stream: 'stdout'|'stderr') => void} [options.output] each line an app prints
 *   (default: to this process's stdout/stderr, prefixed with the app's name)
 * @param {Partial<typeof DEFAULT_BACKOFF>} [options.backoff]
 * @param {number} [options.killTimeoutMs] grace between SIGTERM and SIGKILL on stop()
 */
export function createSupervisor({ apps, log, output, backoff = {}, killTimeoutMs = 15_000 }) {
  const timing = { ...DEFAULT_BACKOFF, ...backoff };
  const say = log ?? ((message) => console.log(`[start] ${message}`));
  const width = Math.max(...apps.map((app) => app.name.length));
  const color = process.stdout.isTTY && !process.env.NO_COLOR;
  const print =
    output ??
    ((name, line, stream) => {
      const app = apps.find((entry) => entry.name === name);
      const label = `[${name.padEnd(width)}]`;
      const code = COLORS[app?.color] ?? COLORS.gray;
      (stream === 'stderr' ? process.stderr : process.stdout).write(
        `${color ? `\u001b[${code};1m${label}\u001b[0m` : label} ${line}\n`,
      );
    });

  const listeners = new Set();
  const emit = (event) => listeners.forEach((listener) => listener(event));
  const states = new Map(
    apps.map((app) => [
      app.name,
      { app, child: undefined, attempt: 0, restartTimer: undefined, resetTimer: undefined },
    ]),
  );
  let stopping;

  const pipe = (name, stream, kind) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      lines.forEach((line) => print(name, line, kind));
    });
    stream.on('end', () => {
      if (partial) print(name, partial, kind);
      partial = '';
    });
  };

  const launch = (state) => {
    const { app } = state;
    state.restartTimer = undefined;
    const startedAt = Date.now();
    const child = spawn(app.command, app.args ?? [], {
      cwd: app.cwd,
      env: app.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // a process group of its own: a terminal's Ctrl-C reaches the supervisor only, which stops the apps itself
      detached: true,
    });
    state.child = child;
    pipe(app.name, child.stdout, 'stdout');
    pipe(app.name, child.stderr, 'stderr');
    emit({ type: 'start', name: app.name, pid: child.pid, attempt: state.attempt });
    state.resetTimer = setTimeout(() => {
      if (state.attempt > 0) {
        say(`${app.name} has stayed up ${seconds(timing.resetAfterMs)}: its restart backoff starts over`);
        emit({ type: 'reset', name: app.name, pid: child.pid });
      }
      state.attempt = 0;
    }, timing.resetAfterMs);
    state.resetTimer.unref?.();

    let ended = false;
    const onEnd = (code, signal, error) => {
      if (ended) return;
      ended = true;
      clearTimeout(state.resetTimer);
      state.child = undefined;
      const how = error ? `could not be started (${error.message})` : describeExit(code, signal);
      emit({ type: 'exit', name: app.name, pid: child.pid, code, signal, upMs: Date.now() - startedAt });
      if (stopping) return;
      state.attempt += 1;
      const delay = backoffDelay(state.attempt, timing);
      say(
        `${app.name} (pid ${child.pid ?? '-'}) ${error ? how : `stopped: ${how}`} after ${seconds(Date.now() - startedAt)}; ` +
          `restarting in ${seconds(delay)} (attempt ${state.attempt})`,
      );
      emit({ type: 'restart-scheduled', name: app.name, attempt: state.attempt, delayMs: delay, code, signal });
      state.restartTimer = setTimeout(() => launch(state), delay);
    };
    child.on('error', (error) => onEnd(null, null, error));
    child.on('exit', (code, signal) => onEnd(code, signal));
  };

  return {
    /** Starts every app. */
    start() {
      states.forEach(launch);
    },

    /** The pid of the app's current process, if it runs. */
    pidOf(name) {
      return states.get(name)?.child?.pid;
    },

    /** Subscribes to start / exit / restart-scheduled / reset events; returns the unsubscribe function. */
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Stops every app (no more restarts): `signal` now, SIGKILL to those still running after the grace. */
    stop(signal = 'SIGTERM') {
      if (stopping) return stopping;
      const running = [...states.values()].filter((state) => state.child);
      for (const state of states.values()) {
        clearTimeout(state.restartTimer);
        clearTimeout(state.resetTimer);
      }
      stopping = Promise.all(
        running.map(
          (state) =>
            new Promise((done) => {
              const child = state.child;
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const force = setTimeout(() => child.kill('SIGKILL'), killTimeoutMs);
              child.once('exit', () => {
                clearTimeout(force);
                done();
              });
              child.kill(signal);
            }),
        ),
      ).then(() => undefined);
      return stopping;
    },

    /** Kills every running app at once (a second Ctrl-C). */
    killAll() {
      for (const state of states.values()) state.child?.kill('SIGKILL');
    },
  };
}
