import { MediumTest } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { PaymentChannel } from '../../../apps/orders/src/payment/payment-provider';
import { PaymentStatus } from '../../../apps/orders/src/payment/payment-state';
import { PaymentRepository } from '../../../apps/orders/src/payment/payment.repository';
import { cityAddress, principal, publishedListing, startOrders, verifiedSeller } from './support';

/*
 * Step 3 of paying a group (docs/orders.md "Payments"): the provider's answer becomes a payment only while its
 * payment request is still there, and the one statement that writes the payment also ends the request.
 */
describe('orders: a payment request becomes a payment once (medium)', () => {
  let t: MediumTest;
  let skuId: string;

  beforeAll(async () => {
    t = await startOrders();
    const seller = await verifiedSeller(t);
    skuId = (await publishedListing(t, seller, { priceFen: 3000 })).skus[0].skuId;
  });

  afterAll(() => t?.close());

  /** A group placed by a buyer, and a request to pay its order as step 1 commits it. */
  async function requested() {
    const buyer = principal();
    const { group } = await t
      .get(CheckoutService)
      .checkout(buyer, { lines: [{ skuId, quantity: 1 }], destination: cityAddress() }, undefined);
    const request = {
      id: randomUUID(),
      groupId: group.id,
      orderIds: [group.orders[0].id],
      amountFen: 3000,
      channel: PaymentChannel.Simulated,
    };
    await t.transaction((manager) => t.get(PaymentRepository).insertRequest(manager, request));
    const payment = {
      ...request,
      provider: 'simulated',
      providerPaymentId: `sim_${request.id}`,
      status: PaymentStatus.Pending,
      payUrl: null,
      clientParams: null,
      createdBy: buyer.userId,
    };
    return { request, payment };
  }

  it('writes the payment and ends its request in one statement, once', async () => {
    const payments = t.get(PaymentRepository);
    const { request, payment } = await requested();

    const written = await payments.insertPaymentOfRequest(payment);

    expect(written).toMatchObject({ id: request.id, amountFen: 3000, status: 'pending', createdAt: expect.any(Date) });
    expect(await t.rows(`SELECT id FROM payment_request WHERE id = $1`, [request.id])).toEqual([]);
    expect(await t.rows(`SELECT status FROM payment WHERE id = $1`, [request.id])).toEqual([{ status: 'pending' }]);
    expect(await payments.insertPaymentOfRequest(payment)).toBeNull();
  });

  it('writes nothing for an answer that comes after its request was abandoned', async () => {
    const payments = t.get(PaymentRepository);
    const { request, payment } = await requested();
    expect(await t.transaction((manager) => payments.endRequest(manager, request.id))).toBe(true);
    expect(await t.transaction((manager) => payments.endRequest(manager, request.id))).toBe(false);

    expect(await payments.insertPaymentOfRequest(payment)).toBeNull();
    expect(await t.rows(`SELECT id FROM payment WHERE id = $1`, [request.id])).toEqual([]);
  });
});
