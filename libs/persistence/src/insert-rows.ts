import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { writeAhead } from './prepared-statements';

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

/**
 * Entities as plain rows for `json_populate_recordset` (the shape {@link insertRows} takes): column names as keys,
 * values through each column's transformer. A property left undefined is left out, so its column's default applies;
 * every row must define the same properties.
 */
export function columnRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  objects: Partial<T>[],
): Record<string, unknown>[] {
  const columns = manager.connection.getMetadata(entity).columns;
  const rows = objects.map((object) =>
    Object.fromEntries(
      columns
        .filter((column) => column.getEntityValue(object) !== undefined)
        .map((column) => [column.databaseName, column.getEntityValue(object, true) as unknown]),
    ),
  );
  const shape = Object.keys(rows[0] ?? {}).join();
  if (rows.some((row) => Object.keys(row).join() !== shape)) {
    throw new Error(`rows of ${manager.connection.getMetadata(entity).tableName} must all define the same columns`);
  }
  return rows;
}

/**
 * Inserts new entities of several tables in one statement (one round trip), each table's rows through
 * {@link columnRows}; parts without rows are left out. For rows that belong together, e.g. a parent and its
 * children (the foreign keys are checked at the end of the statement). `ahead`: sent ahead of the transaction's
 * next statement where the connection can ({@link writeAhead}; its failure is that statement's), for an insert
 * whose answer nothing waits for.
 */
export async function insertEntities(
  manager: EntityManager,
  parts: { entity: EntityTarget<ObjectLiteral>; objects: ObjectLiteral[] }[],
  { ahead = false }: { ahead?: boolean } = {},
): Promise<void> {
  const filled = parts.filter((part) => part.objects.length > 0);
  if (filled.length === 0) {
    return;
  }
  const inserts = filled.map((part, at) => {
    const table = manager.connection.getMetadata(part.entity).tableName;
    const rows = columnRows(manager, part.entity, part.objects);
    const columns = Object.keys(rows[0]).join(', ');
    return {
      sql: `part${at} AS (INSERT INTO ${table} (${columns})
              SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $${at + 1}::json))`,
      rows,
    };
  });
  const text = `WITH ${inserts.map((insert) => insert.sql).join(', ')} SELECT 1`;
  const values = inserts.map((insert) => JSON.stringify(insert.rows));
  await (ahead ? writeAhead(manager, text, values) : manager.query(text, values));
}
