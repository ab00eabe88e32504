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

  /** A group of one order per new seller (their ledger accounts do not exist yet), every order reserved. */
  async function reservedGroup(buyer: Principal, skus: string[]): Promise<{ groupId: string; orderIds: string[] }> {
    const { group } = await t
      .get(CheckoutService)
      .checkout(
        buyer,
        { lines: skus.map((sku) => ({ skuId: sku, quantity: 1 })), destination: cityAddress() },
        undefined,
      );
    for (const order of group.orders) {
      const sku = order.lines[0].skuId;
      await t.deliver(
        EventName.StockReserved,
        { orderId: order.id, lines: [{ skuId: sku, quantity: 1, unitPriceFen: 5000 }] },
        { producer: ServiceName.Catalog },
      );
    }
    return { groupId: group.id, orderIds: group.orders.map((order) => order.id) };
  }

  async function newSellersListing(count: number): Promise<{ sellers: string[]; skus: string[] }> {
    const sellers: string[] = [];
    const skus: string[] = [];
    for (let index = 0; index < count; index++) {
      sellers.push(await verifiedSeller(t));
      skus.push((await publishedListing(t, sellers[index], { priceFen: 5000 })).skus[0].skuId);
    }
    return { sellers, skus };
  }

  it("pays a group's orders with one payment, each with its own entry and order.paid, one cancelled meanwhile refunded", async () => {
    const buyer = principal();
    const { sellers, skus } = await newSellersListing(3);
    const { groupId, orderIds } = await reservedGroup(buyer, skus);
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, groupId);
    const cancelled = orderIds[1];
    await t.get(OrderService).cancel(buyer, cancelled, '不要这个了');
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);

    const sut = await payments.webhook(Buffer.from(webhook.body), webhook.headers);
    const again = await payments.webhook(Buffer.from(webhook.body), webhook.headers);

    expect(sut).toMatchObject({ outcome: 'partly_refunded', duplicate: false, refundedOrderIds: [cancelled] });
    expect(again).toMatchObject({ outcome: 'partly_refunded', duplicate: true });
    const paid = orderIds.filter((orderId) => orderId !== cancelled);
    const statuses = await t.rows<{ id: string; status: string; paid_fen: string }>(
      `SELECT id, status, paid_fen FROM customer_order WHERE id = ANY($1) ORDER BY id`,
      [orderIds],
    );
    expect(Object.fromEntries(statuses.map((row) => [row.id, [row.status, Number(row.paid_fen)]]))).toEqual({
      [paid[0]]: ['paid', 5000],
      [paid[1]]: ['paid', 5000],
      [cancelled]: ['cancelled', 0],
    });
    const [transaction] = await t.rows<{ id: string; provider_transaction_id: string }>(
      `SELECT id, provider_transaction_id FROM payment_transaction WHERE payment_id = $1`,
      [payment.id],
    );
    for (const orderId of paid) {
      expect(await t.rows(`SELECT source_key, kind FROM ledger_entry WHERE order_id = $1`, [orderId])).toEqual([
        { source_key: `payment-applied:${transaction.id}:${orderId}`, kind: 'payment_applied' },
      ]);
      expect(await t.published(EventName.OrderPaid, { orderId })).toEqual([
        expect.objectContaining({ orderId, groupId, payment: { method: 'online', amountFen: 5000 } }),
      ]);
      expect(
        await t.rows(
          `SELECT from_status, to_status, actor_kind, actor_id, detail FROM order_history
            WHERE order_id = $1 AND to_status = 'paid'`,
          [orderId],
        ),
      ).toEqual([
        {
          from_status: 'awaiting_payment',
          to_status: 'paid',
          actor_kind: 'payment_provider',
          actor_id: transaction.provider_transaction_id,
          detail: { providerTransactionId: transaction.provider_transaction_id },
        },
      ]);
    }
    // (its refund is paid in the background: refund_paid may follow)
    expect(
      await t.rows(`SELECT kind FROM ledger_entry WHERE order_id = $1 AND kind LIKE 'payment_%'`, [cancelled]),
    ).toEqual([{ kind: 'payment_not_applied' }]);
    expect(await t.published(EventName.OrderPaid, { orderId: cancelled })).toEqual([]);
    const balances = await ledgerBalances(t);
    expect([0, 2].map((index) => balances[`seller_payable/${sellers[index]}`])).toEqual([-5000, -5000]);
    expect(balances[`seller_payable/${sellers[1]}`]).toBeUndefined();
    await expectLedgerAgrees(t);
  });

  it('pays twenty groups of the same two new sellers at once: every order paid once, every entry posted once', async () => {
    const { sellers, skus } = await newSellersListing(2);
    const buyers = Array.from({ length: 20 }, () => principal());
    const groups = await Promise.all(buyers.map((buyer) => reservedGroup(buyer, skus)));
    const payments = t.get(PaymentService);
    const webhooks = [];
    for (const [index, { groupId }] of groups.entries()) {
      const payment = await payments.create(buyers[index], groupId);
      webhooks.push(t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId));
    }

    const sut = await Promise.all(
      webhooks.map((webhook) => payments.webhook(Buffer.from(webhook.body), webhook.headers)),
    );

    expect(sut.map((answer) => answer.outcome)).toEqual(Array(20).fill('applied'));
    const orderIds = groups.flatMap((group) => group.orderIds);
    expect(
      await t.rows(`SELECT status, count(*)::int AS n FROM customer_order WHERE id = ANY($1) GROUP BY status`, [
        orderIds,
      ]),
    ).toEqual([{ status: 'paid', n: 40 }]);
    expect(
      await t.rows(
        `SELECT kind, count(*)::int AS n, count(DISTINCT order_id)::int AS orders FROM ledger_entry
          WHERE order_id = ANY($1) GROUP BY kind`,
        [orderIds],
      ),
    ).toEqual([{ kind: 'payment_applied', n: 40, orders: 40 }]);
    const paidEvents = await t.rows<{ order_id: string }>(
      `SELECT payload->>'orderId' AS order_id FROM outbox WHERE name = $1 AND payload->>'orderId' = ANY($2)`,
      [EventName.OrderPaid, orderIds],
    );
    expect(paidEvents.map((row) => row.order_id).sort()).toEqual([...orderIds].sort());
    const balances = await ledgerBalances(t);
    expect(sellers.map((seller) => balances[`seller_payable/${seller}`])).toEqual([-100_000, -100_000]);
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
