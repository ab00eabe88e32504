import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PayoutProvider } from '../../../apps/orders/src/payout/payout-provider';
import { expectProblem, OrdersHarness, outboxOf, TestActor, TestListing } from '../../orders/support';
import { alipayEnv, alipayKeys, FakeAlipay } from './fake-alipay';
import { FakeWechatPay, strangerKey, wechatPayEnv, wechatPayKeys } from './fake-wechatpay';

/*
 * The orders service configured for a real provider (PAYMENT_PROVIDER=wechatpay, then alipay), its adapter pointed at
 * a local fake of that provider with keys made here: a checkout paid by the fake's notification, a refund paid
 * through the fake and confirmed by its notification, a payout through the fake, and the refusals — forged, stale,
 * amount-mismatched — with notifications repeated and reordered applied once.
 */

const NOTIFY_BASE = 'https://pay.county.example/api/orders';

interface Notification {
  body: string;
  headers: Record<string, string>;
}

interface ProviderCase {
  name: 'wechatpay' | 'alipay';
  start(): Promise<Record<string, string>>;
  stop(): Promise<void>;
  channel: string;
  /** The buyer pays the payment at the fake: the notification it sends. */
  pay(providerPaymentId: string, amountFen?: number): Notification;
  forged(providerPaymentId: string): Notification;
  stale(providerPaymentId: string): Notification;
  /** The fake's notification that the refund completed. */
  refundNotification(refundId: string): Notification;
  /** How much the fake refunded for the payment, in fen. */
  refundedAt(providerPaymentId: string): number;
  /** Transfers that moved money at the fake. */
  transfersMade(): number;
  payee: { kind: 'wechat_openid' | 'alipay_login_id'; account: string };
  accepted: { status: number; text: string };
  notifyUrlSeen(): string | undefined;
}

function wechatCase(): ProviderCase {
  const keys = wechatPayKeys();
  const fake = new FakeWechatPay(keys);
  return {
    name: 'wechatpay',
    start: async () => wechatPayEnv(keys, await fake.start(), NOTIFY_BASE),
    stop: () => fake.stop(),
    channel: 'wechat_native',
    pay: (id, amountFen) => fake.pay(id, { total: amountFen }),
    forged: (id) => fake.transactionNotification(fake.transactions.get(id)!, { key: strangerKey() }),
    stale: (id) =>
      fake.transactionNotification(fake.transactions.get(id)!, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    refundNotification: (refundId) => fake.completeRefund(refundId),
    refundedAt: (id) => fake.transactions.get(id)?.refunded ?? 0,
    transfersMade: () => fake.transfersMade,
    payee: { kind: 'wechat_openid', account: 'oUpF8uNEW_payee_openid' },
    accepted: { status: 204, text: '' },
    notifyUrlSeen: () => [...fake.transactions.values()][0]?.notify_url,
  };
}

function alipayCase(): ProviderCase {
  const keys = alipayKeys();
  const fake = new FakeAlipay(keys);
  return {
    name: 'alipay',
    start: async () => alipayEnv(keys, await fake.start(), NOTIFY_BASE),
    stop: () => fake.stop(),
    channel: 'alipay_precreate',
    pay: (id, amountFen) => fake.pay(id, amountFen === undefined ? {} : { totalAmount: (amountFen / 100).toFixed(2) }),
    forged: (id) =>
      fake.notification(
        { trade_no: 'x', out_trade_no: id, trade_status: 'TRADE_SUCCESS', total_amount: '1.00' },
        { key: strangerKey() },
      ),
    stale: (id) => {
      const trade = fake.trades.get(id)!;
      const at = new Date(Date.now() - 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
      return fake.notification(
        {
          trade_no: 'y',
          out_trade_no: id,
          trade_status: 'TRADE_SUCCESS',
          total_amount: (trade.total / 100).toFixed(2),
        },
        { notifyTime: at },
      );
    },
    refundNotification: (refundId) => fake.refundNotification(refundId),
    refundedAt: (id) => fake.trades.get(id)?.refunded ?? 0,
    transfersMade: () => fake.transfersMade,
    payee: { kind: 'alipay_login_id', account: 'coop@example.cn' },
    accepted: { status: 200, text: 'success' },
    notifyUrlSeen: () => [...fake.trades.values()][0]?.notify_url,
  };
}

describe.each([
  ['WeChat Pay', wechatCase],
  ['Alipay', alipayCase],
])('paying with %s through its fake', (_, make) => {
  const provider = make();
  let h: OrdersHarness;
  let buyer: TestActor;
  let oranges: TestListing;

  beforeAll(async () => {
    const env = await provider.start();
    h = await OrdersHarness.start(env);
    buyer = h.buyer();
    const seller = await h.identity.seller({ name: '安西镇脐橙专业合作社' });
    oranges = await h.catalog.listing(seller, { skus: [{ priceFen: 6800 }] });
  });

  afterAll(async () => {
    await h?.stop();
    await provider.stop();
  });

  /** One order of `quantity` boxes, reserved and awaiting payment, with its payment created at the provider. */
  async function awaitingPayment(quantity = 1) {
    const placed = await h.checkout(buyer, [{ skuId: oranges.skus[0].skuId, quantity }]).expect(202);
    const [order] = placed.body.orders as { id: string; totalFen: number }[];
    await h.catalog.reserve(order.id);
    await h.waitForStatus(buyer, order.id, 'awaiting_payment');
    const payment = await h.post(buyer, `/order-groups/${placed.body.id}/payments`, { channel: provider.channel });
    expect(payment.status).toBe(201);
    return { groupId: placed.body.id as string, order, payment: payment.body };
  }

  const notify = (notification: Notification, route: string = provider.name) =>
    request(h.url).post(`/payments/webhook/${route}`).set(notification.headers).send(notification.body);

  it('pays the order when the fake notifies, and applies a repeated notification once', async () => {
    const { order, payment } = await awaitingPayment(2);
    expect(payment).toMatchObject({ provider: provider.name, channel: provider.channel, amountFen: 13_600 });
    expect(payment.payUrl).toMatch(/^(weixin|https):\/\//);
    expect(provider.notifyUrlSeen()).toBe(`${NOTIFY_BASE}/payments/webhook/${provider.name}`);

    const notification = provider.pay(payment.providerPaymentId);
    const first = await notify(notification);
    const again = await notify(notification);

    for (const answer of [first, again]) {
      expect(answer.status).toBe(provider.accepted.status);
      expect(answer.text).toBe(provider.accepted.text);
    }
    const paid = await h.get(buyer, `/orders/${order.id}`).expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidFen: 13_600 });
    expect(paid.body.payments).toEqual([expect.objectContaining({ outcome: 'applied', provider: provider.name })]);
    expect(await outboxOf(h.db, EventName.OrderPaid, order.id)).toHaveLength(1);
  });

  it('refunds a cancelled paid order through the fake, once, and takes its refund notification', async () => {
    const { order, payment } = await awaitingPayment(1);
    await notify(provider.pay(payment.providerPaymentId)).expect(provider.accepted.status);

    await h.post(buyer, `/orders/${order.id}/cancel`, { reason: '买错了' }).expect(200);
    const [refund] = await waitFor(
      async () => {
        const rows = await h.db.query<{ id: string; status: string; amount_fen: string }>(
          `SELECT id, status, amount_fen FROM orders.refund WHERE order_id = $1`,
          [order.id],
        );
        return rows.rows[0]?.status === 'succeeded' && rows.rows;
      },
      { what: 'the refund to be paid through the fake' },
    );
    expect(Number(refund.amount_fen)).toBe(6800);
    expect(provider.refundedAt(payment.providerPaymentId)).toBe(6800);

    const confirmation = provider.refundNotification(refund.id);
    await notify(confirmation).expect(provider.accepted.status);
    await notify(confirmation).expect(provider.accepted.status);
    await h.refunds.runDue();

    expect(provider.refundedAt(payment.providerPaymentId)).toBe(6800);
    const after = await h.get(buyer, `/orders/${order.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'cancelled', refundedFen: 6800 });
  });

  it('refuses forged and stale notifications with 401 and pays nothing', async () => {
    const { order, payment } = await awaitingPayment(1);

    expectProblem(await notify(provider.forged(payment.providerPaymentId)), 401, 'invalid-signature');
    expectProblem(await notify(provider.stale(payment.providerPaymentId)), 401, 'stale-webhook');
    expectProblem(await notify(provider.forged(payment.providerPaymentId), 'simulated-nowhere'), 404, 'not-found');

    const unpaid = await h.get(buyer, `/orders/${order.id}`).expect(200);
    expect(unpaid.body).toMatchObject({ status: 'awaiting_payment', payments: [] });
  });

  it('applies no money of another amount than asked: recorded as a mismatch and refunded through the fake', async () => {
    const { order, payment } = await awaitingPayment(1);

    await notify(provider.pay(payment.providerPaymentId, 6799)).expect(provider.accepted.status);

    const detail = await h.get(buyer, `/orders/${order.id}`).expect(200);
    expect(detail.body.status).toBe('awaiting_payment');
    const rows = await h.db.query<{ outcome: string }>(
      `SELECT outcome FROM orders.payment_transaction WHERE payment_id = $1`,
      [payment.id],
    );
    expect(rows.rows).toEqual([{ outcome: 'amount_mismatch' }]);
    await waitFor(() => Promise.resolve(provider.refundedAt(payment.providerPaymentId) === 6799), {
      what: 'the mismatched amount to be refunded',
    });
  });

  it('applies every notification once when they arrive repeated, reordered and at the same moment', async () => {
    const groups = await Promise.all([1, 2, 3].map(() => awaitingPayment(1)));
    const notifications = groups.map(({ payment }) => provider.pay(payment.providerPaymentId));
    const storm = [2, 0, 1, 1, 2, 0, 0, 2, 1].map((index) => notifications[index]);

    const answers = await Promise.all(storm.map((notification) => notify(notification)));

    expect(answers.map((answer) => answer.status)).toEqual(storm.map(() => provider.accepted.status));
    for (const { order, payment } of groups) {
      const detail = await h.get(buyer, `/orders/${order.id}`).expect(200);
      expect(detail.body).toMatchObject({ status: 'paid', paidFen: 6800 });
      const transactions = await h.db.query(`SELECT 1 FROM orders.payment_transaction WHERE payment_id = $1`, [
        payment.id,
      ]);
      expect(transactions.rowCount).toBe(1);
      expect(await outboxOf(h.db, EventName.OrderPaid, order.id)).toHaveLength(1);
    }
  });

  it('pays a payout through the fake once per payout id, however often it is asked', async () => {
    const payouts = h.app.get(PayoutProvider);
    const before = provider.transfersMade();
    const request = {
      payoutId: randomUUID(),
      payeeAccount: provider.payee,
      amountFen: 88_800,
      remark: '11月货款',
    };

    const results = await Promise.all([payouts.transfer(request), payouts.transfer(request)]);
    const again = await payouts.transfer(request);

    expect(payouts.name).toBe(provider.name);
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded']);
    expect(again).toMatchObject({ status: 'succeeded', providerPayoutId: results[0].providerPayoutId });
    expect(provider.transfersMade() - before).toBe(1);
    await expect(payouts.query(request.payoutId)).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('answers 404 to the other provider’s route and refuses a simulated payment channel', async () => {
    const other = provider.name === 'wechatpay' ? 'alipay' : 'wechatpay';
    expectProblem(
      await notify({ body: '{}', headers: { 'content-type': 'application/json' } }, other),
      404,
      'provider-not-configured',
    );
    const placed = await h.checkout(buyer, [{ skuId: oranges.skus[0].skuId, quantity: 1 }]).expect(202);
    expectProblem(
      await h.post(buyer, `/order-groups/${placed.body.id}/payments`, { channel: 'simulated' }),
      422,
      'unsupported-payment-channel',
    );
  });
});
