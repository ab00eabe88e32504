import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch of `order.placed` in one call (docs/catalog.md "Reservations in batches"): claims the orders, locks their
 * SKUs in SKU id order and — when every line of every claimed order can be had, the usual case — reserves them all
 * at once. A function because PL/pgSQL keeps each statement's plan for the session: planning these CTEs took about
 * as much of PostgreSQL's time as running them, once per batch (plain statements are planned anew each time, and
 * named prepared statements do not survive PgBouncer in transaction mode). Generic plans always: left to choose, the
 * plan cache kept planning the statements for their arrays now and then, and a plan for these primary-key lookups
 * does not depend on what the arrays hold. The rules stay in the statements: the
 * conditional UPDATE's WHERE, the CHECKs; the caller plans the same batch on the locked figures and refuses an
 * answer that differs from its own plan.
 */
export class CatalogReserveBatch1796750000000 implements MigrationInterface {
  name = 'CatalogReserveBatch1796750000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION reserve_order_batch(
        order_ids uuid[], seller_ids uuid[], buyer_ids uuid[],
        line_order_ids uuid[], line_sku_ids uuid[], line_quantities int[], reserve_if_all_fit boolean,
        OUT claimed uuid[], OUT skus json, OUT moved json
      ) LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
      BEGIN
        -- each order's first event claims it (in order id order); an order seen before keeps its outcome
        WITH fresh AS (
          INSERT INTO order_stock (order_id, seller_org_id, buyer_id, status)
          SELECT o.order_id, o.seller_org_id, o.buyer_id, 'reserved'
            FROM unnest(order_ids, seller_ids, buyer_ids) AS o (order_id, seller_org_id, buyer_id)
           ORDER BY o.order_id
          ON CONFLICT (order_id) DO NOTHING RETURNING order_id
        )
        SELECT coalesce(array_agg(order_id), '{}') INTO claimed FROM fresh;

        -- the claimed orders' SKUs, locked in SKU id order (the lock order of every stock change), as they are now
        WITH locked AS (
          SELECT s.id AS "skuId", l.seller_org_id AS "sellerOrgId", s.available, s.price_fen AS "unitPriceFen",
                 (l.status = 'published' AND se.status = 'verified') AS purchasable
            FROM sku s JOIN listing l ON l.id = s.listing_id JOIN seller se ON se.org_id = l.seller_org_id
           WHERE s.id IN (SELECT p.sku_id FROM unnest(line_order_ids, line_sku_ids) AS p (order_id, sku_id)
                           WHERE p.order_id = ANY (claimed))
           ORDER BY s.id
             FOR UPDATE OF s
        )
        SELECT coalesce(json_agg(locked), '[]') INTO skus FROM locked;

        -- every line of every claimed order can be had (the SKU is the order's seller's, can be bought, and the
        -- batch's total of it is available): reserve them all now, as StockRepository.reserveLines would
        IF NOT reserve_if_all_fit OR cardinality(claimed) = 0 OR EXISTS (
          WITH req AS (
            SELECT p.sku_id, p.quantity, o.seller_org_id
              FROM unnest(line_order_ids, line_sku_ids, line_quantities) AS p (order_id, sku_id, quantity)
              JOIN unnest(order_ids, seller_ids) AS o (order_id, seller_org_id) ON o.order_id = p.order_id
             WHERE p.order_id = ANY (claimed)
          )
          SELECT 1 FROM req r LEFT JOIN json_to_recordset(skus)
                 AS k ("skuId" uuid, "sellerOrgId" uuid, available bigint, purchasable boolean) ON k."skuId" = r.sku_id
           GROUP BY r.sku_id
          HAVING bool_or(k."skuId" IS NULL OR k."sellerOrgId" IS DISTINCT FROM r.seller_org_id OR NOT k.purchasable)
                 OR sum(r.quantity) > min(k.available)
        ) THEN
          RETURN;
        END IF;
        WITH req AS (
          SELECT r.order_id, r.sku_id, r.quantity, r.n
            FROM unnest(line_order_ids, line_sku_ids, line_quantities) WITH ORDINALITY AS r (order_id, sku_id, quantity, n)
           WHERE r.order_id = ANY (claimed)
        ), total AS (
          SELECT sku_id, sum(quantity)::int AS quantity FROM req GROUP BY sku_id
        ), taken AS (
          UPDATE sku s SET available = s.available - t.quantity, reserved = s.reserved + t.quantity, updated_at = now()
            FROM total t, listing l, seller se
           WHERE s.id = t.sku_id AND s.available >= t.quantity
             AND l.id = s.listing_id AND l.status = 'published'
             AND se.org_id = l.seller_org_id AND se.status = 'verified'
          RETURNING s.id, l.seller_org_id, s.price_fen, s.available, s.reserved, s.sold, t.quantity AS total
        ), ledger AS (
          INSERT INTO stock_movement (sku_id, kind, quantity, order_id, available_after, reserved_after, sold_after)
          SELECT r.sku_id, 'reserved', r.quantity, r.order_id,
                 m.available + m.total - sum(r.quantity) OVER w, m.reserved - m.total + sum(r.quantity) OVER w, m.sold
            FROM req r JOIN taken m ON m.id = r.sku_id
          WINDOW w AS (PARTITION BY r.sku_id ORDER BY r.n)
           ORDER BY r.n
        ), line AS (
          INSERT INTO reservation (order_id, sku_id, quantity, unit_price_fen)
          SELECT r.order_id, r.sku_id, r.quantity, m.price_fen FROM req r JOIN taken m ON m.id = r.sku_id
        )
        SELECT coalesce(json_agg(json_build_object('skuId', id, 'sellerOrgId', seller_org_id,
                                                   'unitPriceFen', price_fen)), '[]')
          INTO moved FROM taken;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION reserve_order_batch(uuid[], uuid[], uuid[], uuid[], uuid[], int[], boolean)`);
  }
}
