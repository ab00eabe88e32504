import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import request from 'supertest';
import { PaymentMerchants } from '../../../apps/orders/src/payment/payment-providers';
import { PaymentReconciler } from '../../../apps/orders/src/payment/payment.reconciler';
import { expectProblem, OrdersHarness, outboxOf, TestActor, TestListing } from '../../orders/support';
import { alipayEnv, alipayKeys, FakeAlipay } from './fake-alipay';
import { FakeWechatPay, wechatPayEnv, wechatPayKeys } from './fake-wechatpay';

/*
 * A merchant per county, in one run: 瑞金 (360781) takes its money through its own WeChat Pay merchant, 南康
 * (360782) through its own Alipay app, every other county through the platform's provider (the simulator here).
 * Each fake has keys of its own, so a notification verified with the wrong merchant's keys would be refused. Then
 * the lost notification: a payment the buyer paid whose notification never came is applied by asking the
 * provider, once; a payment whose orders expired is closed at the provider.
 */

const NOTIFY_BASE = 'https://pay.county.example/api/orders';
const RUIJIN = '360781';
const NANKANG = '360782';

/** A provider's environment (as wechatPayEnv/alipayEnv write it) as a county merchant's: every key prefixed. */
function merchantEnv(name: string, env: Record<string, string>, counties: string[]): Record<string, string> {
  const prefix = `PAYMENT_MERCHANT_${name.toUpperCase()}_`;
  const keys = Object.entries(env).filter(([key]) => !key.startsWith('PAYMENT_'));
  return {
    ...Object.fromEntries(keys.map(([key, value]) => [prefix + key, value])),
    [`${prefix}PROVIDER`]: env.PAYMENT_PROVIDER,
    [`${prefix}COUNTIES`]: counties.join(','),
  };
}

interface Notification {
  body: string;
  headers: Record<string, string>;
}

describe('a payment merchant per county (WeChat Pay for one county, Alipay for another, in one run)', () => {
  const wechat = new FakeWechatPay(wechatPayKeys());
  const alipay = new FakeAlipay(alipayKeys());
  let h: OrdersHarness;
  let buyer: TestActor;
  let ruijinOranges: TestListing;
  let nankangNavels: TestListing;

  beforeAll(async () => {
    const wechatEnv = wechatPayEnv(wechat.keys, await wechat.start(), NOTIFY_BASE);
    const aliEnv = alipayEnv(alipay.keys, await alipay.start(), NOTIFY_BASE);
    h = await OrdersHarness.start({
      PAYMENT_NOTIFY_BASE_URL: NOTIFY_BASE,
      PAYMENT_MERCHANTS: 'ruijin,nankang',
      ...merchantEnv('ruijin', wechatEnv, [RUIJIN]),
      ...merchantEnv('nankang', aliEnv, [NANKANG]),
    });
    buyer = h.buyer();
    const ruijin = await h.identity.seller({ countyCode: RUIJIN, name: '瑞金市脐橙合作社' });
    const nankang = await h.identity.seller({ countyCode: NANKANG, name: '南康区甜柚合作社' });
    ruijinOranges = await h.catalog.listing(ruijin, { countyCode: RUIJIN, skus: [{ priceFen: 6800 }] });
    nankangNavels = await h.catalog.listing(nankang, { countyCode: NANKANG, skus: [{ priceFen: 4500 }] });
  });

  afterAll(async () => {
    await h?.stop();
    await wechat.stop();
    await alipay.stop();
  });

  const notify = (notification: Notification, route: string) =>
    request(h.url).post(`/payments/webhook/${route}`).set(notification.headers).send(notification.body);

  /** A basket of the given listings, reserved and awaiting payment. */
  async function awaitingPayment(listings: TestListing[]) {
    const placed = await h
      .checkout(
        buyer,
        listings.map((listing) => ({ skuId: listing.skus[0].skuId, quantity: 1 })),
      )
      .expect(202);
    const orders = placed.body.orders as { id: string; totalFen: number; sellerOrgId: string }[];
    for (const order of orders) {
      await h.catalog.reserve(order.id);
      await h.waitForStatus(buyer, order.id, 'awaiting_payment');
    }
    return { groupId: placed.body.id as string, orders };
  }

  const orderOf = async (orderId: string) => (await h.get(buyer, `/orders/${orderId}`).expect(200)).body;

  it('pays each county’s orders through its own merchant, each notification verified with that merchant’s keys', async () => {
    const { groupId, orders } = await awaitingPayment([ruijinOranges, nankangNavels]);
    const [ruijinOrder] = orders.filter((order) => order.totalFen === 6800);
    const [nankangOrder] = orders.filter((order) => order.totalFen === 4500);

    // one basket, two merchants: a payment per merchant, each for its county's order
    const first = await h.post(buyer, `/order-groups/${groupId}/payments`, { channel: 'wechat_native' }).expect(201);
    expect(first.body).toMatchObject({ provider: 'wechatpay:ruijin', amountFen: 6800, orderIds: [ruijinOrder.id] });
    const second = await h.post(buyer, `/order-groups/${groupId}/payments`, { channel: 'alipay_precreate' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ provider: 'alipay:nankang', amountFen: 4500, orderIds: [nankangOrder.id] });
    expect(wechat.transactions.get(first.body.providerPaymentId)?.notify_url).toBe(
      `${NOTIFY_BASE}/payments/webhook/wechatpay/ruijin`,
    );
    expect(alipay.trades.get(second.body.providerPaymentId)?.notify_url).toBe(
      `${NOTIFY_BASE}/payments/webhook/alipay/nankang`,
    );

    const paidByWechat = wechat.pay(first.body.providerPaymentId);
    const paidByAlipay = alipay.pay(second.body.providerPaymentId);
    // the platform's routes and the other merchant's route do not take them
    expectProblem(await notify(paidByWechat, 'wechatpay'), 404, 'provider-not-configured');
    expectProblem(await notify(paidByWechat, 'wechatpay/nankang'), 404, 'provider-not-configured');
    expectProblem(await notify(paidByAlipay, 'alipay/ruijin'), 404, 'provider-not-configured');

    await notify(paidByWechat, 'wechatpay/ruijin').expect(204);
    await notify(paidByAlipay, 'alipay/nankang').expect(200, 'success');
    expect(await orderOf(ruijinOrder.id)).toMatchObject({ status: 'paid', paidFen: 6800 });
    expect(await orderOf(nankangOrder.id)).toMatchObject({ status: 'paid', paidFen: 4500 });

    // refunds go back through the merchant that took the money
    await h.post(buyer, `/orders/${ruijinOrder.id}/cancel`, { reason: '买错了' }).expect(200);
    await h.post(buyer, `/orders/${nankangOrder.id}/cancel`, { reason: '买错了' }).expect(200);
    await waitFor(
      () =>
        Promise.resolve(
          wechat.transactions.get(first.body.providerPaymentId)?.refunded === 6800 &&
            alipay.trades.get(second.body.providerPaymentId)?.refunded === 4500,
        ),
      { what: 'each refund paid through its county’s merchant' },
    );
    const refunds = await h.db.query<{ id: string; order_id: string; status: string }>(
      `SELECT id, order_id, status FROM orders.refund WHERE order_id = ANY($1::uuid[])`,
      [[ruijinOrder.id, nankangOrder.id]],
    );
    const refundOf = (orderId: string) => refunds.rows.find((row) => row.order_id === orderId)!.id;
    await waitFor(
      async () =>
        (
          await h.db.query(`SELECT 1 FROM orders.refund WHERE order_id = ANY($1::uuid[]) AND status = 'succeeded'`, [
            [ruijinOrder.id, nankangOrder.id],
          ])
        ).rowCount === 2,
      { what: 'both refunds recorded' },
    );
    await notify(wechat.completeRefund(refundOf(ruijinOrder.id)), 'wechatpay/ruijin').expect(204);
    await notify(alipay.refundNotification(refundOf(nankangOrder.id)), 'alipay/nankang').expect(200, 'success');
    expect(await orderOf(ruijinOrder.id)).toMatchObject({ status: 'cancelled', refundedFen: 6800 });
    expect(await orderOf(nankangOrder.id)).toMatchObject({ status: 'cancelled', refundedFen: 4500 });
  });

  it('pays out each county’s statements through its own merchant', async () => {
    const merchants = h.app.get(PaymentMerchants);
    expect(merchants.forCounty(RUIJIN).name).toBe('wechatpay:ruijin');
    expect(merchants.forCounty(NANKANG).name).toBe('alipay:nankang');
    expect(merchants.forCounty('360722').name).toBe('simulated');
    const before = [wechat.transfersMade, alipay.transfersMade];
    const ruijin = await merchants.forCounty(RUIJIN).payouts.transfer({
      payoutId: '3f1c2d4e-0000-4000-8000-000000000001',
      payeeAccount: { kind: 'wechat_openid', account: 'oUpF8uNEW_ruijin_payee' },
      amountFen: 12_300,
      remark: '瑞金 11月货款',
    });
    const nankang = await merchants.forCounty(NANKANG).payouts.transfer({
      payoutId: '3f1c2d4e-0000-4000-8000-000000000002',
      payeeAccount: { kind: 'alipay_login_id', account: 'nankang@example.cn' },
      amountFen: 4_500,
      remark: '南康 11月货款',
    });
    expect([ruijin.status, nankang.status]).toEqual(['succeeded', 'succeeded']);
    expect([wechat.transfersMade - before[0], alipay.transfersMade - before[1]]).toEqual([1, 1]);
  });

  it.each([
    ['WeChat Pay (瑞金)', 'wechat_native', 'wechatpay/ruijin'],
    ['Alipay (南康)', 'alipay_precreate', 'alipay/nankang'],
  ])(
    'recovers a lost %s notification by asking, once; the notification arriving afterwards changes nothing',
    async (_, channel, route) => {
      const listing = channel === 'wechat_native' ? ruijinOranges : nankangNavels;
      const { groupId, orders } = await awaitingPayment([listing]);
      const payment = (await h.post(buyer, `/order-groups/${groupId}/payments`, { channel }).expect(201)).body;
      const reconciler = h.app.get(PaymentReconciler);

      // not yet paid at the provider: asked, nothing to do (the orders can still be paid)
      expect(await reconciler.sweep(0)).toMatchObject({ applied: 0, closed: 0 });
      // the buyer pays; the provider's notification is lost on the way
      const lost: Notification =
        channel === 'wechat_native' ? wechat.pay(payment.providerPaymentId) : alipay.pay(payment.providerPaymentId);
      const recovered = await reconciler.sweep(0);
      expect(recovered).toMatchObject({ applied: 1, errors: 0 });
      expect(await orderOf(orders[0].id)).toMatchObject({ status: 'paid', paidFen: orders[0].totalFen });

      // asked again, and the notification arriving late: accepted, nothing applied twice
      const again = await reconciler.sweep(0);
      expect(again.applied).toBe(0);
      const late = await notify(lost, route);
      expect(late.status).toBe(channel === 'wechat_native' ? 204 : 200);
      const transactions = await h.db.query(`SELECT outcome FROM orders.payment_transaction WHERE payment_id = $1`, [
        payment.id,
      ]);
      expect(transactions.rows).toEqual([{ outcome: 'applied' }]);
      expect(await outboxOf(h.db, EventName.OrderPaid, orders[0].id)).toHaveLength(1);
      expect(await orderOf(orders[0].id)).toMatchObject({ status: 'paid', paidFen: orders[0].totalFen });
    },
  );

  it('asks after a refund WeChat Pay still processes: done confirms it, ABNORMAL owes it again; once each', async () => {
    const reconciler = h.app.get(PaymentReconciler);
    const refunded = async () => {
      const { groupId, orders } = await awaitingPayment([ruijinOranges]);
      const payment = (await h.post(buyer, `/order-groups/${groupId}/payments`, { channel: 'wechat_native' })).body;
      await notify(wechat.pay(payment.providerPaymentId), 'wechatpay/ruijin').expect(204);
      await h.post(buyer, `/orders/${orders[0].id}/cancel`, { reason: '不要了' }).expect(200);
      return waitFor(
        async () =>
          (
            await h.db.query<{ id: string; status: string; provider_confirmed_at: Date | null }>(
              `SELECT id, status, provider_confirmed_at FROM orders.refund WHERE order_id = $1 AND status = 'succeeded'`,
              [orders[0].id],
            )
          ).rows[0],
        { what: 'the refund accepted by the fake (PROCESSING)' },
      );
    };
    const done = await refunded();
    const abnormal = await refunded();
    expect([done.provider_confirmed_at, abnormal.provider_confirmed_at]).toEqual([null, null]);

    // still processing at WeChat Pay: asked, nothing changes
    expect(await reconciler.sweep(0)).toMatchObject({ refundsAsked: 2, refundsConfirmed: 0, refundsFailed: 0 });
    // WeChat Pay finishes them; both notifications are lost
    const late = wechat.completeRefund(done.id);
    wechat.completeRefund(abnormal.id, 'ABNORMAL');
    expect(await reconciler.sweep(0)).toMatchObject({ refundsAsked: 2, refundsConfirmed: 1, refundsFailed: 1 });
    expect(await reconciler.sweep(0)).toMatchObject({ refundsAsked: 0 });
    await notify(late, 'wechatpay/ruijin').expect(204);

    const rows = await h.db.query<{ id: string; status: string; confirmed: boolean }>(
      `SELECT id, status, provider_confirmed_at IS NOT NULL AS confirmed FROM orders.refund WHERE id = ANY($1::uuid[])`,
      [[done.id, abnormal.id]],
    );
    expect(rows.rows.find((row) => row.id === done.id)).toMatchObject({ status: 'succeeded', confirmed: true });
    expect(rows.rows.find((row) => row.id === abnormal.id)).toMatchObject({ status: 'failed' });
    const reversed = await h.db.query(`SELECT 1 FROM orders.ledger_entry WHERE source_key = $1`, [
      `refund-reversed:${abnormal.id}`,
    ]);
    expect(reversed.rowCount).toBe(1);
  });

  it('closes at the provider a payment whose orders can no longer be paid', async () => {
    const { groupId, orders } = await awaitingPayment([ruijinOranges]);
    const payment = (await h.post(buyer, `/order-groups/${groupId}/payments`, { channel: 'wechat_native' }).expect(201))
      .body;
    // the order's time to pay runs out (the expiry sweeper cancels it in its own time)
    await h.db.query(`UPDATE orders.customer_order SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
      orders[0].id,
    ]);

    const round = await h.app.get(PaymentReconciler).sweep(0);

    expect(round).toMatchObject({ closed: 1, errors: 0 });
    expect(wechat.transactions.get(payment.providerPaymentId)?.trade_state).toBe('CLOSED');
    const [row] = (await h.db.query(`SELECT status FROM orders.payment WHERE id = $1`, [payment.id])).rows;
    expect(row).toEqual({ status: 'rejected' });
    expect((await h.app.get(PaymentReconciler).sweep(0)).asked).toBe(0);
  });
});
