import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';

/** The moment an order counts from: paid online, or the cash taken at the service point (as the dashboard). */
const PAID_AT = 'coalesce(o.paid_at, o.cash_received_at)';
/** Paid orders sold by sellers of county $1 (every county when null) in [$2, $3). */
const PAID_IN_PERIOD = `(${PAID_AT}) >= $2 AND (${PAID_AT}) < $3 AND ($1::char(6) IS NULL OR o.county_code = $1)`;

export interface GroupRow {
  key: string | null;
  name: string | null;
  countyCode: string | null;
  upOrders: number;
  upGmvFen: number;
  downOrders: number;
  downGmvFen: number;
}

export interface ClaimRow {
  status: string;
  resolution: string | null;
  claims: number;
  amountFen: number;
}

const toGroup = (row: Record<string, string | null>): GroupRow => ({
  key: row.key,
  name: row.name,
  countyCode: row.county_code,
  upOrders: Number(row.up_orders),
  upGmvFen: Number(row.up_gmv),
  downOrders: Number(row.down_orders),
  downGmvFen: Number(row.down_gmv),
});

const BY_DIRECTION = `
  count(*) FILTER (WHERE o.direction = 'up') AS up_orders,
  coalesce(sum(o.total_fen) FILTER (WHERE o.direction = 'up'), 0) AS up_gmv,
  count(*) FILTER (WHERE o.direction = 'down') AS down_orders,
  coalesce(sum(o.total_fen) FILTER (WHERE o.direction = 'down'), 0) AS down_gmv`;

/**
 * Reads for the statistics export: the dashboard's paid orders (same moment, same gross GMV) broken down by county,
 * seller, the seller's town and the listing's category, and the claims opened in the period.
 */
@Injectable()
export class StatisticsRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Per China-time day of payment. */
  async byDay(countyCode: string | null, start: Date, end: Date): Promise<GroupRow[]> {
    return this.groups(
      `SELECT to_char((${PAID_AT}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS key, NULL AS name,
              NULL AS county_code, ${BY_DIRECTION}
         FROM customer_order o WHERE ${PAID_IN_PERIOD} GROUP BY 1 ORDER BY 1`,
      countyCode,
      start,
      end,
    );
  }

  async byCounty(countyCode: string | null, start: Date, end: Date): Promise<GroupRow[]> {
    return this.groups(
      `SELECT o.county_code AS key, NULL AS name, o.county_code, ${BY_DIRECTION}
         FROM customer_order o WHERE ${PAID_IN_PERIOD} GROUP BY 1 ORDER BY 1`,
      countyCode,
      start,
      end,
    );
  }

  /** Per seller, with the name orders knows (its copy of the organisation, else the order's). */
  async bySeller(countyCode: string | null, start: Date, end: Date): Promise<GroupRow[]> {
    return this.groups(
      `SELECT o.seller_org_id::text AS key, coalesce(max(c.name), max(o.seller_name)) AS name,
              max(o.county_code) AS county_code, ${BY_DIRECTION}
         FROM customer_order o LEFT JOIN org_copy c ON c.org_id = o.seller_org_id
        WHERE ${PAID_IN_PERIOD}
        GROUP BY o.seller_org_id ORDER BY sum(o.total_fen) DESC, 1`,
      countyCode,
      start,
      end,
    );
  }

  /** Per town (乡镇) of the seller's registered village; null when orders knows no village for the seller. */
  async byTown(countyCode: string | null, start: Date, end: Date): Promise<GroupRow[]> {
    return this.groups(
      `SELECT left(c.village_code, 9) AS key, NULL AS name, max(o.county_code) AS county_code, ${BY_DIRECTION}
         FROM customer_order o LEFT JOIN org_copy c ON c.org_id = o.seller_org_id
        WHERE ${PAID_IN_PERIOD}
        GROUP BY 1 ORDER BY 1 NULLS LAST`,
      countyCode,
      start,
      end,
    );
  }

  /**
   * Per listing category: the goods of the paid orders' lines (unit price × quantity; freight belongs to no
   * category), and the number of orders with a line in it (an order of two categories counts in both).
   */
  async byCategory(countyCode: string | null, start: Date, end: Date): Promise<GroupRow[]> {
    return this.groups(
      `SELECT lc.category_id AS key, NULL AS name, NULL AS county_code,
              count(DISTINCT o.id) FILTER (WHERE o.direction = 'up') AS up_orders,
              coalesce(sum(l.unit_price_fen * l.quantity) FILTER (WHERE o.direction = 'up'), 0) AS up_gmv,
              count(DISTINCT o.id) FILTER (WHERE o.direction = 'down') AS down_orders,
              coalesce(sum(l.unit_price_fen * l.quantity) FILTER (WHERE o.direction = 'down'), 0) AS down_gmv
         FROM customer_order o
         JOIN order_line l ON l.order_id = o.id
         LEFT JOIN listing_copy lc ON lc.listing_id = l.listing_id
        WHERE ${PAID_IN_PERIOD}
        GROUP BY 1 ORDER BY 1 NULLS LAST`,
      countyCode,
      start,
      end,
    );
  }

  /** Claims opened in the period on orders of the county, by state and outcome, with the amounts decided. */
  async claims(countyCode: string | null, start: Date, end: Date): Promise<ClaimRow[]> {
    const rows = await this.db.manager.query<{ status: string; resolution: string | null; n: string; fen: string }[]>(
      `SELECT status, resolution, count(*) AS n, coalesce(sum(resolution_amount_fen), 0) AS fen
         FROM claim
        WHERE created_at >= $2 AND created_at < $3 AND ($1::char(6) IS NULL OR county_code = $1)
        GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST`,
      [countyCode, start, end],
    );
    return rows.map((row) => ({
      status: row.status,
      resolution: row.resolution,
      claims: Number(row.n),
      amountFen: Number(row.fen),
    }));
  }

  private async groups(sql: string, countyCode: string | null, start: Date, end: Date): Promise<GroupRow[]> {
    const rows = await this.db.manager.query<Record<string, string | null>[]>(sql, [countyCode, start, end]);
    return rows.map(toGroup);
  }
}
