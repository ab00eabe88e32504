import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { OrdersHarness, outboxOf, TestActor, TestListing } from './support';

describe('unpaid orders expire and release their stock; a payment after expiry is refunded', () => {
  let h: OrdersHarness;
  let buyer: TestActor;
  let listing: TestListing;

  beforeAll(async () => {
    // a two-second payment window, and the expiry round every 100 ms (5 s by default)
    h = await OrdersHarness.start({ ORDER_PAYMENT_TIMEOUT_SECONDS: '2', ORDER_EXPIRY_SWEEP_INTERVAL_MS: '100' });
    buyer = h.buyer();
    listing = await h.catalog.listing(await h.identity.seller());
  });

  afterAll(() => h?.stop());

  async function awaitingPayment(quantity = 1) {
    const placed = await h.checkout(buyer, [{ skuId: listing.skus[0].skuId, quantity }]).expect(202);
    const order = placed.body.orders[0];
    await h.catalog.reserve(order.id);
    return { groupId: placed.body.id as string, order };
  }

  it('cancels an order left unpaid past its time by the expiry round, and tells catalog to release (order.cancelled expired)', async () => {
    const { order } = await awaitingPayment(4);

    const cancelled = await h.waitForStatus(buyer, order.id, 'cancelled');

    expect(cancelled.history.at(-1)).toMatchObject({
      from: 'awaiting_payment',
      to: 'cancelled',
      actorKind: 'system',
      reason: 'not paid in time',
    });
    expect(await outboxOf(h.db, EventName.OrderCancelled, order.id)).toEqual([
      {
        orderId: order.id,
        sellerOrgId: order.sellerOrgId,
        reason: 'expired',
        wasPaid: false,
        lines: [{ skuId: listing.skus[0].skuId, quantity: 4 }],
      },
    ]);
  });

  it('records a payment that arrives after expiry and refunds it automatically (200 with the outcome, never a 500)', async () => {
    const { groupId, order } = await awaitingPayment();
    const payment = await h.post(buyer, `/order-groups/${groupId}/payments`).expect(201);
    await h.waitForStatus(buyer, order.id, 'cancelled');

    const webhook = h.provider.paymentSucceededWebhook(payment.body.providerPaymentId);
    const answer = await h.sendWebhook(webhook.body, webhook.headers).expect(200);

    expect(answer.body).toMatchObject({ outcome: 'refunded', appliedOrderIds: [], refundedOrderIds: [order.id] });
    expect(answer.body.detail).toMatch(/cancelled \(e\.g\. expired\) before the payment arrived/);
    const refunded = await waitFor(async () => {
      const detail = await h.get(buyer, `/orders/${order.id}`);
      return detail.body.refunds[0]?.status === 'succeeded' && detail.body;
    });
    expect(refunded).toMatchObject({
      status: 'cancelled',
      paidFen: 0,
      payments: [expect.objectContaining({ outcome: 'refunded', amountFen: order.totalFen })],
      refunds: [expect.objectContaining({ amountFen: order.totalFen, reason: 'late_payment', status: 'succeeded' })],
    });
    expect(await outboxOf(h.db, EventName.OrderPaid, order.id)).toEqual([]);
    expect(await outboxOf(h.db, EventName.OrderRefunded, order.id)).toEqual([
      { orderId: order.id, amountFen: order.totalFen, reason: 'late_payment' },
    ]);
  });

  it('expires an order that fell due while no round ran (Redis or every worker down) at the next round', async () => {
    await h.expirySweeper.task.stop();
    let orderId: string;
    try {
      orderId = (await awaitingPayment()).order.id;
      await waitFor(
        async () =>
          (
            await h.db.query(`SELECT payment_due_at <= now() AS due FROM orders.customer_order WHERE id = $1`, [
              orderId,
            ])
          ).rows[0].due,
      );
      // due, and nothing has run: the buyer can no longer start a payment, and the order still awaits one
      expect((await h.get(buyer, `/orders/${orderId}`)).body.status).toBe('awaiting_payment');
    } finally {
      h.expirySweeper.task.start();
    }

    await h.waitForStatus(buyer, orderId, 'cancelled');
    expect(await outboxOf(h.db, EventName.OrderCancelled, orderId)).toEqual([
      expect.objectContaining({ reason: 'expired' }),
    ]);
  });

  it('expires each order once when rounds race (a burst of 8 rounds over 12 due orders)', async () => {
    await h.expirySweeper.task.stop();
    let orderIds: string[];
    try {
      orderIds = (await Promise.all(Array.from({ length: 12 }, () => awaitingPayment()))).map(({ order }) => order.id);
      await waitFor(
        async () =>
          (
            await h.db.query(
              `SELECT bool_and(payment_due_at <= now()) AS due FROM orders.customer_order WHERE id = ANY($1::uuid[])`,
              [orderIds],
            )
          ).rows[0].due,
      );
      const expired = await Promise.all(Array.from({ length: 8 }, () => h.expirySweeper.sweep()));
      // every round counts only what it expired itself: together, each order once (other tests' orders may be due too)
      expect(expired.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(orderIds.length);
    } finally {
      h.expirySweeper.task.start();
    }

    for (const orderId of orderIds) {
      expect(await outboxOf(h.db, EventName.OrderCancelled, orderId)).toHaveLength(1);
      const detail = await h.get(buyer, `/orders/${orderId}`);
      expect(detail.body.status).toBe('cancelled');
      expect(detail.body.history.filter((entry: { to: string }) => entry.to === 'cancelled')).toHaveLength(1);
    }
  });

  it('does not expire a cash-on-collection order: it is settled for fulfilment when reserved', async () => {
    const point = await h.identity.servicePoint();
    const { servicePointDestination } = await import('./support');
    const placed = await h
      .post(buyer, '/checkout', {
        lines: [{ skuId: listing.skus[0].skuId, quantity: 1 }],
        destination: servicePointDestination(point),
        paymentMethod: 'cash_on_collection',
      })
      .expect(202);
    const order = placed.body.orders[0];

    await h.catalog.reserve(order.id);
    await h.expirySweeper.sweep();

    const paid = await h.get(buyer, `/orders/${order.id}`).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', paymentDueAt: null, paidFen: 0 });
    expect(await outboxOf(h.db, EventName.OrderPaid, order.id)).toEqual([
      expect.objectContaining({ payment: { method: 'cash_on_collection', amountFen: order.totalFen } }),
    ]);
  });
});
