// `npm start`: one command from a fresh checkout to a running CountyFlow.
//   .env → PostgreSQL + Redis (scripts/infra.mjs) → build → migrate → seed → five apps (scripts/supervisor.mjs) → /ready.
// An app that dies is started again after a backoff (1 s, 2 s, 4 s … 30 s; from 1 s again once it stayed up 30 s).
// Ctrl-C stops the apps, then whatever infrastructure this run started, and exits 0.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 500;
const APPS = [
  { name: 'gateway', portVar: 'GATEWAY_PORT', defaultPort: 3000, color: 'magenta' },
  { name: 'identity', portVar: 'IDENTITY_PORT', defaultPort: 3001, color: 'cyan' },
  { name: 'catalog', portVar: 'CATALOG_PORT', defaultPort: 3002, color: 'green' },
  { name: 'orders', portVar: 'ORDERS_PORT', defaultPort: 3003, color: 'yellow' },
  { name: 'logistics', portVar: 'LOGISTICS_PORT', defaultPort: 3004, color: 'blue' },
];

const log = (message = '') => console.log(`[start] ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const startedAt = performance.now();
let stepNumber = 0;
const STEPS = 7;

/** Runs one named step with a log line before and a timing after. */
async function step(title, fn) {
  stepNumber += 1;
  log(`(${stepNumber}/${STEPS}) ${title}...`);
  const t0 = performance.now();
  const value = await fn();
  checkInterrupted();
  log(`(${stepNumber}/${STEPS}) ${title}: done in ${seconds(performance.now() - t0)}`);
  return value;
}

class StartError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Signals before the apps run: let the current step finish (or kill its child), clean up, exit 130.
let interrupted;
let currentChild;
let infra;
function onSetupSignal(signal) {
  if (interrupted) {
    console.error(`\n[start] ${signal} again: exiting without cleanup.`);
    process.exit(130);
  }
  interrupted = signal;
  console.error(`\n[start] ${signal} received: stopping after the current step...`);
  currentChild?.kill(signal);
}
function checkInterrupted() {
  if (interrupted) throw new StartError(`interrupted by ${interrupted}`);
}
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
SIGNALS.forEach((signal) => process.on(signal, onSetupSignal));

/** Runs `node <script>` with the given env and inherited output; rejects with a clear message on failure. */
function runNode(script, env, what) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: ROOT, env, stdio: 'inherit' });
    currentChild = child;
    child.on('error', (error) => fail(new StartError(`${what} could not be started: ${error.message}`)));
    child.on('exit', (code, signal) => {
      currentChild = undefined;
      if (code === 0) done();
      else
        fail(
          new StartError(
            `${what} failed (${signal ? `killed by ${signal}` : `exit code ${code}`}); see its output above.`,
          ),
        );
    });
  });
}

function requireBuilt(relative, hint) {
  if (!existsSync(join(ROOT, relative))) {
    throw new StartError(`${relative} does not exist after the build: ${hint}`);
  }
}

function portOf(app) {
  const value = Number(process.env[app.portVar] || app.defaultPort);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new StartError(`${app.portVar}=${process.env[app.portVar]} is not a valid port`);
  }
  return value;
}

/** True when something already accepts connections on 127.0.0.1:port. */
function portInUse(port) {
  return new Promise((done) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
  });
}

async function probeReady(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer().catch(() => {});
    return { ok: response.ok, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: error.cause?.code || error.name || error.message };
  }
}

function box(lines) {
  const width = Math.max(...lines.map((line) => line.length));
  const edge = '─'.repeat(width + 2);
  return [`┌${edge}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${edge}┘`].join('\n');
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

async function stopInfra() {
  if (!infra || infra.started.length === 0) return;
  try {
    await infra.stop();
  } catch (error) {
    console.error(`[start] warning: could not stop infrastructure: ${error.message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function setup() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20)
    throw new StartError(`Node.js ${process.versions.node} is too old; CountyFlow needs Node.js 20.19 or newer.`);
  if (!existsSync(join(ROOT, 'node_modules'))) {
    throw new StartError('node_modules is missing: run `npm ci` (or `npm install`) first.');
  }
  let infraModule;
  let supervisorModule;
  try {
    infraModule = await import('./infra.mjs');
    supervisorModule = await import('./supervisor.mjs');
  } catch (error) {
    throw new StartError(`dependencies are missing or broken (${error.message}): run \`npm ci\` first.`);
  }
  const { ensureInfrastructure, loadDotEnv } = infraModule;

  await step('Loading .env', async () => {
    const values = loadDotEnv(ROOT);
    Object.assign(process.env, values);
    const count = Object.keys(values).length;
    log(
      existsSync(join(ROOT, '.env'))
        ? `  ${count} value(s) from .env (variables already set in the environment win)`
        : '  no .env file: using the environment and built-in defaults (see .env.example)',
    );
  });

  await step('Checking PostgreSQL and Redis', async () => {
    try {
      // Assigned inside the step so that an interrupt right after it still stops what was started.
      infra = await ensureInfrastructure({
        databaseUrl: process.env.DATABASE_URL,
        redisUrl: process.env.REDIS_URL,
        log: (message) => log(`  ${message}`),
      });
    } catch (error) {
      throw new StartError(error.message);
    }
  });
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.REDIS_URL = infra.redisUrl;

  await step('Building (node scripts/build.mjs)', () =>
    runNode(join(ROOT, 'scripts/build.mjs'), process.env, 'the build'),
  );
  requireBuilt('dist/scripts/migrate.js', 'scripts/migrate.ts is missing (migrations are not written yet?).');
  requireBuilt('dist/scripts/seed.js', 'scripts/seed.ts is missing (seed data is not written yet?).');
  const missingApps = APPS.filter((app) => !existsSync(join(ROOT, `dist/services/${app.name}/main.js`)));
  if (missingApps.length > 0) {
    throw new StartError(
      `not built: ${missingApps.map((app) => `dist/services/${app.name}/main.js`).join(', ')} (apps/<app>/src/main.ts missing?).`,
    );
  }

  await step('Migrating the database (dist/scripts/migrate.js)', () =>
    runNode('dist/scripts/migrate.js', process.env, 'migrate'),
  );
  await step('Seeding demo data (dist/scripts/seed.js)', () => runNode('dist/scripts/seed.js', process.env, 'seed'));

  const ports = APPS.map((app) => ({ ...app, port: portOf(app) }));
  // Make the ports explicit for every app (the gateway also needs its neighbours' URLs).
  for (const app of ports) process.env[app.portVar] = String(app.port);
  for (const app of ports.filter((entry) => entry.name !== 'gateway')) {
    const urlVar = `${app.name.toUpperCase()}_URL`;
    process.env[urlVar] ||= `http://127.0.0.1:${app.port}`;
  }
  const busy = [];
  for (const app of ports) if (await portInUse(app.port)) busy.push(app);
  if (busy.length > 0) {
    throw new StartError(
      `port(s) already in use: ${busy.map((app) => `${app.port} (${app.name}, ${app.portVar})`).join(', ')}.\n` +
        '  Is another CountyFlow still running? Stop it, or choose other ports in .env.',
    );
  }
  checkInterrupted();
  return { apps: ports, createSupervisor: supervisorModule.createSupervisor };
}

function run({ apps, createSupervisor }) {
  stepNumber += 1;
  log(`(${stepNumber}/${STEPS}) Starting ${apps.map((app) => app.name).join(', ')} (each restarted if it dies)...`);
  const appsStartedAt = performance.now();

  SIGNALS.forEach((signal) => process.off(signal, onSetupSignal));

  const supervisor = createSupervisor({
    apps: apps.map((app) => ({
      name: app.name,
      command: process.execPath,
      // no --enable-source-maps: it parses every loaded module's source map at boot (about 13 MB an app); each app
      // maps its own stack frames when one is printed (mapStackTraces in libs/kernel); one bundle per service
      // (scripts/bundle.mjs)
      args: [`dist/services/${app.name}/main.js`],
      env: { ...process.env },
      cwd: ROOT,
      color: app.color,
    })),
    killTimeoutMs: 15_000,
  });

  let shutdownSignal; // set on Ctrl-C / SIGTERM: a clean stop
  let failure; // set when readiness times out

  const shutdown = async (code) => {
    await supervisor.stop('SIGTERM');
    await stopInfra();
    if (code === 0) log('Stopped.');
    else console.error(`[start] ${failure}: exiting with code ${code}.`);
    process.exit(code);
  };

  // The apps run in process groups of their own, so Ctrl-C reaches only this process: it stops them, none restarts.
  const onSignal = (signal) => {
    if (shutdownSignal) {
      console.error(`\n[start] ${signal} again: killing the apps.`);
      supervisor.killAll();
      return;
    }
    shutdownSignal = signal;
    console.error(`\n[start] ${signal} received: stopping the apps...`);
    void shutdown(0);
  };
  SIGNALS.forEach((signal) => process.on(signal, onSignal));

  // After the first start, say when a restarted app answers /ready again.
  let everyAppReady = false;
  supervisor.on(async (event) => {
    if (event.type !== 'start' || event.attempt === 0 || !everyAppReady) return;
    const app = apps.find((entry) => entry.name === event.name);
    const t0 = performance.now();
    while (!shutdownSignal && supervisor.pidOf(app.name) === event.pid) {
      if ((await probeReady(app.port)).ok) {
        log(`${app.name} (pid ${event.pid}) ready again on :${app.port} after ${seconds(performance.now() - t0)}`);
        return;
      }
      await new Promise((done) => setTimeout(done, READY_POLL_MS));
    }
  });
  supervisor.start();

  const waitForReady = async () => {
    stepNumber += 1;
    log(`(${stepNumber}/${STEPS}) Waiting for every app's /ready (timeout ${READY_TIMEOUT_MS / 1000} s)...`);
    const state = new Map(apps.map((app) => [app.name, { ready: false, detail: 'not polled yet' }]));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!shutdownSignal && !failure) {
      await Promise.all(
        apps
          .filter((app) => !state.get(app.name).ready)
          .map(async (app) => {
            const probe = await probeReady(app.port);
            state.set(app.name, { ready: probe.ok, detail: probe.detail });
            if (probe.ok) log(`  ${app.name} ready on :${app.port} (${seconds(performance.now() - appsStartedAt)})`);
          }),
      );
      if ([...state.values()].every((entry) => entry.ready)) return true;
      if (Date.now() >= deadline) {
        const notReady = apps.filter((app) => !state.get(app.name).ready);
        failure = `not ready after ${READY_TIMEOUT_MS / 1000} s: ${notReady
          .map((app) => `${app.name} (http://127.0.0.1:${app.port}/ready: ${state.get(app.name).detail})`)
          .join(', ')}`;
        void shutdown(1);
        return false;
      }
      await new Promise((done) => setTimeout(done, READY_POLL_MS));
    }
    return false;
  };

  void waitForReady().then((ready) => {
    if (!ready || shutdownSignal || failure) return;
    everyAppReady = true;
    log(`(${stepNumber}/${STEPS}) All apps ready in ${seconds(performance.now() - appsStartedAt)}`);
    const gateway = `http://localhost:${apps.find((app) => app.name === 'gateway').port}`;
    const lines = [
      `CountyFlow is running (started in ${seconds(performance.now() - startedAt)})`,
      '',
      `Web app        ${gateway}/   (buyers, sellers, service points, county staff)`,
      `Gateway        ${gateway}/api/<service>/…`,
      `API docs       ${gateway}/docs   (OpenAPI for all services)`,
      `OpenAPI JSON   ${gateway}/docs-json`,
      `Queues         ${gateway}/admin/queues   (platform admins)`,
      '',
      `PostgreSQL     ${redact(infra.databaseUrl)}`,
      `Redis          ${redact(infra.redisUrl)}`,
      '',
      'demo logins (password countyflow-2026): 13900000002 county staff, 13900000003 cooperative,',
      '  13900000004 merchant, 13900000005 village operator, 13900000006 city buyer; more in README',
      'An app that dies is started again (backoff 1 s … 30 s). Press Ctrl-C to stop.',
    ];
    console.log(`\n${box(lines)}\n`);
  });
}

try {
  const plan = await setup();
  run(plan);
} catch (error) {
  const interruptedRun = Boolean(interrupted);
  if (interruptedRun) console.error('[start] Interrupted: cleaning up.');
  else console.error(`\n[start] FAILED: ${error instanceof StartError ? error.message : error?.stack || error}`);
  await stopInfra();
  process.exit(interruptedRun ? 130 : 1);
}
