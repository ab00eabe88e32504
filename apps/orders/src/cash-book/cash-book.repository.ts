import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CashHandover } from './cash-book.entity';

export interface CashDay {
  pointOrgId: string;
  openingFen: number;
  takenFen: number;
  refundedFen: number;
  handedOverFen: number;
  closingFen: number;
}

export interface CashMovement {
  postedAt: Date;
  kind: string;
  orderId: string | null;
  amountFen: number;
}

/** A point's cash, read from the ledger's `point_cash` accounts (every county's), and its handovers. */
@Injectable()
export class CashBookRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Each point's day: cash held at the start, taken, refunded in cash, handed over, held at the end. */
  async days(pointOrgIds: string[], from: Date, to: Date, manager = this.db.manager): Promise<CashDay[]> {
    const rows = await manager.query<
      { party_id: string; opening: string; taken: string; refunded: string; handed: string; closing: string }[]
    >(
      `SELECT a.party_id,
              coalesce(sum(p.amount_fen) FILTER (WHERE e.posted_at < $2), 0) AS opening,
              coalesce(sum(p.amount_fen) FILTER (WHERE e.posted_at >= $2 AND e.posted_at < $3
                                                   AND e.kind = 'cash_received'), 0) AS taken,
              -coalesce(sum(p.amount_fen) FILTER (WHERE e.posted_at >= $2 AND e.posted_at < $3
                                                    AND e.kind = 'cash_refunded'), 0) AS refunded,
              -coalesce(sum(p.amount_fen) FILTER (WHERE e.posted_at >= $2 AND e.posted_at < $3
                                                    AND e.kind = 'cash_handed_over'), 0) AS handed,
              coalesce(sum(p.amount_fen) FILTER (WHERE e.posted_at < $3), 0) AS closing
         FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id JOIN ledger_entry e ON e.id = p.entry_id
        WHERE a.kind = 'point_cash' AND a.party_id = ANY($1::uuid[])
        GROUP BY a.party_id`,
      [pointOrgIds, from, to],
    );
    const found = new Map(rows.map((row) => [row.party_id, row]));
    return pointOrgIds.map((pointOrgId) => {
      const row = found.get(pointOrgId);
      return {
        pointOrgId,
        openingFen: Number(row?.opening ?? 0),
        takenFen: Number(row?.taken ?? 0),
        refundedFen: Number(row?.refunded ?? 0),
        handedOverFen: Number(row?.handed ?? 0),
        closingFen: Number(row?.closing ?? 0),
      };
    });
  }

  async movements(pointOrgId: string, from: Date, to: Date): Promise<CashMovement[]> {
    const rows = await this.db.manager.query<
      { posted_at: Date; kind: string; order_id: string | null; amount: string }[]
    >(
      `SELECT e.posted_at, e.kind, e.order_id, p.amount_fen AS amount
         FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id JOIN ledger_entry e ON e.id = p.entry_id
        WHERE a.kind = 'point_cash' AND a.party_id = $1 AND e.posted_at >= $2 AND e.posted_at < $3
        ORDER BY e.posted_at, p.id`,
      [pointOrgId, from, to],
    );
    return rows.map((row) => ({
      postedAt: row.posted_at,
      kind: row.kind,
      orderId: row.order_id,
      amountFen: Number(row.amount),
    }));
  }

  /** Refunds of cash orders collected at the point that still wait to be paid in cash there. */
  async refundsAwaitingCash(
    pointOrgIds: string[],
  ): Promise<{ refundId: string; orderId: string; pointOrgId: string; amountFen: number; createdAt: Date }[]> {
    const rows = await this.db.manager.query<
      { id: string; order_id: string; point: string; amount: string; created_at: Date }[]
    >(
      `SELECT r.id, r.order_id, o.destination_service_point_org_id AS point, r.amount_fen AS amount, r.created_at
         FROM refund r JOIN customer_order o ON o.id = r.order_id
        WHERE r.status = 'awaiting_cash' AND o.destination_service_point_org_id = ANY($1::uuid[])
        ORDER BY r.created_at`,
      [pointOrgIds],
    );
    return rows.map((row) => ({
      refundId: row.id,
      orderId: row.order_id,
      pointOrgId: row.point,
      amountFen: Number(row.amount),
      createdAt: row.created_at,
    }));
  }

  async addCashRefunded(manager: EntityManager, orderId: string, amountFen: number): Promise<void> {
    await manager.query(
      `UPDATE customer_order SET refunded_fen = refunded_fen + $2, updated_at = now() WHERE id = $1`,
      [orderId, amountFen],
    );
  }

  /** The point's cash now, less what it declared handed over and the county has not yet confirmed. */
  async cashToHandOver(manager: EntityManager, pointOrgId: string): Promise<number> {
    const [row] = await manager.query<{ available: string }[]>(
      `SELECT coalesce((SELECT sum(p.amount_fen) FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id
                         WHERE a.kind = 'point_cash' AND a.party_id = $1), 0)
            - coalesce((SELECT sum(amount_fen) FROM cash_handover WHERE point_org_id = $1 AND status = 'declared'), 0)
              AS available`,
      [pointOrgId],
    );
    return Number(row.available);
  }

  /** Serialises handover declarations of one point (so two cannot both declare the same cash). */
  async lockPoint(manager: EntityManager, pointOrgId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('countyflow:orders:cash-book:' || $1))`, [pointOrgId]);
  }

  async insertHandover(manager: EntityManager, handover: Omit<CashHandover, 'createdAt'>): Promise<void> {
    await manager.insert(CashHandover, handover);
  }

  /** Declared → confirmed, once. */
  async confirmHandover(manager: EntityManager, id: string, staffId: string): Promise<CashHandover | null> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH changed AS (
         UPDATE cash_handover SET status = 'confirmed', confirmed_by = $2, confirmed_at = now()
          WHERE id = $1 AND status = 'declared' RETURNING id)
       SELECT id FROM changed`,
      [id, staffId],
    );
    return rows.length ? manager.getRepository(CashHandover).findOneByOrFail({ id }) : null;
  }

  findHandover(id: string): Promise<CashHandover | null> {
    return this.db.manager.getRepository(CashHandover).findOneBy({ id });
  }

  handovers(where: { pointOrgId: string } | { countyCode: string }, from: Date, to: Date): Promise<CashHandover[]> {
    return this.db.manager
      .getRepository(CashHandover)
      .createQueryBuilder('h')
      .where(where)
      .andWhere(`((h.created_at >= :from AND h.created_at < :to) OR h.status = 'declared')`, { from, to })
      .orderBy('h.created_at')
      .getMany();
  }

  /** The county's service points (as orders knows them). */
  async pointsOf(countyCode: string): Promise<{ orgId: string; name: string }[]> {
    return this.db.manager.query<{ orgId: string; name: string }[]>(
      `SELECT org_id AS "orgId", name FROM org_copy WHERE county_code = $1 AND kind = 'service_point' ORDER BY name`,
      [countyCode],
    );
  }
}
