import { EventName } from '@countyflow/contracts';
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
  quickSeller,
  startCatalogWorld,
} from './support';

/**
 * One sales figure — units sold in paid orders, net of units that came back — on the card (search), the listing page
 * and the seller centre's list of listings, kept current by order events and counting the past imported by a
 * platform admin (`POST /history/sales`).
 */
describe('sales counts that agree', () => {
  let world: CatalogWorld;
  let seller: Actor;
  let stranger: Actor;
  let listing: { id: string; skuIds: string[] };

  /** The listing's figure as each screen reads it. */
  const counts = async (): Promise<{ card: number; page: number; centre: number; skus: number[] }> => {
    const search = await request(world.catalog).get('/search').query({ sellerOrgId: seller.orgId! }).expect(200);
    const page = await request(world.catalog).get(`/listings/${listing.id}`).expect(200);
    const centre = await request(world.catalog)
      .get('/listings')
      .query({ sellerOrgId: seller.orgId! })
      .set(...bearer(seller))
      .expect(200);
    const mine = (centre.body as { id: string; salesCount: number }[]).find((item) => item.id === listing.id)!;
    return {
      card: (search.body.items as { id: string; salesCount: number }[]).find((item) => item.id === listing.id)!
        .salesCount,
      page: page.body.salesCount,
      centre: mine.salesCount,
      skus: (page.body.skus as { id: string; salesCount: number }[])
        .sort((a, b) => listing.skuIds.indexOf(a.id) - listing.skuIds.indexOf(b.id))
        .map((sku) => sku.salesCount),
    };
  };
  const sell = async (skuId: string, quantity: number): Promise<ReturnType<typeof orderPlaced>> => {
    const placed = orderPlaced(seller.orgId!, [{ skuId, quantity }]);
    await deliver(world, EventName.OrderPlaced, placed);
    await deliver(world, EventName.OrderPaid, orderPaid(placed.orderId, seller.orgId!));
    return placed;
  };
  const importSales = (actor: Actor, orders: object[]) =>
    request(world.catalog)
      .post('/history/sales')
      .set(...bearer(actor))
      .send({ orders });

  beforeAll(async () => {
    world = await startCatalogWorld();
    seller = await quickSeller(world, { name: '大塘埠脐橙合作社' });
    stranger = await quickSeller(world, { name: '别家合作社' });
    const sku = (spec: string, priceFen: number) => ({
      spec,
      priceFen,
      weightGrams: 2500,
      volumeMl: 6000,
      initialStock: 20,
    });
    listing = await createListing(world, seller, {
      title: '赣南脐橙 产地直发',
      skus: [sku('5斤装', 5990), sku('10斤装', 9990)],
    });
  }, 120_000);

  afterAll(() => world?.stop());

  it('counts paid orders net of a refunded one, the same on the card, the listing page and the seller centre', async () => {
    expect(await counts()).toEqual({ card: 0, page: 0, centre: 0, skus: [0, 0] });
    await sell(listing.skuIds[0], 2);
    await sell(listing.skuIds[1], 3);
    const refunded = await sell(listing.skuIds[0], 1);
    expect(await counts()).toEqual({ card: 6, page: 6, centre: 6, skus: [3, 3] });

    await deliver(world, EventName.OrderCancelled, {
      orderId: refunded.orderId,
      sellerOrgId: seller.orgId!,
      reason: 'buyer',
      wasPaid: true,
      lines: refunded.lines,
    });
    expect(await counts()).toEqual({ card: 5, page: 5, centre: 5, skus: [2, 3] });
    // an unpaid order counts nothing
    await deliver(
      world,
      EventName.OrderPlaced,
      orderPlaced(seller.orgId!, [{ skuId: listing.skuIds[1], quantity: 4 }]),
    );
    expect(await counts()).toEqual({ card: 5, page: 5, centre: 5, skus: [2, 3] });
    await expectLedgerIdentity(world, listing.skuIds);
  });

  it('counts the imported past once, for platform admins only, and only with the seller’s own SKUs', async () => {
    const past = (quantities: number[]) =>
      quantities.map((quantity, index) => ({
        orderId: randomUUID(),
        sellerOrgId: seller.orgId!,
        buyerId: randomUUID(),
        lines: [{ skuId: listing.skuIds[index % 2], quantity, unitPriceFen: 5990 }],
      }));
    const orders = past([1, 2, 1, 1, 2]);
    const before = await counts();

    await importSales(seller, orders).expect(403);
    const foreign = await importSales(world.admin, [{ ...orders[0], sellerOrgId: stranger.orgId! }]).expect(422);
    expect(foreign.body).toMatchObject({ code: 'history-unknown-sku', params: { orderId: orders[0].orderId } });
    await importSales(world.admin, [{ ...orders[0], lines: [] }]).expect(400);
    expect(await counts()).toEqual(before);

    expect((await importSales(world.admin, orders).expect(200)).body).toEqual({ received: 5, imported: 5 });
    expect((await importSales(world.admin, orders).expect(200)).body).toEqual({ received: 5, imported: 0 });
    // 1 + 1 + 2 on the first SKU, 2 + 1 on the second
    expect(await counts()).toEqual({
      card: before.card + 7,
      page: before.page + 7,
      centre: before.centre + 7,
      skus: [before.skus[0] + 4, before.skus[1] + 3],
    });
    // an order catalog already knows through its events is not counted again
    const known = await sell(listing.skuIds[0], 1);
    expect(
      (
        await importSales(world.admin, [
          { orderId: known.orderId, sellerOrgId: seller.orgId!, lines: [{ ...known.lines[0], unitPriceFen: 5990 }] },
        ]).expect(200)
      ).body,
    ).toEqual({ received: 1, imported: 0 });
    expect((await counts()).page).toBe(before.page + 8);
    // a past order later refunded comes back like any other
    await deliver(world, EventName.OrderCancelled, {
      orderId: orders[1].orderId,
      sellerOrgId: seller.orgId!,
      reason: 'buyer',
      wasPaid: true,
      lines: orders[1].lines.map(({ skuId, quantity }) => ({ skuId, quantity })),
    });
    expect(await counts()).toMatchObject({ card: before.card + 6, page: before.page + 6, centre: before.centre + 6 });
    await expectLedgerIdentity(world, listing.skuIds);
  });
});
