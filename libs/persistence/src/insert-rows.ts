import { EntityManager } from 'typeorm';

/**
 * Inserts plain rows (snake_case keys, one shape for all) into `table` of the current schema in batches of one
 * statement each, skipping rows whose key is already there; answers the `returning` values of the rows inserted.
 * For bulk imports whose ids the caller supplies, so that a second import of the same rows inserts nothing.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  rows: Record<string, unknown>[],
  returning = 'id',
): Promise<Set<string>> {
  const inserted = new Set<string>();
  if (rows.length === 0) {
    return inserted;
  }
  const columns = Object.keys(rows[0]).join(', ');
  for (let start = 0; start < rows.length; start += 2_000) {
    const batch = rows.slice(start, start + 2_000);
    const result = await manager.query<{ key: string }[]>(
      `INSERT INTO ${table} (${columns})
       SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)
       ON CONFLICT DO NOTHING RETURNING ${returning}::text AS key`,
      [JSON.stringify(batch)],
    );
    for (const row of result) {
      inserted.add(row.key);
    }
  }
  return inserted;
}
