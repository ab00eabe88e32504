import { Principal } from '@countyflow/auth';
import { EventName, MembershipRole, OrganisationKind, ServiceName } from '@countyflow/contracts';
import { MediumTest } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { loadCatalogConfig } from '../../../apps/catalog/src/catalog.config';
import { CATALOG_ENTITIES, CATALOG_FEATURES } from '../../../apps/catalog/src/catalog.module';
import { ListingCreateDto } from '../../../apps/catalog/src/listing/listing.dto';
import { ListingService } from '../../../apps/catalog/src/listing/listing.service';
import { StockRepository } from '../../../apps/catalog/src/stock/stock.repository';
import { orderPaid } from '../../catalog/support';

const COUNTY = '360722';

/*
 * Stock reservation (ReservationHandlers) with the real StockRepository: order.placed reserves every line or none,
 * order.paid turns the reservation into a sale, order.cancelled releases it; the ledger identity holds throughout.
 */
describe('catalog: stock reservation (medium: ReservationHandlers, ListingService, real repositories)', () => {
  let t: MediumTest;

  beforeAll(async () => {
    t = await MediumTest.create(process.env, {
      service: ServiceName.Catalog,
      persistence: { schema: 'catalog', entities: CATALOG_ENTITIES },
      config: (env) => loadCatalogConfig(env, { port: 0 }),
      inbox: true,
      imports: CATALOG_FEATURES,
    });
  });

  afterAll(() => t?.close());

  /** A verified cooperative (org.verified, again) with one more published listing of one SKU of `stock` boxes. */
  async function skuWithStock(
    stock: number,
    sellerOrgId: string = randomUUID(),
  ): Promise<{ sellerOrgId: string; skuId: string }> {
    await t.deliver(EventName.OrgVerified, {
      orgId: sellerOrgId,
      kind: OrganisationKind.Cooperative,
      name: '安西镇脐橙专业合作社',
      countyCode: COUNTY,
      villageCode: `${COUNTY}100201`,
      creditCode: null,
      decidedBy: randomUUID(),
      reason: null,
    });
    const owner = new Principal(randomUUID(), '社长', randomUUID(), [
      { orgId: sellerOrgId, orgKind: OrganisationKind.Cooperative, countyCode: COUNTY, role: MembershipRole.Owner },
    ]);
    const listings = t.get(ListingService);
    const created = await listings.create(owner, {
      sellerOrgId,
      categoryId: 'citrus',
      title: '赣南脐橙 5斤装 产地直发',
      description: '信丰安西镇果园现摘，果肉细嫩化渣。',
      images: ['https://img.example.cn/orange-1.jpg'],
      originVillageCode: `${COUNTY}100201`,
      certifications: ['geographical_indication'],
      shelfLifeDays: 30,
      temperature: { class: 'ambient' },
      weightToleranceGrams: 200,
      skus: [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: stock }],
    } as unknown as ListingCreateDto);
    await listings.transition(owner, created.id, 'publish');
    return { sellerOrgId, skuId: created.skus[0].id };
  }

  const figures = async (skuId: string) => {
    const [sku] = await t.rows<{ available: number; reserved: number; sold: number; received: number }>(
      `SELECT available::int, reserved::int, sold::int, received::int FROM sku WHERE id = $1`,
      [skuId],
    );
    return sku;
  };

  const placed = (sellerOrgId: string, lines: { skuId: string; quantity: number }[], orderId = randomUUID()) => ({
    orderId,
    groupId: randomUUID(),
    buyerId: randomUUID(),
    sellerOrgId,
    lines,
  });

  it('reserves every line at the current price and tells orders (stock.reserved); a redelivery changes nothing', async () => {
    const { sellerOrgId, skuId } = await skuWithStock(10);
    const order = placed(sellerOrgId, [{ skuId, quantity: 4 }]);
    const eventId = randomUUID();

    expect(await t.deliver(EventName.OrderPlaced, order, { producer: ServiceName.Orders, id: eventId })).toBe(
      'handled',
    );
    expect(await t.deliver(EventName.OrderPlaced, order, { producer: ServiceName.Orders, id: eventId })).toBe(
      'duplicate',
    );
    // the same order in a new event (orders published it twice): the order's step is already taken
    await t.deliver(EventName.OrderPlaced, order, { producer: ServiceName.Orders });

    expect(await figures(skuId)).toMatchObject({ received: 10, available: 6, reserved: 4, sold: 0 });
    expect(await t.published(EventName.StockReserved, { orderId: order.orderId })).toEqual([
      { orderId: order.orderId, lines: [{ skuId, quantity: 4, unitPriceFen: 5990 }] },
    ]);
  });

  it('reserves a whole batch in its first statement when every line can be had (ledger with running figures), else only claims', async () => {
    const a = await skuWithStock(10);
    const b = await skuWithStock(5);
    const stock = t.get(StockRepository);
    const order = (sellerOrgId: string) => ({ orderId: randomUUID(), sellerOrgId, buyerId: randomUUID() });
    const [first, second, third] = [order(a.sellerOrgId), order(a.sellerOrgId), order(b.sellerOrgId)];
    const lines = [
      { orderId: first.orderId, skuId: a.skuId, quantity: 3 },
      { orderId: second.orderId, skuId: a.skuId, quantity: 4 },
      { orderId: third.orderId, skuId: b.skuId, quantity: 2 },
    ];

    const whole = await t.transaction((manager) =>
      stock.claimOrdersLockingSkus(manager, [first, second, third], lines, true),
    );
    expect(whole.claimed).toEqual(new Set([first.orderId, second.orderId, third.orderId]));
    // the figures as locked, before the batch
    expect(whole.skus.map((sku) => [sku.skuId, Number(sku.available)]).sort()).toEqual(
      [
        [a.skuId, 10],
        [b.skuId, 5],
      ].sort(),
    );
    expect(whole.moved?.map((sku) => sku.skuId).sort()).toEqual([a.skuId, b.skuId].sort());
    expect(whole.moved?.[0]).toMatchObject({ unitPriceFen: 5990 });
    expect(await figures(a.skuId)).toMatchObject({ available: 3, reserved: 7 });
    expect(await figures(b.skuId)).toMatchObject({ available: 3, reserved: 2 });
    const ledger = await t.rows<{ orderId: string; quantity: number; availableAfter: number; reservedAfter: number }>(
      `SELECT order_id AS "orderId", quantity::int, available_after::int AS "availableAfter",
              reserved_after::int AS "reservedAfter"
         FROM stock_movement WHERE sku_id = $1 AND kind = 'reserved' ORDER BY id`,
      [a.skuId],
    );
    expect(ledger).toEqual([
      { orderId: first.orderId, quantity: 3, availableAfter: 7, reservedAfter: 3 },
      { orderId: second.orderId, quantity: 4, availableAfter: 3, reservedAfter: 7 },
    ]);
    expect(
      await t.rows(`SELECT 1 FROM reservation WHERE order_id = ANY ($1::uuid[])`, [lines.map((l) => l.orderId)]),
    ).toHaveLength(3);

    // 3 left: two orders of 2 do not both fit, so nothing is taken (the caller plans and writes); an order seen
    // before is not claimed again
    const [fourth, fifth] = [order(a.sellerOrgId), order(a.sellerOrgId)];
    const short = await t.transaction((manager) =>
      stock.claimOrdersLockingSkus(
        manager,
        [first, fourth, fifth],
        [
          { orderId: first.orderId, skuId: a.skuId, quantity: 3 },
          { orderId: fourth.orderId, skuId: a.skuId, quantity: 2 },
          { orderId: fifth.orderId, skuId: a.skuId, quantity: 2 },
        ],
        true,
      ),
    );
    expect(short.claimed).toEqual(new Set([fourth.orderId, fifth.orderId]));
    expect(short.moved).toBeNull();
    expect(short.skus.map((sku) => Number(sku.available))).toEqual([3]);
    expect(await figures(a.skuId)).toMatchObject({ available: 3, reserved: 7 });

    // a SKU of another seller is not taken either
    const foreign = order(a.sellerOrgId);
    const mixed = await t.transaction((manager) =>
      stock.claimOrdersLockingSkus(
        manager,
        [foreign],
        [{ orderId: foreign.orderId, skuId: b.skuId, quantity: 1 }],
        true,
      ),
    );
    expect(mixed.moved).toBeNull();
    expect(await figures(b.skuId)).toMatchObject({ available: 3, reserved: 2 });
  });

  it('reserves nothing when one line is short, and tells orders which (stock.rejected)', async () => {
    const first = await skuWithStock(10);
    const scarce = await skuWithStock(1, first.sellerOrgId);
    const order = placed(first.sellerOrgId, [
      { skuId: first.skuId, quantity: 2 },
      { skuId: scarce.skuId, quantity: 3 },
    ]);

    await t.deliver(EventName.OrderPlaced, order, { producer: ServiceName.Orders });

    expect(await figures(first.skuId)).toMatchObject({ available: 10, reserved: 0 });
    expect(await figures(scarce.skuId)).toMatchObject({ available: 1, reserved: 0 });
    const [rejected] = await t.published(EventName.StockRejected, { orderId: order.orderId });
    expect(rejected.lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ skuId: scarce.skuId, requested: 3, available: 1 })]),
    );
    expect(await t.published(EventName.StockReserved, { orderId: order.orderId })).toEqual([]);
  });

  it('sells what was reserved on order.paid, and releases what was reserved on order.cancelled', async () => {
    const { sellerOrgId, skuId } = await skuWithStock(10);
    const paid = placed(sellerOrgId, [{ skuId, quantity: 3 }]);
    const cancelled = placed(sellerOrgId, [{ skuId, quantity: 2 }]);
    await t.deliver(EventName.OrderPlaced, paid, { producer: ServiceName.Orders });
    await t.deliver(EventName.OrderPlaced, cancelled, { producer: ServiceName.Orders });
    expect(await figures(skuId)).toMatchObject({ available: 5, reserved: 5, sold: 0 });

    await t.deliver(EventName.OrderPaid, orderPaid(paid.orderId, sellerOrgId), { producer: ServiceName.Orders });
    await t.deliver(
      EventName.OrderCancelled,
      { orderId: cancelled.orderId, sellerOrgId, reason: 'buyer', wasPaid: false, lines: cancelled.lines },
      { producer: ServiceName.Orders },
    );

    expect(await figures(skuId)).toMatchObject({ received: 10, available: 7, reserved: 0, sold: 3 });
  });

  it('counts a pre-sale order released by its harvest in 已售 once, without touching the stock on hand', async () => {
    const { sellerOrgId, skuId } = await skuWithStock(10);
    const [{ listing_id: listingId }] = await t.rows<{ listing_id: string }>(
      `SELECT listing_id FROM sku WHERE id = $1`,
      [skuId],
    );
    const paid = {
      ...orderPaid(randomUUID(), sellerOrgId),
      presaleId: randomUUID(),
      lines: [
        {
          skuId,
          listingId,
          title: '赣南脐橙 5斤装',
          quantity: 4,
          weightGrams: 2500,
          volumeMl: 6000,
          unitPriceFen: 5000,
        },
      ],
      payment: { method: 'online' as const, amountFen: 20_000 },
    };

    await t.deliver(EventName.OrderPaid, paid, { producer: ServiceName.Orders });
    await t.deliver(EventName.OrderPaid, paid, { producer: ServiceName.Orders, id: randomUUID() });

    // sold ahead of the harvest: taken in and sold at once, the stock on hand is as it was
    expect(await figures(skuId)).toMatchObject({ received: 14, available: 10, reserved: 0, sold: 4 });
    const movements = await t.rows<{ kind: string; reason: string }>(
      `SELECT kind, reason FROM stock_movement WHERE order_id = $1 ORDER BY id`,
      [paid.orderId],
    );
    expect(movements).toEqual([
      { kind: 'received', reason: 'presale' },
      { kind: 'reserved', reason: 'presale' },
      { kind: 'sold', reason: 'presale' },
    ]);
    const [listing] = await t.rows<{ sold: number }>(
      `SELECT sum(s.sold - s.restocked)::int AS sold FROM sku s WHERE s.listing_id = $1`,
      [listingId],
    );
    expect(listing.sold).toBe(4);
  });
});
