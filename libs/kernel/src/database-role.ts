/**
 * The PostgreSQL role a service connects as: `countyflow_<schema>`. It owns the service's schema and nothing else,
 * and its `search_path` is set on the role (by the migrate step), so a connection needs no startup options — which
 * PgBouncer in transaction mode would drop — and a statement naming another service's table is refused.
 */
export const databaseRoleOf = (schema: string): string => `countyflow_${schema}`;

/** `url` (a postgres:// URL) with its user replaced by the service's role; host, database and password are kept. */
export function databaseUrlFor(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.username = databaseRoleOf(schema);
  return parsed.toString();
}
