import { randomUUID } from 'node:crypto';
import { AlipayPaymentProvider } from '../../../apps/orders/src/payment/alipay/alipay-payment.provider';
import { AlipayClient, AlipayError, beijingTime } from '../../../apps/orders/src/payment/alipay/alipay.client';
import { PaymentChannel, WebhookRejected } from '../../../apps/orders/src/payment/payment-provider';
import { AlipayPayoutProvider } from '../../../apps/orders/src/payout/alipay-payout.provider';
import { AlipayKeys, alipayKeys, FakeAlipay } from './fake-alipay';
import { strangerKey } from './fake-wechatpay';

/*
 * The Alipay adapters against a local Alipay gateway that checks every call's RSA2 signature with our application's
 * public key and signs every answer and notification with Alipay's key — all keys made for this run.
 */
describe(AlipayPaymentProvider.name, () => {
  let keys: AlipayKeys;
  let fake: FakeAlipay;
  let sut: AlipayPaymentProvider;
  let payouts: AlipayPayoutProvider;
  const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

  const clientFor = (overrides: Partial<ConstructorParameters<typeof AlipayClient>[0]> = {}) =>
    new AlipayClient({
      appId: keys.appId,
      appPrivateKey: keys.appPrivateKey,
      alipayPublicKey: keys.alipayPublicKey,
      notifyUrl: 'https://pay.county.example/api/orders/payments/webhook/alipay',
      gateway: fake.gateway,
      toleranceSeconds: 300,
      ...overrides,
    });

  beforeAll(async () => {
    keys = alipayKeys();
    fake = new FakeAlipay(keys);
    await fake.start();
    sut = new AlipayPaymentProvider(clientFor());
    payouts = new AlipayPayoutProvider(clientFor());
  });

  afterAll(() => fake.stop());

  const rejection = (fn: () => unknown): WebhookRejected => {
    try {
      fn();
    } catch (error) {
      return error as WebhookRejected;
    }
    throw new Error('expected a rejection');
  };

  const payment = (amountFen = 12_345, channel = PaymentChannel.AlipayPrecreate) =>
    sut.createPayment({ paymentId: randomUUID(), groupId: randomUUID(), amountFen, description: '南安板鸭', channel });

  const verify = (notification: { body: string; headers: Record<string, string> }) =>
    sut.verifyWebhook(Buffer.from(notification.body), notification.headers);

  it('makes signed WAP and page cashier URLs Alipay opens, and precreates a QR code', async () => {
    const wap = await payment(100, PaymentChannel.AlipayWap);
    const page = await payment(250, PaymentChannel.AlipayPage);
    const qr = await payment(12_345, PaymentChannel.AlipayPrecreate);

    expect(fake.open(wap.payUrl!)).toMatchObject({ out_trade_no: wap.providerPaymentId, total: 100 });
    expect(new URL(page.payUrl!).searchParams.get('method')).toBe('alipay.trade.page.pay');
    expect(fake.open(page.payUrl!)).toMatchObject({ total: 250 });
    expect(qr.payUrl).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(fake.trades.get(qr.providerPaymentId)).toMatchObject({ total: 12_345 });
    expect(fake.refused).toHaveLength(0);
  });

  it('is refused by Alipay when it signs with a key Alipay does not know, and believes no answer Alipay did not sign', async () => {
    const impostor = new AlipayPaymentProvider(
      clientFor({ appPrivateKey: strangerKey().export({ type: 'pkcs8', format: 'pem' }).toString() }),
    );
    const misled = new AlipayPaymentProvider(
      clientFor({ alipayPublicKey: keys.appPublicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    );

    await expect(impostor.queryPayment(randomUUID())).rejects.toMatchObject({ code: '40002' });
    await expect(misled.queryPayment(randomUUID())).rejects.toThrow(/signature does not match/);
  });

  it('verifies the payment notification and queries the paid trade', async () => {
    const created = await payment(12_345);
    const notification = fake.pay(created.providerPaymentId);

    expect(verify(notification)).toMatchObject({
      type: 'payment.succeeded',
      providerPaymentId: created.providerPaymentId,
      providerTransactionId: notification.params.trade_no,
      amountFen: 12_345,
    });
    await expect(sut.queryPayment(created.providerPaymentId)).resolves.toMatchObject({
      status: 'paid',
      providerTransactionId: notification.params.trade_no,
      amountFen: 12_345,
    });
    await expect(sut.queryPayment(randomUUID())).resolves.toMatchObject({ status: 'unknown' });
  });

  it('reads amounts in yuan exactly and reports what Alipay says was paid', async () => {
    const created = await payment(1);
    expect(verify(fake.pay(created.providerPaymentId))).toMatchObject({ amountFen: 1 });
    const other = await payment(5000);
    expect(verify(fake.pay(other.providerPaymentId, { totalAmount: '49.99' }))).toMatchObject({ amountFen: 4999 });
  });

  it('refuses forged, tampered, stale, unsigned and foreign notifications', async () => {
    const created = await payment(700);
    const good = fake.pay(created.providerPaymentId);
    const fields = {
      trade_no: good.params.trade_no,
      out_trade_no: created.providerPaymentId,
      trade_status: 'TRADE_SUCCESS',
      total_amount: '7.00',
    };
    const forged = fake.notification(fields, { key: strangerKey() });
    const stale = fake.notification(fields, { notifyTime: beijingTime(new Date(Date.now() - 3_600_000)) });
    const tampered = good.body.replace('total_amount=7.00', 'total_amount=0.01');
    const unsigned = new URLSearchParams({ ...good.params, sign: '' }).toString();
    const md5 = new URLSearchParams({ ...good.params, sign_type: 'RSA' }).toString();
    const foreign = fake.notification({ ...fields, app_id: '2021000000000000' });

    expect(rejection(() => verify(forged)).code).toBe('invalid-signature');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(tampered), form)).code).toBe('invalid-signature');
    expect(rejection(() => verify(stale)).code).toBe('stale-webhook');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(unsigned), form)).code).toBe('missing-signature');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(md5), form)).code).toBe('invalid-signature');
    expect(rejection(() => verify(foreign))).toMatchObject({ status: 400, code: 'wrong-merchant' });
    expect(
      rejection(() => sut.verifyWebhook(Buffer.from(good.body), { 'content-type': 'application/json' })).code,
    ).toBe('malformed-webhook');
  });

  it('closes an unpaid trade, and closing a trade Alipay never saw is no error', async () => {
    const created = await payment(800);

    await sut.closePayment(created.providerPaymentId);
    await sut.closePayment(randomUUID());

    await expect(sut.queryPayment(created.providerPaymentId)).resolves.toMatchObject({ status: 'closed' });
  });

  it('refunds once per refund id, and reads the refund notification', async () => {
    const created = await payment(10_000);
    const paid = fake.pay(created.providerPaymentId);
    const request = {
      refundId: randomUUID(),
      providerPaymentId: created.providerPaymentId,
      providerTransactionId: paid.params.trade_no,
      amountFen: 2500,
      paymentAmountFen: 10_000,
      reason: '买家取消',
    };

    const first = await sut.refund(request);
    const again = await sut.refund(request);

    expect(first).toMatchObject({ status: 'succeeded' });
    expect(again).toEqual(first);
    expect(fake.trades.get(created.providerPaymentId)!.refunded).toBe(2500);
    expect(verify(fake.refundNotification(request.refundId))).toMatchObject({
      type: 'refund.succeeded',
      refundId: request.refundId,
      providerPaymentId: created.providerPaymentId,
    });
    await expect(sut.refund({ ...request, refundId: randomUUID(), amountFen: 7501 })).rejects.toBeInstanceOf(
      AlipayError,
    );
    // asked after (alipay.trade.fastpay.refund.query): made, or unknown to Alipay
    await expect(sut.queryRefund(request)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(sut.queryRefund({ ...request, refundId: randomUUID() })).resolves.toMatchObject({
      status: 'unknown',
    });
  });

  describe(AlipayPayoutProvider.name, () => {
    const payee = { kind: 'alipay_login_id' as const, account: 'coop@example.cn', name: '安西镇脐橙专业合作社' };

    it('transfers once per payout id (out_biz_no) and queries it', async () => {
      const payoutId = randomUUID();
      const before = fake.transfersMade;

      const first = await payouts.transfer({ payoutId, payeeAccount: payee, amountFen: 88_801, remark: '11月货款' });
      const again = await payouts.transfer({ payoutId, payeeAccount: payee, amountFen: 88_801, remark: '11月货款' });

      expect(first).toMatchObject({ status: 'succeeded', providerPayoutId: expect.any(String) });
      expect(again).toEqual(first);
      expect(fake.transfersMade - before).toBe(1);
      expect(fake.transfers.get(payoutId)).toMatchObject({ trans_amount: '888.01' });
      await expect(payouts.query(payoutId)).resolves.toMatchObject({ status: 'succeeded' });
    });

    it('reports a refused payee as failed, an unknown payout as unknown, another provider’s account as failed', async () => {
      const refused = await payouts.transfer({
        payoutId: randomUUID(),
        payeeAccount: { kind: 'alipay_login_id', account: 'nobody@example.com' },
        amountFen: 100,
        remark: 'x',
      });
      const wrongKind = await payouts.transfer({
        payoutId: randomUUID(),
        payeeAccount: { kind: 'wechat_openid', account: 'o-x' },
        amountFen: 100,
        remark: 'x',
      });

      expect(refused).toMatchObject({ status: 'failed', code: 'PAYEE_NOT_EXIST' });
      expect(wrongKind).toMatchObject({ status: 'failed', code: 'UNSUPPORTED_PAYEE' });
      await expect(payouts.query(randomUUID())).resolves.toEqual({ status: 'unknown' });
    });
  });
});
