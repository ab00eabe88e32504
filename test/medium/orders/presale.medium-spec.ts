import { Principal } from '@countyflow/auth';
import { EventName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { PresaleService } from '../../../apps/orders/src/presale/presale.service';
import { expectLedgerAgrees, refundsPaid } from './ledger-replay';
import { cityAddress, principal, publishedListing, sellerOwner, startOrders, verifiedSeller } from './support';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('orders: pre-sale (预售) — cap, held orders, harvest release and shortfall refunds (medium)', () => {
  let t: MediumTest;
  let presales: PresaleService;
  let seller: string;
  let skuId: string;

  beforeAll(async () => {
    t = await startOrders();
    presales = t.get(PresaleService);
    seller = await verifiedSeller(t);
    skuId = (await publishedListing(t, seller, { priceFen: 6800 })).skus[0].skuId;
  });

  afterAll(() => t?.close());

  const createPresale = (capUnits: number, priceFen = 5000) =>
    presales.create(sellerOwner(seller), {
      skuId,
      priceFen,
      capUnits,
      shipsFrom: day(10),
      shipsTo: day(20),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });

  async function order(presaleId: string, quantity: number, buyer: Principal = principal()) {
    const { group } = await presales.order(buyer, presaleId, { quantity, destination: cityAddress() }, undefined);
    return { buyer, group, orderId: group.orders[0].id };
  }

  async function pay(buyer: Principal, groupId: string) {
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, groupId);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    return payments.webhook(Buffer.from(webhook.body), webhook.headers);
  }

  const statusOf = async (orderId: string) =>
    (await t.rows<{ status: string }>(`SELECT status FROM customer_order WHERE id = $1`, [orderId]))[0].status;

  it('takes orders before any stock exists: awaiting payment at once, no reservation asked of catalog', async () => {
    const presale = await createPresale(10);
    const { group, orderId } = await order(presale.id, 2);

    expect(group.orders[0]).toMatchObject({ status: 'awaiting_payment', presaleId: presale.id, totalFen: 10_000 });
    expect(await t.published(EventName.OrderPlaced, { orderId })).toEqual([]);
    expect(await presales.get(presale.id)).toMatchObject({ orderedUnits: 2, remainingUnits: 8, open: true });
  });

  it('holds paid orders until the harvest, then releases them in the order placed and refunds the shortfall once', async () => {
    const presale = await createPresale(10);
    const first = await order(presale.id, 2);
    const second = await order(presale.id, 3);
    const third = await order(presale.id, 2);
    const unpaid = await order(presale.id, 1);
    for (const placed of [first, second, third]) {
      expect((await pay(placed.buyer, placed.group.id)).outcome).toBe('applied');
      expect(await statusOf(placed.orderId)).toBe('awaiting_harvest');
      expect(await t.published(EventName.OrderPaid, { orderId: placed.orderId })).toEqual([]);
    }
    expect(
      (await problemOf(t.get(PresaleService).harvest(principal(), presale.id, { harvestedUnits: 4 }))).status,
    ).toBe(403);

    // 4 units in: the first order (2) fits, the second (3) does not — so neither does anything after it
    const harvest = await presales.harvest(sellerOwner(seller), presale.id, { harvestedUnits: 4 });

    expect(harvest).toMatchObject({ status: 'harvested', releasedOrders: 1, refundedOrders: 2, releasedUnits: 2 });
    expect(await statusOf(first.orderId)).toBe('paid');
    expect(await t.published(EventName.OrderPaid, { orderId: first.orderId })).toEqual([
      expect.objectContaining({ presaleId: presale.id, payment: { method: 'online', amountFen: 10_000 } }),
    ]);
    expect(await t.published(EventName.BuyerNotified, { orderId: first.orderId })).toEqual([
      expect.objectContaining({ template: 'presale_released', recipientPhone: expect.any(String) }),
    ]);
    for (const short of [second, third]) {
      expect(await t.published(EventName.BuyerNotified, { orderId: short.orderId })).toEqual([
        expect.objectContaining({ template: 'presale_refunded' }),
      ]);
      expect(await statusOf(short.orderId)).toBe('cancelled');
      expect(await t.published(EventName.OrderPaid, { orderId: short.orderId })).toEqual([]);
    }
    expect(await problemOf(presales.harvest(sellerOwner(seller), presale.id, { harvestedUnits: 9 }))).toEqual({
      status: 409,
      code: 'presale-already-harvested',
    });
    await refundsPaid(t);
    const refunds = await t.rows<{ order_id: string; amount_fen: string; reason: string; status: string }>(
      `SELECT order_id, amount_fen, reason, status FROM refund WHERE order_id = ANY($1::uuid[]) ORDER BY amount_fen`,
      [[second.orderId, third.orderId]],
    );
    expect(refunds.map((refund) => [refund.order_id, Number(refund.amount_fen), refund.reason, refund.status])).toEqual(
      [
        [third.orderId, 10_000, 'presale_shortfall', 'succeeded'],
        [second.orderId, 15_000, 'presale_shortfall', 'succeeded'],
      ],
    );

    // an order paid after the harvest takes what is left of it (2 units): released at once
    expect((await pay(unpaid.buyer, unpaid.group.id)).outcome).toBe('applied');
    expect(await statusOf(unpaid.orderId)).toBe('paid');
    expect(await presales.get(presale.id)).toMatchObject({ releasedUnits: 3 });
    await expectLedgerAgrees(t);
  });

  it('gives the units of an order cancelled before payment back to the cap, and refuses orders once closed', async () => {
    const presale = await createPresale(3);
    const { buyer, orderId } = await order(presale.id, 3);
    expect(await problemOf(order(presale.id, 1))).toEqual({ status: 409, code: 'presale-sold-out' });

    await t.get(OrderService).cancel(buyer, orderId, null);

    expect(await presales.get(presale.id)).toMatchObject({ orderedUnits: 0 });
    await order(presale.id, 1);
    await t.rows(`UPDATE presale SET closes_at = now() - interval '1 second' WHERE id = $1`, [presale.id]);
    expect(await problemOf(order(presale.id, 1))).toEqual({ status: 409, code: 'presale-closed' });
  });

  it('never sells more than the cap: 60 concurrent pre-orders of 1 unit against a cap of 20 (burst)', async () => {
    const presale = await createPresale(20);
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => order(presale.id, 1)));
    const elapsedMs = Date.now() - started;

    const placed = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = await Promise.all(
      outcomes
        .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
        .map((outcome) => problemOf(Promise.reject(outcome.reason as Error))),
    );
    expect(placed).toHaveLength(20);
    expect(refused).toEqual(Array.from({ length: 40 }, () => ({ status: 409, code: 'presale-sold-out' })));
    const [row] = await t.rows<{ ordered_units: number; orders: number }>(
      `SELECT p.ordered_units, (SELECT count(*)::int FROM customer_order o WHERE o.presale_id = p.id) AS orders
         FROM presale p WHERE p.id = $1`,
      [presale.id],
    );
    expect(row).toEqual({ ordered_units: 20, orders: 20 });
    console.log(`presale burst: 60 concurrent pre-orders, cap 20 → 20 placed, 40 refused 409, ${elapsedMs} ms`);
  });
});
