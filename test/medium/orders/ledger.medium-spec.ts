import { Principal } from '@countyflow/auth';
import { EventName, MembershipRole, OrganisationKind, ServiceName } from '@countyflow/contracts';
import { MediumTest } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { expectLedgerAgrees, ledgerBalances, refundsPaid } from './ledger-replay';
import { COUNTY, cityAddress, principal, publishedListing, startOrders, verifiedSeller } from './support';

describe('orders: the ledger (medium: every money movement posts balanced entries in its own transaction)', () => {
  let t: MediumTest;
  let seller: string;
  let skuId: string;
  const logistics = { producer: ServiceName.Logistics };

  beforeAll(async () => {
    t = await startOrders();
    seller = await verifiedSeller(t);
    skuId = (await publishedListing(t, seller, { priceFen: 5000 })).skus[0].skuId;
  });

  afterAll(() => t?.close());

  async function reservedOrder(buyer: Principal, quantity = 2): Promise<{ orderId: string; groupId: string }> {
    const { group } = await t
      .get(CheckoutService)
      .checkout(buyer, { lines: [{ skuId, quantity }], destination: cityAddress() }, undefined);
    const orderId = group.orders[0].id;
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId, quantity, unitPriceFen: 5000 }] },
      { producer: ServiceName.Catalog },
    );
    return { orderId, groupId: group.id };
  }

  async function pay(buyer: Principal, groupId: string, options: { amountFen?: number; transactionId?: string } = {}) {
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, groupId);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId, options);
    return payments.webhook(Buffer.from(webhook.body), webhook.headers);
  }

  it('posts an online payment to provider clearing and the seller, once however often the provider repeats it', async () => {
    const buyer = principal();
    const { orderId, groupId } = await reservedOrder(buyer);
    const before = await ledgerBalances(t);

    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, groupId);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    await payments.webhook(Buffer.from(webhook.body), webhook.headers);
    const again = await payments.webhook(Buffer.from(webhook.body), webhook.headers);

    expect(again.duplicate).toBe(true);
    const after = await ledgerBalances(t);
    expect((after.provider_clearing ?? 0) - (before.provider_clearing ?? 0)).toBe(10_000);
    expect(after[`seller_payable/${seller}`] - (before[`seller_payable/${seller}`] ?? 0)).toBe(-10_000);
    expect(await t.rows(`SELECT kind FROM ledger_entry WHERE order_id = $1`, [orderId])).toEqual([
      { kind: 'payment_applied' },
    ]);
    expect(await t.rows(`SELECT status FROM payment WHERE id = $1`, [payment.id])).toEqual([{ status: 'succeeded' }]);
    await expectLedgerAgrees(t);
  });

  it('owes back money no order could take (amount mismatch, paid after cancelling) and clears it when refunded', async () => {
    const buyer = principal();
    const mismatched = await reservedOrder(buyer);
    await pay(buyer, mismatched.groupId, { amountFen: 9_999 });
    const cancelled = await reservedOrder(buyer);
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, cancelled.groupId);
    await t.get(OrderService).cancel(buyer, cancelled.orderId, '不要了');
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    expect((await payments.webhook(Buffer.from(webhook.body), webhook.headers)).outcome).toBe('refunded');

    // this test's money in refunds payable (the database is shared with other test files): what was booked as owed
    // back, and what is still owed (the refund runner may already have paid either back: it runs in the background)
    const owed = () =>
      t.rows<{ booked: number; owed: number }>(
        `SELECT coalesce(sum(p.amount_fen) FILTER (WHERE p.amount_fen < 0), 0)::int AS booked,
                coalesce(sum(p.amount_fen), 0)::int AS owed
           FROM ledger_entry e JOIN ledger_posting p ON p.entry_id = e.id JOIN ledger_account a ON a.id = p.account_id
          WHERE a.kind = 'refunds_payable'
            AND (split_part(e.source_key, ':', 2) IN (SELECT id::text FROM payment_transaction WHERE group_id = ANY($1))
                 OR split_part(e.source_key, ':', 2) IN (SELECT id::text FROM refund WHERE group_id = ANY($1)))`,
        [[mismatched.groupId, cancelled.groupId]],
      );
    const [beforeRefunds] = await owed();
    expect(beforeRefunds.booked).toBe(-(9_999 + 10_000));
    expect([-(9_999 + 10_000), -10_000, -9_999, 0]).toContain(beforeRefunds.owed);
    await expectLedgerAgrees(t);
    await refundsPaid(t);

    expect(await owed()).toEqual([{ booked: -(9_999 + 10_000), owed: 0 }]);
    await expectLedgerAgrees(t);
  });

  it('takes a refund of a paid order back from the seller (cancelled after payment)', async () => {
    const buyer = principal();
    const { orderId, groupId } = await reservedOrder(buyer, 1);
    await pay(buyer, groupId);
    await t.get(OrderService).cancel(buyer, orderId, '买错了');
    await refundsPaid(t);

    const entries = await t.rows<{ kind: string; sum: string }>(
      `SELECT e.kind, sum(p.amount_fen) FILTER (WHERE a.kind = 'seller_payable') AS sum
         FROM ledger_entry e JOIN ledger_posting p ON p.entry_id = e.id JOIN ledger_account a ON a.id = p.account_id
        WHERE e.order_id = $1 GROUP BY e.kind, e.posted_at ORDER BY e.posted_at`,
      [orderId],
    );
    expect(entries.map((entry) => [entry.kind, Number(entry.sum ?? 0)])).toEqual([
      ['payment_applied', -5000],
      ['refund_decided', 5000],
      ['refund_paid', 0],
    ]);
    await expectLedgerAgrees(t);
  });

  it("withholds an assisted order's commission from the seller for the service point on completion", async () => {
    const point = await verifiedSeller(t, OrganisationKind.ServicePoint);
    const operator = principal(
      [{ orgId: point, orgKind: OrganisationKind.ServicePoint, countyCode: COUNTY, role: MembershipRole.Operator }],
      '村级服务站',
    );
    const { group } = await t.get(CheckoutService).assisted(
      operator,
      {
        servicePointOrgId: point,
        villager: { name: '李大爷', phone: '13800000001' },
        lines: [{ skuId, quantity: 2 }],
      },
      undefined,
    );
    const orderId = group.orders[0].id;
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId, quantity: 2, unitPriceFen: 5000 }] },
      { producer: ServiceName.Catalog },
    );
    await pay(operator, group.id);
    const shipment = { shipmentId: orderId, orderId, at: new Date().toISOString() };
    await t.deliver(EventName.ShipmentCreated, shipment, logistics);
    await t.deliver(
      EventName.ShipmentDelivered,
      { ...shipment, receipt: { method: 'pickup_code', collectedBy: 'recipient' } },
      logistics,
    );

    const balances = await expectLedgerAgrees(t);
    expect(balances[`point_commission_payable/${point}`]).toBe(-300);
  });

  it('refuses, at commit, a journal entry whose postings do not sum to zero, and any change to a posting', async () => {
    const unbalanced = t.transaction(async (manager) => {
      const [account] = await manager.query<{ id: string }[]>(`SELECT id FROM ledger_account LIMIT 1`);
      const entryId = randomUUID();
      await manager.query(
        `INSERT INTO ledger_entry (id, county_code, kind, source_key, memo) VALUES ($1, $2, 'payout', $3, 'forged')`,
        [entryId, COUNTY, `forged:${entryId}`],
      );
      await manager.query(
        `INSERT INTO ledger_posting (entry_id, account_id, item, amount_fen) VALUES ($1, $2, 'payout', 100)`,
        [entryId, account.id],
      );
    });
    await expect(unbalanced).rejects.toThrow(/unbalanced/);
    await expect(t.rows(`UPDATE ledger_posting SET amount_fen = amount_fen + 1`)).rejects.toThrow(/append-only/);
    await expectLedgerAgrees(t);
  });
});
