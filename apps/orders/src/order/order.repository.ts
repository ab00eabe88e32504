import { OrderPaid } from '@countyflow/contracts';
import { databaseErrorOf } from '@countyflow/kernel';
import { columnRows, TransactionalConnection, writeAhead } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In } from 'typeorm';
import { Actor } from '../common/actor';
import {
  ORDER_MONEY_FACTS,
  ORDER_MONEY_FACTS_JOIN,
  OrderMoneyFacts,
  orderMoneyFacts,
  OrderMoneyFactsRow,
} from '../ledger/ledger.repository';
import { OrderStatus, OrderTransition, TRANSITIONS } from './order-state';
import {
  Order,
  OrderExcursion,
  OrderGroup,
  OrderHistory,
  OrderLine,
  PaymentMethod,
  StationConsent,
} from './order.entities';

/**
 * What a transition writes besides the state, by name: the SQL for each lives here, services pass values only.
 * Unset fields are left as they are.
 */
export interface TransitionEffects {
  /** Reserved and paid online: payment is due this many seconds from now (null: nothing is due, e.g. cash). */
  paymentDueInSeconds?: number | null;
  priceChanged?: boolean;
  /** The lines catalog could not reserve. */
  rejection?: unknown;
  /** Paid online by this payment transaction: the whole total (a deposit order: its deposit), now. */
  paidByTransactionId?: string;
  /** The balance of a deposit order paid by this transaction: the whole total is paid now. */
  balancePaidByTransactionId?: string;
  shipmentId?: string;
  dispatchedAt?: string;
  /** On the shelf: collect by then; dispatched now unless the dispatch was recorded already. */
  readyForPickup?: { collectBy: string };
  delivered?: { at: string; receipt: unknown };
  /** Receipt confirmed now (确认收货). */
  receiptConfirmed?: true;
}

/** Extra conditions on the row, by name. */
export enum TransitionGuard {
  /** The payment's due time has passed. */
  PaymentOverdue = 'payment-overdue',
  /** The balance of a deposit order was not paid by its deadline. */
  BalanceOverdue = 'balance-overdue',
  /** The parcel has not left yet. */
  NotDispatched = 'not-dispatched',
  /** Nobody confirmed receipt yet. */
  ReceiptUnconfirmed = 'receipt-unconfirmed',
}

const GUARDS: Record<TransitionGuard, string> = {
  [TransitionGuard.PaymentOverdue]: 'payment_due_at <= now()',
  [TransitionGuard.BalanceOverdue]: 'payment_due_at <= now()',
  [TransitionGuard.NotDispatched]: 'dispatched_at IS NULL',
  [TransitionGuard.ReceiptUnconfirmed]: 'receipt_confirmed_at IS NULL',
};

export interface TransitionOptions {
  effects?: TransitionEffects;
  guard?: TransitionGuard;
  reason?: string | null;
  detail?: unknown;
}

/** The SET clause for `effects`, appending their values to `params` (`$n` placeholders only, never values). */
function effectAssignments(effects: TransitionEffects, params: unknown[]): string[] {
  const value = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const set: string[] = [];
  if (effects.paymentDueInSeconds !== undefined) {
    set.push(
      effects.paymentDueInSeconds === null
        ? 'payment_due_at = NULL'
        : `payment_due_at = now() + make_interval(secs => ${value(effects.paymentDueInSeconds)}::double precision)`,
    );
  }
  if (effects.priceChanged !== undefined) {
    set.push(`price_changed = ${value(effects.priceChanged)}`);
  }
  if (effects.rejection !== undefined) {
    set.push(`rejection = ${value(JSON.stringify(effects.rejection))}`);
  }
  if (effects.paidByTransactionId !== undefined) {
    set.push(
      'paid_fen = coalesce(deposit_fen, total_fen)',
      'paid_at = now()',
      `payment_transaction_id = ${value(effects.paidByTransactionId)}`,
    );
  }
  if (effects.balancePaidByTransactionId !== undefined) {
    set.push(
      'paid_fen = total_fen',
      'balance_paid_at = now()',
      `balance_transaction_id = ${value(effects.balancePaidByTransactionId)}`,
    );
  }
  if (effects.shipmentId !== undefined) {
    set.push(`shipment_id = ${value(effects.shipmentId)}`);
  }
  if (effects.dispatchedAt !== undefined) {
    set.push(`dispatched_at = ${value(effects.dispatchedAt)}`);
  }
  if (effects.readyForPickup) {
    set.push(
      `collect_by = ${value(effects.readyForPickup.collectBy)}`,
      'dispatched_at = coalesce(dispatched_at, now())',
    );
  }
  if (effects.delivered) {
    set.push(
      `delivered_at = ${value(effects.delivered.at)}`,
      `receipt = ${value(JSON.stringify(effects.delivered.receipt))}`,
    );
  }
  if (effects.receiptConfirmed) {
    set.push('receipt_confirmed_at = now()');
  }
  return set;
}

/** The pre-sale or buying group an order was placed in, and its status when it was locked. */
export interface SaleOfOrder {
  kind: 'presale' | 'group';
  id: string;
  status: string;
}

export type TransitionResult = { applied: true; from: OrderStatus } | { applied: false; current: OrderStatus | null };

export interface OrderListQuery {
  status?: OrderStatus;
  limit: number;
  offset: number;
}

/** The unique constraint on a buyer's idempotency keys (docs/orders.md "Idempotency"). */
const IDEMPOTENCY_KEY_CONSTRAINT = 'order_group_placed_by_idempotency_key_key';

/**
 * Whether `error` is {@link OrderRepository.insertPlacement}'s refusal of an idempotency key that a request which
 * committed first used: that request's answer is the one to give (a replay).
 */
export function idempotencyKeyTaken(error: unknown): boolean {
  const pg = databaseErrorOf(error);
  return pg?.code === '23505' && pg.constraint === IDEMPOTENCY_KEY_CONSTRAINT;
}

/** An order as paying it needs it: order.paid's payload, the trace to continue, and its money facts. */
export interface PaidOrder {
  event: OrderPaid;
  traceParent: string | null;
  facts: OrderMoneyFacts;
}

/** What paying a group asks of it: who may (the buyer, or the service point that placed it) and how. */
export type GroupAccess = Pick<OrderGroup, 'buyerId' | 'assistedByOrgId' | 'paymentMethod'>;

/**
 * What paying an order goes on with, as columns of `customer_order o` joined with its `order_group g` and
 * {@link ORDER_MONEY_FACTS_JOIN}: order.paid's payload (lines included), the trace of the checkout that placed its
 * group, and its money facts for the ledger.
 */
const PAID_ORDER = `jsonb_build_object(
    'orderId', o.id, 'groupId', o.group_id, 'buyerId', o.buyer_id, 'sellerOrgId', o.seller_org_id,
    'sellerName', o.seller_name, 'countyCode', o.county_code, 'direction', o.direction,
    'originVillageCode', o.origin_village_code, 'destination', o.destination,
    'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                'skuId', l.sku_id, 'listingId', l.listing_id, 'title', l.title,
                                'quantity', l.quantity, 'weightGrams', l.weight_grams,
                                'volumeMl', l.volume_ml, 'unitPriceFen', l.unit_price_fen)
                              ORDER BY l.position)
                         FROM order_line l WHERE l.order_id = o.id), '[]'::jsonb),
    'totalWeightGrams', o.total_weight_grams, 'totalVolumeMl', o.total_volume_ml,
    'temperature', o.temperature, 'weightToleranceGrams', o.weight_tolerance_grams,
    'payment', jsonb_build_object('method', o.payment_method, 'amountFen', o.total_fen))
  || CASE WHEN o.presale_id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('presaleId', o.presale_id) END
  AS event,
  g.trace_parent, ${ORDER_MONEY_FACTS}`;

type PaidOrderRow = { event: OrderPaid; trace_parent: string | null } & OrderMoneyFactsRow;

const paidOrderOf = (orderId: string, row: PaidOrderRow): PaidOrder => ({
  event: row.event,
  traceParent: row.trace_parent,
  facts: orderMoneyFacts(orderId, row),
});

/** Lines by their order's id, in the order given; each of `orderIds` has an entry, if only an empty one. */
function linesByOrder(lines: OrderLine[], orderIds: string[] = []): Map<string, OrderLine[]> {
  const byOrder = new Map<string, OrderLine[]>(orderIds.map((id) => [id, []]));
  for (const line of lines) {
    const ofOrder = byOrder.get(line.orderId);
    if (ofOrder) {
      ofOrder.push(line);
    } else {
      byOrder.set(line.orderId, [line]);
    }
  }
  return byOrder;
}

@Injectable()
export class OrderRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /**
   * Moves the order along `transition` with one conditional UPDATE (`WHERE status = ANY(allowed)`) and records it
   * in the history, in one statement. The row is locked first (in the same statement) so that the history names
   * the state it left, even when another transaction changed it a moment before.
   */
  async transition(
    manager: EntityManager,
    orderId: string,
    transition: OrderTransition,
    actor: Actor,
    options: TransitionOptions = {},
  ): Promise<TransitionResult> {
    const rule = TRANSITIONS[transition];
    const params: unknown[] = [orderId, rule.to, rule.from, actor.kind, actor.id, options.reason ?? null];
    params.push(options.detail === undefined ? null : JSON.stringify(options.detail));
    const assignments = ['status = $2', 'updated_at = now()', ...effectAssignments(options.effects ?? {}, params)];
    const rows = await manager.query<{ current: OrderStatus; from_status: OrderStatus | null }[]>(
      `WITH locked AS (SELECT id, status FROM customer_order WHERE id = $1 FOR UPDATE),
       changed AS (
         UPDATE customer_order o SET ${assignments.join(', ')}
           FROM locked
          WHERE o.id = locked.id AND o.status = ANY($3::text[])${options.guard ? ` AND ${GUARDS[options.guard]}` : ''}
         RETURNING o.id, locked.status AS from_status),
       history AS (
         INSERT INTO order_history (order_id, from_status, to_status, actor_kind, actor_id, reason, detail)
         SELECT id, from_status, $2, $4, $5, $6, $7::jsonb FROM changed)
       SELECT locked.status AS current, changed.from_status FROM locked LEFT JOIN changed ON true`,
      params,
    );
    if (rows.length === 0) {
      return { applied: false, current: null };
    }
    const [{ current, from_status: from }] = rows;
    return from ? { applied: true, from } : { applied: false, current };
  }

  /**
   * Paid → in fulfilment for several orders whose shipments logistics created (a batch of shipment.created), in one
   * statement: their rows locked in order id order, each moved with its shipment's id and its history entry (with
   * its own actor, the shipment's id as detail) as {@link transition} would one by one. The result per order id
   * given (in lower case); an order id that names no order is absent. The order ids must be distinct.
   */
  async startFulfilmentAll(
    manager: EntityManager,
    shipments: { orderId: string; shipmentId: string; actor: Actor }[],
  ): Promise<Map<string, TransitionResult>> {
    const rule = TRANSITIONS[OrderTransition.StartFulfilment];
    const rows = await manager.query<{ id: string; current: OrderStatus; from_status: OrderStatus | null }[]>(
      `WITH given AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $5::text[], $6::text[]) AS g(order_id, shipment_id, actor_kind, actor_id)),
       locked AS (
         SELECT o.id, o.status, g.shipment_id, g.actor_kind, g.actor_id
           FROM customer_order o JOIN given g ON g.order_id = o.id
          ORDER BY o.id
            FOR UPDATE OF o),
       changed AS (
         UPDATE customer_order o SET status = $3, updated_at = now(), shipment_id = locked.shipment_id
           FROM locked
          WHERE o.id = locked.id AND o.status = ANY($4::text[])
         RETURNING o.id, locked.status AS from_status, locked.shipment_id, locked.actor_kind, locked.actor_id),
       history AS (
         INSERT INTO order_history (order_id, from_status, to_status, actor_kind, actor_id, reason, detail)
         SELECT id, from_status, $3, actor_kind, actor_id, NULL, jsonb_build_object('shipmentId', shipment_id)
           FROM changed)
       SELECT locked.id, locked.status AS current, changed.from_status
         FROM locked LEFT JOIN changed ON changed.id = locked.id`,
      [
        shipments.map((shipment) => shipment.orderId),
        shipments.map((shipment) => shipment.shipmentId),
        rule.to,
        rule.from,
        shipments.map((shipment) => shipment.actor.kind),
        shipments.map((shipment) => shipment.actor.id),
      ],
    );
    return new Map(
      rows.map(({ id, current, from_status: from }) => [
        id,
        from ? { applied: true, from } : { applied: false, current },
      ]),
    );
  }

  /**
   * Placed → awaiting payment in one statement when the reservation is the usual one: paid online and every line
   * reserved at the price the buyer was shown (a buying group's order keeps its group price, so its prices never
   * count as changed) — the effects {@link OrderWorkflow.reserve} would apply then, with the same lock (the order's
   * row) and history entry. Null when it is not the usual one (cash, or a price changed): nothing was written, and
   * the caller takes the general path. One round trip instead of reading the order and its lines first.
   */
  async reserveAtShownPrices(
    manager: EntityManager,
    orderId: string,
    reserved: { skuId: string; unitPriceFen: number }[],
    actor: Actor,
    paymentDueInSeconds: number,
  ): Promise<TransitionResult | null> {
    const results = await this.reserveAllAtShownPrices(manager, [{ orderId, reserved, actor }], paymentDueInSeconds);
    const result = results.get(orderId.toLowerCase());
    return result === undefined ? { applied: false, current: null } : result;
  }

  /**
   * {@link reserveAtShownPrices} for several orders in one statement (a batch of stock.reserved): their rows locked
   * in order-id order, each moved and its history written with its own actor as alone. The result per order id
   * given (in lower case): null for one whose reservation is not the usual one (none of those is written); an order
   * id that names no order is absent. The order ids must be distinct.
   */
  async reserveAllAtShownPrices(
    manager: EntityManager,
    reservations: { orderId: string; reserved: { skuId: string; unitPriceFen: number }[]; actor: Actor }[],
    paymentDueInSeconds: number,
  ): Promise<Map<string, TransitionResult | null>> {
    const rule = TRANSITIONS[OrderTransition.Reserve];
    const params: unknown[] = [
      reservations.map((reservation) => reservation.orderId),
      rule.to,
      rule.from,
      reservations.map((reservation) => reservation.actor.kind),
      reservations.map((reservation) => reservation.actor.id),
      // one price per SKU, the last one given, as the general path's Map keeps it; a SKU not reserved is not compared
      reservations.map((reservation) =>
        JSON.stringify(Object.fromEntries(reservation.reserved.map((line) => [line.skuId, line.unitPriceFen]))),
      ),
    ];
    const assignments = [
      'status = $2',
      'updated_at = now()',
      ...effectAssignments({ paymentDueInSeconds, priceChanged: false }, params),
    ];
    // `usual` is a column of the locked row rather than a CTE of its own (for one order, unprepared, PostgreSQL
    // planned that in about the time of the two statements it replaced, ~0.15–0.2 ms, where a join on unnest() of
    // the prices took ~0.3 ms; prepared, as the services run it, PostgreSQL may settle on a generic plan after five
    // executions and plan it no more). The rows are locked in the order the ORDER BY gives them (the locking step
    // runs on the sorted rows).
    const rows = await manager.query<
      { id: string; current: OrderStatus; from_status: OrderStatus | null; usual: boolean }[]
    >(
      `WITH given AS (
         SELECT * FROM unnest($1::uuid[], $4::text[], $5::text[], $6::jsonb[]) AS g(order_id, actor_kind, actor_id, prices)),
       locked AS (
         SELECT o.id, o.status, g.actor_kind, g.actor_id,
                o.payment_method <> '${PaymentMethod.CashOnCollection}' AND (o.buying_group_id IS NOT NULL OR NOT EXISTS (
                  SELECT 1 FROM order_line l
                   WHERE l.order_id = o.id AND l.shown_unit_price_fen <> (g.prices ->> l.sku_id::text)::bigint)) AS usual
           FROM customer_order o JOIN given g ON g.order_id = o.id
          ORDER BY o.id
            FOR UPDATE OF o),
       changed AS (
         UPDATE customer_order o SET ${assignments.join(', ')}
           FROM locked
          WHERE o.id = locked.id AND locked.usual AND o.status = ANY($3::text[])
         RETURNING o.id, locked.status AS from_status, locked.actor_kind, locked.actor_id),
       history AS (
         INSERT INTO order_history (order_id, from_status, to_status, actor_kind, actor_id, reason, detail)
         SELECT id, from_status, $2, actor_kind, actor_id, NULL, NULL FROM changed)
       SELECT locked.id, locked.status AS current, changed.from_status, locked.usual
         FROM locked LEFT JOIN changed ON changed.id = locked.id`,
      params,
    );
    return new Map(
      rows.map(({ id, current, from_status: from, usual }) => [
        id,
        !usual ? null : from ? { applied: true, from } : { applied: false, current },
      ]),
    );
  }

  /**
   * Locks the pre-sale or buying group the order belongs to, if any, before the order itself is touched: the lock
   * order is pre-sale / buying group, then its orders (docs/orders.md). One round trip; null for an ordinary order.
   */
  async lockSaleOf(manager: EntityManager, orderId: string): Promise<SaleOfOrder | null> {
    return (await this.lockSalesOf(manager, [orderId])).get(orderId.toLowerCase()) ?? null;
  }

  /**
   * {@link lockSaleOf} for several orders at once (a payment's), before any of them is touched: their pre-sales and
   * buying groups locked in id order, in one round trip. Each order id (in lower case) to its sale, or null.
   */
  async lockSalesOf(manager: EntityManager, orderIds: string[]): Promise<Map<string, SaleOfOrder | null>> {
    const rows = await manager.query<
      {
        order_id: string;
        presale_id: string | null;
        presale_status: string | null;
        group_id: string | null;
        group_status: string | null;
      }[]
    >(
      `WITH o AS (SELECT id, presale_id, buying_group_id FROM customer_order WHERE id = ANY($1::uuid[])),
       p AS (SELECT id, status FROM presale WHERE id IN (SELECT presale_id FROM o) ORDER BY id FOR UPDATE),
       g AS (SELECT id, status FROM buying_group WHERE id IN (SELECT buying_group_id FROM o) ORDER BY id FOR UPDATE)
       SELECT o.id AS order_id, p.id AS presale_id, p.status AS presale_status, g.id AS group_id, g.status AS group_status
         FROM o LEFT JOIN p ON p.id = o.presale_id LEFT JOIN g ON g.id = o.buying_group_id`,
      [orderIds],
    );
    return new Map(
      rows.map((row): [string, SaleOfOrder | null] => [
        row.order_id,
        row.presale_id
          ? { kind: 'presale', id: row.presale_id, status: row.presale_status! }
          : row.group_id
            ? { kind: 'group', id: row.group_id, status: row.group_status! }
            : null,
      ]),
    );
  }

  /**
   * A checkout's group with its orders, their lines and their first history entries (nothing → placed), in one
   * statement, sent ahead where the connection can ({@link writeAhead}): it leaves with the transaction's next
   * statement — a checkout's outbox insert and COMMIT, so that the whole transaction is one round trip — and its
   * failure is that statement's. When a request that committed first used the same idempotency key, the statement
   * fails with a unique violation ({@link idempotencyKeyTaken}), and with it the transaction.
   */
  async insertPlacement(
    manager: EntityManager,
    group: OrderGroup,
    orders: Partial<Order>[],
    lines: Partial<OrderLine>[],
    actor: Actor,
  ): Promise<void> {
    const orderRows = columnRows(manager, Order, orders);
    const lineRows = columnRows(manager, OrderLine, lines);
    const orderColumns = Object.keys(orderRows[0]).join(', ');
    const lineColumns = Object.keys(lineRows[0]).join(', ');
    const text = `WITH placed_group AS (
         INSERT INTO order_group (id, buyer_id, placed_by, assisted_by_org_id, idempotency_key, request_hash,
                                  destination, payment_method, trace_parent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id
       ), placed AS (
         INSERT INTO customer_order (${orderColumns})
         SELECT ${orderColumns} FROM json_populate_recordset(NULL::customer_order, $10::json)
         RETURNING id
       ), placed_lines AS (
         INSERT INTO order_line (${lineColumns})
         SELECT ${lineColumns} FROM json_populate_recordset(NULL::order_line, $11::json)
       ), history AS (
         INSERT INTO order_history (order_id, from_status, to_status, actor_kind, actor_id)
         SELECT id, NULL, 'placed', $12, $13 FROM placed
       )
       SELECT id FROM placed_group`;
    const params = [
      group.id,
      group.buyerId,
      group.placedBy,
      group.assistedByOrgId,
      group.idempotencyKey,
      group.requestHash,
      JSON.stringify(group.destination),
      group.paymentMethod,
      group.traceParent,
      JSON.stringify(orderRows),
      JSON.stringify(lineRows),
      actor.kind,
      actor.id,
    ];
    await writeAhead(manager, text, params);
  }

  /**
   * What order.paid tells catalog and logistics of the order, lines included, read in one statement; with the trace
   * of the checkout that placed its group (null when it was not traced), and the order's money facts for the
   * ledger's posting of the payment (so that paying an order reads it once).
   */
  async paidEvent(manager: EntityManager, orderId: string): Promise<PaidOrder> {
    const [row] = await manager.query<PaidOrderRow[]>(
      `SELECT ${PAID_ORDER} FROM customer_order o JOIN order_group g ON g.id = o.group_id ${ORDER_MONEY_FACTS_JOIN}
        WHERE o.id = $1`,
      [orderId],
    );
    return paidOrderOf(orderId, row);
  }

  /**
   * The orders a provider's payment pays (ordinary orders: no pre-sale, no buying group), moved along
   * {@link OrderTransition.Pay} by `transaction` in one statement: their rows locked in order id order, each one
   * awaiting payment marked paid with its history entry, as {@link transition} would one by one — and, for each
   * one moved, what paying it goes on with ({@link paidEvent}). The result per order id given (in lower case); an
   * order id that names no order is absent. The order ids must be distinct.
   */
  async payAll(
    manager: EntityManager,
    orderIds: string[],
    transaction: { id: string; providerTransactionId: string },
    actor: Actor,
  ): Promise<Map<string, TransitionResult & { paid?: PaidOrder }>> {
    const rule = TRANSITIONS[OrderTransition.Pay];
    const params: unknown[] = [
      orderIds,
      rule.to,
      rule.from,
      actor.kind,
      actor.id,
      JSON.stringify({ providerTransactionId: transaction.providerTransactionId }),
    ];
    const assignments = [
      'status = $2',
      'updated_at = now()',
      ...effectAssignments({ paidByTransactionId: transaction.id }, params),
    ];
    // the outer SELECT reads the rows as they were before the statement (all it reads of them a payment leaves as
    // it was), and the money facts of each order moved
    const rows = await manager.query<
      ({ id: string; current: OrderStatus; from_status: OrderStatus | null } & Partial<PaidOrderRow>)[]
    >(
      `WITH locked AS (
         SELECT o.id, o.status FROM customer_order o WHERE o.id = ANY ($1::uuid[]) ORDER BY o.id FOR UPDATE OF o),
       changed AS (
         UPDATE customer_order o SET ${assignments.join(', ')}
           FROM locked
          WHERE o.id = locked.id AND o.status = ANY($3::text[])
         RETURNING o.id, locked.status AS from_status),
       history AS (
         INSERT INTO order_history (order_id, from_status, to_status, actor_kind, actor_id, reason, detail)
         SELECT id, from_status, $2, $4, $5, NULL, $6::jsonb FROM changed)
       SELECT locked.id, locked.status AS current, changed.from_status, paid.*
         FROM locked LEFT JOIN changed ON changed.id = locked.id
         LEFT JOIN LATERAL (
           SELECT ${PAID_ORDER} FROM customer_order o JOIN order_group g ON g.id = o.group_id ${ORDER_MONEY_FACTS_JOIN}
            WHERE o.id = changed.id) paid ON true`,
      params,
    );
    return new Map(
      rows.map(({ id, current, from_status: from, ...paid }) => [
        id,
        from ? { applied: true, from, paid: paidOrderOf(id, paid as PaidOrderRow) } : { applied: false, current },
      ]),
    );
  }

  async insertConsent(manager: EntityManager, consent: Omit<StationConsent, 'id' | 'consentedAt'>): Promise<void> {
    await manager.insert(StationConsent, consent);
  }

  findGroup(id: string): Promise<OrderGroup | null> {
    return this.db.manager.getRepository(OrderGroup).findOneBy({ id });
  }

  findGroupByKey(placedBy: string, idempotencyKey: string): Promise<OrderGroup | null> {
    return this.db.manager.getRepository(OrderGroup).findOneBy({ placedBy, idempotencyKey });
  }

  find(id: string, manager: EntityManager): Promise<Order | null> {
    return manager.getRepository(Order).findOneBy({ id });
  }

  /** What reserving needs (one query on the hot path): how it is paid, whether assisted, the lines as shown. */
  async findForReservation(
    manager: EntityManager,
    orderId: string,
  ): Promise<{
    paymentMethod: PaymentMethod;
    assistedByOrgId: string | null;
    buyingGroupId: string | null;
    lines: Pick<OrderLine, 'skuId' | 'title' | 'shownUnitPriceFen'>[];
  } | null> {
    const rows = await manager.query<
      {
        payment_method: PaymentMethod;
        assisted_by_org_id: string | null;
        buying_group_id: string | null;
        sku_id: string;
        title: string;
        shown: string;
      }[]
    >(
      `SELECT o.payment_method, o.assisted_by_org_id, o.buying_group_id, l.sku_id, l.title, l.shown_unit_price_fen AS shown
         FROM customer_order o JOIN order_line l ON l.order_id = o.id
        WHERE o.id = $1 ORDER BY l.position`,
      [orderId],
    );
    if (rows.length === 0) {
      return null;
    }
    return {
      paymentMethod: rows[0].payment_method,
      assistedByOrgId: rows[0].assisted_by_org_id,
      buyingGroupId: rows[0].buying_group_id,
      lines: rows.map((row) => ({ skuId: row.sku_id, title: row.title, shownUnitPriceFen: Number(row.shown) })),
    };
  }

  ordersOfGroup(groupId: string, manager: EntityManager): Promise<Order[]> {
    return (manager ?? this.db.manager)
      .getRepository(Order)
      .find({ where: { groupId }, order: { sellerName: 'ASC', id: 'ASC' } });
  }

  /** The lines of every order of the group, by order id, each order's in position order. */
  async linesOfGroup(groupId: string, manager: EntityManager): Promise<Map<string, OrderLine[]>> {
    const lines = await manager
      .getRepository(OrderLine)
      .createQueryBuilder('l')
      .where('l.order_id IN (SELECT o.id FROM customer_order o WHERE o.group_id = :groupId)', { groupId })
      .orderBy('l.order_id', 'ASC')
      .addOrderBy('l.position', 'ASC')
      .getMany();
    return linesByOrder(lines);
  }

  async linesOf(orderIds: string[], manager: EntityManager): Promise<Map<string, OrderLine[]>> {
    const lines = orderIds.length
      ? await (manager ?? this.db.manager)
          .getRepository(OrderLine)
          .find({ where: { orderId: In(orderIds) }, order: { orderId: 'ASC', position: 'ASC' } })
      : [];
    return linesByOrder(lines, orderIds);
  }

  historyOf(orderId: string): Promise<OrderHistory[]> {
    return this.db.manager.getRepository(OrderHistory).find({ where: { orderId }, order: { seq: 'ASC' } });
  }

  excursionsOf(orderId: string): Promise<OrderExcursion[]> {
    return this.db.manager.getRepository(OrderExcursion).find({ where: { orderId }, order: { seq: 'ASC' } });
  }

  consentOf(groupId: string): Promise<StationConsent | null> {
    return this.db.manager.getRepository(StationConsent).findOneBy({ groupId });
  }

  list(where: FindOptionsWhere<Order> | FindOptionsWhere<Order>[], query: OrderListQuery): Promise<Order[]> {
    const withStatus = (clause: FindOptionsWhere<Order>) =>
      query.status ? { ...clause, status: query.status } : clause;
    return this.db.manager.getRepository(Order).find({
      where: Array.isArray(where) ? where.map(withStatus) : withStatus(where),
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
  }

  /**
   * Catalog's authoritative prices replace the shown ones; the order total (goods + freight − discounts, which stay
   * as placed) follows. Returns the seller's goods (after its own coupon), the base of a commission.
   */
  async applyReservedPrices(
    manager: EntityManager,
    orderId: string,
    prices: { skuId: string; unitPriceFen: number }[],
  ): Promise<number> {
    await manager.query(
      `UPDATE order_line l SET unit_price_fen = p.price
         FROM unnest($2::uuid[], $3::bigint[]) AS p(sku_id, price)
        WHERE l.order_id = $1 AND l.sku_id = p.sku_id`,
      [orderId, prices.map((price) => price.skuId), prices.map((price) => price.unitPriceFen)],
    );
    const [{ total }] = await manager.query<{ total: string }[]>(
      `WITH changed AS (
         UPDATE customer_order SET updated_at = now(),
                total_fen = freight_fen - seller_discount_fen - sponsor_discount_fen
                            + (SELECT sum(quantity * unit_price_fen) FROM order_line WHERE order_id = $1)
          WHERE id = $1
         RETURNING total_fen - freight_fen + sponsor_discount_fen AS goods)
       SELECT goods AS total FROM changed`,
      [orderId],
    );
    return Number(total);
  }

  /**
   * The order's coupon discounts were dropped (a threshold no longer met at catalog's prices): its lines and totals
   * carry none, and it costs its goods plus freight. Answers the goods (the commission's base).
   */
  async clearDiscounts(manager: EntityManager, orderId: string): Promise<number> {
    await manager.query(`UPDATE order_line SET discount_fen = 0 WHERE order_id = $1`, [orderId]);
    const [{ goods }] = await manager.query<{ goods: string }[]>(
      `WITH changed AS (
         UPDATE customer_order SET updated_at = now(), seller_discount_fen = 0, sponsor_discount_fen = 0, sponsor = NULL,
                total_fen = freight_fen + (SELECT sum(quantity * unit_price_fen) FROM order_line WHERE order_id = $1)
          WHERE id = $1
         RETURNING total_fen - freight_fen AS goods)
       SELECT goods FROM changed`,
      [orderId],
    );
    return Number(goods);
  }

  async update(manager: EntityManager, orderId: string, set: Partial<Order>): Promise<void> {
    await manager.update(Order, { id: orderId }, { ...set, updatedAt: () => 'now()' });
  }

  /** Counts a paid-out refund against the payment that paid the order (not against a late or extra payment). */
  async addRefunded(
    manager: EntityManager,
    orderId: string,
    paymentTransactionId: string,
    amountFen: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE customer_order SET refunded_fen = refunded_fen + $3, updated_at = now()
        WHERE id = $1 AND $2 IN (payment_transaction_id, balance_transaction_id)`,
      [orderId, paymentTransactionId, amountFen],
    );
  }

  /**
   * Completed orders whose receipt nobody confirmed within their county's days (`defaultDays` where the county set
   * none), oldest delivery first.
   */
  async unconfirmedPastDue(manager: EntityManager, defaultDays: number, limit: number): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT o.id FROM customer_order o LEFT JOIN county_setting s ON s.county_code = o.county_code
        WHERE o.status = 'completed' AND o.receipt_confirmed_at IS NULL
          AND o.delivered_at <= now() - make_interval(days => coalesce(s.auto_confirm_days, $1::int))
        ORDER BY o.delivered_at LIMIT $2`,
      [defaultDays, limit],
    );
    return rows.map((row) => row.id);
  }

  /** The operator took the cash at collection; once only. */
  async recordCashReceived(manager: EntityManager, orderId: string, userId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (
         UPDATE customer_order SET cash_received_at = now(), cash_received_by = $2, paid_fen = total_fen, updated_at = now()
          WHERE id = $1 AND payment_method = 'cash_on_collection' AND cash_received_at IS NULL
            AND status IN ('ready_for_pickup', 'completed')
         RETURNING id)
       SELECT id FROM changed`,
      [orderId, userId],
    );
    return rows.length > 0;
  }

  /** A parcel bound for a service point left the hub: it can no longer be cancelled. */
  async markDispatched(manager: EntityManager, orderId: string, at: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (
         UPDATE customer_order SET dispatched_at = coalesce(dispatched_at, $2), updated_at = now()
          WHERE id = $1 AND status = 'in_fulfilment' RETURNING id)
       SELECT id FROM changed`,
      [orderId, at],
    );
    return rows.length > 0;
  }

  async addExcursion(manager: EntityManager, excursion: Omit<OrderExcursion, 'seq' | 'recordedAt'>): Promise<void> {
    await manager.insert(OrderExcursion, excursion);
  }

  /** Who may pay the group, and how it is paid; null when there is no such group. One statement. */
  async groupAccess(manager: EntityManager, groupId: string): Promise<GroupAccess | null> {
    const [row] = await manager.query<GroupAccess[]>(
      `SELECT buyer_id AS "buyerId", assisted_by_org_id AS "assistedByOrgId", payment_method AS "paymentMethod"
         FROM order_group WHERE id = $1`,
      [groupId],
    );
    return row ?? null;
  }

  /** The group's orders that can be paid now, locked for the caller's transaction. */
  async lockPayable(
    manager: EntityManager,
    groupId: string,
  ): Promise<{ id: string; totalFen: number; countyCode: string }[]> {
    // what is due: the total; a deposit order's deposit first, then the rest of its total (尾款) once released
    const rows = await manager.query<{ id: string; total_fen: string; county_code: string }[]>(
      `SELECT id, county_code,
              CASE WHEN status = 'awaiting_balance' THEN total_fen - paid_fen
                   ELSE coalesce(deposit_fen, total_fen) END AS total_fen
         FROM customer_order
        WHERE group_id = $1 AND status IN ('awaiting_payment', 'awaiting_balance') AND payment_due_at > now()
        ORDER BY id FOR UPDATE`,
      [groupId],
    );
    return rows.map((row) => ({ id: row.id, totalFen: Number(row.total_fen), countyCode: row.county_code }));
  }

  /** Deposit orders whose balance (尾款) was not paid by its deadline, oldest deadline first. */
  async overdueBalances(manager: EntityManager, limit: number): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM customer_order WHERE status = 'awaiting_balance' AND payment_due_at <= now()
        ORDER BY payment_due_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Orders awaiting payment past their due time, oldest first: one scan of the partial index
   * `customer_order_awaiting_payment`, whose size is the orders awaiting payment now, not every order there was.
   */
  async overdueUnpaid(manager: EntityManager, limit: number): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM customer_order WHERE status = 'awaiting_payment' AND payment_due_at <= now()
        ORDER BY payment_due_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** What a seller has to pack: quantities per SKU over its paid orders not yet handed over. */
  async packingList(
    sellerOrgId: string,
  ): Promise<{ skuId: string; title: string; spec: string; quantity: number; orders: number }[]> {
    const rows = await this.db.manager.query<
      { sku_id: string; title: string; spec: string; quantity: number; orders: number }[]
    >(
      `SELECT l.sku_id, min(l.title) AS title, min(l.spec) AS spec, sum(l.quantity)::int AS quantity,
              count(DISTINCT o.id)::int AS orders
         FROM customer_order o JOIN order_line l ON l.order_id = o.id
        WHERE o.seller_org_id = $1 AND o.status IN ('paid', 'in_fulfilment') AND o.dispatched_at IS NULL
        GROUP BY l.sku_id ORDER BY min(l.title), l.sku_id`,
      [sellerOrgId],
    );
    return rows.map((row) => ({
      skuId: row.sku_id,
      title: row.title,
      spec: row.spec,
      quantity: row.quantity,
      orders: row.orders,
    }));
  }
}
