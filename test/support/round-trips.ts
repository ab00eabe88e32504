import { Writable } from 'node:stream';
import { Client } from 'pg';

/** What one service sent PostgreSQL while the counter ran. */
export interface ServiceRoundTrips {
  /** Every query the driver sent: one round trip each (START TRANSACTION and COMMIT included). */
  roundTrips: number;
  /**
   * Writes to the server's sockets: statements that leave together — a transaction's start with its first statement,
   * a statement sent ahead with the one after it (docs/performance.md) — are one. The waits a service really makes.
   */
  writes: number;
  /** Transactions that committed: explicit ones, and statements sent outside a transaction (each its own). */
  transactions: number;
  /** Of `transactions`, the explicit ones (START TRANSACTION … COMMIT). */
  explicit: number;
  rolledBack: number;
  /** Round trips by the first words of their SQL, most frequent first. */
  statements: [string, number][];
}

type Query = (this: Client, config: unknown, ...rest: unknown[]) => unknown;

const sqlOf = (config: unknown): string =>
  typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');

const shapeOf = (sql: string): string => sql.replace(/\s+/g, ' ').trim().slice(0, 72);

/**
 * Counts the SQL every client of the `pg` driver in this process sends, by the role it connects as (each service
 * connects as `countyflow_<schema>`, so the count is per service; a test's own `postgres` clients are left out).
 * Round trips are queries as the driver sends them; a transaction is counted when it commits, and a statement
 * outside any transaction counts as one, which is how PostgreSQL's `xact_commit` counts them.
 */
export class RoundTripCounter {
  private readonly original = (Client.prototype as unknown as { query: Query }).query;
  private readonly inTransaction = new WeakSet<Client>();
  private counts = new Map<
    string,
    { roundTrips: number; writes: number; explicit: number; autocommit: number; rolledBack: number }
  >();
  /** The sockets whose writes are counted. */
  private readonly sockets = new Set<Writable>();
  private shapes = new Map<string, Map<string, number>>();
  private counting = false;

  /** Wraps the driver (once, for the whole file) and starts counting from zero. */
  start(): void {
    const record = (client: Client, sql: string) => this.record(client, sql);
    const original = this.original;
    (Client.prototype as unknown as { query: Query }).query = function (this: Client, config, ...rest) {
      record(this, sqlOf(config));
      return original.call(this, config, ...rest);
    };
    this.counts = new Map();
    this.shapes = new Map();
    this.counting = true;
  }

  /** Stops counting and puts the driver back; answers what each service sent, by role. */
  stop(): Record<string, ServiceRoundTrips> {
    this.counting = false;
    (Client.prototype as unknown as { query: Query }).query = this.original;
    for (const socket of this.sockets) {
      // the counting wrappers are own properties: deleting them uncovers the socket's own methods again
      delete (socket as unknown as Record<string, unknown>)._write;
      delete (socket as unknown as Record<string, unknown>)._writev;
    }
    this.sockets.clear();
    const result: Record<string, ServiceRoundTrips> = {};
    for (const [role, count] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      result[role] = {
        roundTrips: count.roundTrips,
        writes: count.writes,
        transactions: count.explicit + count.autocommit,
        explicit: count.explicit,
        rolledBack: count.rolledBack,
        statements: [...(this.shapes.get(role) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]),
      };
    }
    return result;
  }

  /**
   * Counts the writes of the client's socket from now on: a corked socket's buffered messages leave in one `_writev`
   * (or `_write`), an uncorked one's each in its own — every call is one write to the server.
   */
  private countWrites(client: Client, count: { writes: number }): void {
    const socket = (client as unknown as { connection?: { stream?: Writable } }).connection?.stream;
    if (!socket || this.sockets.has(socket)) {
      return;
    }
    this.sockets.add(socket);
    const counting = () => this.counting;
    const own = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    for (const method of ['_write', '_writev'] as const) {
      const original = own[method];
      if (typeof original !== 'function') {
        continue;
      }
      own[method] = function (this: Writable, ...args: unknown[]) {
        if (counting()) {
          count.writes += 1;
        }
        return original.apply(this, args);
      };
    }
  }

  private record(client: Client, sql: string): void {
    const role = (client as unknown as { user?: string }).user ?? '?';
    if (!this.counting || !role.startsWith('countyflow_')) {
      return;
    }
    const count = this.counts.get(role) ?? { roundTrips: 0, writes: 0, explicit: 0, autocommit: 0, rolledBack: 0 };
    this.counts.set(role, count);
    count.roundTrips += 1;
    this.countWrites(client, count);
    const shapes = this.shapes.get(role) ?? new Map<string, number>();
    this.shapes.set(role, shapes);
    const shape = shapeOf(sql);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const verb = shape.toUpperCase();
    if (verb.startsWith('START TRANSACTION') || verb.startsWith('BEGIN')) {
      this.inTransaction.add(client);
    } else if (verb.startsWith('COMMIT')) {
      this.inTransaction.delete(client);
      count.explicit += 1;
    } else if (verb.startsWith('ROLLBACK') && !verb.startsWith('ROLLBACK TO')) {
      this.inTransaction.delete(client);
      count.rolledBack += 1;
    } else if (!this.inTransaction.has(client) && !verb.startsWith('LISTEN')) {
      count.autocommit += 1;
    }
  }
}

/** The counts as a Markdown table, one row per service (role), for a report. */
export function roundTripTable(counts: Record<string, ServiceRoundTrips>): string {
  const rows = Object.entries(counts).map(
    ([role, count]) =>
      `| ${role.replace('countyflow_', '')} | ${count.roundTrips} | ${count.writes} | ${count.transactions} | ${count.explicit} | ${count.rolledBack} |`,
  );
  const total = (pick: (count: ServiceRoundTrips) => number) =>
    Object.values(counts).reduce((sum, count) => sum + pick(count), 0);
  return [
    '| service | statements | writes | transactions committed | of which explicit | rolled back |',
    '|---|---|---|---|---|---|',
    ...rows,
    `| all | ${total((c) => c.roundTrips)} | ${total((c) => c.writes)} | ${total((c) => c.transactions)} | ${total((c) => c.explicit)} | ${total((c) => c.rolledBack)} |`,
  ].join('\n');
}
