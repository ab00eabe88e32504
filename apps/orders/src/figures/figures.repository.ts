import { FlowDirection } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';

export interface PaidOrdersRow {
  /** China-time day the order was paid (YYYY-MM-DD); null when grouped over the whole range. */
  day: string | null;
  direction: FlowDirection;
  orders: number;
  gmvFen: number;
}

/** The moment an order counts from: paid online, or the cash taken at the service point. */
const PAID_AT = 'coalesce(paid_at, cash_received_at)';

/** Reads for the county figures; every query is answered by the `customer_order_county_paid` index. */
@Injectable()
export class FiguresRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /**
   * Paid orders sold by the county's sellers with `start <= paid < end`, by direction and (when `byDay`) by
   * China-time day of payment.
   */
  async paidOrders(countyCode: string, start: Date, end: Date, byDay: boolean): Promise<PaidOrdersRow[]> {
    // grouped by date first, formatted after: to_char on every row costs more than the index scan itself
    const day = byDay ? `(${PAID_AT} AT TIME ZONE 'Asia/Shanghai')::date` : 'NULL::date';
    const rows = await this.db.manager.query<
      { day: string | null; direction: FlowDirection; orders: string; gmv: string }[]
    >(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, direction, orders, gmv
         FROM (SELECT ${day} AS day, direction, count(*) AS orders, sum(total_fen) AS gmv
                 FROM customer_order
                WHERE county_code = $1 AND ${PAID_AT} >= $2 AND ${PAID_AT} < $3
                GROUP BY 1, 2) paid`,
      [countyCode, start, end],
    );
    return rows.map((row) => ({
      day: row.day,
      direction: row.direction,
      orders: Number(row.orders),
      gmvFen: Number(row.gmv),
    }));
  }
}
