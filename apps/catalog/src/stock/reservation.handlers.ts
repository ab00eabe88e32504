import { EventEnvelope, EventName, EventOf, OrderLineRef, StockRejected, StockReserved } from '@countyflow/contracts';
import { LOGGER } from '@countyflow/kernel';
import {
  BatchEventContext,
  EventContext,
  EventPublisher,
  inLockOrder,
  OnEvent,
  OnEventBatch,
  UnrecoverableError,
} from '@countyflow/messaging';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { SearchRepository } from '../search/search.repository';
import { MovementKind, OrderStockStatus } from './stock.entity';
import { LineState, LockedOrder, OrderLine, StockRepository } from './stock.repository';

const MAX_QUANTITY = 1_000_000;

/**
 * One line per SKU (quantities of repeated SKUs added up), sorted by SKU id: every transaction that touches several
 * SKUs locks them in this order, so two orders can never wait for each other in a cycle.
 */
export function mergeOrderLines(lines: OrderLineRef[]): OrderLine[] {
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new UnrecoverableError('an order needs at least one line');
  }
  const merged = new Map<string, number>();
  for (const line of lines) {
    const quantity = (merged.get(line.skuId) ?? 0) + line.quantity;
    if (
      typeof line.skuId !== 'string' ||
      !Number.isInteger(line.quantity) ||
      line.quantity <= 0 ||
      quantity > MAX_QUANTITY
    ) {
      throw new UnrecoverableError(
        `order line ${JSON.stringify(line)} needs a skuId and a whole quantity of 1–${MAX_QUANTITY}`,
      );
    }
    merged.set(line.skuId, quantity);
  }
  return [...merged]
    .map(([skuId, quantity]) => ({ skuId, quantity }))
    .sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
}

/** An order's reserved lines, each naming the order. */
const linesOf = (orderId: string, order: LockedOrder): (OrderLine & { orderId: string })[] =>
  order.reservations.map((line) => ({ ...line, orderId }));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why an order cannot be reserved, from what the catalog knows of its SKUs: names every line that cannot be had now,
 * and at least `failed`, the one that could not be reserved.
 */
export function explainShortfall(
  sellerOrgId: string,
  lines: OrderLine[],
  failed: OrderLine,
  states: Map<string, LineState>,
): StockRejected['lines'] {
  const explained: StockRejected['lines'] = [];
  for (const line of lines) {
    const state = states.get(line.skuId);
    const reason =
      shortOf(sellerOrgId, line, state) ?? (line.skuId === failed.skuId ? 'insufficient_stock' : undefined);
    if (reason) {
      const available = reason === 'insufficient_stock' ? (state?.available ?? 0) : 0;
      explained.push({ skuId: line.skuId, requested: line.quantity, available, reason });
    }
  }
  return explained;
}

/** Why a line cannot be had now from its SKU's state (undefined when it can). */
function shortOf(
  sellerOrgId: string,
  line: OrderLine,
  state: LineState | undefined,
): StockRejected['lines'][number]['reason'] | undefined {
  if (!state || state.sellerOrgId !== sellerOrgId) {
    return 'unknown_sku';
  }
  if (!state.purchasable) {
    return 'not_purchasable';
  }
  return state.available < line.quantity ? 'insufficient_stock' : undefined;
}

const unknownSkus = (lines: OrderLine[]): StockRejected['lines'] =>
  lines
    .filter((line) => !UUID.test(line.skuId))
    .map((line) => ({ skuId: line.skuId, requested: line.quantity, available: 0, reason: 'unknown_sku' }));

/**
 * Stock reservation for orders. Each order moves through order_stock at most once per step
 * (reserved|rejected → sold → restocked, or reserved → released), so every handler is idempotent per order:
 * a second event for the same order — redelivered or newly minted — finds the step taken and changes nothing.
 */
@Injectable()
export class ReservationHandlers {
  constructor(
    private readonly stock: StockRepository,
    private readonly search: SearchRepository,
    private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Reserve every line or none; publish stock.reserved with the prices of this instant, or stock.rejected. */
  @OnEvent(EventName.OrderPlaced)
  async handleOrderPlaced(data: EventOf<EventName.OrderPlaced>, { manager }: EventContext): Promise<void> {
    const lines = mergeOrderLines(data.lines);
    const order = { orderId: data.orderId, sellerOrgId: data.sellerOrgId, buyerId: data.buyerId ?? null };
    const unknown = lines.filter((line) => !UUID.test(line.skuId));
    if (unknown.length === 0 && lines.length === 1) {
      // the usual order of one line: claimed and reserved in one round trip
      const [line] = lines;
      const outcome = await this.stock.claimAndReserve(manager, order, line);
      if (!outcome.claimed) {
        return;
      }
      if (outcome.unitPriceFen === null) {
        await this.reject(manager, data.orderId, await this.shortfall(manager, data.sellerOrgId, lines, line));
        return;
      }
      await this.publisher.publish(manager, EventName.StockReserved, {
        orderId: data.orderId,
        lines: [{ ...line, unitPriceFen: outcome.unitPriceFen }],
      });
      return;
    }
    if (!(await this.stock.claimOrder(manager, { ...order, status: OrderStockStatus.Reserved }))) {
      return;
    }
    if (unknown.length > 0) {
      await this.reject(manager, data.orderId, unknownSkus(lines));
      return;
    }

    // Several lines reserve inside a savepoint: when one cannot be had, only the lines taken so far are rolled
    // back, while the order's rejection, its outbox row and the inbox row still commit. A single line that cannot
    // be had changed nothing, so it needs no savepoint.
    const partial = lines.length > 1;
    if (partial) {
      await manager.query('SAVEPOINT reservation');
    }
    const reserved: StockReserved['lines'] = [];
    for (const line of lines) {
      const taken = await this.stock.reserve(manager, data.orderId, data.sellerOrgId, line);
      if (!taken) {
        if (partial) {
          await manager.query('ROLLBACK TO SAVEPOINT reservation');
        }
        await this.reject(manager, data.orderId, await this.shortfall(manager, data.sellerOrgId, lines, line));
        return;
      }
      reserved.push({ ...line, unitPriceFen: taken.unitPriceFen });
    }
    await this.publisher.publish(manager, EventName.StockReserved, { orderId: data.orderId, lines: reserved });
  }

  /**
   * Several orders at once, with the effect each would have had alone in the order given (the inbox worker's batch,
   * docs/catalog.md "Reservations in batches"): the orders claimed and every SKU they ask for locked in SKU id order
   * in one statement, the batch planned on the locked figures (an order takes every line or none), every planned
   * line reserved — one conditional UPDATE per SKU, a ledger row per line — and the rejected orders marked, and the
   * answers published together. When every line can be had (the usual batch) the first statement has reserved them
   * already; else a second statement writes the plan. If the SKUs moved are not exactly those planned (which the
   * locks rule out), or the first statement took a batch the plan rejects part of, the batch fails and its orders
   * are handled one by one.
   */
  @OnEventBatch(EventName.OrderPlaced)
  async handleOrderPlacedBatch(
    events: EventEnvelope<EventName.OrderPlaced>[],
    { manager, publish }: BatchEventContext<EventName.OrderPlaced>,
  ): Promise<void> {
    const orders = events.map((event) => ({ event, data: event.data, lines: mergeOrderLines(event.data.lines) }));
    if (new Set(orders.map(({ data }) => data.orderId)).size < orders.length) {
      throw new Error('an order came twice in one batch (under two event ids)'); // rare: one by one decides
    }
    // ids are compared with what PostgreSQL answers (lower case); anything else is left to the one-by-one path
    const lowerCase = (id: string | null | undefined) => !id || id === id.toLowerCase();
    if (
      !orders.every(({ data, lines }) =>
        [data.orderId, data.sellerOrgId, ...lines.map((l) => l.skuId)].every(lowerCase),
      )
    ) {
      throw new Error('an order of the batch names an id in upper case');
    }
    const known = orders.flatMap(({ data, lines }) =>
      lines.filter((line) => UUID.test(line.skuId)).map((line) => ({ orderId: data.orderId, ...line })),
    );
    // in the usual batch every line can be had: the first statement reserves them all too (an order with a SKU id
    // that is not a UUID is rejected below, so such a batch is planned first)
    const { claimed, skus, moved } = await this.stock.claimOrdersLockingSkus(
      manager,
      orders.map(({ data }) => ({
        orderId: data.orderId,
        sellerOrgId: data.sellerOrgId,
        buyerId: data.buyerId ?? null,
      })),
      known,
      orders.every(({ lines }) => lines.every((line) => UUID.test(line.skuId))),
    );
    const states = new Map(skus.map((sku) => [sku.skuId, sku]));
    const planned: { orderId: string; skuId: string; quantity: number }[] = [];
    const rejected: string[] = [];
    for (const { event, data, lines } of orders) {
      if (!claimed.has(data.orderId)) {
        continue; // seen before: its outcome stands
      }
      const unknown = unknownSkus(lines);
      const failed =
        unknown.length > 0
          ? undefined
          : lines.find((line) => shortOf(data.sellerOrgId, line, states.get(line.skuId)) !== undefined);
      if (unknown.length > 0 || failed) {
        rejected.push(data.orderId);
        publish(event, EventName.StockRejected, {
          orderId: data.orderId,
          lines: failed ? explainShortfall(data.sellerOrgId, lines, failed, states) : unknown,
        });
        continue;
      }
      for (const line of lines) {
        states.get(line.skuId)!.available -= line.quantity;
        planned.push({ orderId: data.orderId, ...line });
      }
      publish(event, EventName.StockReserved, {
        orderId: data.orderId,
        lines: lines.map((line) => ({ ...line, unitPriceFen: states.get(line.skuId)!.unitPriceFen })),
      });
    }
    if (moved && rejected.length > 0) {
      // the statement's test and this plan differ: trust neither, each order goes alone
      throw new Error('a batch of reservations was taken whole although the plan rejects some of its orders');
    }
    if (!moved && planned.length === 0 && rejected.length === 0) {
      return;
    }
    const taken = moved ?? (await this.stock.reserveLines(manager, planned, rejected));
    const expected = new Set(planned.map((line) => line.skuId));
    const held = taken.every(
      (sku) =>
        expected.has(sku.skuId) &&
        sku.unitPriceFen === states.get(sku.skuId)?.unitPriceFen &&
        sku.sellerOrgId === states.get(sku.skuId)?.sellerOrgId,
    );
    if (taken.length !== expected.size || !held) {
      throw new Error('a batch of reservations did not move the SKUs it planned');
    }
  }

  /** Paid (or accepted for cash on collection): the reserved units become sold. */
  @OnEvent(EventName.OrderPaid)
  async handleOrderPaid(data: EventOf<EventName.OrderPaid>, { manager }: EventContext): Promise<void> {
    if (data.presaleId) {
      await this.recordPresaleSale(manager, data);
      return;
    }
    const order = await this.stock.lockOrder(manager, data.orderId);
    if (!order) {
      // order.placed has not been handled yet (events may overtake each other on retry): try again later
      throw new Error(`order ${data.orderId} is paid but its order.placed has not reached the catalog yet`);
    }
    if (order.status !== OrderStockStatus.Reserved) {
      if (order.status !== OrderStockStatus.Sold) {
        this.logger.warn(
          { orderId: data.orderId, status: order.status },
          'order.paid for an order without a reservation',
        );
      }
      return;
    }
    await this.moveAll(manager, linesOf(data.orderId, order), MovementKind.Sold);
    await this.stock.setOrderStatus(manager, data.orderId, OrderStockStatus.Sold);
  }

  /**
   * Several order.paid at once (a paid group's orders, which travel in one job): the same effect as each alone, with
   * the locks of the whole batch taken in one order — the orders' rows in order id order (one statement), then every
   * reserved line's SKU in SKU id order across the batch (the order every movement takes) — each line moved to sold
   * with its ledger row, the orders marked sold, and the listings' sales figures refreshed once. A pre-sale's order,
   * or one whose order.placed has not reached the catalog yet, fails the batch: the inbox worker then handles each
   * event on its own, which decides it as before.
   */
  @OnEventBatch(EventName.OrderPaid)
  async handleOrderPaidBatch(
    events: EventEnvelope<EventName.OrderPaid>[],
    { manager }: BatchEventContext<EventName.OrderPaid>,
  ): Promise<void> {
    if (events.some((event) => event.data.presaleId)) {
      throw new Error('a pre-sale order in a batch of order.paid'); // one by one records its sale
    }
    const orderIds = [...new Set(events.map((event) => event.data.orderId))].sort();
    const orders = await this.stock.lockOrders(manager, orderIds);
    const missing = orderIds.filter((orderId) => !orders.has(orderId));
    if (missing.length > 0) {
      throw new Error(`orders ${missing.join(', ')} are paid but their order.placed has not reached the catalog yet`);
    }
    const sold = orderIds.filter((orderId) => {
      const { status } = orders.get(orderId)!;
      if (status !== OrderStockStatus.Reserved && status !== OrderStockStatus.Sold) {
        this.logger.warn({ orderId, status }, 'order.paid for an order without a reservation');
      }
      return status === OrderStockStatus.Reserved;
    });
    if (sold.length === 0) {
      return; // sold before: nothing moves
    }
    // a line that cannot be sold fails the batch with moveAll's error, and one by one decides
    const lines = sold.flatMap((orderId) => linesOf(orderId, orders.get(orderId)!));
    await this.moveAll(
      manager,
      inLockOrder(lines, (line) => line.skuId),
      MovementKind.Sold,
    );
    await this.stock.setOrderStatus(manager, sold, OrderStockStatus.Sold);
  }

  /**
   * A pre-sale's order released by its harvest: catalog never held stock for it, so its units are taken in and
   * sold at once (as an imported past sale, `reason = 'presale'`) and count in the listing's 已售 like any sale —
   * once: the order is claimed in `order_stock` first. A later paid cancellation or return restocks them.
   */
  private async recordPresaleSale(manager: EntityManager, data: EventOf<EventName.OrderPaid>): Promise<void> {
    const fresh = await this.stock.claimPastOrders(manager, [
      { orderId: data.orderId, sellerOrgId: data.sellerOrgId, buyerId: data.buyerId },
    ]);
    if (fresh.length === 0) {
      return;
    }
    const listingIds = new Set<string>();
    const priceOf = new Map(data.lines.map((line) => [line.skuId, line.unitPriceFen]));
    for (const line of mergeOrderLines(data.lines).sort((a, b) => a.skuId.localeCompare(b.skuId))) {
      const unitPriceFen = priceOf.get(line.skuId) ?? Math.floor(data.payment.amountFen / line.quantity);
      listingIds.add(
        await this.stock.recordPastSale(
          manager,
          { orderId: data.orderId, skuId: line.skuId, quantity: line.quantity, unitPriceFen },
          'presale',
        ),
      );
    }
    await this.search.refreshSales(manager, [...listingIds]);
  }

  /** Unpaid: the reservation is released. Paid: the sold units go back into stock. */
  @OnEvent(EventName.OrderCancelled)
  async handleOrderCancelled(data: EventOf<EventName.OrderCancelled>, { manager }: EventContext): Promise<void> {
    await this.undo(manager, data.orderId, data.sellerOrgId);
  }

  /** The parcel came back: its units go back into stock. */
  @OnEvent(EventName.OrderReturned)
  async handleOrderReturned(data: EventOf<EventName.OrderReturned>, { manager }: EventContext): Promise<void> {
    await this.undo(manager, data.orderId, data.sellerOrgId);
  }

  /**
   * Gives back whatever the order holds, by what the catalog itself recorded (not what the event claims):
   * a reservation is released, a sale restocked. An order the catalog has not seen yet is recorded as released,
   * so that its order.placed, should it arrive later, reserves nothing.
   */
  private async undo(manager: EntityManager, orderId: string, sellerOrgId: string): Promise<void> {
    const tombstone = await this.stock.claimOrder(manager, {
      orderId,
      sellerOrgId,
      buyerId: null,
      status: OrderStockStatus.Released,
    });
    if (tombstone) {
      return;
    }
    const order = await this.stock.lockOrder(manager, orderId);
    if (order?.status === OrderStockStatus.Reserved) {
      await this.moveAll(manager, linesOf(orderId, order), MovementKind.Released);
      await this.stock.setOrderStatus(manager, orderId, OrderStockStatus.Released);
    } else if (order?.status === OrderStockStatus.Sold) {
      await this.moveAll(manager, linesOf(orderId, order), MovementKind.Restocked);
      await this.stock.setOrderStatus(manager, orderId, OrderStockStatus.Restocked);
    }
  }

  /**
   * Moves reserved lines, each of its order, in the order given — SKU order, as {@link StockRepository.lockOrders}
   * read them (across a batch: {@link handleOrderPaidBatch}) — and refreshes the listings' sales once.
   */
  private async moveAll(
    manager: EntityManager,
    lines: (OrderLine & { orderId: string })[],
    kind: MovementKind.Sold | MovementKind.Released | MovementKind.Restocked,
  ): Promise<void> {
    const listingIds = new Set<string>();
    for (const { skuId, quantity, orderId } of lines) {
      const moved = await this.stock.move(manager, kind, skuId, quantity, { orderId });
      if (!moved) {
        // the CHECKs and the order's own status make this impossible; retrying will not help
        throw new UnrecoverableError(`stock of SKU ${skuId} cannot be ${kind} for order ${orderId}`);
      }
      listingIds.add(moved.listingId);
    }
    if (kind !== MovementKind.Released) {
      await this.search.refreshSales(manager, [...listingIds]);
    }
  }

  private async reject(manager: EntityManager, orderId: string, lines: StockRejected['lines']): Promise<void> {
    await this.stock.setOrderStatus(manager, orderId, OrderStockStatus.Rejected);
    await this.publisher.publish(manager, EventName.StockRejected, { orderId, lines });
  }

  /** Names every line that cannot be had now, and at least the one that just failed (read after the failure). */
  private async shortfall(
    manager: EntityManager,
    sellerOrgId: string,
    lines: OrderLine[],
    failed: OrderLine,
  ): Promise<StockRejected['lines']> {
    const states = await this.stock.lineStates(
      manager,
      lines.map((line) => line.skuId),
    );
    return explainShortfall(sellerOrgId, lines, failed, new Map(states.map((state) => [state.skuId, state])));
  }
}
