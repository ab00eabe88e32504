import { EventEnvelope, EventName, inboxQueueName, ServiceName } from '@countyflow/contracts';
import { InboxJobData, inboxJobs, InboxWorker, jobOptionsFor } from '@countyflow/messaging';
import { inboxTransactions, waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { Actor } from '../support/actors';
import {
  CatalogWorld,
  createListing,
  deliver,
  expectLedgerIdentity,
  orderPaid,
  orderPlaced,
  outbox,
  quickSeller,
  skuRows,
  startCatalogWorld,
} from './support';

/*
 * order.placed is batch-safe: the events the inbox worker has in hand at once are reserved in one transaction
 * (docs/messaging.md "Batches", docs/catalog.md "Reservations in batches"). What must still hold: no oversell, one
 * answer per order, an event handled once, and a bad event failing alone.
 */
describe('reservations in batches', () => {
  let world: CatalogWorld;
  let seller: Actor;
  let queue: Queue<EventEnvelope>;
  /** The same queue, for jobs of several events. */
  let groupQueue: Queue<InboxJobData>;
  let connection: Redis;

  beforeAll(async () => {
    // the poison test dead-letters on purpose; the file checks that it is the only dead letter
    world = await startCatalogWorld({ officials: false, allowDeadLetters: true });
    seller = await quickSeller(world);
    connection = new Redis(world.platform.env.REDIS_URL!, { maxRetriesPerRequest: null });
    queue = new Queue(inboxQueueName(ServiceName.Catalog), { connection, prefix: world.platform.env.QUEUE_PREFIX });
    groupQueue = new Queue(inboxQueueName(ServiceName.Catalog), {
      connection,
      prefix: world.platform.env.QUEUE_PREFIX,
    });
  });

  afterAll(async () => {
    await groupQueue.close();
    await queue.close();
    connection.disconnect();
    await world.stop();
  });

  const envelope = (data: EventEnvelope<EventName.OrderPlaced>['data']): EventEnvelope => ({
    id: randomUUID(),
    name: EventName.OrderPlaced,
    data,
    producer: ServiceName.Orders,
    occurredAt: new Date().toISOString(),
    correlationId: `checkout-${data.orderId}`,
    causationId: null,
  });

  /** Puts the events on catalog's inbox queue as the relay does (job id = event id, the platform's retry policy). */
  const enqueue = (events: EventEnvelope[]) => {
    const config = loadCatalogConfig(world.platform.env);
    return queue.addBulk(
      events.map((event) => ({ name: event.name, data: event, opts: jobOptionsFor(event.name, config, event.id) })),
    );
  };

  /** How many answers (stock.reserved or stock.rejected) each order got, by order id. */
  const answersPerOrder = async (orderIds: string[]): Promise<Map<string, number>> => {
    const { rows } = await world.db.query<{ order_id: string; n: number }>(
      `SELECT payload->>'orderId' AS order_id, count(*)::int AS n FROM outbox
        WHERE name IN ($1, $2) AND payload->>'orderId' = ANY ($3) GROUP BY 1`,
      [EventName.StockReserved, EventName.StockRejected, orderIds],
    );
    return new Map(rows.map((row) => [row.order_id, row.n]));
  };

  /**
   * After a burst of one-line orders on one SKU: every unit either still available or reserved, less left than the
   * largest order, one answer per order, the reserved answers adding up to what the SKU holds, the ledger's identity.
   */
  const expectNoOversell = async (
    skuId: string,
    orderIds: string[],
    { stock, largestOrder }: { stock: number; largestOrder: number },
  ) => {
    const [sku] = await skuRows(world, [skuId]);
    expect(sku.available + sku.reserved).toBe(stock);
    expect(sku.available).toBeLessThan(largestOrder);
    const answers = await answersPerOrder(orderIds);
    expect(orderIds.every((orderId) => answers.get(orderId) === 1)).toBe(true);
    const reserved = await outbox(world, EventName.StockReserved, `payload->>'orderId' = ANY ($2)`, [orderIds]);
    expect(reserved.reduce((units, answer) => units + answer.lines[0].quantity, 0)).toBe(sku.reserved);
    await expectLedgerIdentity(world, [skuId]);
    return sku;
  };

  it('never oversells a burst of 150 orders on one SKU from the inbox queue, answers each once, several per transaction', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 40 }],
    });
    const events = Array.from({ length: 150 }, (_, index) =>
      envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 + (index % 2) }])),
    );
    const orderIds = events.map((event) => (event.data as { orderId: string }).orderId);

    await enqueue(events);
    await waitFor(
      async () => {
        const jobs = await Promise.all(events.map((event) => queue.getJob(event.id)));
        return jobs.every((job) => job?.returnvalue === 'handled');
      },
      { what: 'every order.placed job to complete as handled', timeoutMs: 60_000 },
    );
    // the relay would re-send all of them after a crash: nothing changes
    const before = await skuRows(world, skuIds);
    const again = await Promise.all(events.map((event) => world.platform.apps.catalog!.get(InboxWorker).handle(event)));
    expect(again.every((outcome) => outcome === 'duplicate')).toBe(true);
    expect(await skuRows(world, skuIds)).toEqual(before);

    // a 1-unit order may have taken the last unit; otherwise nothing is left
    const sku = await expectNoOversell(skuIds[0], orderIds, { stock: 40, largestOrder: 2 });
    const { rows: held } = await world.db.query<{ units: number }>(
      `SELECT coalesce(sum(quantity), 0)::int AS units FROM reservation WHERE sku_id = $1`,
      [skuIds[0]],
    );
    expect(held[0].units).toBe(sku.reserved);

    // the answers carry their own cause and correlation, as if each order had had its own transaction
    const { rows: causes } = await world.db.query<{ causation_id: string; correlation_id: string; order_id: string }>(
      `SELECT causation_id, correlation_id, payload->>'orderId' AS order_id FROM outbox
        WHERE name IN ($1, $2) AND payload->>'orderId' = ANY ($3)`,
      [EventName.StockReserved, EventName.StockRejected, orderIds],
    );
    for (const cause of causes) {
      const event = events.find((candidate) => candidate.id === cause.causation_id);
      expect((event?.data as { orderId: string } | undefined)?.orderId).toBe(cause.order_id);
      expect(cause.correlation_id).toBe(event?.correlationId);
    }

    // several events per inbox transaction
    expect(
      await inboxTransactions(
        world.db,
        events.map((event) => event.id),
      ),
    ).toBeLessThan(events.length / 2);
  });

  it('never oversells a burst of 150 orders sent in jobs of several, twice in two groupings: each order handled and answered once', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '10斤装', priceFen: 9990, weightGrams: 5000, volumeMl: 12000, initialStock: 60 }],
    });
    const events = Array.from({ length: 150 }, (_, index) =>
      envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 + (index % 3) }])),
    );
    const orderIds = events.map((event) => (event.data as { orderId: string }).orderId);
    // as relays send them (docs/messaging.md "Jobs"): ten events a job; then all again, grouped five events later
    // (a sweep re-sending what a fast path had sent), every job on the queue at once
    const config = loadCatalogConfig(world.platform.env);
    const tens = (from: number) =>
      Array.from({ length: Math.ceil((events.length - from) / 10) }, (_, at) =>
        inboxJobs(events.slice(from + at * 10, from + (at + 1) * 10), config),
      ).flat();
    const jobs = [...tens(0), ...inboxJobs(events.slice(0, 5), config), ...tens(5)];
    expect(jobs.filter((job) => Array.isArray(job.data))).toHaveLength(31); // 15 + 1 + 15

    await groupQueue.addBulk(jobs);
    const outcomes = await waitFor(
      async () => {
        const found = await Promise.all(jobs.map((job) => groupQueue.getJob(job.opts.jobId!)));
        return found.every((job) => job?.finishedOn) && found.map((job) => job!.returnvalue as unknown);
      },
      { what: 'every job to finish', timeoutMs: 60_000 },
    );

    // each event handled once and a duplicate once, whichever of its two jobs came first
    const flat = outcomes.flat();
    expect(flat).toHaveLength(2 * events.length);
    expect(flat.filter((outcome) => outcome === 'handled')).toHaveLength(events.length);
    expect(flat.filter((outcome) => outcome === 'duplicate')).toHaveLength(events.length);
    await expectNoOversell(skuIds[0], orderIds, { stock: 60, largestOrder: 3 });
    // the events of a job went through batch transactions together
    expect(
      await inboxTransactions(
        world.db,
        events.map((event) => event.id),
      ),
    ).toBeLessThan(events.length / 2);
  });

  it('sells the reserved lines of several paid orders in one transaction, each once, and leaves an early one to be retried', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [
        { spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 100 },
        { spec: '10斤装', priceFen: 9990, weightGrams: 5000, volumeMl: 12000, initialStock: 100 },
      ],
    });
    // eight orders, each of both SKUs in one order or the other
    const placed = Array.from({ length: 8 }, (_, index) =>
      orderPlaced(seller.orgId!, [
        { skuId: skuIds[index % 2], quantity: 1 + (index % 3) },
        { skuId: skuIds[1 - (index % 2)], quantity: 1 },
      ]),
    );
    for (const order of placed) {
      expect(await deliver(world, EventName.OrderPlaced, order)).toBe('handled');
    }
    const before = await skuRows(world, skuIds);
    const paidIds = placed.map(() => randomUUID());

    const outcomes = await Promise.all(
      placed.map((order, index) =>
        deliver(world, EventName.OrderPaid, orderPaid(order.orderId, seller.orgId!), paidIds[index]),
      ),
    );

    expect(outcomes).toEqual(placed.map(() => 'handled'));
    const units = (skuId: string) =>
      placed.flatMap((order) => order.lines).reduce((sum, line) => sum + (line.skuId === skuId ? line.quantity : 0), 0);
    const after = await skuRows(world, skuIds);
    for (const [index, sku] of after.entries()) {
      expect(sku).toMatchObject({
        available: before[index].available,
        reserved: before[index].reserved - units(sku.id),
        sold: before[index].sold + units(sku.id),
      });
    }
    expect(after.map((sku) => sku.reserved)).toEqual([0, 0]);
    const { rows: statuses } = await world.db.query<{ status: string }>(
      `SELECT status FROM order_stock WHERE order_id = ANY ($1)`,
      [placed.map((order) => order.orderId)],
    );
    expect(statuses.map((row) => row.status)).toEqual(placed.map(() => 'sold'));
    await expectLedgerIdentity(world, skuIds);
    expect(await inboxTransactions(world.db, paidIds)).toBeLessThan(placed.length);
    // again, under new event ids (as a second payment notice would be): nothing moves
    await Promise.all(
      placed.map((order) => deliver(world, EventName.OrderPaid, orderPaid(order.orderId, seller.orgId!))),
    );
    expect(await skuRows(world, skuIds)).toEqual(after);

    // a batch with an order catalog has not seen yet: handled event by event, and only that one is retried
    const more = orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 2 }]);
    expect(await deliver(world, EventName.OrderPlaced, more)).toBe('handled');
    const unseen = randomUUID();
    const mixed = await Promise.all([
      deliver(world, EventName.OrderPaid, orderPaid(more.orderId, seller.orgId!)),
      deliver(world, EventName.OrderPaid, orderPaid(unseen, seller.orgId!)).catch((error: Error) => error.message),
    ]);
    expect(mixed[0]).toBe('handled');
    expect(mixed[1]).toMatch(/has not reached the catalog yet/);
    const sold = (rows: { id: string; sold: number }[]) => rows.find((sku) => sku.id === skuIds[0])!.sold;
    expect(sold(await skuRows(world, skuIds))).toBe(sold(after) + 2);
    await expectLedgerIdentity(world, skuIds);
  });

  it('reserves orders of several SKUs taken in opposite orders across concurrent batches, all lines or none', async () => {
    const { skuIds } = await createListing(world, seller, {
      title: '富硒大米 两件套',
      categoryId: 'rice',
      skus: [
        { spec: '5kg', priceFen: 6900, weightGrams: 5000, volumeMl: 8000, initialStock: 25 },
        { spec: '10kg', priceFen: 12900, weightGrams: 10000, volumeMl: 15000, initialStock: 25 },
      ],
    });
    const events = Array.from({ length: 80 }, (_, index) => {
      const lines = skuIds.map((skuId, sku) => ({ skuId, quantity: 1 + ((index + sku) % 2) }));
      return envelope(orderPlaced(seller.orgId!, index % 2 === 0 ? lines : lines.reverse()));
    });
    const orderIds = events.map((event) => (event.data as { orderId: string }).orderId);

    const outcomes = await Promise.all(
      events.map((event) => world.platform.apps.catalog!.get(InboxWorker).handle(event)),
    );

    expect(outcomes.every((outcome) => outcome === 'handled')).toBe(true);
    const { rows: held } = await world.db.query<{ order_id: string; sku_id: string; quantity: number }>(
      `SELECT order_id, sku_id, quantity FROM reservation WHERE order_id = ANY ($1)`,
      [orderIds],
    );
    const reservedOrders = new Set(held.map((row) => row.order_id));
    for (const event of events) {
      const data = event.data as { orderId: string; lines: { skuId: string; quantity: number }[] };
      const lines = held.filter((row) => row.order_id === data.orderId);
      expect([0, 2]).toContain(lines.length);
      for (const line of lines) {
        expect(line.quantity).toBe(data.lines.find((wanted) => wanted.skuId === line.sku_id)?.quantity);
      }
    }
    expect(reservedOrders.size).toBeGreaterThan(0);
    expect(reservedOrders.size).toBeLessThan(events.length);
    for (const sku of await skuRows(world, skuIds)) {
      expect(sku.reserved).toBe(
        held.filter((row) => row.sku_id === sku.id).reduce((sum, row) => sum + row.quantity, 0),
      );
    }
    const answers = await answersPerOrder(orderIds);
    expect(orderIds.every((orderId) => answers.get(orderId) === 1)).toBe(true);
    await expectLedgerIdentity(world, skuIds);
  });

  it('dead-letters a poison event of a batch and handles the rest of the batch', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '3斤装', priceFen: 3990, weightGrams: 1500, volumeMl: 4000, initialStock: 100 }],
    });
    const good = Array.from({ length: 12 }, () =>
      envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 2 }])),
    );
    // a line no retry can fix (UnrecoverableError in the handler), and one whose seller id PostgreSQL refuses
    const malformed = envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 0 }]));
    const refused = envelope(orderPlaced('not-a-uuid', [{ skuId: skuIds[0], quantity: 1 }]));
    const events = [...good.slice(0, 6), malformed, ...good.slice(6), refused];

    // handed to the worker at once, as a batch: each event answers for itself
    const settled = await Promise.allSettled(
      events.map((event) => world.platform.apps.catalog!.get(InboxWorker).handle(event)),
    );
    expect(settled.map((result) => result.status)).toEqual(
      events.map((event) => (event === malformed || event === refused ? 'rejected' : 'fulfilled')),
    );
    const [sku] = await skuRows(world, skuIds);
    expect(sku).toMatchObject({ reserved: 24, available: 76 });
    const answers = await answersPerOrder(good.map((event) => (event.data as { orderId: string }).orderId));
    expect([...answers.values()]).toEqual(good.map(() => 1));

    // through the queue: the poison events end as dead letters, every other event is handled
    const more = Array.from({ length: 10 }, () =>
      envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 }])),
    );
    const poison = envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 0 }]));
    await enqueue([...more.slice(0, 5), poison, ...more.slice(5)]);
    await waitFor(
      async () => {
        const jobs = await Promise.all(more.map((event) => queue.getJob(event.id)));
        return jobs.every((job) => job?.returnvalue === 'handled');
      },
      { what: 'the good events of the batch to be handled' },
    );
    await waitFor(
      async () => (await world.db.query(`SELECT 1 FROM dead_letter WHERE event_id = $1`, [poison.id])).rowCount === 1,
      { what: 'the poison event to be dead-lettered' },
    );
    expect((await skuRows(world, skuIds))[0]).toMatchObject({ reserved: 34, available: 66 });
    const { rows: dead } = await world.db.query<{ event_id: string }>(`SELECT event_id FROM dead_letter`);
    expect(dead.map((row) => row.event_id)).toEqual([poison.id]);
    await expectLedgerIdentity(world, skuIds);
  });

  it('handles an event delivered twice in one batch once, and an order under two event ids once', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '10斤装', priceFen: 9990, weightGrams: 5000, volumeMl: 12000, initialStock: 10 }],
    });
    const first = envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 3 }]));
    const minted = { ...first, id: randomUUID() }; // the same order, a new event id
    const other = envelope(orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 }]));
    const worker = world.platform.apps.catalog!.get(InboxWorker);

    const outcomes = await Promise.all([first, first, other, other].map((event) => worker.handle(event)));
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'handled', 'handled']);
    const twice = await Promise.all([first, minted].map((event) => worker.handle(event)));
    expect(twice).toEqual(['duplicate', 'handled']);
    // one order under two new event ids in one batch: the batch leaves it to the one-by-one path
    const pair = [randomUUID(), randomUUID()].map((id) => ({ ...other, id }));
    expect(await Promise.all(pair.map((event) => worker.handle(event)))).toEqual(['handled', 'handled']);

    expect((await skuRows(world, skuIds))[0]).toMatchObject({ reserved: 4, available: 6 });
    const answers = await answersPerOrder([first, other].map((event) => (event.data as { orderId: string }).orderId));
    expect([...answers.values()]).toEqual([1, 1]);
    await expectLedgerIdentity(world, skuIds);
    await deliver(world, EventName.OrderPlaced, first.data as EventEnvelope<EventName.OrderPlaced>['data']);
    expect((await skuRows(world, skuIds))[0]).toMatchObject({ reserved: 4, available: 6 });
  });
});
