import { createVerify, randomUUID } from 'node:crypto';
import { PaymentChannel, WebhookRejected } from '../../../apps/orders/src/payment/payment-provider';
import { WechatPayPaymentProvider } from '../../../apps/orders/src/payment/wechatpay/wechatpay-payment.provider';
import { WechatPayClient, WechatPayError } from '../../../apps/orders/src/payment/wechatpay/wechatpay.client';
import { WechatPayPayoutProvider } from '../../../apps/orders/src/payout/wechatpay-payout.provider';
import { FakeWechatPay, strangerKey, wechatPayKeys, WechatPayKeys } from './fake-wechatpay';

/*
 * The WeChat Pay adapters against a local WeChat Pay that checks every request's signature with the merchant's
 * public key and signs every answer and notification with its platform key — all keys made for this run.
 */
describe(WechatPayPaymentProvider.name, () => {
  let keys: WechatPayKeys;
  let fake: FakeWechatPay;
  let sut: WechatPayPaymentProvider;
  let payouts: WechatPayPayoutProvider;

  const clientFor = (overrides: Partial<ConstructorParameters<typeof WechatPayClient>[0]> = {}) =>
    new WechatPayClient({
      mchId: keys.mchId,
      appId: keys.appId,
      merchantSerialNo: keys.merchantSerialNo,
      merchantPrivateKey: keys.merchantPrivateKey,
      platformPublicKey: keys.platformPublicKey,
      platformPublicKeyId: keys.platformPublicKeyId,
      apiV3Key: keys.apiV3Key,
      notifyUrl: 'https://pay.county.example/api/orders/payments/webhook/wechatpay',
      baseUrl: fake.baseUrl,
      toleranceSeconds: 300,
      ...overrides,
    });

  beforeAll(async () => {
    keys = wechatPayKeys();
    fake = new FakeWechatPay(keys);
    await fake.start();
    sut = new WechatPayPaymentProvider(clientFor());
    payouts = new WechatPayPayoutProvider(clientFor(), {
      transferSceneId: '1005',
      sceneReportInfos: [{ info_type: '岗位类型', info_content: '合作社' }],
    });
  });

  afterAll(() => fake.stop());

  beforeEach(() => {
    fake.answerKey = null;
  });

  const rejection = (fn: () => unknown): WebhookRejected => {
    try {
      fn();
    } catch (error) {
      return error as WebhookRejected;
    }
    throw new Error('expected a rejection');
  };

  const payment = (amountFen = 12_345, channel = PaymentChannel.WechatNative) =>
    sut.createPayment({
      paymentId: randomUUID(),
      groupId: randomUUID(),
      amountFen,
      description: '赣南脐橙 5 kg',
      channel,
      payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      payerClientIp: '203.0.113.7',
    });

  it('creates Native, H5 and JSAPI payments signed as WeChat Pay checks them', async () => {
    const native = await payment(100, PaymentChannel.WechatNative);
    const h5 = await payment(200, PaymentChannel.WechatH5);
    const jsapi = await payment(300, PaymentChannel.WechatJsapi);

    expect(native.payUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    expect(h5.payUrl).toMatch(/^https:\/\/wx\.tenpay\.com\//);
    expect(native.providerPaymentId).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.transactions.get(h5.providerPaymentId)).toMatchObject({ total: 200, channel: 'h5' });
    const params = jsapi.clientParams!;
    expect(params).toMatchObject({
      appId: keys.appId,
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=wx/),
    });
    const message = `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(keys.merchantPublicKey, params.paySign, 'base64')).toBe(
      true,
    );
    expect(fake.refused).toHaveLength(0);
  });

  it('is refused by WeChat Pay when it signs with a key WeChat Pay does not know', async () => {
    const impostor = new WechatPayPaymentProvider(
      clientFor({ merchantPrivateKey: strangerKey().export({ type: 'pkcs8', format: 'pem' }).toString() }),
    );

    await expect(
      impostor.createPayment({ paymentId: randomUUID(), groupId: 'g', amountFen: 1, description: 'x' }),
    ).rejects.toMatchObject({
      status: 401,
      code: 'SIGN_ERROR',
    });
  });

  it('believes no answer that WeChat Pay did not sign', async () => {
    fake.answerKey = strangerKey();

    await expect(payment()).rejects.toThrow(/signature does not match/);
  });

  it('verifies and decrypts the payment notification, then queries the paid transaction', async () => {
    const created = await payment(12_345);
    const notification = fake.pay(created.providerPaymentId);

    const read = sut.verifyWebhook(Buffer.from(notification.body), notification.headers);

    const transactionId = fake.transactions.get(created.providerPaymentId)!.transaction_id;
    expect(read).toMatchObject({
      type: 'payment.succeeded',
      providerPaymentId: created.providerPaymentId,
      providerTransactionId: transactionId,
      amountFen: 12_345,
      currency: 'CNY',
    });
    await expect(sut.queryPayment(created.providerPaymentId)).resolves.toMatchObject({
      status: 'paid',
      providerTransactionId: transactionId,
      amountFen: 12_345,
    });
    await expect(sut.queryPayment('0'.repeat(32))).resolves.toMatchObject({ status: 'unknown' });
  });

  it('reports the amount WeChat Pay says was paid, for orders to compare (an amount mismatch is not hidden)', async () => {
    const created = await payment(5000);
    const notification = fake.pay(created.providerPaymentId, { total: 4999 });

    expect(sut.verifyWebhook(Buffer.from(notification.body), notification.headers)).toMatchObject({ amountFen: 4999 });
  });

  it('refuses forged, tampered, stale, wrongly keyed and undecryptable notifications', async () => {
    const created = await payment(700);
    fake.pay(created.providerPaymentId);
    const transaction = fake.transactions.get(created.providerPaymentId)!;
    const forged = fake.transactionNotification(transaction, { key: strangerKey() });
    const stale = fake.transactionNotification(transaction, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const good = fake.transactionNotification(transaction);
    const tampered = good.body.replace('"event_type":"TRANSACTION.SUCCESS"', '"event_type":"TRANSACTION.SUCCESS" ');
    const otherSerial = { ...good.headers, 'wechatpay-serial': 'PUB_KEY_ID_SOMEONE_ELSE' };
    const probe = { ...good.headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' };
    const wrongKey = new WechatPayPaymentProvider(clientFor({ apiV3Key: 'x'.repeat(32) }));

    expect(rejection(() => sut.verifyWebhook(Buffer.from(forged.body), forged.headers)).code).toBe('invalid-signature');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(tampered), good.headers)).code).toBe('invalid-signature');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(stale.body), stale.headers)).code).toBe('stale-webhook');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(good.body), otherSerial)).code).toBe('unknown-signing-key');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(good.body), probe)).code).toBe('invalid-signature');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(good.body), {})).code).toBe('missing-signature');
    expect(rejection(() => wrongKey.verifyWebhook(Buffer.from(good.body), good.headers))).toMatchObject({
      status: 401,
      code: 'undecryptable-resource',
    });
  });

  it('closes an unpaid payment', async () => {
    const created = await payment(800);

    await sut.closePayment(created.providerPaymentId);

    await expect(sut.queryPayment(created.providerPaymentId)).resolves.toMatchObject({ status: 'closed' });
  });

  it('refunds once per refund id, and reads the refund notification', async () => {
    const created = await payment(10_000);
    const paid = fake.pay(created.providerPaymentId);
    const { providerTransactionId } = sut.verifyWebhook(Buffer.from(paid.body), paid.headers) as {
      providerTransactionId: string;
    };
    const request = {
      refundId: randomUUID(),
      providerPaymentId: created.providerPaymentId,
      providerTransactionId,
      amountFen: 2500,
      paymentAmountFen: 10_000,
      reason: '买家取消',
    };

    const first = await sut.refund(request);
    const again = await sut.refund(request);
    // asked after while WeChat Pay processes it, and for a refund it never got
    await expect(sut.queryRefund(request)).resolves.toMatchObject({ status: 'processing' });
    await expect(sut.queryRefund({ ...request, refundId: randomUUID() })).resolves.toMatchObject({ status: 'unknown' });
    const notified = fake.completeRefund(request.refundId);
    await expect(sut.queryRefund(request)).resolves.toMatchObject({ status: 'succeeded' });

    expect(first).toMatchObject({ status: 'pending', providerRefundId: expect.stringMatching(/^5030/) });
    expect(again).toEqual(first);
    expect(fake.transactions.get(created.providerPaymentId)!.refunded).toBe(2500);
    expect(sut.verifyWebhook(Buffer.from(notified.body), notified.headers)).toMatchObject({
      type: 'refund.succeeded',
      refundId: request.refundId,
      providerRefundId: first.providerRefundId,
      amountFen: 2500,
    });
    const abnormal = fake.completeRefund(request.refundId, 'ABNORMAL');
    expect(sut.verifyWebhook(Buffer.from(abnormal.body), abnormal.headers)).toMatchObject({ type: 'refund.failed' });
    await expect(sut.queryRefund(request)).resolves.toMatchObject({ status: 'failed' });
  });

  it('refuses a refund above what was paid (WeChat Pay answers, the adapter throws)', async () => {
    const created = await payment(100);
    fake.pay(created.providerPaymentId);

    await expect(
      sut.refund({
        refundId: randomUUID(),
        providerPaymentId: created.providerPaymentId,
        providerTransactionId: 't',
        amountFen: 101,
        paymentAmountFen: 100,
        reason: 'x',
      }),
    ).rejects.toBeInstanceOf(WechatPayError);
  });

  describe(WechatPayPayoutProvider.name, () => {
    const payee = { kind: 'wechat_openid' as const, account: 'oUpF8uNEW_payee_openid', name: '张三' };

    it('transfers once per payout id, with the payee name encrypted for WeChat Pay', async () => {
      const payoutId = randomUUID();
      const before = fake.transfersMade;

      const first = await payouts.transfer({ payoutId, payeeAccount: payee, amountFen: 88_800, remark: '11月货款' });
      const again = await payouts.transfer({ payoutId, payeeAccount: payee, amountFen: 88_800, remark: '11月货款' });

      expect(first).toMatchObject({ status: 'succeeded', providerPayoutId: expect.stringMatching(/^1330/) });
      expect(again).toEqual(first);
      expect(fake.transfersMade - before).toBe(1);
      expect(fake.bills.get(payoutId.replace(/-/g, ''))).toMatchObject({ transfer_amount: 88_800 });
      await expect(payouts.query(payoutId)).resolves.toMatchObject({ status: 'succeeded' });
    });

    it('reports a bill awaiting the payee as pending, an unknown payout as unknown, a refused one as failed', async () => {
      fake.billState = 'WAIT_USER_CONFIRM';
      const waiting = await payouts.transfer({
        payoutId: randomUUID(),
        payeeAccount: payee,
        amountFen: 100,
        remark: 'x',
      });
      fake.billState = 'SUCCESS';
      const refused = await payouts.transfer({
        payoutId: randomUUID(),
        payeeAccount: { kind: 'wechat_openid', account: 'o-unknown-openid' },
        amountFen: 100,
        remark: 'x',
      });

      expect(waiting).toMatchObject({ status: 'pending' });
      expect(refused).toMatchObject({ status: 'failed', code: 'INVALID_REQUEST' });
      await expect(payouts.query(randomUUID())).resolves.toEqual({ status: 'unknown' });
    });

    it('throws (outcome unknown, retry with the same id) when the answer is not WeChat Pay’s', async () => {
      fake.answerKey = strangerKey();

      await expect(
        payouts.transfer({ payoutId: randomUUID(), payeeAccount: payee, amountFen: 100, remark: 'x' }),
      ).rejects.toThrow();
    });
  });
});
