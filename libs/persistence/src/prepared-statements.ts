import { createHash } from 'node:crypto';
import { Client } from 'pg';

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

/**
 * A pg client that sends each statement with parameters as a named prepared statement, named by its text
 * ({@link statementName}). PostgreSQL parses and analyses an unnamed statement anew at every execution and plans it
 * every time; a named one is parsed once per connection and, once a generic plan proves as good as the custom ones
 * (after five executions), planned once too. The code that sends the SQL is unchanged (TypeORM's `query`, the
 * repositories' `manager.query`): the pool makes its connections with this class when {@link preparesStatements}
 * says so. If a migration changes the columns a prepared statement returns, PostgreSQL refuses it once (0A000, the
 * statement fails) and the connection stops preparing; the pool replaces idle connections within seconds.
 */
export class PreparingClient extends Client {}

Object.defineProperty(PreparingClient.prototype, 'query', {
  configurable: true,
  writable: true,
  value: function preparedQuery(this: Preparing, ...args: unknown[]): unknown {
    const statement = namedStatement(this, args[0], args[1]);
    if (!statement) {
      return driverQuery(this, args);
    }
    const stopOnChangedPlan = (error: unknown) => {
      if ((error as { code?: string } | null)?.code === PLAN_RESULT_CHANGED) {
        this[PREPARED] = 'off';
      }
    };
    const callback = args[2];
    if (typeof callback === 'function') {
      return driverQuery(this, [
        statement,
        (error: unknown, result: unknown) => {
          stopOnChangedPlan(error);
          (callback as (error: unknown, result: unknown) => void)(error, result);
        },
      ]);
    }
    return (driverQuery(this, [statement]) as Promise<unknown>).catch((error: unknown) => {
      stopOnChangedPlan(error);
      throw error;
    });
  },
});
