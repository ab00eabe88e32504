import { EventName, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { FreightService } from '../../../apps/orders/src/freight/freight.service';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { expectLedgerAgrees, refundsPaid } from './ledger-replay';
import { cityAddress, principal, publishedListing, sellerOwner, startOrders, verifiedSeller } from './support';

describe('orders: freight (medium: templates, the basket quote, checkout, payment and refund)', () => {
  let t: MediumTest;
  let seller: string;
  let skuId: string;
  const toShenzhen = cityAddress({
    address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
  });

  beforeAll(async () => {
    t = await startOrders();
    seller = await verifiedSeller(t);
    // 5 kg boxes at ¥68, chilled
    skuId = (await publishedListing(t, seller, { priceFen: 6800 })).skus[0].skuId;
    await t.get(FreightService).save(sellerOwner(seller), seller, {
      firstKgFen: 800,
      additionalKgFen: 300,
      regions: [{ provinces: ['广东省'], firstKgFen: 1200, additionalKgFen: 600 }],
      freeAboveFen: 50_000,
      coldChainSurchargeFen: 1000,
      pickupFeeFen: 0,
    });
  });

  afterAll(() => t?.close());

  it('quotes, charges and refunds a 20 kg chilled parcel to Shenzhen with its freight', async () => {
    const buyer = principal();
    const basket = { lines: [{ skuId, quantity: 4 }], destination: toShenzhen };
    const freight = 1200 + 19 * 600 + 1000;

    const quote = await t.get(CheckoutService).quote(buyer, basket);
    expect(quote).toMatchObject({ goodsFen: 27_200, freightFen: freight, totalFen: 27_200 + freight });
    expect(quote.sellers).toEqual([expect.objectContaining({ sellerOrgId: seller, weightGrams: 20_000 })]);

    const { group } = await t.get(CheckoutService).checkout(buyer, basket, undefined);
    const orderId = group.orders[0].id;
    expect(group.orders[0]).toMatchObject({ freightFen: freight, totalFen: 27_200 + freight });
    // catalog's price at reservation changes the goods, not the freight
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId, quantity: 4, unitPriceFen: 7000 }] },
      { producer: ServiceName.Catalog },
    );
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, group.id);
    expect(payment.amountFen).toBe(28_000 + freight);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    expect((await payments.webhook(Buffer.from(webhook.body), webhook.headers)).outcome).toBe('applied');
    expect(
      await t.rows(
        `SELECT p.item, p.amount_fen::int AS amount FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id
           JOIN ledger_account a ON a.id = p.account_id WHERE e.order_id = $1 AND a.kind = 'seller_payable'
          ORDER BY p.item`,
        [orderId],
      ),
    ).toEqual([
      { item: 'freight', amount: -freight },
      { item: 'goods', amount: -28_000 },
    ]);

    await t.get(OrderService).cancel(buyer, orderId, '不要了');
    await refundsPaid(t);
    expect((await t.get(OrderService).detail(buyer, orderId)).refundedFen).toBe(28_000 + freight);
    await expectLedgerAgrees(t);
  });

  it('ships free above the amount and to a service point for the pickup fee; keeps the template to its seller', async () => {
    const quote = await t
      .get(CheckoutService)
      .quote(principal(), { lines: [{ skuId, quantity: 8 }], destination: toShenzhen });
    expect(quote.freightFen).toBe(0);
    expect((await problemOf(t.get(FreightService).get(principal(), seller))).status).toBe(403);
    expect(await t.get(FreightService).get(sellerOwner(seller), seller)).toMatchObject({ freeAboveFen: 50_000 });
  });
});
