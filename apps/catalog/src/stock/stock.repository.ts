import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MovementKind, OrderStock, OrderStockStatus, StockMovement } from './stock.entity';

export interface StockFigures {
  available: number;
  reserved: number;
  sold: number;
}

/** A line of an order: its SKU and quantity, with the listing the SKU belongs to once known. */
export interface OrderLine {
  skuId: string;
  quantity: number;
}

/** An order's state in the catalog, locked, with its reserved lines in SKU order. */
export interface LockedOrder {
  status: OrderStockStatus;
  reservations: OrderLine[];
}

/** What the catalog knows about a SKU an order asked for, to say why it could not be reserved. */
export interface LineState {
  skuId: string;
  sellerOrgId: string | null;
  purchasable: boolean;
  available: number;
}

/**
 * Every stock change is one conditional UPDATE whose condition is the rule (never read-then-write), chained in the
 * same statement to its ledger row. A movement that would break a rule updates nothing and returns null.
 * The figures after each movement satisfy `received + restocked = available + reserved + sold` (a CHECK).
 * They are bigint, which the driver returns as text; `::float8` hands them back as numbers, exact below 2^53.
 */
const MOVES: Record<Exclude<MovementKind, MovementKind.Reserved>, { set: string; when: string }> = {
  [MovementKind.Received]: { set: 'received = received + $2, available = available + $2', when: '$2 > 0' },
  [MovementKind.Adjusted]: { set: 'received = received + $2, available = available + $2', when: 'available + $2 >= 0' },
  [MovementKind.Released]: { set: 'reserved = reserved - $2, available = available + $2', when: 'reserved >= $2' },
  [MovementKind.Sold]: { set: 'reserved = reserved - $2, sold = sold + $2', when: 'reserved >= $2' },
  [MovementKind.Restocked]: {
    set: 'restocked = restocked + $2, available = available + $2',
    when: 'sold - restocked >= $2',
  },
};

/**
 * The reservation of one order line ($1 order, $2 SKU, $3 quantity, $4 seller) as the CTEs `moved` (the SKU's
 * conditional UPDATE, only `when` holds), its ledger row and the reservation line.
 */
const reservation = (when: string): string => `
  moved AS (
    UPDATE sku s SET available = s.available - $3, reserved = s.reserved + $3, updated_at = now()
      FROM listing l, seller se
     WHERE s.id = $2 AND s.available >= $3
       AND l.id = s.listing_id AND l.seller_org_id = $4 AND l.status = 'published'
       AND se.org_id = l.seller_org_id AND se.status = 'verified' AND ${when}
    RETURNING s.id, s.price_fen, s.available, s.reserved, s.sold
  ), ledger AS (
    INSERT INTO stock_movement (sku_id, kind, quantity, order_id, available_after, reserved_after, sold_after)
    SELECT id, 'reserved', $3, $1, available, reserved, sold FROM moved
  ), line AS (
    INSERT INTO reservation (order_id, sku_id, quantity, unit_price_fen) SELECT $1, id, $3, price_fen FROM moved
  )`;

/** A SKU a batch of orders asks for, locked, with what planning the batch needs. */
export interface LockedSku extends LineState {
  unitPriceFen: number;
}

/** A SKU a batch's reservation moved, with the seller and price it was reserved at. */
export interface MovedSku {
  skuId: string;
  sellerOrgId: string;
  unitPriceFen: number;
}

@Injectable()
export class StockRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Moves stock of one SKU and writes the ledger row; null when the rule of the movement does not hold. */
  async move(
    manager: EntityManager,
    kind: Exclude<MovementKind, MovementKind.Reserved>,
    skuId: string,
    quantity: number,
    context: { orderId?: string; reason?: string; actorId?: string } = {},
  ): Promise<(StockFigures & { listingId: string }) | null> {
    const { set, when } = MOVES[kind];
    const rows = await manager.query<(StockFigures & { listingId: string })[]>(
      `WITH moved AS (
         UPDATE sku SET ${set}, updated_at = now() WHERE id = $1 AND ${when}
         RETURNING id, listing_id, available, reserved, sold
       ), ledger AS (
         INSERT INTO stock_movement (sku_id, kind, quantity, order_id, reason, actor_id, available_after,
                                     reserved_after, sold_after)
         SELECT id, $3, $2, $4, $5, $6, available, reserved, sold FROM moved
       )
       SELECT listing_id AS "listingId", available::float8, reserved::float8, sold::float8 FROM moved`,
      [skuId, quantity, kind, context.orderId ?? null, context.reason ?? null, context.actorId ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * Reserves one line of an order: takes the units from available only while the SKU belongs to the seller, its
   * listing is published and the seller verified, and enough are available — all in the UPDATE's condition. Writes
   * the ledger row and the reservation line with the price of that instant. Null when it could not.
   */
  async reserve(
    manager: EntityManager,
    orderId: string,
    sellerOrgId: string,
    line: OrderLine,
  ): Promise<{ unitPriceFen: number } | null> {
    const rows = await manager.query<{ unitPriceFen: number }[]>(
      `WITH ${reservation('true')} SELECT price_fen AS "unitPriceFen" FROM moved`,
      [orderId, line.skuId, line.quantity, sellerOrgId],
    );
    return rows[0] ?? null;
  }

  /**
   * An order of one line in one statement: records the order's first event as {@link claimOrder} does and, only if
   * it was the first, reserves the line as {@link reserve} does. `claimed` is false when the order was seen before
   * (nothing written); `unitPriceFen` is null when the line could not be reserved (the order is claimed as reserved:
   * the caller rejects it).
   */
  async claimAndReserve(
    manager: EntityManager,
    order: { orderId: string; sellerOrgId: string; buyerId: string | null },
    line: OrderLine,
  ): Promise<{ claimed: boolean; unitPriceFen: number | null }> {
    const [row] = await manager.query<{ claimed: boolean; unitPriceFen: number | null }[]>(
      `WITH claimed AS (
         INSERT INTO order_stock (order_id, seller_org_id, buyer_id, status) VALUES ($1, $4, $5, $6)
         ON CONFLICT (order_id) DO NOTHING RETURNING order_id
       ), ${reservation('EXISTS (SELECT 1 FROM claimed)')}
       SELECT EXISTS (SELECT 1 FROM claimed) AS claimed, (SELECT price_fen FROM moved) AS "unitPriceFen"`,
      [order.orderId, line.skuId, line.quantity, order.sellerOrgId, order.buyerId, OrderStockStatus.Reserved],
    );
    return row;
  }

  /**
   * The first step of a batch of orders (see ReservationHandlers.handleOrderPlacedBatch), in one call of the
   * `reserve_order_batch` function (migration CatalogReserveBatch1796750000000): records each order's first event
   * as {@link claimOrder} does (as reserved, in order id order), then locks the SKUs the claimed orders ask for **in
   * SKU id order** — the lock order of every stock change — and reads what the plan needs. With `reserveIfAllFit`,
   * when every line of every claimed order can be had (the SKU is the order's seller's and can be bought, and the
   * batch's total of it is available), it also reserves them all as {@link reserveLines} does, lines in the order
   * given, and answers the SKUs moved; else `moved` is null and nothing but the claims is written. `skus` are the
   * figures as locked, before any reservation of the batch.
   */
  async claimOrdersLockingSkus(
    manager: EntityManager,
    orders: { orderId: string; sellerOrgId: string; buyerId: string | null }[],
    lines: { orderId: string; skuId: string; quantity: number }[],
    reserveIfAllFit = false,
  ): Promise<{ claimed: Set<string>; skus: LockedSku[]; moved: MovedSku[] | null }> {
    const [row] = await manager.query<{ claimed: string[]; skus: LockedSku[]; moved: MovedSku[] | null }[]>(
      `SELECT claimed, skus, moved FROM reserve_order_batch($1, $2, $3, $4, $5, $6, $7)`,
      [
        orders.map((order) => order.orderId),
        orders.map((order) => order.sellerOrgId),
        orders.map((order) => order.buyerId),
        lines.map((line) => line.orderId),
        lines.map((line) => line.skuId),
        lines.map((line) => line.quantity),
        reserveIfAllFit,
      ],
    );
    return { claimed: new Set(row.claimed), skus: row.skus, moved: row.moved };
  }

  /**
   * The second step of a batch: reserves every planned line in one statement — per SKU one conditional UPDATE of
   * the lines' total (the same rule as {@link reserve}: enough available, listing published, seller verified), one
   * ledger row per line with the figures after it (in the order given), the reservation lines — and marks the
   * orders it could not reserve as rejected. Answers the SKUs moved with their seller and price; a SKU missing from
   * the answer was not moved (its rule no longer held).
   */
  async reserveLines(
    manager: EntityManager,
    lines: { orderId: string; skuId: string; quantity: number }[],
    rejectedOrderIds: string[],
  ): Promise<MovedSku[]> {
    return manager.query(
      `WITH req AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) WITH ORDINALITY AS r (order_id, sku_id, quantity, n)
       ), total AS (
         SELECT sku_id, sum(quantity)::int AS quantity FROM req GROUP BY sku_id
       ), moved AS (
         UPDATE sku s SET available = s.available - t.quantity, reserved = s.reserved + t.quantity, updated_at = now()
           FROM total t, listing l, seller se
          WHERE s.id = t.sku_id AND s.available >= t.quantity
            AND l.id = s.listing_id AND l.status = 'published'
            AND se.org_id = l.seller_org_id AND se.status = 'verified'
         RETURNING s.id, l.seller_org_id, s.price_fen, s.available, s.reserved, s.sold, t.quantity AS total
       ), ledger AS (
         INSERT INTO stock_movement (sku_id, kind, quantity, order_id, available_after, reserved_after, sold_after)
         SELECT r.sku_id, '${MovementKind.Reserved}', r.quantity, r.order_id,
                m.available + m.total - sum(r.quantity) OVER w, m.reserved - m.total + sum(r.quantity) OVER w, m.sold
           FROM req r JOIN moved m ON m.id = r.sku_id
         WINDOW w AS (PARTITION BY r.sku_id ORDER BY r.n)
          ORDER BY r.n
       ), line AS (
         INSERT INTO reservation (order_id, sku_id, quantity, unit_price_fen)
         SELECT r.order_id, r.sku_id, r.quantity, m.price_fen FROM req r JOIN moved m ON m.id = r.sku_id
       ), rejected AS (
         UPDATE order_stock SET status = '${OrderStockStatus.Rejected}', updated_at = now()
          WHERE order_id = ANY ($4::uuid[])
       )
       SELECT id AS "skuId", seller_org_id AS "sellerOrgId", price_fen AS "unitPriceFen" FROM moved`,
      [
        lines.map((line) => line.orderId),
        lines.map((line) => line.skuId),
        lines.map((line) => line.quantity),
        rejectedOrderIds,
      ],
    );
  }

  async lineStates(manager: EntityManager, skuIds: string[]): Promise<LineState[]> {
    return manager.query<LineState[]>(
      `SELECT s.id AS "skuId", l.seller_org_id AS "sellerOrgId", s.available::float8 AS available,
              (l.status = 'published' AND se.status = 'verified') AS purchasable
         FROM sku s JOIN listing l ON l.id = s.listing_id JOIN seller se ON se.org_id = l.seller_org_id
        WHERE s.id = ANY ($1::uuid[])`,
      [skuIds],
    );
  }

  /** Records the order's first event; false when the order was already seen (its outcome stands). */
  async claimOrder(
    manager: EntityManager,
    order: { orderId: string; sellerOrgId: string; buyerId: string | null; status: OrderStockStatus },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO order_stock (order_id, seller_org_id, buyer_id, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [order.orderId, order.sellerOrgId, order.buyerId, order.status],
    );
    return rows.length > 0;
  }

  /** The seller of each of these SKUs (by their listing); SKUs that do not exist are absent. */
  async skuOwners(manager: EntityManager, skuIds: string[]): Promise<Map<string, string>> {
    const rows = await manager.query<{ skuId: string; sellerOrgId: string }[]>(
      `SELECT s.id AS "skuId", l.seller_org_id AS "sellerOrgId"
         FROM sku s JOIN listing l ON l.id = s.listing_id WHERE s.id = ANY ($1::uuid[])`,
      [skuIds],
    );
    return new Map(rows.map((row) => [row.skuId, row.sellerOrgId]));
  }

  /** Records past orders as sold; answers the ids of those catalog did not know yet (the others stand). */
  async claimPastOrders(
    manager: EntityManager,
    orders: { orderId: string; sellerOrgId: string; buyerId?: string }[],
  ): Promise<string[]> {
    const rows = await manager.query<{ orderId: string }[]>(
      `INSERT INTO order_stock (order_id, seller_org_id, buyer_id, status)
       SELECT o.order_id, o.seller_org_id, o.buyer_id, '${OrderStockStatus.Sold}'
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS o (order_id, seller_org_id, buyer_id)
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id AS "orderId"`,
      [
        orders.map((order) => order.orderId),
        orders.map((order) => order.sellerOrgId),
        orders.map((order) => order.buyerId ?? null),
      ],
    );
    return rows.map((row) => row.orderId);
  }

  /**
   * One line of a past order: the units are taken in and sold at once (`received` and `sold` grow together), with
   * its ledger rows as for any order (received, reserved, sold: the ledger still replays to the figures) and the
   * order's line.
   * Answers the SKU's listing.
   */
  async recordPastSale(
    manager: EntityManager,
    line: { orderId: string; skuId: string; quantity: number; unitPriceFen: number },
    reason: 'history' | 'presale' = 'history',
  ): Promise<string> {
    const rows = await manager.query<{ listingId: string }[]>(
      `WITH moved AS (
         UPDATE sku SET received = received + $2, sold = sold + $2, updated_at = now() WHERE id = $1
         RETURNING id, listing_id, available, reserved, sold
       ), ledger AS (
         INSERT INTO stock_movement (sku_id, kind, quantity, order_id, reason, available_after, reserved_after,
                                     sold_after)
         SELECT m.id, k.kind, $2, $3, $5, m.available + k.available, m.reserved + k.reserved,
                m.sold - $2 + k.sold
           FROM moved m
          CROSS JOIN (VALUES (1, '${MovementKind.Received}', $2::bigint, 0::bigint, 0::bigint),
                             (2, '${MovementKind.Reserved}', 0::bigint, $2::bigint, 0::bigint),
                             (3, '${MovementKind.Sold}', 0::bigint, 0::bigint, $2::bigint))
                AS k (step, kind, available, reserved, sold)
          ORDER BY k.step
       ), line AS (
         INSERT INTO reservation (order_id, sku_id, quantity, unit_price_fen) SELECT $3, id, $2, $4 FROM moved
       )
       SELECT listing_id AS "listingId" FROM moved`,
      [line.skuId, line.quantity, line.orderId, line.unitPriceFen, reason],
    );
    return rows[0].listingId;
  }

  /**
   * Locks the order's row so that events of one order are applied one after another, and reads its reserved lines
   * in SKU order (the order every movement takes its locks in) in the same statement. Null for an order not seen.
   */
  async lockOrder(manager: EntityManager, orderId: string): Promise<LockedOrder | null> {
    return (await this.lockOrders(manager, [orderId])).get(orderId) ?? null;
  }

  /**
   * Locks the orders' rows in order id order (the order every batch takes them in), each read with its reserved
   * lines in SKU order, in one statement. An order not seen is missing from the map.
   */
  async lockOrders(manager: EntityManager, orderIds: string[]): Promise<Map<string, LockedOrder>> {
    const rows = await manager.query<
      { orderId: string; status: OrderStockStatus; skuId: string | null; quantity: number | null }[]
    >(
      `SELECT o.order_id AS "orderId", o.status, r.sku_id AS "skuId", r.quantity
         FROM order_stock o LEFT JOIN reservation r ON r.order_id = o.order_id
        WHERE o.order_id = ANY ($1::uuid[]) ORDER BY o.order_id, r.sku_id FOR UPDATE OF o`,
      [orderIds],
    );
    const orders = new Map<string, LockedOrder>();
    for (const { orderId, status, skuId, quantity } of rows) {
      const order = orders.get(orderId) ?? { status, reservations: [] };
      if (skuId) {
        order.reservations.push({ skuId, quantity: quantity! });
      }
      orders.set(orderId, order);
    }
    return orders;
  }

  /** Sets the status of one order, or of several in one statement. */
  async setOrderStatus(
    manager: EntityManager,
    orderIds: string | readonly string[],
    status: OrderStockStatus,
  ): Promise<void> {
    await manager.query(`UPDATE order_stock SET status = $2, updated_at = now() WHERE order_id = ANY ($1::uuid[])`, [
      typeof orderIds === 'string' ? [orderIds] : orderIds,
      status,
    ]);
  }

  findOrder(orderId: string): Promise<OrderStock | null> {
    return this.db.manager.getRepository(OrderStock).findOneBy({ orderId });
  }

  movements(skuId: string, limit: number): Promise<StockMovement[]> {
    return this.db.manager.getRepository(StockMovement).find({ where: { skuId }, order: { id: 'DESC' }, take: limit });
  }
}
