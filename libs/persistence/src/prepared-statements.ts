import { createHash } from 'node:crypto';
import { Client, ClientConfig } from 'pg';
import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * How many statements one connection prepares at most. Past it a new statement text is sent unnamed, as before, so
 * a stream of one-off texts (an `IN` list of every length) cannot grow a backend's memory without bound; the hot
 * statements come first and keep their names.
 */
export const PREPARED_STATEMENTS_PER_CONNECTION = 256;

/** `DATABASE_PREPARED_STATEMENTS`: `auto` prepares when the pool talks to PostgreSQL itself, not to a pooler. */
export type PreparedStatementsSetting = 'auto' | 'on' | 'off';

/** `DATABASE_PREPARED_STATEMENTS` as a tool outside the services reads it (unset or empty: `auto`). */
export function preparedStatementsSetting(value: string | undefined): PreparedStatementsSetting {
  const setting = value || 'auto';
  if (setting !== 'auto' && setting !== 'on' && setting !== 'off') {
    throw new Error('DATABASE_PREPARED_STATEMENTS must be auto, on or off');
  }
  return setting;
}

/**
 * Whether the services' pools prepare their statements. PgBouncer before 1.21 in transaction mode hands each
 * transaction any server connection, where a statement prepared on another is unknown; a deployment behind it sets
 * `DATABASE_DIRECT_URL` apart from `DATABASE_URL` (its LISTEN clients need that anyway), which `auto` reads as "a
 * pooler is in between". `on` is for a pooler that carries prepared statements (PgBouncer ≥ 1.21 with
 * `max_prepared_statements`).
 */
export function preparesStatements(config: {
  databaseUrl: string;
  databaseDirectUrl?: string;
  databasePreparedStatements?: PreparedStatementsSetting;
}): boolean {
  const setting = config.databasePreparedStatements ?? 'auto';
  if (setting !== 'auto') {
    return setting === 'on';
  }
  return !config.databaseDirectUrl || config.databaseDirectUrl === config.databaseUrl;
}

/** The name a statement text is prepared under: the same text, the same name, in every process. */
export function statementName(text: string): string {
  return `cf_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

const PREPARED = Symbol('prepared statements');
/**
 * What this connection has prepared, text → name (the texts are those pg keeps for the connection anyway, so a
 * repeat costs a map lookup, not a hash), or `off` once PostgreSQL refused to run one of them again.
 */
type Preparing = Client & { [PREPARED]?: Map<string, string> | 'off' };

// "cached plan must not change result type": a migration changed what a prepared SELECT * returns
const PLAN_RESULT_CHANGED = '0A000';
// "current transaction is aborted": what PostgreSQL says of every statement after a failed one, but COMMIT
const IN_FAILED_TRANSACTION = '25P02';

interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

function namedStatement(client: Preparing, text: unknown, values: unknown): NamedStatement | undefined {
  // a statement without parameters (BEGIN, COMMIT, SAVEPOINT …) goes as a simple query, as before
  if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) {
    return undefined;
  }
  const prepared = (client[PREPARED] ??= new Map<string, string>());
  if (prepared === 'off') {
    return undefined;
  }
  let name = prepared.get(text);
  if (name === undefined) {
    if (prepared.size >= PREPARED_STATEMENTS_PER_CONNECTION) {
      return undefined;
    }
    name = statementName(text);
    prepared.set(text, name);
  }
  return { name, text, values };
}

/**
 * pg's own `query`, looked up at each call rather than kept, so that whatever wraps the driver's prototype later
 * (the tests' round-trip counter) still sees every statement.
 */
function driverQuery(client: Client, args: unknown[]): unknown {
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
  return query.apply(client, args);
}

/** The texts TypeORM (`START TRANSACTION`) and hand-written code (`BEGIN`) open a transaction with. */
const TRANSACTION_STARTS: ReadonlySet<string> = new Set(['START TRANSACTION', 'BEGIN']);
/** The text TypeORM commits a transaction with. */
const COMMITS: ReadonlySet<string> = new Set(['COMMIT']);

/**
 * Statements handed to the driver whose answers have not been read yet — a transaction's start, statements sent
 * ahead ({@link sendAhead}) — held in the corked socket until the next statement joins them, and the way to put
 * them on the wire now.
 */
interface Ahead {
  answers: Promise<unknown>[];
  send: () => void;
}
const AHEAD = Symbol('statements sent ahead');

/** What a transaction start answers at once: pg's result of a `BEGIN`, without rows. */
const BEGUN_RESULT = Object.freeze({ command: 'BEGIN', rowCount: null, oid: null, fields: [] });

type Connection = Preparing & {
  [AHEAD]?: Ahead;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
};

/**
 * A pg client that sends each statement with parameters as a named prepared statement, named by its text
 * ({@link statementName}), sends a transaction's start together with its first statement, and fails a COMMIT that
 * PostgreSQL answered with a rollback.
 *
 * - **Prepared statements.** PostgreSQL parses and analyses an unnamed statement anew at every execution and plans
 *   it every time; a named one is parsed once per connection and, once a generic plan proves as good as the custom
 *   ones (after five executions), planned once too. If a migration changes the columns a prepared statement
 *   returns, PostgreSQL refuses it once (0A000, the statement fails) and the connection stops preparing; the pool
 *   replaces idle connections within seconds.
 * - **A transaction's start travels with its first statement.** The connection is in pg's pipeline mode (a
 *   statement is handed to the socket as soon as it is asked for, not after the answer to the one before), and
 *   `START TRANSACTION` / `BEGIN` answers at once, before the server has, its bytes held in the socket's buffer:
 *   the caller's first statement joins them there and both leave in one write (or at the next turn of the event
 *   loop, whichever comes first), and the server runs them in order. The start's own answer is read as usual; if it
 *   failed, the statement after it fails with that error, so a transaction never runs on a failed start unnoticed
 *   (a start fails only on a broken connection or inside a transaction already aborted, where the statement after
 *   it cannot succeed either).
 *   Every other statement still waits for its answer (the code that sends them awaits each) unless its sender
 *   sends it ahead the same way ({@link sendAhead}: the outbox insert, which then leaves with the COMMIT). One round
 *   trip and one write less per transaction, and per outbox insert (docs/performance.md "A transaction's start
 *   travels with its first statement", "An outbox insert leaves with the COMMIT").
 * - **A rolled-back COMMIT fails.** PostgreSQL answers the COMMIT of a transaction in which a statement failed with
 *   `ROLLBACK`, not an error; here it fails ({@link refuseRolledBackCommit}).
 *
 * The code that sends the SQL is unchanged (TypeORM's `query`, the repositories' `manager.query`): the pool makes
 * its connections with this class when {@link preparesStatements} says so — a connection straight to PostgreSQL.
 */
export class PreparingClient extends Client {
  constructor(config?: ClientConfig) {
    super({ ...config, pipeline: true });
  }
}

Object.defineProperty(PreparingClient.prototype, 'query', {
  configurable: true,
  writable: true,
  value: function preparedQuery(this: Connection, ...args: unknown[]): unknown {
    if (startsTransaction(args)) {
      void holdAhead(this, args);
      return Promise.resolve({ ...BEGUN_RESULT, rows: [] });
    }
    const answer = this[AHEAD] ? afterAhead(this, args) : namedQuery(this, args);
    return commits(args) ? refuseRolledBackCommit(answer as Promise<{ command?: string }>) : answer;
  },
});

/**
 * Hands a statement to the driver without waiting for its answer: the socket is corked from the first such
 * statement until the next ordinary one joins them (or the next turn of the event loop). Its answer is read as
 * usual, and its failure is the failure of the statement after it ({@link afterAhead}).
 */
function holdAhead(client: Connection, args: unknown[]): Promise<unknown> {
  let ahead = client[AHEAD];
  if (!ahead) {
    const stream = client.connection?.stream;
    const corks = typeof stream?.cork === 'function' && typeof stream.uncork === 'function';
    if (corks) {
      stream.cork();
    }
    let sent = !corks;
    const send = () => {
      if (!sent) {
        sent = true;
        stream.uncork();
      }
    };
    setImmediate(send);
    ahead = { answers: [], send };
    client[AHEAD] = ahead;
  }
  const answer = namedQuery(client, args) as Promise<unknown>;
  // read by the statement that follows; until then a failure must not count as unhandled
  answer.catch(() => undefined);
  ahead.answers.push(answer);
  return answer;
}

/**
 * The first ordinary statement after statements sent ahead: it leaves with them, and fails with the first of their
 * failures — what went wrong first; the statement after it may have failed only because of it.
 */
function afterAhead(client: Connection, args: unknown[]): unknown {
  const ahead = client[AHEAD]!;
  client[AHEAD] = undefined;
  const firstFailure = () =>
    Promise.allSettled(ahead.answers).then((settled) => {
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      return failed ? { error: failed.reason as unknown } : undefined;
    });
  const callback = args[args.length - 1];
  let answer: unknown;
  if (typeof callback === 'function') {
    const answered = (error: unknown, result?: unknown) =>
      void firstFailure().then((failure) =>
        failure
          ? (callback as (error: unknown) => void)(failure.error)
          : (callback as (error: unknown, result?: unknown) => void)(error, result),
      );
    answer = namedQuery(client, [...args.slice(0, -1), answered]);
  } else {
    answer = Promise.allSettled([firstFailure(), namedQuery(client, args)]).then(([before, statement]) => {
      const failure = before.status === 'fulfilled' ? before.value : undefined;
      if (failure) {
        throw failure.error;
      }
      if (statement.status === 'rejected') {
        throw statement.reason;
      }
      return statement.value;
    });
  }
  ahead.send();
  return answer;
}

/**
 * Sends a statement of an open transaction ahead: handed to the socket at once, without waiting for its answer, so
 * that it leaves with the statement after it (often the COMMIT) in one write, and the transaction spends one round
 * trip less. A failure fails the statement after it, and so the transaction. For statements whose answer the
 * caller does not need before it goes on (an outbox insert); the rows come with the promise. Undefined where the
 * connection cannot (not a {@link PreparingClient}, or no transaction open): the caller then sends it as usual.
 */
export function sendAhead<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> | undefined {
  const client = aheadClient(manager);
  if (!client) {
    return undefined;
  }
  return holdAhead(client, [text, values]).then((result) => (result as { rows: T[] }).rows);
}

/** The connection of the manager's open transaction, if it can send statements ahead (a {@link PreparingClient}). */
function aheadClient(manager: EntityManager): Connection | undefined {
  const runner: (QueryRunner & { databaseConnection?: unknown }) | undefined = manager.queryRunner;
  const client = runner?.databaseConnection;
  return runner?.isTransactionActive && client instanceof PreparingClient ? client : undefined;
}

/**
 * A write whose answer the caller does not need (an insert that ends a transaction's work, say): sent ahead where
 * the connection can ({@link sendAhead}) — it leaves with the transaction's next statement, often the COMMIT, and
 * its failure is that statement's —, else sent and awaited as any statement.
 */
export async function writeAhead(manager: EntityManager, text: string, values: unknown[]): Promise<void> {
  const ahead = sendAhead(manager, text, values);
  if (!ahead) {
    await manager.query(text, values);
    return;
  }
  ahead.catch(() => undefined); // reported by the statement after it; not an unhandled rejection here
}

/**
 * Reads of an open transaction that do not depend on each other's answers, run in the order given and in one round
 * trip where the connection can: each but the last sent ahead ({@link sendAhead}) — through a manager whose
 * `query` sends ahead, so each of those must send its one statement through `manager.query` at once, with nothing
 * awaited before it — and the last as usual, so that they all leave together and a failure of one fails the last.
 * Elsewhere they run one after another. Either way each sees what had committed when it began, after the reads
 * before it had finished (a lock one of them took, say).
 */
export async function readTogether<T extends unknown[] | []>(
  manager: EntityManager,
  reads: { [K in keyof T]: (manager: EntityManager) => Promise<T[K]> },
): Promise<T> {
  if (!aheadClient(manager)) {
    const results: unknown[] = [];
    for (const read of reads) {
      results.push(await read(manager));
    }
    return results as T;
  }
  const ahead = Object.create(manager, {
    query: { value: (text: string, values: unknown[]) => sendAhead(manager, text, values ?? []) },
  }) as EntityManager;
  const results = reads.map((read, index) => read(index < reads.length - 1 ? ahead : manager));
  // the last read fails with the first failure of them all, reported as TypeORM reports a statement's (a read sent
  // ahead rejects with the driver's error alone); so it is awaited first, and no rejection is left unhandled
  for (const result of results) {
    result.catch(() => undefined);
  }
  await results[results.length - 1];
  return (await Promise.all(results)) as T;
}

/** `COMMIT` alone, answered by a promise (TypeORM's way). */
function commits(args: unknown[]): boolean {
  return alone(args, COMMITS);
}

/**
 * PostgreSQL answers the `COMMIT` of a transaction in which a statement failed with `ROLLBACK` and no error: had
 * the code caught that statement's error and gone on, the caller would take a transaction that wrote nothing for
 * one that committed. Such a `COMMIT` fails here instead (25P02, as any other statement in that transaction would),
 * so TypeORM reports the transaction as failed and nothing is taken for written.
 */
async function refuseRolledBackCommit(answer: Promise<{ command?: string }>): Promise<unknown> {
  const result = await answer;
  if (result?.command === 'ROLLBACK') {
    throw Object.assign(
      new Error(
        'COMMIT was answered with ROLLBACK: a statement of the transaction failed, so nothing of it was written',
      ),
      { code: IN_FAILED_TRANSACTION },
    );
  }
  return result;
}

/** `START TRANSACTION` or `BEGIN` alone, answered by a promise (TypeORM's and the tests' way). */
function startsTransaction(args: unknown[]): boolean {
  return alone(args, TRANSACTION_STARTS);
}

/** One of `texts`, without parameters and without a callback (pg's promise form). */
function alone(args: unknown[], texts: ReadonlySet<string>): boolean {
  const [text, values, callback] = args;
  return (
    typeof text === 'string' &&
    texts.has(text) &&
    (values === undefined || (Array.isArray(values) && values.length === 0)) &&
    callback === undefined
  );
}

/** A statement, named when it has parameters ({@link namedStatement}). */
function namedQuery(client: Preparing, args: unknown[]): unknown {
  const statement = namedStatement(client, args[0], args[1]);
  if (!statement) {
    return driverQuery(client, args);
  }
  const stopOnChangedPlan = (error: unknown) => {
    if ((error as { code?: string } | null)?.code === PLAN_RESULT_CHANGED) {
      client[PREPARED] = 'off';
    }
  };
  const callback = args[2];
  if (typeof callback === 'function') {
    return driverQuery(client, [
      statement,
      (error: unknown, result: unknown) => {
        stopOnChangedPlan(error);
        (callback as (error: unknown, result: unknown) => void)(error, result);
      },
    ]);
  }
  return (driverQuery(client, [statement]) as Promise<unknown>).catch((error: unknown) => {
    stopOnChangedPlan(error);
    throw error;
  });
}
