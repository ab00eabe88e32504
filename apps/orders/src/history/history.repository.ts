import { insertRows } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/** The rows of imported orders, by table (snake_case columns). */
export interface HistoryRows {
  groups: Row[];
  consents: Row[];
  orders: Row[];
  lines: Row[];
  steps: Row[];
  payments: Row[];
  transactions: Row[];
}

@Injectable()
export class HistoryRepository {
  /**
   * Writes the orders not there yet, and what belongs to them; answers how many were new. An order already there
   * (its id) is left as it is, with its group and children: a second import of the same orders writes nothing.
   */
  async insert(manager: EntityManager, rows: HistoryRows): Promise<number> {
    await insertRows(manager, 'order_group', rows.groups);
    const fresh = await insertRows(manager, 'customer_order', rows.orders);
    const freshGroups = new Set(rows.orders.filter((row) => fresh.has(row.id as string)).map((row) => row.group_id));
    const ofFresh = (list: Row[]) => list.filter((row) => fresh.has(row.order_id as string));
    const ofFreshGroups = (list: Row[]) => list.filter((row) => freshGroups.has(row.group_id));
    await insertRows(manager, 'station_consent', ofFreshGroups(rows.consents));
    await insertRows(manager, 'order_line', ofFresh(rows.lines));
    await insertRows(manager, 'order_history', ofFresh(rows.steps), 'seq');
    await insertRows(manager, 'payment', ofFreshGroups(rows.payments));
    await insertRows(manager, 'payment_transaction', ofFreshGroups(rows.transactions));
    return fresh.size;
  }
}
