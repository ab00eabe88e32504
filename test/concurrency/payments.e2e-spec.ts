import type { ProviderPaymentRequest } from '../../apps/orders/src/payment/payment-provider';
import { OrdersHarness, TestActor } from '../orders/support';
import { burst, report, statusesOf } from './support';

/*
 * A buyer's "pay" pressed again and again (a slow phone, an impatient thumb): the provider is asked once, with no
 * order locked while it answers, and every press gets the same payment. Orders alone over HTTP; the simulated
 * provider's createPayment is held open by the test to stand for a slow provider.
 */
describe('concurrency: a burst of "pay" on one order group (orders alone over HTTP)', () => {
  let h: OrdersHarness;
  let buyer: TestActor;
  let skus: string[];

  beforeAll(async () => {
    h = await OrdersHarness.start();
    buyer = h.buyer();
    const oranges = await h.catalog.listing(await h.identity.seller({ name: '安西镇脐橙专业合作社' }));
    const duck = await h.catalog.listing(await h.identity.seller({ name: '南安板鸭合作社' }), { title: '南安板鸭' });
    skus = [oranges.skus[0].skuId, duck.skus[0].skuId];
  });

  afterAll(() => h?.stop());

  /** A group of two sellers' orders, both awaiting payment. */
  async function reservedGroup(): Promise<{ id: string; orders: { id: string }[] }> {
    const group = (
      await h
        .checkout(
          buyer,
          skus.map((skuId) => ({ skuId, quantity: 1 })),
        )
        .expect(202)
    ).body;
    for (const order of group.orders as { id: string }[]) {
      await h.catalog.reserve(order.id);
      await h.waitForStatus(buyer, order.id, 'awaiting_payment');
    }
    return group;
  }

  /** Holds the provider's createPayment until `release`; `asked` resolves at its first call. */
  function slowProvider(outcome: 'answer' | 'fail' = 'answer') {
    const real = h.provider.createPayment.bind(h.provider);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const askedOnce = new Promise<void>((resolve) => (asked = resolve));
    const spy = jest.spyOn(h.provider, 'createPayment').mockImplementation(async (request: ProviderPaymentRequest) => {
      asked();
      await released;
      if (outcome === 'fail') {
        throw new Error('the provider is down');
      }
      return real(request);
    });
    return { spy, release, asked: askedOnce };
  }

  /**
   * Locks the group's orders on a connection of the test's own, waiting at most 5 s for the lock, in the documented
   * lock order (by id, as `lockPayable` takes them): locked in scan order instead, this deadlocked with a press.
   */
  async function lockOrdersOf(groupId: string): Promise<unknown[]> {
    await h.db.query('BEGIN');
    try {
      await h.db.query(`SET LOCAL lock_timeout = '5s'`);
      const { rows } = await h.db.query(
        `SELECT id FROM orders.customer_order WHERE group_id = $1 ORDER BY id FOR UPDATE`,
        [groupId],
      );
      return rows;
    } finally {
      await h.db.query('ROLLBACK');
    }
  }

  const rowsOf = async (groupId: string) => ({
    payments: (await h.db.query(`SELECT id FROM orders.payment WHERE group_id = $1`, [groupId])).rows,
    requests: (await h.db.query(`SELECT id FROM orders.payment_request WHERE group_id = $1`, [groupId])).rows,
  });

  it('asks the provider once with the orders unlocked meanwhile, and gives all twenty presses one payment', async () => {
    const group = await reservedGroup();
    const provider = slowProvider();
    try {
      const presses = burst(
        Array.from({ length: 20 }, () => () => h.post(buyer, `/order-groups/${group.id}/payments`).then((r) => r)),
      );
      await provider.asked;
      // while the provider thinks, the orders can be locked by anyone (the webhook, the expiry, a cancellation):
      // at most after the other presses' short looks at them, never only after the provider's answer
      const locked = await lockOrdersOf(group.id);
      expect(locked).toHaveLength(2);
      provider.release();
      const result = await presses;
      report('20 presses of pay on one group', result.figures);

      expect(statusesOf(result)).toEqual(Array(20).fill(201));
      const ids = new Set(result.results.map((press) => (press.response!.body as { id: string }).id));
      expect(ids.size).toBe(1);
      expect(provider.spy).toHaveBeenCalledTimes(1);
      const rows = await rowsOf(group.id);
      expect(rows.payments.map((row: { id: string }) => row.id)).toEqual([...ids]);
      expect(rows.requests).toEqual([]);
    } finally {
      provider.release();
      provider.spy.mockRestore();
    }
    // and the one payment pays both orders
    const payment = (await h.post(buyer, `/order-groups/${group.id}/payments`).expect(201)).body;
    const webhook = h.provider.paymentSucceededWebhook(payment.providerPaymentId);
    expect((await h.sendWebhook(webhook.body, webhook.headers)).body).toMatchObject({ outcome: 'applied' });
  });

  it('answers every press 502 when the provider refuses, leaves nothing behind, and the next press asks again', async () => {
    const group = await reservedGroup();
    const provider = slowProvider('fail');
    try {
      const presses = burst(
        Array.from({ length: 5 }, () => () => h.post(buyer, `/order-groups/${group.id}/payments`).then((r) => r)),
      );
      await provider.asked;
      provider.release();
      const result = await presses;
      expect(statusesOf(result)).toEqual(Array(5).fill(502));
      for (const press of result.results) {
        expect(press.response!.body).toMatchObject({ code: 'payment-provider-unavailable' });
      }
      // a press that came after a refusal asks again (and is refused again); a press during one shares it
      expect(provider.spy.mock.calls.length).toBeLessThanOrEqual(5);
      expect(await rowsOf(group.id)).toEqual({ payments: [], requests: [] });
    } finally {
      provider.release();
      provider.spy.mockRestore();
    }
    const payment = (await h.post(buyer, `/order-groups/${group.id}/payments`).expect(201)).body;
    expect(payment).toMatchObject({ status: 'pending', provider: 'simulated' });
  });
});
