// Makes sure PostgreSQL and Redis are there before CountyFlow starts (used by `npm start`).
//
// Order of preference for each of the two servers:
//   1. the URL it was given (DATABASE_URL / REDIS_URL, or the defaults below): used as is; the database is
//      created on that server when it does not exist yet;
//   2. a server CountyFlow started earlier on the alternative ports (PostgreSQL 54329, Redis 63799);
//   3. Docker, when an engine answers: `docker compose up -d postgres redis` (ports published on 127.0.0.1 only);
//   4. local binaries (initdb/pg_ctl, redis-server): a private instance with its data under <repo>/.data;
//   5. otherwise an Error that says what to install and which variables to set.
// stop() only stops what this call started itself. Nothing here changes the configuration of a server it did
// not start. Dependencies: node built-ins, pg and ioredis only.
import IORedis from 'ioredis';
import { spawn } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const Redis = IORedis.Redis ?? IORedis.default ?? IORedis;

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/countyflow';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const LOCAL_POSTGRES_PORT = 54329;
export const LOCAL_REDIS_PORT = 63799;

const DATA_DIR = join(REPO_ROOT, '.data');
const PG_DATA_DIR = join(DATA_DIR, 'postgres');
const PG_SOCKET_DIR = join(DATA_DIR, 'run');
const PG_LOG_FILE = join(DATA_DIR, 'postgres.log');
const REDIS_DATA_DIR = join(DATA_DIR, 'redis');
const REDIS_LOG_FILE = join(DATA_DIR, 'redis.log');
const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');
const COMPOSE_PORTS_FILE = join(DATA_DIR, 'docker-compose.local-ports.yml');
// Errors that mean "nothing answered there" (as opposed to "something answered and said no").
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'ENOENT',
]);

/**
 * Reads <repoRoot>/.env when present (KEY=VALUE lines, `#` comments, optional `export `, single or double
 * quotes) and returns the entries whose key is not already set in process.env. Does not touch process.env.
 */
export function loadDotEnv(repoRoot = REPO_ROOT) {
  const file = join(repoRoot, '.env');
  if (!existsSync(file)) return {};
  const values = {};
  for (const rawLine of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match;
    let value = rest;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"')
        value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    if (process.env[key] === undefined) values[key] = value;
  }
  return values;
}

/** Hides the password of a connection URL for logging. */
export function redactUrl(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return String(url);
  }
}

/**
 * Makes PostgreSQL and Redis available. Returns { databaseUrl, redisUrl, started, stop }: the URLs that work
 * now (possibly different from the ones given), what was started (list of { service, via, url, ... }) and an
 * async stop() that stops exactly those, nothing else.
 */
export async function ensureInfrastructure({ databaseUrl, redisUrl, log = console.log } = {}) {
  const say = (message) => log(`[infra] ${message}`);
  const requested = {
    postgres: databaseUrl || DEFAULT_DATABASE_URL,
    redis: redisUrl || DEFAULT_REDIS_URL,
  };
  // A URL equal to the default counts as "not chosen by the user": if that server answers but refuses us
  // (password required, no such role) we fall back to a private instance instead of failing.
  const explicit = {
    postgres: Boolean(databaseUrl) && databaseUrl !== DEFAULT_DATABASE_URL,
    redis: Boolean(redisUrl) && redisUrl !== DEFAULT_REDIS_URL,
  };
  const started = [];
  const stoppers = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const stopOne of [...stoppers].reverse()) {
      try {
        await stopOne();
      } catch (error) {
        say(`warning: ${error.message}`);
      }
    }
  };

  try {
    const result = { postgres: requested.postgres, redis: requested.redis };
    const missing = {};

    const [pgProbe, redisProbe] = await Promise.all([probePostgres(requested.postgres), probeRedis(requested.redis)]);
    for (const [service, probe] of [
      ['postgres', pgProbe],
      ['redis', redisProbe],
    ]) {
      const label = service === 'postgres' ? 'PostgreSQL' : 'Redis';
      if (probe.ok) {
        say(
          `${label} OK at ${redactUrl(requested[service])}${probe.created ? ` (created database "${probe.created}")` : ''}`,
        );
        if (probe.version) say(`  ${probe.version}`);
        continue;
      }
      if (!probe.unreachable && explicit[service]) {
        throw new Error(
          `${label} at ${redactUrl(requested[service])} answered but cannot be used: ${probe.reason}\n` +
            `Fix the ${service === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL'} value (user, password, database) in .env or the environment,\n` +
            `or unset it to let \`npm start\` use or start a local ${label}.`,
        );
      }
      say(
        `${label} not usable at ${redactUrl(requested[service])}: ${probe.reason}` +
          (probe.unreachable ? '' : ' (it is the default URL, so a private instance will be used instead)'),
      );
      missing[service] = probe;
    }

    // 2. A server we started earlier on the alternative ports (a previous run that was not stopped, or Docker).
    for (const service of Object.keys(missing)) {
      // Our own instance is passwordless; the Docker one uses POSTGRES_PASSWORD (default "countyflow").
      const candidates =
        service === 'postgres'
          ? [
              localPostgresUrl(requested.postgres),
              localPostgresUrl(requested.postgres, process.env.POSTGRES_PASSWORD || 'countyflow'),
            ]
          : [localRedisUrl(requested.redis)];
      let candidate;
      let probe;
      for (candidate of candidates) {
        probe = service === 'postgres' ? await probePostgres(candidate) : await probeRedis(candidate);
        if (probe.ok || probe.unreachable) break;
      }
      if (probe.ok) {
        const hint =
          service === 'postgres'
            ? `pg_ctl -D ${PG_DATA_DIR} stop${process.getuid?.() === 0 ? ' (as the postgres user)' : ''}`
            : `redis-cli -p ${LOCAL_REDIS_PORT} shutdown`;
        say(
          `${service === 'postgres' ? 'PostgreSQL' : 'Redis'} already running at ${redactUrl(candidate)} ` +
            `(left running by an earlier run, so it is not stopped on exit; stop it with: ${hint})`,
        );
        result[service] = candidate;
        delete missing[service];
      }
    }

    // 3. Docker.
    if (Object.keys(missing).length > 0) {
      const compose = await findDockerCompose(say);
      if (compose) {
        const services = Object.keys(missing);
        const urls = await startWithDocker({ compose, services, requested, say, started, stoppers });
        Object.assign(result, urls);
        for (const service of services) delete missing[service];
      }
    }

    // 4. Local binaries.
    if (missing.postgres) {
      const bin = findPostgresBinaries();
      if (bin) {
        result.postgres = await startLocalPostgres({ bin, requested: requested.postgres, say, started, stoppers });
        delete missing.postgres;
      }
    }
    if (missing.redis) {
      const redisServer = findRedisServer();
      if (redisServer) {
        result.redis = await startLocalRedis({ redisServer, requested: requested.redis, say, started, stoppers });
        delete missing.redis;
      }
    }

    // 5. Nothing worked: say exactly what to do.
    if (Object.keys(missing).length > 0) throw new Error(installInstructions(missing, requested));

    await checkRedisEvictionPolicy(result.redis, say);
    return { databaseUrl: result.postgres, redisUrl: result.redis, started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Probing

function isUnreachable(error) {
  if (!error) return false;
  const codes = [error.code, ...(Array.isArray(error.errors) ? error.errors.map((inner) => inner.code) : [])];
  if (codes.some((code) => UNREACHABLE_CODES.has(code))) return true;
  return /timeout|timed out|Connection terminated|connect ECONNREFUSED|Connection is closed/i.test(error.message || '');
}

function describe(error) {
  const inner = Array.isArray(error?.errors) && error.errors.length ? error.errors[0] : undefined;
  const message = error?.message || inner?.message || String(error);
  return error?.code && !message.includes(error.code) ? `${message} (${error.code})` : message;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function databaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || 'postgres';
}

async function pgConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

/** { ok, unreachable, reason, created, version }; creates the target database when it is missing. */
async function probePostgres(url) {
  let target;
  try {
    target = databaseName(url);
  } catch (error) {
    return { ok: false, unreachable: false, reason: `invalid URL: ${error.message}` };
  }
  try {
    const client = await pgConnect(url);
    const { rows } = await client.query('select version() as version');
    await client.end();
    return { ok: true, version: rows[0].version.split(',')[0] };
  } catch (error) {
    if (error.code !== '3D000') return { ok: false, unreachable: isUnreachable(error), reason: describe(error) };
  }
  // The server answers but the database does not exist yet: create it from a maintenance database.
  let lastError;
  for (const maintenance of ['postgres', 'template1']) {
    let client;
    try {
      client = await pgConnect(withDatabase(url, maintenance));
    } catch (error) {
      lastError = error;
      continue;
    }
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(target)}`);
    } catch (error) {
      if (error.code !== '42P04') {
        await client.end().catch(() => {});
        return {
          ok: false,
          unreachable: false,
          reason: `database "${target}" does not exist and could not be created: ${describe(error)}`,
        };
      }
    }
    await client.end().catch(() => {});
    const again = await probePostgres(url);
    return again.ok ? { ...again, created: target } : again;
  }
  return {
    ok: false,
    unreachable: false,
    reason: `database "${target}" does not exist and no maintenance database was reachable: ${describe(lastError)}`,
  };
}

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

async function redisClient(url) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  });
  let lastError;
  client.on('error', (error) => {
    lastError = error;
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw lastError && isUnreachable(lastError) ? lastError : error;
  }
}

/** { ok, unreachable, reason, version }. */
async function probeRedis(url) {
  let client;
  try {
    client = await redisClient(url);
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`unexpected PING reply ${pong}`);
    let version;
    try {
      const info = await client.info('server');
      version = /redis_version:(\S+)/.exec(info)?.[1];
    } catch {
      // INFO may be disabled on managed servers.
    }
    return { ok: true, version: version ? `Redis ${version}` : undefined };
  } catch (error) {
    return { ok: false, unreachable: isUnreachable(error), reason: describe(error) };
  } finally {
    client?.disconnect();
  }
}

/** Logs a warning when maxmemory-policy is not noeviction (BullMQ requirement). Never changes it. */
async function checkRedisEvictionPolicy(url, say) {
  let client;
  try {
    client = await redisClient(url);
    const reply = await client.config('GET', 'maxmemory-policy');
    const policy = Array.isArray(reply) ? reply[1] : undefined;
    if (policy === undefined) {
      say('note: could not read Redis maxmemory-policy; BullMQ needs it to be "noeviction".');
    } else if (policy !== 'noeviction') {
      say('');
      say(`WARNING: Redis at ${redactUrl(url)} has maxmemory-policy=${policy}.`);
      say('  BullMQ requires "noeviction": with any other policy Redis may silently delete queued jobs under memory');
      say('  pressure. Set `maxmemory-policy noeviction` in redis.conf (or CONFIG SET maxmemory-policy noeviction).');
      say('  CountyFlow does not change the configuration of a Redis it did not start.');
      say('');
    }
  } catch (error) {
    say(`note: could not read Redis maxmemory-policy (${describe(error)}); BullMQ needs it to be "noeviction".`);
  } finally {
    client?.disconnect();
  }
}

async function waitFor(check, { timeoutMs, intervalMs = 250 }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last.ok || Date.now() >= deadline) return last;
    await sleep(intervalMs);
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------------------------------------------------------
// Running commands

/** Runs a command, resolves { code, stdout, stderr } (code -1 when it could not be spawned). */
function run(command, args, { timeoutMs = 120_000, cwd = REPO_ROOT, env = process.env, detached = false, input } = {}) {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let child;
    try {
      child = spawn(command, args, { cwd, env, detached, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      done({ code: -1, stdout, stderr: error.message });
      return;
    }
    const timer = setTimeout(() => {
      stderr += `\n(timed out after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: -1, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    child.stdin.end(input);
  });
}

function shellQuote(arg) {
  return `'${String(arg).replace(/'/g, `'\\''`)}'`;
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Docker

async function findDockerCompose(say) {
  if (!onPath('docker')) return undefined;
  const info = await run('docker', ['info'], { timeoutMs: 20_000 });
  if (info.code !== 0) {
    say('Docker CLI found but no Docker engine answers (`docker info` failed); trying local binaries.');
    return undefined;
  }
  if ((await run('docker', ['compose', 'version'], { timeoutMs: 20_000 })).code === 0) return ['docker', 'compose'];
  if (onPath('docker-compose') && (await run('docker-compose', ['version'], { timeoutMs: 20_000 })).code === 0) {
    return ['docker-compose'];
  }
  say('Docker engine answers but neither `docker compose` nor `docker-compose` is installed; trying local binaries.');
  return undefined;
}

async function startWithDocker({ compose, services, requested, say, started, stoppers }) {
  if (!existsSync(COMPOSE_FILE)) throw new Error(`${COMPOSE_FILE} is missing`);
  mkdirSync(DATA_DIR, { recursive: true });
  // docker-compose.yml publishes only the gateway; for `npm start` the apps run on the host, so publish the
  // two servers on the loopback interface (alternative ports, so they never clash with local servers).
  writeFileSync(
    COMPOSE_PORTS_FILE,
    [
      '# Written by scripts/infra.mjs for `npm start`: exposes the compose PostgreSQL/Redis to the host apps.',
      'services:',
      '  postgres:',
      `    ports: ['127.0.0.1:${LOCAL_POSTGRES_PORT}:5432']`,
      '  redis:',
      `    ports: ['127.0.0.1:${LOCAL_REDIS_PORT}:6379']`,
      '',
    ].join('\n'),
  );
  const [command, ...prefix] = compose;
  const base = [...prefix, '-f', COMPOSE_FILE, '-f', COMPOSE_PORTS_FILE];
  // The compose file requires the apps' secrets (it runs them in production); only the two servers start here, and
  // the apps on the host run in development with their own settings, so any value satisfies the file.
  const env = { ...process.env };
  for (const key of ['JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'CARRIER_WEBHOOK_SECRET']) env[key] ||= 'unused';
  env.POSTGRES_PASSWORD ||= 'countyflow';
  say(`Starting ${services.join(' and ')} with Docker: ${compose.join(' ')} up -d ${services.join(' ')}`);
  let up = await run(command, [...base, 'up', '-d', '--wait', '--wait-timeout', '180', ...services], {
    timeoutMs: 900_000,
    env,
  });
  if (up.code !== 0 && /unknown flag|wait/i.test(up.stderr)) {
    up = await run(command, [...base, 'up', '-d', ...services], { timeoutMs: 900_000, env });
  }
  if (up.code !== 0) {
    throw new Error(`\`${compose.join(' ')} up -d ${services.join(' ')}\` failed:\n${(up.stderr || up.stdout).trim()}`);
  }
  stoppers.push(async () => {
    say(`Stopping Docker ${services.join(' and ')} (data kept in Docker volumes)`);
    const down = await run(command, [...base, 'stop', ...services], { timeoutMs: 120_000, env });
    if (down.code !== 0) throw new Error(`could not stop Docker ${services.join(', ')}: ${down.stderr.trim()}`);
  });

  const urls = {};
  for (const service of services) {
    const url =
      service === 'postgres'
        ? localPostgresUrl(requested.postgres, process.env.POSTGRES_PASSWORD || 'countyflow')
        : localRedisUrl(requested.redis);
    const probe = await waitFor(() => (service === 'postgres' ? probePostgres(url) : probeRedis(url)), {
      timeoutMs: 120_000,
      intervalMs: 1000,
    });
    if (!probe.ok) throw new Error(`Docker ${service} did not become healthy at ${redactUrl(url)}: ${probe.reason}`);
    say(`${service === 'postgres' ? 'PostgreSQL' : 'Redis'} (Docker) healthy at ${redactUrl(url)}`);
    started.push({ service, via: 'docker', url });
    urls[service] = url;
  }
  return urls;
}

// ---------------------------------------------------------------------------------------------------------------
// Local PostgreSQL

function localPostgresUrl(requestedUrl, password = '') {
  const url = new URL(`postgres://127.0.0.1:${LOCAL_POSTGRES_PORT}/`);
  url.username = 'postgres';
  if (password) url.password = password;
  url.pathname = `/${encodeURIComponent(databaseName(requestedUrl))}`;
  return url.toString();
}

function pgVersionOf(binDir) {
  // The major version is part of the standard layouts; otherwise ask pg_ctl.
  const fromPath =
    /postgresql[@/-]?(\d+)/i.exec(binDir) || /pgsql-(\d+)/.exec(binDir) || /Versions\/(\d+)/.exec(binDir);
  return fromPath ? Number(fromPath[1]) : undefined;
}

/** Finds a directory holding initdb, pg_ctl and postgres; prefers the version matching an existing .data. */
function findPostgresBinaries() {
  const candidates = [];
  const initdbOnPath = onPath('initdb');
  if (initdbOnPath) {
    try {
      candidates.push(dirname(realpathSync(initdbOnPath)));
    } catch {
      candidates.push(dirname(initdbOnPath));
    }
  }
  const globDirs = [
    ['/usr/lib/postgresql', (name) => join('/usr/lib/postgresql', name, 'bin')],
    ['/usr/local/lib/postgresql', (name) => join('/usr/local/lib/postgresql', name, 'bin')],
    ['/usr', (name) => (name.startsWith('pgsql-') ? join('/usr', name, 'bin') : undefined)],
    [
      '/opt/homebrew/opt',
      (name) => (name.startsWith('postgresql') ? join('/opt/homebrew/opt', name, 'bin') : undefined),
    ],
    ['/usr/local/opt', (name) => (name.startsWith('postgresql') ? join('/usr/local/opt', name, 'bin') : undefined)],
    [
      '/Applications/Postgres.app/Contents/Versions',
      (name) => join('/Applications/Postgres.app/Contents/Versions', name, 'bin'),
    ],
  ];
  const found = [];
  for (const [parent, toBin] of globDirs) {
    let names;
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) {
      const bin = toBin(name);
      if (bin) found.push(bin);
    }
  }
  found.sort((a, b) => (pgVersionOf(b) ?? 0) - (pgVersionOf(a) ?? 0));
  candidates.push(...found);
  const usable = [...new Set(candidates)].filter((dir) =>
    ['initdb', 'pg_ctl', 'postgres'].every((tool) => isExecutable(join(dir, tool))),
  );
  if (usable.length === 0) return undefined;
  let existingMajor;
  try {
    existingMajor = Number(readFileSync(join(PG_DATA_DIR, 'PG_VERSION'), 'utf8').trim());
  } catch {
    existingMajor = undefined;
  }
  const dir = (existingMajor && usable.find((candidate) => pgVersionOf(candidate) === existingMajor)) || usable[0];
  return { dir, initdb: join(dir, 'initdb'), pgCtl: join(dir, 'pg_ctl'), existingMajor };
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` system user. */
async function postgresRunner() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return { asRoot: false, run: (command, args, options) => run(command, args, options) };
  }
  const uid = await run('id', ['-u', 'postgres'], { timeoutMs: 10_000 });
  const gid = await run('id', ['-g', 'postgres'], { timeoutMs: 10_000 });
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      'Running as root, and PostgreSQL refuses to run as root, but there is no "postgres" system user to run it as.\n' +
        'Run `npm start` as a normal user, or create the user (Debian/Ubuntu: `apt-get install postgresql` does),\n' +
        'or set DATABASE_URL to an existing PostgreSQL server.',
    );
  }
  const ids = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  const runuser = onPath('runuser') || (isExecutable('/sbin/runuser') ? '/sbin/runuser' : undefined);
  return {
    asRoot: true,
    ...ids,
    run: (command, args, options = {}) =>
      runuser
        ? run(runuser, ['-u', 'postgres', '--', command, ...args], { cwd: '/', ...options })
        : run('su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(shellQuote).join(' ')], {
            cwd: '/',
            ...options,
          }),
  };
}

async function startLocalPostgres({ bin, requested, say, started, stoppers }) {
  const runner = await postgresRunner();
  mkdirSync(PG_DATA_DIR, { recursive: true });
  mkdirSync(PG_SOCKET_DIR, { recursive: true });
  if (!existsSync(PG_LOG_FILE)) writeFileSync(PG_LOG_FILE, '');
  chmodSync(PG_DATA_DIR, 0o700);
  if (runner.asRoot) {
    for (const path of [PG_DATA_DIR, PG_SOCKET_DIR, PG_LOG_FILE]) {
      if (statSync(path).uid !== runner.uid) {
        const chown = await run('chown', ['-R', `${runner.uid}:${runner.gid}`, path], { timeoutMs: 120_000 });
        if (chown.code !== 0) throw new Error(`chown of ${path} failed: ${chown.stderr.trim()}`);
      }
    }
    const access = await runner.run('test', ['-w', PG_DATA_DIR], { timeoutMs: 10_000 });
    if (access.code !== 0) {
      throw new Error(
        `Running as root: the "postgres" user cannot write ${PG_DATA_DIR} (a parent directory is not accessible to it).\n` +
          'Run `npm start` as a normal user, move the repository somewhere the postgres user can reach,\n' +
          'or set DATABASE_URL to an existing PostgreSQL server.',
      );
    }
  }

  const isNew = !existsSync(join(PG_DATA_DIR, 'PG_VERSION'));
  if (!isNew && bin.existingMajor && pgVersionOf(bin.dir) && pgVersionOf(bin.dir) !== bin.existingMajor) {
    throw new Error(
      `${PG_DATA_DIR} was created by PostgreSQL ${bin.existingMajor} but only PostgreSQL ${pgVersionOf(bin.dir)} binaries ` +
        `were found (${bin.dir}).\nDelete ${PG_DATA_DIR} to start from scratch, or install PostgreSQL ${bin.existingMajor}.`,
    );
  }
  if (isNew) {
    if (readdirSync(PG_DATA_DIR).length > 0) {
      throw new Error(`${PG_DATA_DIR} is not empty but is not a PostgreSQL data directory; delete it and retry.`);
    }
    say(`Initialising a new PostgreSQL data directory in ${PG_DATA_DIR} (${bin.initdb})`);
    const init = await runner.run(
      bin.initdb,
      ['-D', PG_DATA_DIR, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'],
      { timeoutMs: 180_000 },
    );
    if (init.code !== 0) throw new Error(`initdb failed:\n${(init.stderr || init.stdout).trim()}`);
  }

  // Unix socket paths are limited to ~107 bytes; with a very deep checkout listen on TCP only.
  const socketPath = join(PG_SOCKET_DIR, `.s.PGSQL.${LOCAL_POSTGRES_PORT}`);
  const socketDir = socketPath.length < 100 && !PG_SOCKET_DIR.includes("'") ? PG_SOCKET_DIR : '';
  const serverOptions = `-p ${LOCAL_POSTGRES_PORT} -h 127.0.0.1 -k '${socketDir}'`;
  say(`Starting PostgreSQL on 127.0.0.1:${LOCAL_POSTGRES_PORT} (data ${PG_DATA_DIR}, log ${PG_LOG_FILE})`);
  // detached: the server gets its own session, so Ctrl-C in the terminal does not reach it; stop() does.
  const start = await runner.run(
    bin.pgCtl,
    ['-D', PG_DATA_DIR, '-o', serverOptions, '-l', PG_LOG_FILE, '-w', '-t', '90', 'start'],
    {
      timeoutMs: 120_000,
      detached: true,
    },
  );
  if (start.code !== 0) {
    throw new Error(
      `pg_ctl start failed (is port ${LOCAL_POSTGRES_PORT} taken?):\n${(start.stderr || start.stdout).trim()}\n` +
        `--- ${PG_LOG_FILE} ---\n${tail(PG_LOG_FILE)}`,
    );
  }
  stoppers.push(async () => {
    say(`Stopping PostgreSQL on port ${LOCAL_POSTGRES_PORT} (pg_ctl stop -m fast)`);
    const stopResult = await runner.run(bin.pgCtl, ['-D', PG_DATA_DIR, 'stop', '-m', 'fast', '-w', '-t', '60'], {
      timeoutMs: 90_000,
    });
    if (stopResult.code !== 0)
      throw new Error(`pg_ctl stop failed: ${(stopResult.stderr || stopResult.stdout).trim()}`);
  });

  const url = localPostgresUrl(requested);
  const probe = await waitFor(() => probePostgres(url), { timeoutMs: 30_000, intervalMs: 500 });
  if (!probe.ok) throw new Error(`local PostgreSQL started but ${redactUrl(url)} is not usable: ${probe.reason}`);
  say(`PostgreSQL (local) ready at ${url}${probe.created ? ` (created database "${probe.created}")` : ''}`);
  started.push({ service: 'postgres', via: 'local', url, dataDir: PG_DATA_DIR, logFile: PG_LOG_FILE });
  return url;
}

// ---------------------------------------------------------------------------------------------------------------
// Local Redis

function localRedisUrl(requestedUrl) {
  let db = '';
  try {
    const path = new URL(requestedUrl).pathname.replace(/^\//, '');
    if (/^\d+$/.test(path)) db = `/${path}`;
  } catch {
    // keep db 0
  }
  return `redis://127.0.0.1:${LOCAL_REDIS_PORT}${db}`;
}

function findRedisServer() {
  return (
    onPath('redis-server') ||
    [
      '/opt/homebrew/bin/redis-server',
      '/usr/local/bin/redis-server',
      '/usr/bin/redis-server',
      '/usr/sbin/redis-server',
    ].find(isExecutable)
  );
}

async function startLocalRedis({ redisServer, requested, say, started, stoppers }) {
  mkdirSync(REDIS_DATA_DIR, { recursive: true });
  const pidFile = join(REDIS_DATA_DIR, 'redis.pid');
  say(`Starting Redis on 127.0.0.1:${LOCAL_REDIS_PORT} (data ${REDIS_DATA_DIR}, log ${REDIS_LOG_FILE})`);
  // prettier-ignore
  const args = [
    '--port', String(LOCAL_REDIS_PORT),
    '--bind', '127.0.0.1',
    '--dir', REDIS_DATA_DIR,
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'yes',
    '--pidfile', pidFile,
    '--logfile', REDIS_LOG_FILE,
  ];
  const start = await run(redisServer, args, { timeoutMs: 30_000, detached: true });
  if (start.code !== 0) {
    throw new Error(
      `redis-server failed to start:\n${(start.stderr || start.stdout).trim()}\n--- ${REDIS_LOG_FILE} ---\n${tail(REDIS_LOG_FILE)}`,
    );
  }
  const url = localRedisUrl(requested);
  const stopRedis = async () => {
    say(`Stopping Redis on port ${LOCAL_REDIS_PORT} (SHUTDOWN, AOF flushed)`);
    let client;
    try {
      client = await redisClient(url);
      // SHUTDOWN (not NOSAVE): Redis fsyncs the append-only file before exiting. The reply is the closed socket.
      await client.call('SHUTDOWN').catch(() => {});
    } catch (error) {
      if (!isUnreachable(error)) throw error;
    } finally {
      client?.disconnect();
    }
    const gone = await waitFor(async () => ({ ok: !(await probeRedis(url)).ok }), {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    if (!gone.ok) throw new Error(`Redis on port ${LOCAL_REDIS_PORT} did not shut down`);
  };
  const probe = await waitFor(() => probeRedis(url), { timeoutMs: 15_000, intervalMs: 200 });
  if (!probe.ok) {
    await stopRedis().catch(() => {});
    throw new Error(
      `redis-server started but ${url} does not answer (is port ${LOCAL_REDIS_PORT} taken?): ${probe.reason}\n--- ${REDIS_LOG_FILE} ---\n${tail(REDIS_LOG_FILE)}`,
    );
  }
  stoppers.push(stopRedis);
  say(`Redis (local) ready at ${url}`);
  started.push({ service: 'redis', via: 'local', url, dataDir: REDIS_DATA_DIR, logFile: REDIS_LOG_FILE });
  return url;
}

// ---------------------------------------------------------------------------------------------------------------
// What to tell the user when nothing worked

function installInstructions(missing, requested) {
  const names = Object.keys(missing).map((service) => (service === 'postgres' ? 'PostgreSQL' : 'Redis'));
  const lines = [
    `CountyFlow needs ${names.join(' and ')}, and could not find or start ${names.length > 1 ? 'them' : 'it'}:`,
  ];
  for (const [service, probe] of Object.entries(missing)) {
    lines.push(
      `  - ${service === 'postgres' ? 'PostgreSQL' : 'Redis'} at ${redactUrl(requested[service])}: ${probe.reason}`,
    );
  }
  const apt = [];
  const brew = [];
  if (missing.postgres) {
    apt.push('postgresql');
    brew.push('postgresql@15');
  }
  if (missing.redis) {
    apt.push('redis-server');
    brew.push('redis');
  }
  lines.push(
    '',
    `No Docker engine answered, and no local ${[
      missing.postgres && 'PostgreSQL binaries (initdb, pg_ctl)',
      missing.redis && 'redis-server',
    ]
      .filter(Boolean)
      .join(' or ')} ${missing.postgres && missing.redis ? 'were' : 'was'} found. Do one of:`,
    `  - Debian/Ubuntu: sudo apt-get install ${apt.join(' ')}`,
    `  - macOS:         brew install ${brew.join(' ')}`,
    '  - install Docker (https://docs.docker.com/get-docker/) and start it; `npm start` then runs',
    `    \`docker compose up -d ${Object.keys(missing).join(' ')}\` for you`,
    '  - or point CountyFlow at servers you already have, in .env or the environment:',
  );
  if (missing.postgres) lines.push('      DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/countyflow');
  if (missing.redis) lines.push('      REDIS_URL=redis://HOST:6379   (maxmemory-policy must be noeviction)');
  lines.push('Then run `npm start` again.');
  return lines.join('\n');
}
