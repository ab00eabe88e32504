import { databaseRoleOf } from '@countyflow/kernel';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Debian's PgBouncer (`apt-get install pgbouncer`); never the system service, always a process of our own. */
export const PGBOUNCER_BINARY = '/usr/sbin/pgbouncer';

export interface PgBouncerOptions {
  /** The PostgreSQL server behind it (any database on it: the pooler serves every database of the server). */
  serverUrl: string;
  /** Server connections per database and user (`default_pool_size`); clients beyond it wait for one. */
  poolSize?: number;
  /** Client connections it accepts at most (`max_client_conn`). */
  maxClients?: number;
  /** The schemas whose roles (`countyflow_<schema>`) may connect, beside the server URL's user. */
  schemas?: readonly string[];
  /** Where PgBouncer's log lines go (default: dropped). */
  log?: (line: string) => void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A PgBouncer in transaction mode on a free port, with its configuration in a temporary directory: the pooler the
 * services run behind in production, so that tests and the cluster bench prove they work there (no session state:
 * no startup options, no session advisory locks, LISTEN on a direct connection). Authentication is `trust` with an
 * auth file naming the users, as on the local PostgreSQL it forwards to.
 */
export class PgBouncer {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(options: PgBouncerOptions): Promise<PgBouncer> {
    const server = new URL(options.serverUrl);
    const admin = decodeURIComponent(server.username || 'postgres');
    const users = [admin, ...(options.schemas ?? ['identity', 'catalog', 'orders', 'logistics']).map(databaseRoleOf)];
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'countyflow-pgbouncer-'));
    // PgBouncer refuses to run as root; started as root it switches to `user` and must still read its files
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'users.txt'), users.map((user) => `"${user}" ""`).join('\n') + '\n', { mode: 0o644 });
    const config = [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 10}`,
      `max_client_conn = ${options.maxClients ?? 400}`,
      `admin_users = ${admin}`,
      ...(asRoot ? ['user = postgres'] : []),
    ];
    writeFileSync(join(dir, 'pgbouncer.ini'), config.join('\n') + '\n', { mode: 0o644 });
    const child = spawn(PGBOUNCER_BINARY, [join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (output.length < 20) output.push(line);
        options.log?.(`pgbouncer: ${line}`);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    const bouncer = new PgBouncer(port, child, dir);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`pgbouncer exited with ${child.exitCode}: ${output.join('\n')}`);
      }
      if (await bouncer.answers(options.serverUrl)) return bouncer;
      if (Date.now() > deadline) {
        await bouncer.stop();
        throw new Error(`pgbouncer did not answer on ${port} within 10 s: ${output.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** `url` (any database of the server) reached through the pooler instead. */
  url(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  private async answers(serverUrl: string): Promise<boolean> {
    const client = new Client({ connectionString: this.url(serverUrl), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Server connections the pooler holds now, per database and user (`SHOW POOLS` on its admin console). */
  async pools(serverUrl: string): Promise<{ database: string; user: string; active: number; idle: number }[]> {
    const admin = new URL(this.url(serverUrl));
    admin.pathname = '/pgbouncer';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      // without parameters pg sends a simple query, the only protocol the admin console speaks
      const { rows } = await client.query<Record<string, string>>('SHOW POOLS');
      return rows.map((row) => ({
        database: row.database,
        user: row.user,
        active: Number(row.sv_active),
        idle: Number(row.sv_idle) + Number(row.sv_used),
      }));
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      // SIGINT: a safe shutdown that does not wait for clients to disconnect
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
