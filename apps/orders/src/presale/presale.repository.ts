import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderStatus } from '../order/order-state';
import { Presale, PresaleStatus } from './presale.entity';

/** A held order of a pre-sale, with the units it asks for. */
export interface HeldOrder {
  orderId: string;
  units: number;
}

/**
 * Every query of the pre-sale aggregate. The cap and the harvest are single conditional UPDATEs (`… WHERE
 * ordered_units + $n <= cap_units`), never read-then-write; CHECKs back both.
 */
@Injectable()
export class PresaleRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insert(
    presale: Omit<
      Presale,
      'orderedUnits' | 'status' | 'harvestedUnits' | 'releasedUnits' | 'harvestedAt' | 'createdAt'
    >,
  ): Promise<Presale> {
    await this.db.manager.insert(Presale, presale);
    return (await this.find(presale.id))!;
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<Presale | null> {
    return manager.findOneBy(Presale, { id });
  }

  ofListing(listingId: string): Promise<Presale[]> {
    return this.db.manager.find(Presale, { where: { listingId }, order: { createdAt: 'DESC' } });
  }

  ofSeller(sellerOrgId: string): Promise<Presale[]> {
    return this.db.manager.find(Presale, { where: { sellerOrgId }, order: { createdAt: 'DESC' } });
  }

  /** Takes `units` of the cap while the pre-sale is open; false when it is closed or the cap would be exceeded. */
  async take(manager: EntityManager, id: string, units: number): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (UPDATE presale SET ordered_units = ordered_units + $2
        WHERE id = $1 AND status = 'open' AND closes_at > now() AND ordered_units + $2 <= cap_units
        RETURNING id) SELECT * FROM changed`,
      [id, units],
    );
    return rows.length > 0;
  }

  /** An unpaid order was cancelled or expired: its units go back to the cap. */
  async giveBack(manager: EntityManager, id: string, orderId: string): Promise<void> {
    await manager.query(
      `UPDATE presale SET ordered_units = ordered_units - (SELECT sum(quantity) FROM order_line WHERE order_id = $2)
        WHERE id = $1`,
      [id, orderId],
    );
  }

  async lock(manager: EntityManager, id: string): Promise<Presale | null> {
    return manager.createQueryBuilder(Presale, 'p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
  }

  async recordHarvest(manager: EntityManager, id: string, units: number): Promise<void> {
    await manager.query(`UPDATE presale SET status = $2, harvested_units = $3, harvested_at = now() WHERE id = $1`, [
      id,
      PresaleStatus.Harvested,
      units,
    ]);
  }

  /** Units of the harvest for one more order, if the harvest still covers them. */
  async allocate(manager: EntityManager, id: string, units: number): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (UPDATE presale SET released_units = released_units + $2
        WHERE id = $1 AND released_units + $2 <= harvested_units RETURNING id) SELECT * FROM changed`,
      [id, units],
    );
    return rows.length > 0;
  }

  /** The paid orders waiting for the harvest, in the order they were placed. */
  async heldOrders(manager: EntityManager, id: string): Promise<HeldOrder[]> {
    const rows = await manager.query<{ order_id: string; units: number }[]>(
      `SELECT o.id AS order_id, (SELECT sum(quantity) FROM order_line l WHERE l.order_id = o.id)::int AS units
         FROM customer_order o
        WHERE o.presale_id = $1 AND o.status = $2
        ORDER BY o.created_at, o.id`,
      [id, OrderStatus.AwaitingHarvest],
    );
    return rows.map((row) => ({ orderId: row.order_id, units: row.units }));
  }

  async unitsOf(manager: EntityManager, orderId: string): Promise<number> {
    const [row] = await manager.query<{ units: number }[]>(
      `SELECT sum(quantity)::int AS units FROM order_line WHERE order_id = $1`,
      [orderId],
    );
    return row.units;
  }

  /** How many of the pre-sale's orders are in each state (the seller's view). */
  async orderCounts(id: string): Promise<Record<string, number>> {
    const rows = await this.db.manager.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM customer_order WHERE presale_id = $1 GROUP BY status`,
      [id],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }
}
