import { EventName, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { cityAddress, principal, publishedListing, startOrders, verifiedSeller } from './support';

describe('orders: checkout and the order workflow (medium: OrderService, CheckoutService, handlers, real repositories)', () => {
  let t: MediumTest;
  let checkout: CheckoutService;
  let orders: OrderService;

  beforeAll(async () => {
    t = await startOrders();
    checkout = t.get(CheckoutService);
    orders = t.get(OrderService);
  });

  afterAll(() => t?.close());

  /** A buyer's basket of one line per listing, placed: one order per seller. */
  async function place(...lines: { skuId: string; quantity: number }[]) {
    const buyer = principal();
    const { group } = await checkout.checkout(buyer, { lines, destination: cityAddress() }, undefined);
    return { buyer, group };
  }

  it('places one order per seller, each `placed`, and asks catalog to reserve its lines (order.placed)', async () => {
    const [orange, rice] = [await verifiedSeller(t), await verifiedSeller(t)];
    const oranges = await publishedListing(t, orange, { priceFen: 6800 });
    const riceBag = await publishedListing(t, rice, { priceFen: 12_000 });

    const { group } = await place(
      { skuId: oranges.skus[0].skuId, quantity: 2 },
      { skuId: riceBag.skus[0].skuId, quantity: 1 },
    );

    expect(group.orders.map((order) => [order.sellerOrgId, order.status, order.totalFen]).sort()).toEqual(
      [
        [orange, 'placed', 13_600],
        [rice, 'placed', 12_000],
      ].sort(),
    );
    expect(group.totalFen).toBe(25_600);
    for (const order of group.orders) {
      const placed = await t.published(EventName.OrderPlaced, { orderId: order.id });
      expect(placed).toHaveLength(1);
      expect(placed[0]).toMatchObject({ sellerOrgId: order.sellerOrgId, lines: [{ skuId: order.lines[0].skuId }] });
    }
  });

  it("awaits payment at catalog's price once stock is reserved; the same event again changes nothing", async () => {
    const seller = await verifiedSeller(t);
    const listing = await publishedListing(t, seller, { priceFen: 6800 });
    const { buyer, group } = await place({ skuId: listing.skus[0].skuId, quantity: 3 });
    const orderId = group.orders[0].id;
    const reserved = {
      orderId,
      lines: [{ skuId: listing.skus[0].skuId, quantity: 3, unitPriceFen: 7000 }],
    };
    const eventId = randomUUID();

    expect(await t.deliver(EventName.StockReserved, reserved, { producer: ServiceName.Catalog, id: eventId })).toBe(
      'handled',
    );
    expect(await t.deliver(EventName.StockReserved, reserved, { producer: ServiceName.Catalog, id: eventId })).toBe(
      'duplicate',
    );

    const order = await orders.detail(buyer, orderId);
    expect(order).toMatchObject({ status: 'awaiting_payment', totalFen: 21_000, priceChanged: true });
    expect(order.history.map((entry) => [entry.from, entry.to])).toEqual([
      [null, 'placed'],
      ['placed', 'awaiting_payment'],
    ]);
    expect(order.paymentDueAt).not.toBeNull();
  });

  it('is rejected when catalog cannot reserve, and a late stock.reserved cannot revive it', async () => {
    const seller = await verifiedSeller(t);
    const listing = await publishedListing(t, seller);
    const { buyer, group } = await place({ skuId: listing.skus[0].skuId, quantity: 1 });
    const orderId = group.orders[0].id;

    await t.deliver(
      EventName.StockRejected,
      {
        orderId,
        lines: [{ skuId: listing.skus[0].skuId, requested: 1, available: 0, reason: 'insufficient_stock' }],
      },
      { producer: ServiceName.Catalog },
    );
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId: listing.skus[0].skuId, quantity: 1, unitPriceFen: 6800 }] },
      { producer: ServiceName.Catalog },
    );

    expect((await orders.detail(buyer, orderId)).status).toBe('rejected');
    expect(await t.published(EventName.OrderCancelled, { orderId })).toEqual([]);
  });

  it('lets the buyer cancel while awaiting payment (catalog is told to release), and refuses a second cancel', async () => {
    const seller = await verifiedSeller(t);
    const listing = await publishedListing(t, seller);
    const { buyer, group } = await place({ skuId: listing.skus[0].skuId, quantity: 1 });
    const orderId = group.orders[0].id;
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId: listing.skus[0].skuId, quantity: 1, unitPriceFen: 6800 }] },
      { producer: ServiceName.Catalog },
    );

    expect(await orders.cancel(buyer, orderId, '买错了')).toMatchObject({ status: 'cancelled' });
    expect(await t.published(EventName.OrderCancelled, { orderId })).toEqual([
      expect.objectContaining({ orderId, reason: 'buyer', wasPaid: false }),
    ]);
    expect(await problemOf(orders.cancel(buyer, orderId, null))).toEqual({ status: 409, code: 'illegal-transition' });
    expect((await problemOf(orders.cancel(principal(), orderId, null))).status).toBe(404);
  });

  it('refuses a basket with a SKU nobody can buy (422 unavailable-skus) and places nothing', async () => {
    const seller = await verifiedSeller(t);
    const paused = await publishedListing(t, seller, { purchasable: false });
    const unknown = randomUUID();

    expect(
      await problemOf(place({ skuId: paused.skus[0].skuId, quantity: 1 }, { skuId: unknown, quantity: 1 })),
    ).toEqual({ status: 422, code: 'unavailable-skus' });
    expect(await t.rows(`SELECT id FROM customer_order WHERE seller_org_id = $1`, [seller])).toEqual([]);
  });
});
