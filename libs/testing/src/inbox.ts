import type { QueryResult } from 'pg';

/** What runs a statement: a pg `Client` or `Pool`. */
interface Queries {
  query(text: string, values: unknown[]): Promise<QueryResult>;
}

/**
 * How many inbox transactions handled these events: the `processed_event` rows one transaction writes share its
 * `now()`, so fewer distinct times than events means several events per transaction (docs/messaging.md "Batches").
 * `table` names the inbox, schema-qualified where the connection's search path does not reach it.
 */
export async function inboxTransactions(db: Queries, eventIds: string[], table = 'processed_event'): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(DISTINCT processed_at)::int AS transactions FROM ${table} WHERE event_id = ANY ($1)`,
    [eventIds],
  );
  return (rows[0] as { transactions: number }).transactions;
}
