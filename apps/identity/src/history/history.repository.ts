import { insertRows, TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/** The tables an import writes whole rows to, by their id. */
export type ImportedTable = 'user_account' | 'organisation';

@Injectable()
export class HistoryRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Of these ids, the ones the table holds (before an import, outside its transaction). */
  present(table: ImportedTable, ids: string[]): Promise<Set<string>> {
    return this.presentIn(this.db.manager, table, ids);
  }

  async presentIn(manager: EntityManager, table: ImportedTable, ids: string[]): Promise<Set<string>> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Writes the rows (snake_case columns) whose id, phone or credit code no row holds; answers the ids written. A row
   * that meets any of those already there is left out, so the caller tells "there already" from "taken by another".
   */
  insert(manager: EntityManager, table: ImportedTable, rows: Row[]): Promise<Set<string>> {
    return insertRows(manager, table, rows);
  }

  async addMembers(
    manager: EntityManager,
    members: { org_id: string; user_id: string; role: string }[],
  ): Promise<void> {
    await insertRows(manager, 'membership', members);
  }
}
