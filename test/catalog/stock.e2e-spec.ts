import { EventName, inboxQueueName, ServiceName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  bearer,
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

describe('stock that never oversells', () => {
  let world: CatalogWorld;
  let seller: Actor;

  beforeAll(async () => {
    world = await startCatalogWorld({ officials: false });
    seller = await quickSeller(world);
  });

  afterAll(() => world.stop());

  it('reserves exactly 50 of 200 single-unit orders placed at once; every other order is rejected', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 50 }],
    });
    const orders = Array.from({ length: 200 }, () => orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 }]));

    const outcomes = await Promise.all(orders.map((order) => deliver(world, EventName.OrderPlaced, order)));

    expect(outcomes.every((outcome) => outcome === 'handled')).toBe(true);
    const [sku] = await skuRows(world, skuIds);
    expect(sku).toMatchObject({ available: 0, reserved: 50, sold: 0, received: 50 });
    const ids = orders.map((order) => order.orderId);
    const reserved = await outbox(world, EventName.StockReserved, `payload->>'orderId' = ANY ($2)`, [ids]);
    const rejected = await outbox(world, EventName.StockRejected, `payload->>'orderId' = ANY ($2)`, [ids]);
    expect(reserved).toHaveLength(50);
    expect(rejected).toHaveLength(150);
    expect(reserved[0].lines).toEqual([{ skuId: skuIds[0], quantity: 1, unitPriceFen: 5990 }]);
    expect(rejected[0].lines).toEqual([{ skuId: skuIds[0], requested: 1, available: 0, reason: 'insufficient_stock' }]);
    await expectLedgerIdentity(world, skuIds);
  });

  it('reserves all lines or none when multi-SKU orders take their SKUs in different orders at once', async () => {
    const { skuIds } = await createListing(world, seller, {
      title: '富硒大米 礼盒三件套',
      categoryId: 'rice',
      skus: [
        { spec: '5kg', priceFen: 6900, weightGrams: 5000, volumeMl: 8000, initialStock: 30 },
        { spec: '10kg', priceFen: 12900, weightGrams: 10000, volumeMl: 15000, initialStock: 30 },
        { spec: '2.5kg', priceFen: 3900, weightGrams: 2500, volumeMl: 4000, initialStock: 30 },
      ],
    });
    const orders = Array.from({ length: 120 }, (_, index) => {
      const picked = [0, 1, 2].filter((sku) => (index + sku) % 3 !== 0 || index % 4 === 0);
      const lines = picked.map((sku) => ({ skuId: skuIds[sku], quantity: 1 + ((index + sku) % 2) }));
      return orderPlaced(seller.orgId!, index % 2 === 0 ? lines : lines.reverse());
    });

    const outcomes = await Promise.all(orders.map((order) => deliver(world, EventName.OrderPlaced, order)));

    expect(outcomes.every((outcome) => outcome === 'handled')).toBe(true);
    const { rows: held } = await world.db.query<{ order_id: string; sku_id: string; quantity: number }>(
      `SELECT order_id, sku_id, quantity FROM reservation WHERE order_id = ANY ($1)`,
      [orders.map((order) => order.orderId)],
    );
    let accepted = 0;
    for (const order of orders) {
      const lines = held.filter((row) => row.order_id === order.orderId);
      // all or nothing: either every line of the order is held, with its quantity, or none is
      expect([0, order.lines.length]).toContain(lines.length);
      if (lines.length > 0) {
        accepted += 1;
        for (const line of order.lines) {
          expect(lines.find((row) => row.sku_id === line.skuId)?.quantity).toBe(line.quantity);
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(orders.length);
    for (const sku of await skuRows(world, skuIds)) {
      const sum = held.filter((row) => row.sku_id === sku.id).reduce((total, row) => total + row.quantity, 0);
      expect(sku.reserved).toBe(sum);
    }
    const decided = await outbox(world, EventName.StockRejected, `payload->>'orderId' = ANY ($2)`, [
      orders.map((order) => order.orderId),
    ]);
    expect(decided).toHaveLength(orders.length - accepted);
    await expectLedgerIdentity(world, skuIds);
  });

  it('changes nothing when order.placed, order.paid and order.cancelled arrive twice, whatever their event ids', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '10斤装', priceFen: 9990, weightGrams: 5000, volumeMl: 12000, initialStock: 10 }],
    });
    const placed = orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 3 }]);
    const figures = async () => (await skuRows(world, skuIds))[0];
    const ledger = async () =>
      (await world.db.query(`SELECT count(*)::int AS n FROM stock_movement WHERE sku_id = $1`, [skuIds[0]])).rows[0].n;

    const placedId = randomUUID();
    expect(await deliver(world, EventName.OrderPlaced, placed, placedId)).toBe('handled');
    const afterPlaced = { figures: await figures(), ledger: await ledger() };
    expect(afterPlaced.figures).toMatchObject({ available: 7, reserved: 3 });
    expect(await deliver(world, EventName.OrderPlaced, placed, placedId)).toBe('duplicate');
    expect(await deliver(world, EventName.OrderPlaced, placed)).toBe('handled');
    expect({ figures: await figures(), ledger: await ledger() }).toEqual(afterPlaced);
    expect(await outbox(world, EventName.StockReserved, `payload->>'orderId' = $2`, [placed.orderId])).toHaveLength(1);

    const paidId = randomUUID();
    await deliver(world, EventName.OrderPaid, orderPaid(placed.orderId, seller.orgId!), paidId);
    const afterPaid = { figures: await figures(), ledger: await ledger() };
    expect(afterPaid.figures).toMatchObject({ available: 7, reserved: 0, sold: 3 });
    expect(await deliver(world, EventName.OrderPaid, orderPaid(placed.orderId, seller.orgId!), paidId)).toBe(
      'duplicate',
    );
    await deliver(world, EventName.OrderPaid, orderPaid(placed.orderId, seller.orgId!));
    expect({ figures: await figures(), ledger: await ledger() }).toEqual(afterPaid);

    const cancelled = {
      orderId: placed.orderId,
      sellerOrgId: seller.orgId!,
      reason: 'buyer' as const,
      wasPaid: true,
      lines: placed.lines,
    };
    const cancelledId = randomUUID();
    await deliver(world, EventName.OrderCancelled, cancelled, cancelledId);
    const afterCancelled = { figures: await figures(), ledger: await ledger() };
    expect(afterCancelled.figures).toMatchObject({ available: 10, reserved: 0, sold: 3, restocked: 3 });
    expect(await deliver(world, EventName.OrderCancelled, cancelled, cancelledId)).toBe('duplicate');
    await deliver(world, EventName.OrderCancelled, cancelled);
    await deliver(world, EventName.OrderReturned, { ...cancelled, reason: 'refused' });
    expect({ figures: await figures(), ledger: await ledger() }).toEqual(afterCancelled);
    await expectLedgerIdentity(world, skuIds);
  });

  it('releases an unpaid reservation, restocks a returned parcel, and ignores a late order.placed of a cancelled order', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '礼盒', priceFen: 12800, weightGrams: 4000, volumeMl: 9000, initialStock: 5 }],
    });
    const sku = async () => (await skuRows(world, skuIds))[0];

    const unpaid = orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 2 }]);
    await deliver(world, EventName.OrderPlaced, unpaid);
    await deliver(world, EventName.OrderCancelled, {
      orderId: unpaid.orderId,
      sellerOrgId: seller.orgId!,
      reason: 'expired',
      wasPaid: false,
      lines: unpaid.lines,
    });
    expect(await sku()).toMatchObject({ available: 5, reserved: 0, sold: 0 });
    await deliver(world, EventName.OrderPaid, orderPaid(unpaid.orderId, seller.orgId!));
    expect(await sku()).toMatchObject({ available: 5, reserved: 0, sold: 0 });

    const returned = orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 }]);
    await deliver(world, EventName.OrderPlaced, returned);
    await deliver(world, EventName.OrderPaid, orderPaid(returned.orderId, seller.orgId!));
    expect(await sku()).toMatchObject({ available: 4, sold: 1 });
    await deliver(world, EventName.OrderReturned, {
      orderId: returned.orderId,
      sellerOrgId: seller.orgId!,
      reason: 'uncollected',
      lines: returned.lines,
    });
    expect(await sku()).toMatchObject({ available: 5, sold: 1, restocked: 1 });

    const overtaken = orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 1 }]);
    await deliver(world, EventName.OrderCancelled, {
      orderId: overtaken.orderId,
      sellerOrgId: seller.orgId!,
      reason: 'buyer',
      wasPaid: false,
      lines: overtaken.lines,
    });
    await deliver(world, EventName.OrderPlaced, overtaken);
    expect(await sku()).toMatchObject({ available: 5, reserved: 0 });
    expect(await outbox(world, EventName.StockReserved, `payload->>'orderId' = $2`, [overtaken.orderId])).toHaveLength(
      0,
    );
    await expectLedgerIdentity(world, skuIds);
  });

  it('names every line it cannot reserve and reserves nothing of the order', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [
        { spec: 'A', priceFen: 1000, weightGrams: 500, volumeMl: 1000, initialStock: 5 },
        { spec: 'B', priceFen: 2000, weightGrams: 500, volumeMl: 1000, initialStock: 1 },
      ],
    });
    const other = await quickSeller(world, { name: '九曲河茶叶合作社' });
    const { skuIds: foreign } = await createListing(world, other, { title: '高山云雾绿茶', categoryId: 'green-tea' });
    const { skuIds: paused } = await createListing(world, seller, { title: '冬笋 现挖', categoryId: 'bamboo-shoots' });
    const listingOfPaused = (await world.db.query(`SELECT listing_id FROM sku WHERE id = $1`, [paused[0]])).rows[0]
      .listing_id;
    await request(world.catalog)
      .post(`/listings/${listingOfPaused}/pause`)
      .set(...bearer(seller))
      .expect(200);
    const missing = randomUUID();
    const order = orderPlaced(seller.orgId!, [
      { skuId: skuIds[0], quantity: 2 },
      { skuId: skuIds[1], quantity: 3 },
      { skuId: foreign[0], quantity: 1 },
      { skuId: paused[0], quantity: 1 },
      { skuId: missing, quantity: 1 },
    ]);

    await deliver(world, EventName.OrderPlaced, order);

    const [rejection] = await outbox(world, EventName.StockRejected, `payload->>'orderId' = $2`, [order.orderId]);
    expect(rejection.lines).toEqual(
      expect.arrayContaining([
        { skuId: skuIds[1], requested: 3, available: 1, reason: 'insufficient_stock' },
        { skuId: foreign[0], requested: 1, available: 0, reason: 'unknown_sku' },
        { skuId: paused[0], requested: 1, available: 0, reason: 'not_purchasable' },
        { skuId: missing, requested: 1, available: 0, reason: 'unknown_sku' },
      ]),
    );
    expect(rejection.lines).toHaveLength(4);
    expect(await skuRows(world, skuIds)).toEqual([
      expect.objectContaining({ available: skuIds[0] < skuIds[1] ? 5 : 1, reserved: 0 }),
      expect.objectContaining({ available: skuIds[0] < skuIds[1] ? 1 : 5, reserved: 0 }),
    ]);
    await expectLedgerIdentity(world, [...skuIds, ...foreign, ...paused]);
  });

  it('lets sellers adjust stock with a reason, never below zero, and shows them the ledger', async () => {
    const { skuIds } = await createListing(world, seller, {
      skus: [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 4 }],
    });
    const adjusted = await request(world.catalog)
      .post(`/skus/${skuIds[0]}/stock-adjustments`)
      .set(...bearer(seller))
      .send({ delta: -3, reason: '运输途中压坏 3 箱' })
      .expect(201);
    expect(adjusted.body).toMatchObject({ available: 1, received: 1 });
    expect(adjusted.body.movements[0]).toMatchObject({ kind: 'adjusted', quantity: -3, reason: '运输途中压坏 3 箱' });

    const refused = await request(world.catalog)
      .post(`/skus/${skuIds[0]}/stock-adjustments`)
      .set(...bearer(seller))
      .send({ delta: -2, reason: '盘点' })
      .expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: '/problems/stock-below-zero', available: 1 });

    await request(world.catalog)
      .post(`/skus/${skuIds[0]}/stock-adjustments`)
      .set(...bearer(seller))
      .send({ delta: 20, reason: '新采收入库', kind: 'received' })
      .expect(201);
    const bad = await request(world.catalog)
      .post(`/skus/${skuIds[0]}/stock-adjustments`)
      .set(...bearer(seller))
      .send({ delta: 1.5, reason: '盘点' })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'delta' })]);
    const stock = await request(world.catalog)
      .get(`/skus/${skuIds[0]}/stock`)
      .set(...bearer(seller))
      .expect(200);
    expect(stock.body).toMatchObject({ available: 21, received: 21, reserved: 0, sold: 0 });
    expect(stock.body.movements.map((movement: { kind: string }) => movement.kind)).toEqual([
      'received',
      'adjusted',
      'received',
    ]);
    await expectLedgerIdentity(world, skuIds);
  });

  it('takes order.placed from its inbox queue and answers with stock.reserved through the outbox', async () => {
    const { skuIds } = await createListing(world, seller);
    const order = orderPlaced(seller.orgId!, [{ skuId: skuIds[0], quantity: 2 }]);
    const connection = new Redis(world.platform.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue(inboxQueueName(ServiceName.Catalog), {
      connection,
      prefix: world.platform.env.QUEUE_PREFIX,
    });
    try {
      const id = randomUUID();
      await queue.add(
        EventName.OrderPlaced,
        {
          id,
          name: EventName.OrderPlaced,
          data: order,
          producer: ServiceName.Orders,
          occurredAt: new Date().toISOString(),
          correlationId: null,
          causationId: null,
        },
        { jobId: id },
      );
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const [reserved] = await waitFor(
      async () => {
        const found = await outbox(
          world,
          EventName.StockReserved,
          `payload->>'orderId' = $2 AND published_at IS NOT NULL`,
          [order.orderId],
        );
        return found.length > 0 && found;
      },
      { what: 'stock.reserved to be relayed' },
    );
    expect(reserved).toEqual({
      orderId: order.orderId,
      lines: [{ skuId: skuIds[0], quantity: 2, unitPriceFen: 5990 }],
    });
  });
});
