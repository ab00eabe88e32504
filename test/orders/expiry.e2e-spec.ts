import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EXPIRY_QUEUE, expiryJobId } from '../../apps/orders/src/expiry/expiry.queue';
import { OrdersHarness, outboxOf, TestActor, TestListing } from './support';

describe('unpaid orders expire and release their stock; a payment after expiry is refunded', () => {
  let h: OrdersHarness;
  let buyer: TestActor;
  let listing: TestListing;

  beforeAll(async () => {
    // a two-second payment window; the safety-net sweep is left at its default (a minute) so jobs do the work
    h = await OrdersHarness.start({ ORDER_PAYMENT_TIMEOUT_SECONDS: '2' });
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

  it('cancels an order left unpaid past its time by its delayed job, and tells catalog to release (order.cancelled expired)', async () => {
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
    const { rows } = await h.db.query('SELECT expiry_scheduled FROM orders.customer_order WHERE id = $1', [order.id]);
    expect(rows).toEqual([{ expiry_scheduled: true }]);
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

  it('still expires an order whose job was lost (Redis flushed): the sweep under an advisory lock is the safety net', async () => {
    // the job is "queued" (marked scheduled) but never reaches Redis, as if Redis lost it
    await h.expiries.task.stop();
    let orderId: string;
    try {
      const { order } = await awaitingPayment();
      orderId = order.id;
      await h.db.query('UPDATE orders.customer_order SET expiry_scheduled = true WHERE id = $1', [orderId]);
    } finally {
      h.expiries.task.start();
    }
    await waitFor(
      async () =>
        (await h.db.query(`SELECT payment_due_at <= now() AS due FROM orders.customer_order WHERE id = $1`, [orderId]))
          .rows[0].due,
    );
    const connection = new Redis(h.platform.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue(EXPIRY_QUEUE, { connection, prefix: h.platform.env.QUEUE_PREFIX });
    try {
      expect(await queue.getJob(expiryJobId(orderId))).toBeUndefined();
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect((await h.get(buyer, `/orders/${orderId}`)).body.status).toBe('awaiting_payment');

    await h.expirySweeper.sweep();

    expect((await h.get(buyer, `/orders/${orderId}`)).body.status).toBe('cancelled');
    expect(await outboxOf(h.db, EventName.OrderCancelled, orderId)).toEqual([
      expect.objectContaining({ reason: 'expired' }),
    ]);
  });

  it('expires an order once even when its job and the sweep both run', async () => {
    const { order } = await awaitingPayment();
    await h.waitForStatus(buyer, order.id, 'cancelled');

    await h.expirySweeper.sweep();

    expect(await outboxOf(h.db, EventName.OrderCancelled, order.id)).toHaveLength(1);
    const detail = await h.get(buyer, `/orders/${order.id}`);
    expect(detail.body.history.filter((entry: { to: string }) => entry.to === 'cancelled')).toHaveLength(1);
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
