import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LotScan, ProduceLot } from './lot.entity';

export type LotInsert = Omit<ProduceLot, 'id' | 'certificateNo' | 'createdAt'>;

export interface ScanInsert {
  shipmentId: string;
  orderId: string;
  nodeCode: string;
  nodeName: string;
  kind: string;
  temperatureC: number | null;
  at: string;
}

@Injectable()
export class LotRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async nextCertificateSequence(): Promise<number> {
    const [{ sequence }] = await this.db.manager.query<{ sequence: string }[]>(
      `SELECT nextval('lot_certificate_seq') AS sequence`,
    );
    return Number(sequence);
  }

  async insert(manager: EntityManager, lot: LotInsert & { certificateNo: string }): Promise<ProduceLot> {
    return manager.getRepository(ProduceLot).save(lot);
  }

  /** Mirrors what logistics weighed off the lot at a hand-in (`lot.taken`; the inbox runs it once per event). */
  async addTaken(manager: EntityManager, lotId: string, grams: number): Promise<void> {
    await manager.query(`UPDATE produce_lot SET taken_grams = taken_grams + $2 WHERE id = $1`, [lotId, grams]);
  }

  listByListing(listingId: string): Promise<ProduceLot[]> {
    return this.db.manager.getRepository(ProduceLot).find({ where: { listingId }, order: { createdAt: 'DESC' } });
  }

  /** The most recently issued lots of a listing, newest certificate first. */
  recentByListing(listingId: string, limit: number): Promise<ProduceLot[]> {
    return this.db.manager.getRepository(ProduceLot).find({
      where: { listingId },
      order: { issueDate: 'DESC', createdAt: 'DESC' },
      take: limit,
    });
  }

  /** The lot with its row locked for the rest of the transaction. */
  findForUpdate(manager: EntityManager, id: string): Promise<ProduceLot | null> {
    return manager.getRepository(ProduceLot).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByTraceCode(traceCode: string): Promise<ProduceLot | null> {
    return this.db.manager.getRepository(ProduceLot).findOneBy({ traceCode });
  }

  /** Records a scan for each lot whose trace code the parcel carries; a repeated scan is recorded once. */
  async recordScans(manager: EntityManager, traceCodes: string[], scan: ScanInsert): Promise<number> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO lot_scan (lot_id, shipment_id, order_id, node_code, node_name, kind, temperature_c, at)
       SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM produce_lot WHERE trace_code = ANY ($1)
       ON CONFLICT (lot_id, shipment_id, at, kind, node_code) DO NOTHING
       RETURNING id`,
      [traceCodes, scan.shipmentId, scan.orderId, scan.nodeCode, scan.nodeName, scan.kind, scan.temperatureC, scan.at],
    );
    return rows.length;
  }

  /** The scans of the most recent parcels that carried the lot, oldest scan first within each parcel. */
  scansOf(lotId: string, limit = 200): Promise<LotScan[]> {
    return this.db.manager
      .getRepository(LotScan)
      .createQueryBuilder('scan')
      .where('scan.lot_id = :lotId', { lotId })
      .andWhere(
        `scan.shipment_id IN (SELECT shipment_id FROM lot_scan WHERE lot_id = :lotId
                               GROUP BY shipment_id ORDER BY max(at) DESC LIMIT 20)`,
      )
      .orderBy('scan.at', 'ASC')
      .addOrderBy('scan.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
