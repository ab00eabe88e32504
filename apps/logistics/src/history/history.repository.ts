import { insertRows } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

/** The rows of imported shipments, by table (snake_case columns). */
export interface HistoryRows {
  shipments: Row[];
  legs: Row[];
  scans: Row[];
  readings: Row[];
  receipts: Row[];
  consents: Row[];
}

export interface HistoryNode {
  id: string;
  code: string;
  name: string;
  countyCode: string;
}

@Injectable()
export class HistoryRepository {
  async nodes(manager: EntityManager, codes: string[]): Promise<HistoryNode[]> {
    return manager.query<HistoryNode[]>(
      `SELECT id, code, name, county_code AS "countyCode" FROM node WHERE code = ANY($1::text[])`,
      [codes],
    );
  }

  /**
   * Writes the shipments not there yet, and what belongs to them; answers how many were new. A shipment already
   * there (its id) is left as it is, with its children: a second import of the same shipments writes nothing.
   */
  async insert(manager: EntityManager, rows: HistoryRows): Promise<number> {
    const fresh = await insertRows(manager, 'shipment', rows.shipments);
    const ofFresh = (list: Row[]) => list.filter((row) => fresh.has(row.shipment_id as string));
    await insertRows(manager, 'shipment_leg', ofFresh(rows.legs));
    await insertRows(manager, 'scan', ofFresh(rows.scans));
    await insertRows(manager, 'temperature_reading', ofFresh(rows.readings));
    await insertRows(manager, 'receipt_record', ofFresh(rows.receipts));
    await insertRows(manager, 'consent_record', ofFresh(rows.consents));
    return fresh.size;
  }
}
