import { loadOrdersConfig } from '../orders.config';
import { WebhookRejected } from './payment-provider';
import { SIMULATOR_SIGNATURE_HEADER, SimulatedPaymentProvider } from './simulated-payment.provider';

describe(SimulatedPaymentProvider.name, () => {
  const config = loadOrdersConfig({ NODE_ENV: 'test', PAYMENT_WEBHOOK_SECRET: 'a-test-secret-of-enough-length' });
  let sut: SimulatedPaymentProvider;

  beforeEach(() => {
    sut = new SimulatedPaymentProvider(config);
  });

  const rejection = (fn: () => unknown): WebhookRejected => {
    try {
      fn();
    } catch (error) {
      return error as WebhookRejected;
    }
    throw new Error('expected a rejection');
  };

  it('verifies its own webhook and reads the amount and transaction', async () => {
    const payment = await sut.createPayment({ paymentId: 'p1', groupId: 'g1', amountFen: 12_345, description: 'x' });
    const webhook = sut.paymentSucceededWebhook(payment.providerPaymentId, { transactionId: 'sim_txn_1' });

    const notification = sut.verifyWebhook(Buffer.from(webhook.body), webhook.headers);

    expect(notification).toMatchObject({
      type: 'payment.succeeded',
      providerPaymentId: payment.providerPaymentId,
      providerTransactionId: 'sim_txn_1',
      amountFen: 12_345,
    });
  });

  it('refuses a body changed after signing', () => {
    const webhook = sut.paymentSucceededWebhook('sim_pay_x', { amountFen: 100 });
    const tampered = webhook.body.replace('"amountFen":100', '"amountFen":1');

    expect(rejection(() => sut.verifyWebhook(Buffer.from(tampered), webhook.headers))).toMatchObject({
      status: 401,
      code: 'invalid-signature',
    });
  });

  it('refuses a webhook signed with another secret, without a signature, or signed long ago', () => {
    const forged = sut.paymentSucceededWebhook('sim_pay_x', { amountFen: 100, secret: 'not-the-shared-secret' });
    const stale = sut.paymentSucceededWebhook('sim_pay_x', {
      amountFen: 100,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    const unsigned = { 'content-type': 'application/json' };

    expect(rejection(() => sut.verifyWebhook(Buffer.from(forged.body), forged.headers)).code).toBe('invalid-signature');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(stale.body), stale.headers)).code).toBe('stale-webhook');
    expect(rejection(() => sut.verifyWebhook(Buffer.from(forged.body), unsigned)).code).toBe('missing-signature');
    expect(
      rejection(() => sut.verifyWebhook(Buffer.from(forged.body), { [SIMULATOR_SIGNATURE_HEADER]: 'garbage' })).code,
    ).toBe('invalid-signature');
  });

  it('refunds once per refund id', async () => {
    const request = {
      refundId: 'r1',
      providerPaymentId: 'p',
      providerTransactionId: 't',
      amountFen: 5,
      paymentAmountFen: 5,
      reason: 'x',
    };

    const first = await sut.refund(request);
    const again = await sut.refund(request);

    expect(again).toEqual(first);
    expect(sut.refunds.size).toBe(1);
  });
});
