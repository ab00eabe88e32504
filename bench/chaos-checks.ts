import { EVENT_ROUTES, EventName, ServiceName } from '@countyflow/contracts';
import { Client } from 'pg';

/*
 * What must hold once the platform has settled after the chaos run, read straight from each service's tables (the
 * harness is the auditor here, not a client). Each check names what it proves; a failure lists the rows that break
 * it. Nothing here knows which faults happened: the same checks hold after any run.
 */

export interface CheckResult {
  name: string;
  ok: boolean;
  /** One sentence: what was checked and over how many rows. */
  summary: string;
  /** The rows that break it (at most 20 shown), or notes. */
  details: string[];
}

/** What the client saw, to hold the platform's records against. */
export interface ClientRecord {
  /** Idempotency keys whose checkout was answered 202 (at some attempt), with the group id. */
  acceptedGroups: Map<string, string>;
  /** Provider transaction ids the "provider" sent and got 200 for, with the amount. */
  confirmedTransactions: Map<string, number>;
  /** Every provider transaction id the "provider" sent (answered or not). */
  sentTransactions: Set<string>;
  /** Initial stock of each SKU as the seller entered it. */
  initialStock: Map<string, number>;
}

export const MESSAGING_SCHEMAS = ['identity', 'catalog', 'orders', 'logistics'] as const;
type Schema = (typeof MESSAGING_SCHEMAS)[number];

const SHOWN = 20;
const PENDING_STATUSES = ['placed', 'awaiting_payment', 'paid'];

function result(name: string, problems: string[], summary: string, notes: string[] = []): CheckResult {
  const details = problems.slice(0, SHOWN);
  if (problems.length > SHOWN) details.push(`… and ${problems.length - SHOWN} more`);
  return { name, ok: problems.length === 0, summary, details: problems.length > 0 ? details : notes };
}

async function rows<T>(db: Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)).rows as T[];
}

/** No order is left in a state that waits for something automatic: placed, awaiting payment, or paid. */
export async function everyOrderSettled(db: Client): Promise<CheckResult> {
  const counts = await rows<{ status: string; n: number }>(
    db,
    `SELECT status, count(*)::int AS n FROM orders.customer_order GROUP BY status ORDER BY status`,
  );
  const stuck = await rows<{ id: string; status: string; overdue_s: number | null; age_s: number }>(
    db,
    `SELECT id, status, extract(epoch FROM now() - payment_due_at)::int AS overdue_s,
            extract(epoch FROM now() - updated_at)::int AS age_s
       FROM orders.customer_order WHERE status = ANY($1) ORDER BY updated_at`,
    [PENDING_STATUSES],
  );
  const why = (order: (typeof stuck)[number]): string => {
    if (order.status === 'placed') return `catalog has not answered its order.placed (${order.age_s} s)`;
    if (order.status === 'paid') return `paid ${order.age_s} s ago but no shipment.created has moved it on`;
    return order.overdue_s !== null && order.overdue_s > 0
      ? `awaiting payment ${order.overdue_s} s past its due time: neither the expiry job nor the sweep expired it`
      : `still within its payment window (${-(order.overdue_s ?? 0)} s left)`;
  };
  const total = counts.reduce((sum, row) => sum + row.n, 0);
  return result(
    'every order settled',
    stuck.map((order) => `order ${order.id} is ${order.status}: ${why(order)}`),
    `${total} orders, none placed, awaiting payment or paid-without-shipment (${counts
      .map((row) => `${row.status} ${row.n}`)
      .join(', ')})`,
  );
}

/** Each order's history is one chain: every entry leaves the state the last one entered, ending in the status. */
export async function orderHistoryIsOneChain(db: Client): Promise<CheckResult> {
  const broken = await rows<{ order_id: string; problem: string }>(
    db,
    `WITH h AS (
       SELECT order_id, seq, from_status, to_status,
              lag(to_status) OVER (PARTITION BY order_id ORDER BY seq) AS previous,
              row_number() OVER (PARTITION BY order_id ORDER BY seq DESC) AS from_end
         FROM orders.order_history)
     SELECT h.order_id, 'entry ' || h.seq || ' leaves ' || coalesce(h.from_status, 'nothing') ||
            ' but the previous entry entered ' || coalesce(h.previous, 'nothing') AS problem
       FROM h WHERE h.from_status IS DISTINCT FROM h.previous
     UNION ALL
     SELECT o.id, 'status ' || o.status || ' but the last history entry says ' || coalesce(h.to_status, 'nothing')
       FROM orders.customer_order o LEFT JOIN h ON h.order_id = o.id AND h.from_end = 1
      WHERE h.to_status IS DISTINCT FROM o.status
     UNION ALL
     SELECT order_id, 'entered ' || to_status || ' ' || count(*) || ' times'
       FROM orders.order_history GROUP BY order_id, to_status HAVING count(*) > 1`,
  );
  const [{ n }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM orders.order_history`);
  return result(
    'order history is one chain per order',
    broken.map((row) => `order ${row.order_id}: ${row.problem}`),
    `${n} history entries: each order's transitions chain, end in its status, and enter no state twice`,
  );
}

/**
 * For every SKU: received + restocked = available + reserved + sold, nothing negative, restocked ≤ sold; the ledger
 * (stock_movement) replays to the figures; the last movement's figures are the current ones; received is what the
 * seller entered; and no order moved a SKU the same way twice.
 */
export async function stockLedgerIdentity(db: Client, client: ClientRecord): Promise<CheckResult> {
  const skus = await rows<{
    id: string;
    received: number;
    restocked: number;
    available: number;
    reserved: number;
    sold: number;
    m_received: number;
    m_reserved: number;
    m_released: number;
    m_sold: number;
    m_restocked: number;
    last_available: number | null;
    last_reserved: number | null;
    last_sold: number | null;
  }>(
    db,
    `SELECT s.id, s.received::float8 AS received, s.restocked::float8 AS restocked, s.available::float8 AS available,
            s.reserved::float8 AS reserved, s.sold::float8 AS sold,
            coalesce(sum(m.quantity) FILTER (WHERE m.kind IN ('received', 'adjusted')), 0)::int AS m_received,
            coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'reserved'), 0)::int AS m_reserved,
            coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'released'), 0)::int AS m_released,
            coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'sold'), 0)::int AS m_sold,
            coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'restocked'), 0)::int AS m_restocked,
            (SELECT available_after FROM catalog.stock_movement WHERE sku_id = s.id ORDER BY id DESC LIMIT 1)::float8 AS last_available,
            (SELECT reserved_after FROM catalog.stock_movement WHERE sku_id = s.id ORDER BY id DESC LIMIT 1)::float8 AS last_reserved,
            (SELECT sold_after FROM catalog.stock_movement WHERE sku_id = s.id ORDER BY id DESC LIMIT 1)::float8 AS last_sold
       FROM catalog.sku s LEFT JOIN catalog.stock_movement m ON m.sku_id = s.id
      GROUP BY s.id ORDER BY s.id`,
  );
  const problems: string[] = [];
  for (const s of skus) {
    const say = (what: string) => problems.push(`SKU ${s.id}: ${what}`);
    if (s.received + s.restocked !== s.available + s.reserved + s.sold) {
      say(
        `received ${s.received} + restocked ${s.restocked} ≠ available ${s.available} + reserved ${s.reserved} + sold ${s.sold}`,
      );
    }
    if (Math.min(s.received, s.restocked, s.available, s.reserved, s.sold) < 0) say('a figure is negative');
    if (s.restocked > s.sold) say(`restocked ${s.restocked} > sold ${s.sold}`);
    if (s.m_received !== s.received) say(`ledger received+adjusted ${s.m_received} ≠ received ${s.received}`);
    if (s.m_sold !== s.sold) say(`ledger sold ${s.m_sold} ≠ sold ${s.sold}`);
    if (s.m_restocked !== s.restocked) say(`ledger restocked ${s.m_restocked} ≠ restocked ${s.restocked}`);
    if (s.m_reserved - s.m_released - s.m_sold !== s.reserved) {
      say(`ledger reserved ${s.m_reserved} − released ${s.m_released} − sold ${s.m_sold} ≠ reserved ${s.reserved}`);
    }
    if (s.m_received - s.m_reserved + s.m_released + s.m_restocked !== s.available) {
      say(
        `the ledger replays to available ${s.m_received - s.m_reserved + s.m_released + s.m_restocked}, not ${s.available}`,
      );
    }
    if (
      s.last_available !== null &&
      (s.last_available !== s.available || s.last_reserved !== s.reserved || s.last_sold !== s.sold)
    ) {
      say(
        `last movement left ${s.last_available}/${s.last_reserved}/${s.last_sold} (available/reserved/sold), ` +
          `the SKU says ${s.available}/${s.reserved}/${s.sold}`,
      );
    }
    const initial = client.initialStock.get(s.id);
    if (initial !== undefined && s.received !== initial) say(`received ${s.received}, the seller entered ${initial}`);
  }
  const twice = await rows<{ order_id: string; sku_id: string; kind: string; n: number }>(
    db,
    `SELECT order_id, sku_id, kind, count(*)::int AS n FROM catalog.stock_movement
      WHERE order_id IS NOT NULL GROUP BY order_id, sku_id, kind HAVING count(*) > 1`,
  );
  for (const row of twice)
    problems.push(`order ${row.order_id} has ${row.n} '${row.kind}' movements of SKU ${row.sku_id}`);
  const [{ n }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM catalog.stock_movement`);
  return result(
    'stock ledger identity holds for every SKU',
    problems,
    `${skus.length} SKUs, ${n} movements: figures balance, the ledger replays to them, each order moves a SKU once per kind`,
  );
}

/**
 * Catalog and orders agree about every order's stock: a rejected order holds nothing, an expired or cancelled unpaid
 * order released exactly its lines, a paid one sold exactly its lines (a paid-then-cancelled one restocked them);
 * no reservation exists for an order orders does not know; and what orders counts as sold per SKU is what catalog
 * sold net of restocks — which never exceeds what was received (no overselling).
 */
export async function catalogAgreesWithOrders(db: Client): Promise<CheckResult> {
  const disagreements = await rows<{ id: string; status: string; paid: boolean; stock_status: string | null }>(
    db,
    `SELECT o.id, o.status, o.paid_at IS NOT NULL AS paid, s.status AS stock_status
       FROM orders.customer_order o LEFT JOIN catalog.order_stock s ON s.order_id = o.id
      WHERE o.status NOT IN ('placed', 'awaiting_payment', 'paid')
        AND s.status IS DISTINCT FROM CASE
          WHEN o.status = 'rejected' THEN 'rejected'
          WHEN o.status = 'cancelled' AND o.paid_at IS NULL THEN 'released'
          WHEN o.status IN ('cancelled', 'returned', 'refunded') THEN 'restocked'
          ELSE 'sold' END`,
  );
  const problems = disagreements.map(
    (row) =>
      `order ${row.id} is ${row.status}${row.paid ? ' (paid)' : ''} but catalog has it ${row.stock_status ?? 'unknown'}`,
  );
  const lineMismatch = await rows<{ order_id: string; detail: string }>(
    db,
    `WITH lines AS (SELECT order_id, sku_id, quantity FROM orders.order_line),
          held AS (SELECT r.order_id, r.sku_id, r.quantity FROM catalog.reservation r)
     SELECT coalesce(l.order_id, h.order_id) AS order_id,
            'SKU ' || coalesce(l.sku_id, h.sku_id) || ': ordered ' || coalesce(l.quantity::text, 'none') ||
            ', catalog reserved ' || coalesce(h.quantity::text, 'none') AS detail
       FROM lines l FULL JOIN held h ON h.order_id = l.order_id AND h.sku_id = l.sku_id
       JOIN catalog.order_stock s ON s.order_id = coalesce(l.order_id, h.order_id)
      WHERE (s.status IN ('reserved', 'sold', 'restocked')
             OR EXISTS (SELECT 1 FROM catalog.reservation x WHERE x.order_id = s.order_id))
        AND l.quantity IS DISTINCT FROM h.quantity`,
  );
  problems.push(...lineMismatch.map((row) => `order ${row.order_id}: ${row.detail}`));
  const movedWrong = await rows<{ order_id: string; detail: string }>(
    db,
    `WITH expected AS (
       SELECT r.order_id, r.sku_id, r.quantity, s.status FROM catalog.reservation r
         JOIN catalog.order_stock s USING (order_id))
     SELECT e.order_id, 'SKU ' || e.sku_id || ' (' || e.status || '): ' ||
            string_agg(m.kind || ' ' || m.quantity, ', ' ORDER BY m.id) AS detail
       FROM expected e LEFT JOIN catalog.stock_movement m ON m.order_id = e.order_id AND m.sku_id = e.sku_id
      GROUP BY e.order_id, e.sku_id, e.quantity, e.status
     HAVING coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'reserved'), 0) <> e.quantity
         OR coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'released'), 0)
              <> CASE WHEN e.status = 'released' THEN e.quantity ELSE 0 END
         OR coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'sold'), 0)
              <> CASE WHEN e.status IN ('sold', 'restocked') THEN e.quantity ELSE 0 END
         OR coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'restocked'), 0)
              <> CASE WHEN e.status = 'restocked' THEN e.quantity ELSE 0 END`,
  );
  problems.push(...movedWrong.map((row) => `order ${row.order_id}: movements do not match its state: ${row.detail}`));
  const phantom = await rows<{ order_id: string; status: string }>(
    db,
    `SELECT s.order_id, s.status FROM catalog.order_stock s
      WHERE NOT EXISTS (SELECT 1 FROM orders.customer_order o WHERE o.id = s.order_id)`,
  );
  problems.push(
    ...phantom.map((row) => `catalog holds order ${row.order_id} (${row.status}) that orders never placed`),
  );
  const perSku = await rows<{
    sku_id: string;
    received: number;
    net_sold: number;
    reserved: number;
    orders_sold: number;
    orders_reserved: number;
  }>(
    db,
    `SELECT s.id AS sku_id, s.received::float8 AS received, (s.sold - s.restocked)::float8 AS net_sold,
            s.reserved::float8 AS reserved,
            coalesce((SELECT sum(l.quantity) FROM orders.order_line l JOIN orders.customer_order o ON o.id = l.order_id
                       WHERE l.sku_id = s.id AND o.paid_at IS NOT NULL
                         AND o.status NOT IN ('cancelled', 'returned', 'refunded')), 0)::int AS orders_sold,
            coalesce((SELECT sum(l.quantity) FROM orders.order_line l JOIN orders.customer_order o ON o.id = l.order_id
                       WHERE l.sku_id = s.id AND o.status = 'awaiting_payment'), 0)::int AS orders_reserved
       FROM catalog.sku s ORDER BY s.id`,
  );
  for (const sku of perSku) {
    if (sku.net_sold !== sku.orders_sold) {
      problems.push(
        `SKU ${sku.sku_id}: orders counts ${sku.orders_sold} units paid for, catalog sold ${sku.net_sold} net`,
      );
    }
    if (sku.reserved !== sku.orders_reserved) {
      problems.push(
        `SKU ${sku.sku_id}: catalog holds ${sku.reserved} reserved, orders awaits payment for ${sku.orders_reserved}`,
      );
    }
    if (sku.orders_sold > sku.received) {
      problems.push(`SKU ${sku.sku_id}: OVERSOLD — ${sku.orders_sold} units paid for, only ${sku.received} received`);
    }
  }
  const [{ n }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM catalog.order_stock`);
  return result(
    'catalog and orders agree on every order’s stock; nothing oversold',
    problems,
    `${n} orders in catalog, ${perSku.length} SKUs: states, reserved lines and movements match; sold per SKU (${perSku
      .map((sku) => `${sku.orders_sold}/${sku.received}`)
      .join(', ')} paid/received) agrees`,
  );
}

/** Every expired (or cancelled unpaid) order gave its stock back: a `released` movement for each of its lines. */
export async function expiredOrdersReleasedStock(db: Client): Promise<CheckResult> {
  const held = await rows<{ id: string; reason: string; detail: string }>(
    db,
    `SELECT o.id, h.reason, string_agg(l.sku_id || ' ×' || l.quantity || ' released ' ||
              coalesce((SELECT sum(m.quantity) FROM catalog.stock_movement m
                         WHERE m.order_id = o.id AND m.sku_id = l.sku_id AND m.kind = 'released'), 0), '; ') AS detail
       FROM orders.customer_order o
       JOIN orders.order_history h ON h.order_id = o.id AND h.to_status = 'cancelled'
       JOIN orders.order_line l ON l.order_id = o.id
      WHERE o.status = 'cancelled' AND o.paid_at IS NULL
      GROUP BY o.id, h.reason
     HAVING bool_or(coalesce((SELECT sum(m.quantity) FROM catalog.stock_movement m
                               WHERE m.order_id = o.id AND m.sku_id = l.sku_id AND m.kind = 'released'), 0) <> l.quantity)`,
  );
  const figures = await rows<{
    expired: number;
    cancelled: number;
    lateness_max: number | null;
    lateness_p50: number | null;
  }>(
    db,
    `SELECT count(*) FILTER (WHERE h.actor_kind = 'system')::int AS expired,
            count(*) FILTER (WHERE h.actor_kind <> 'system')::int AS cancelled,
            max(extract(epoch FROM h.at - o.payment_due_at)) FILTER (WHERE h.actor_kind = 'system') AS lateness_max,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.at - o.payment_due_at))
              FILTER (WHERE h.actor_kind = 'system') AS lateness_p50
       FROM orders.customer_order o JOIN orders.order_history h ON h.order_id = o.id AND h.to_status = 'cancelled'
      WHERE o.paid_at IS NULL`,
  );
  const f = figures[0];
  const lateness =
    f.lateness_max === null
      ? ''
      : `; expired ${Number(f.lateness_p50).toFixed(1)} s (median), ${Number(f.lateness_max).toFixed(1)} s (max) after due`;
  return result(
    'expired and cancelled orders released their stock',
    held.map((row) => `order ${row.id} (${row.reason ?? 'cancelled'}) did not release its lines: ${row.detail}`),
    `${f.expired} expired and ${f.cancelled} cancelled unpaid orders each released exactly their lines${lateness}`,
  );
}

/** Logistics never created two shipments for one order, nor one for an order that was not paid. */
export async function noOrderHasTwoShipments(db: Client): Promise<CheckResult> {
  const twice = await rows<{ order_id: string; n: number }>(
    db,
    `SELECT order_id, count(*)::int AS n FROM logistics.shipment GROUP BY order_id HAVING count(*) > 1`,
  );
  const unpaid = await rows<{ order_id: string; status: string | null }>(
    db,
    `SELECT s.order_id, o.status FROM logistics.shipment s LEFT JOIN orders.customer_order o ON o.id = s.order_id
      WHERE o.paid_at IS NULL AND s.status <> 'cancelled'`,
  );
  const [{ n }] = await rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM logistics.shipment`);
  return result(
    'no order has two shipments',
    [
      ...twice.map((row) => `order ${row.order_id} has ${row.n} shipments`),
      ...unpaid.map(
        (row) => `order ${row.order_id} (${row.status ?? 'unknown to orders'}) has a live shipment but was never paid`,
      ),
    ],
    `${n} shipments, one per paid order at most`,
  );
}

/** Every paid order has exactly the shipment orders recorded, and the shipment is cancelled if the order was. */
export async function paidOrdersHaveShipment(db: Client): Promise<CheckResult> {
  const missing = await rows<{ id: string; status: string; shipment_id: string | null; found: string | null }>(
    db,
    `SELECT o.id, o.status, o.shipment_id, s.id::text AS found
       FROM orders.customer_order o LEFT JOIN logistics.shipment s ON s.order_id = o.id
      WHERE o.paid_at IS NOT NULL AND o.status <> 'cancelled'
        AND (s.id IS NULL OR o.shipment_id IS DISTINCT FROM s.id::text)`,
  );
  const live = await rows<{ id: string; shipment: string }>(
    db,
    `SELECT o.id, s.status AS shipment FROM orders.customer_order o JOIN logistics.shipment s ON s.order_id = o.id
      WHERE o.status = 'cancelled' AND s.dispatched_at IS NULL AND s.status <> 'cancelled'`,
  );
  const [{ n }] = await rows<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM orders.customer_order WHERE paid_at IS NOT NULL`,
  );
  return result(
    'paid orders have their shipment',
    [
      ...missing.map((row) =>
        row.found
          ? `order ${row.id} (${row.status}) records shipment ${row.shipment_id}, logistics has ${row.found}`
          : `order ${row.id} is ${row.status} (paid) but logistics has no shipment`,
      ),
      ...live.map((row) => `order ${row.id} was cancelled but its undispatched shipment is ${row.shipment}`),
    ],
    `${n} paid orders, each with the one shipment orders knows of`,
  );
}

/**
 * No payment counted twice: each provider transaction is recorded once and what the provider sent was recorded
 * exactly once; an order is paid by at most one transaction and for exactly its total; every fen captured is either
 * applied to exactly one order or refunded; refunds are paid out and show on the order; each payment asked for the
 * sum of its orders.
 */
export async function noPaymentCountedTwice(db: Client, client: ClientRecord): Promise<CheckResult> {
  const problems: string[] = [];
  const transactions = await rows<{
    id: string;
    provider_transaction_id: string;
    amount_fen: string;
    outcome: string;
    applied_fen: string;
    refund_fen: string;
  }>(
    db,
    `SELECT t.id, t.provider_transaction_id, t.amount_fen, t.outcome,
            coalesce((SELECT sum(o.total_fen) FROM orders.customer_order o WHERE o.id = ANY(t.applied_order_ids)), 0) AS applied_fen,
            coalesce((SELECT sum(r.amount_fen) FROM orders.refund r WHERE r.payment_transaction_id = t.id
                        AND r.reason IN ('late_payment', 'duplicate_payment', 'amount_mismatch')), 0) AS refund_fen
       FROM orders.payment_transaction t WHERE t.outcome <> 'cash_received'`,
  );
  const recorded = new Map<string, number>();
  for (const t of transactions) {
    recorded.set(t.provider_transaction_id, (recorded.get(t.provider_transaction_id) ?? 0) + 1);
    if (Number(t.amount_fen) !== Number(t.applied_fen) + Number(t.refund_fen)) {
      problems.push(
        `transaction ${t.provider_transaction_id} (${t.outcome}) captured ${t.amount_fen} fen: applied ${t.applied_fen} + refunded ${t.refund_fen}`,
      );
    }
  }
  for (const [id, n] of recorded) if (n > 1) problems.push(`provider transaction ${id} is recorded ${n} times`);
  for (const [id, amount] of client.confirmedTransactions) {
    if (!recorded.has(id))
      problems.push(`provider transaction ${id} (${amount} fen) was answered 200 but is not recorded`);
  }
  for (const id of recorded.keys()) {
    if (!client.sentTransactions.has(id)) problems.push(`transaction ${id} is recorded but the provider never sent it`);
  }
  const doublePaid = await rows<{ order_id: string; n: number }>(
    db,
    `SELECT order_id, count(*)::int AS n FROM orders.payment_transaction t, unnest(t.applied_order_ids) AS order_id
      GROUP BY order_id HAVING count(*) > 1`,
  );
  problems.push(...doublePaid.map((row) => `order ${row.order_id} was applied by ${row.n} transactions`));
  const wrongOrders = await rows<{ id: string; problem: string }>(
    db,
    `SELECT o.id, 'paid ' || o.paid_fen || ' of ' || o.total_fen || ' fen, paid_at ' ||
              coalesce(o.paid_at::text, 'null') || ', transaction ' || coalesce(o.payment_transaction_id::text, 'none') AS problem
       FROM orders.customer_order o LEFT JOIN orders.payment_transaction t ON t.id = o.payment_transaction_id
      WHERE o.payment_method = 'online'
        AND ((o.paid_at IS NULL) <> (o.paid_fen = 0)
          OR (o.paid_at IS NOT NULL AND (o.paid_fen <> o.total_fen OR t.id IS NULL OR NOT o.id = ANY(t.applied_order_ids))))
     UNION ALL
     SELECT o.id, 'refunded_fen ' || o.refunded_fen || ' but its paid-out refunds come to ' ||
              coalesce((SELECT sum(r.amount_fen) FROM orders.refund r WHERE r.order_id = o.id AND r.status = 'succeeded'
                          AND r.payment_transaction_id = o.payment_transaction_id), 0)
       FROM orders.customer_order o
      WHERE o.refunded_fen <> coalesce((SELECT sum(r.amount_fen) FROM orders.refund r WHERE r.order_id = o.id
                                          AND r.status = 'succeeded' AND r.payment_transaction_id = o.payment_transaction_id), 0)
         OR o.refunded_fen > o.paid_fen`,
  );
  problems.push(...wrongOrders.map((row) => `order ${row.id}: ${row.problem}`));
  const refunds = await rows<{ id: string; status: string; reason: string; amount_fen: string; attempts: number }>(
    db,
    `SELECT id, status, reason, amount_fen, attempts FROM orders.refund WHERE status <> 'succeeded'`,
  );
  problems.push(
    ...refunds.map(
      (r) => `refund ${r.id} (${r.reason}, ${r.amount_fen} fen) is ${r.status} after ${r.attempts} attempts`,
    ),
  );
  const payments = await rows<{ id: string; amount_fen: string; orders_fen: string }>(
    db,
    `SELECT p.id, p.amount_fen,
            (SELECT coalesce(sum(o.total_fen), 0) FROM orders.customer_order o WHERE o.id = ANY(p.order_ids)) AS orders_fen
       FROM orders.payment p`,
  );
  for (const p of payments) {
    if (Number(p.amount_fen) !== Number(p.orders_fen)) {
      problems.push(`payment ${p.id} asked for ${p.amount_fen} fen, its orders total ${p.orders_fen}`);
    }
  }
  const [{ refunded, n_refunds }] = await rows<{ refunded: string; n_refunds: number }>(
    db,
    `SELECT coalesce(sum(amount_fen), 0) AS refunded, count(*)::int AS n_refunds FROM orders.refund`,
  );
  return result(
    'no payment counted twice',
    problems,
    `${payments.length} payments, ${transactions.length} provider transactions (${client.confirmedTransactions.size} confirmed to the provider), ` +
      `${n_refunds} refunds (${refunded} fen): every fen applied once or refunded`,
  );
}

/** Every checkout the client was told was accepted exists, once per Idempotency-Key. */
export async function acceptedCheckoutsPersisted(db: Client, client: ClientRecord): Promise<CheckResult> {
  const groups = await rows<{ id: string; idempotency_key: string }>(
    db,
    `SELECT id, idempotency_key FROM orders.order_group WHERE idempotency_key IS NOT NULL`,
  );
  const byKey = new Map<string, string[]>();
  for (const group of groups) byKey.set(group.idempotency_key, [...(byKey.get(group.idempotency_key) ?? []), group.id]);
  const problems: string[] = [];
  for (const [key, groupId] of client.acceptedGroups) {
    const found = byKey.get(key) ?? [];
    if (found.length === 0) problems.push(`checkout ${key} was accepted (group ${groupId}) but is not stored`);
    else if (found.length > 1 || found[0] !== groupId) {
      problems.push(`checkout ${key}: accepted as group ${groupId}, stored as ${found.join(', ')}`);
    }
  }
  const unanswered = groups.filter((group) => !client.acceptedGroups.has(group.idempotency_key)).length;
  return result(
    'accepted checkouts are stored once',
    problems,
    `${client.acceptedGroups.size} accepted checkouts all stored, one group per Idempotency-Key` +
      (unanswered > 0 ? ` (${unanswered} more stored whose answer the client never received)` : ''),
  );
}

/** Every outbox row of every schema was published. */
export async function outboxDelivered(db: Client): Promise<CheckResult> {
  const problems: string[] = [];
  const figures: string[] = [];
  for (const schema of MESSAGING_SCHEMAS) {
    const [row] = await rows<{ total: number; unpublished: number; oldest_s: number | null }>(
      db,
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished,
              extract(epoch FROM now() - min(occurred_at) FILTER (WHERE published_at IS NULL))::int AS oldest_s
         FROM ${schema}.outbox`,
    );
    figures.push(`${schema} ${row.total}`);
    if (row.unpublished > 0) {
      problems.push(`${schema}: ${row.unpublished} of ${row.total} outbox rows unpublished (oldest ${row.oldest_s} s)`);
    }
  }
  return result('every outbox row delivered', problems, `outbox rows published: ${figures.join(', ')}`);
}

/** Every published event reached the inbox of every service it is routed to and was handled there once. */
export async function everyEventHandled(db: Client): Promise<CheckResult> {
  const problems: string[] = [];
  const figures: string[] = [];
  for (const producer of MESSAGING_SCHEMAS) {
    for (const consumer of MESSAGING_SCHEMAS) {
      const names = (Object.keys(EVENT_ROUTES) as EventName[]).filter((name) =>
        EVENT_ROUTES[name].includes(consumer as ServiceName),
      );
      if (names.length === 0) continue;
      const [row] = await rows<{ routed: number; handled: number }>(
        db,
        `SELECT count(*)::int AS routed,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${consumer}.processed_event p WHERE p.event_id = o.id))::int AS handled
           FROM ${producer}.outbox o WHERE o.name = ANY($1) AND o.published_at IS NOT NULL`,
        [names],
      );
      if (row.routed === 0) continue;
      figures.push(`${producer}→${consumer} ${row.handled}/${row.routed}`);
      if (row.handled === row.routed) continue;
      const lost = await rows<{ id: string; name: string; dead: boolean }>(
        db,
        `SELECT o.id, o.name, EXISTS (SELECT 1 FROM ${consumer}.dead_letter d WHERE d.event_id = o.id) AS dead
           FROM ${producer}.outbox o
          WHERE o.name = ANY($1) AND o.published_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${consumer}.processed_event p WHERE p.event_id = o.id)
          ORDER BY o.seq LIMIT 50`,
        [names],
      );
      for (const event of lost) {
        problems.push(
          `${event.name} ${event.id} from ${producer} not handled by ${consumer}${event.dead ? ' (dead-lettered)' : ''}`,
        );
      }
    }
  }
  return result('every published event handled by each subscriber', problems, `handled/routed: ${figures.join(', ')}`);
}

export interface DeadLetterView {
  service: Schema;
  id: string;
  eventId: string;
  name: string;
  status: string;
  attempts: number;
  error: string;
  explanation: string | null;
}

/**
 * The dead letters of every service, each matched to an explanation rule or not. A letter is explained when the
 * event's effect happened anyway (its inbox row exists: a duplicate delivery failed, e.g. a job that stalled twice
 * while its worker was killed) or an admin replayed it; anything else is unexplained and fails the check.
 */
export async function deadLetters(db: Client): Promise<{ check: CheckResult; letters: DeadLetterView[] }> {
  const letters: DeadLetterView[] = [];
  for (const service of MESSAGING_SCHEMAS) {
    const found = await rows<{
      id: string;
      event_id: string;
      name: string;
      status: string;
      attempts: number;
      error: string;
      processed: boolean;
    }>(
      db,
      `SELECT d.id, d.event_id, d.name, d.status, d.attempts, d.error,
              EXISTS (SELECT 1 FROM ${service}.processed_event p WHERE p.event_id = d.event_id) AS processed
         FROM ${service}.dead_letter d ORDER BY d.failed_at`,
    );
    for (const letter of found) {
      letters.push({
        service,
        id: letter.id,
        eventId: letter.event_id,
        name: letter.name,
        status: letter.status,
        attempts: letter.attempts,
        error: letter.error,
        explanation: letter.processed
          ? 'handled anyway: the inbox holds the event, so this letter is a failed duplicate delivery'
          : letter.status === 'replayed'
            ? 'replayed by an admin'
            : null,
      });
    }
  }
  const unexplained = letters.filter((letter) => letter.explanation === null);
  const check = result(
    'dead letters empty or explained',
    unexplained.map(
      (l) =>
        `${l.service}: ${l.name} ${l.eventId} dead after ${l.attempts} attempts, unexplained: ${l.error.slice(0, 200)}`,
    ),
    letters.length === 0
      ? 'no dead letters in any service'
      : `${letters.length} dead letters, ${letters.length - unexplained.length} explained`,
    letters.map(
      (l) => `${l.service}: ${l.name} ${l.eventId} (${l.status}): ${l.error.slice(0, 160)} — ${l.explanation}`,
    ),
  );
  return { check, letters };
}

/** Every check, in the order they are printed. */
export async function runChecks(
  db: Client,
  client: ClientRecord,
): Promise<{ checks: CheckResult[]; letters: DeadLetterView[] }> {
  const dead = await deadLetters(db);
  const checks = [
    await everyOrderSettled(db),
    await orderHistoryIsOneChain(db),
    await stockLedgerIdentity(db, client),
    await catalogAgreesWithOrders(db),
    await expiredOrdersReleasedStock(db),
    await noOrderHasTwoShipments(db),
    await paidOrdersHaveShipment(db),
    await noPaymentCountedTwice(db, client),
    await acceptedCheckoutsPersisted(db, client),
    await outboxDelivered(db),
    await everyEventHandled(db),
    dead.check,
  ];
  return { checks, letters: dead.letters };
}
