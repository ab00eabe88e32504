import { Principal } from '@countyflow/auth';
import { EventName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { PresaleService } from '../../../apps/orders/src/presale/presale.service';
import { expectLedgerAgrees, refundsPaid } from './ledger-replay';
import { cityAddress, principal, publishedListing, sellerOwner, startOrders, verifiedSeller } from './support';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('orders: pre-sale with a deposit (定金 + 尾款) — balance due at release, forfeit or refund (medium)', () => {
  let t: MediumTest;
  let presales: PresaleService;
  let payments: PaymentService;
  let seller: string;
  let skuId: string;

  beforeAll(async () => {
    t = await startOrders();
    presales = t.get(PresaleService);
    payments = t.get(PaymentService);
    seller = await verifiedSeller(t);
    skuId = (await publishedListing(t, seller, { priceFen: 6800 })).skus[0].skuId;
  });

  afterAll(() => t?.close());

  // ¥50 a unit, ¥10 of it as the deposit
  const createPresale = (capUnits: number) =>
    presales.create(sellerOwner(seller), {
      skuId,
      priceFen: 5000,
      depositFen: 1000,
      balanceHours: 24,
      capUnits,
      shipsFrom: day(10),
      shipsTo: day(20),
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });

  async function order(presaleId: string, quantity: number, buyer: Principal = principal()) {
    const { group } = await presales.order(buyer, presaleId, { quantity, destination: cityAddress() }, undefined);
    return { buyer, group, orderId: group.orders[0].id };
  }

  /** A payment for what the group owes now, and the provider's webhook for it (not yet sent). */
  async function payment(buyer: Principal, groupId: string) {
    const created = await payments.create(buyer, groupId);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(created.providerPaymentId);
    return { amountFen: created.amountFen, send: () => payments.webhook(Buffer.from(webhook.body), webhook.headers) };
  }

  async function pay(buyer: Principal, groupId: string) {
    const asked = await payment(buyer, groupId);
    return { amountFen: asked.amountFen, ...(await asked.send()) };
  }

  const orderRow = async (orderId: string) =>
    (
      await t.rows<{ status: string; paid_fen: string; deposit_fen: string | null; due_in_hours: number | null }>(
        `SELECT status, paid_fen, deposit_fen,
                round(extract(epoch FROM payment_due_at - now()) / 3600)::int AS due_in_hours
           FROM customer_order WHERE id = $1`,
        [orderId],
      )
    )[0];

  const refundsOf = (orderId: string) =>
    t.rows<{ amount_fen: string; reason: string; deposit: boolean }>(
      `SELECT r.amount_fen, r.reason, r.payment_transaction_id = o.payment_transaction_id AS deposit
         FROM refund r JOIN customer_order o ON o.id = r.order_id WHERE r.order_id = $1 ORDER BY r.created_at`,
      [orderId],
    );

  it('refuses a deposit that is not below the price', async () => {
    expect(
      await problemOf(
        presales.create(sellerOwner(seller), {
          skuId,
          priceFen: 5000,
          depositFen: 5000,
          capUnits: 5,
          shipsFrom: day(10),
          shipsTo: day(20),
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ),
    ).toEqual({ status: 400, code: 'presale-deposit-not-below-price' });
  });

  it('takes the deposit when ordering, asks the balance at release, and sends the order on once it is paid', async () => {
    const presale = await createPresale(10);
    expect(presale).toMatchObject({ depositFen: 1000, balanceHours: 24 });
    const { buyer, group, orderId } = await order(presale.id, 2);
    expect(group.orders[0]).toMatchObject({ status: 'awaiting_payment', totalFen: 10_000, depositFen: 2000 });

    const deposit = await pay(buyer, group.id);
    expect(deposit).toMatchObject({ amountFen: 2000, outcome: 'applied' });
    expect(await orderRow(orderId)).toMatchObject({ status: 'awaiting_harvest', paid_fen: '2000' });
    expect(await problemOf(payments.create(buyer, group.id))).toMatchObject({ status: 409, code: 'nothing-to-pay' });

    await presales.harvest(sellerOwner(seller), presale.id, { harvestedUnits: 5 });
    expect(await orderRow(orderId)).toMatchObject({ status: 'awaiting_balance', due_in_hours: 24 });
    expect(await t.published(EventName.OrderPaid, { orderId })).toEqual([]);
    // the buyer is told by SMS (logistics sends it), once
    expect(await t.published(EventName.BuyerNotified, { orderId })).toEqual([
      expect.objectContaining({
        template: 'presale_balance_due',
        params: expect.objectContaining({ amount: '80.00' }),
        text: expect.stringContaining('请在'),
      }),
    ]);
    await expectLedgerAgrees(t);

    const balance = await pay(buyer, group.id);
    expect(balance).toMatchObject({ amountFen: 8000, outcome: 'applied', appliedOrderIds: [orderId] });
    expect(await orderRow(orderId)).toMatchObject({ status: 'paid', paid_fen: '10000' });
    expect(await t.published(EventName.OrderPaid, { orderId })).toEqual([
      expect.objectContaining({ presaleId: presale.id, payment: { method: 'online', amountFen: 10_000 } }),
    ]);
    // the seller is owed the whole order: the deposit and the balance, both as goods
    const [owed] = await t.rows<{ goods: string }>(
      `SELECT -sum(p.amount_fen) AS goods FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id
         JOIN ledger_account a ON a.id = p.account_id
        WHERE e.order_id = $1 AND a.kind = 'seller_payable' AND p.item = 'goods'`,
      [orderId],
    );
    expect(Number(owed.goods)).toBe(10_000);
    await expectLedgerAgrees(t);

    // cancelled after both payments: the balance comes back from its own payment, the deposit from the first
    await t.get(OrderService).cancel(buyer, orderId, null);
    await refundsPaid(t);
    expect((await refundsOf(orderId)).map((refund) => [Number(refund.amount_fen), refund.deposit])).toEqual([
      [8000, false],
      [2000, true],
    ]);
    await expectLedgerAgrees(t);
  });

  it('forfeits the deposit of a balance not paid in time (once), and refunds a balance paid after that', async () => {
    const presale = await createPresale(10);
    const { buyer, group, orderId } = await order(presale.id, 1);
    await pay(buyer, group.id);
    await presales.harvest(sellerOwner(seller), presale.id, { harvestedUnits: 1 });
    const late = await payment(buyer, group.id);
    expect(late.amountFen).toBe(4000);

    await t.rows(`UPDATE customer_order SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [orderId]);
    expect(await presales.cancelOverdueBalances()).toBeGreaterThanOrEqual(1);
    expect(await presales.cancelOverdueBalances()).toBe(0);

    expect(await orderRow(orderId)).toMatchObject({ status: 'cancelled', paid_fen: '1000' });
    expect(await refundsOf(orderId)).toEqual([]);
    const [history] = await t.rows<{ reason: string }>(
      `SELECT reason FROM order_history WHERE order_id = $1 AND to_status = 'cancelled'`,
      [orderId],
    );
    expect(history.reason).toMatch(/forfeited/);

    // the balance arriving after that is not kept: refunded as a late payment, the deposit stays forfeited
    expect(await late.send()).toMatchObject({ outcome: 'refunded', refundedOrderIds: [orderId] });
    await refundsPaid(t);
    expect((await refundsOf(orderId)).map((refund) => [Number(refund.amount_fen), refund.reason])).toEqual([
      [4000, 'late_payment'],
    ]);
    await expectLedgerAgrees(t);
  });

  it('refunds only the deposit, once, of an order the harvest does not cover', async () => {
    const presale = await createPresale(10);
    const first = await order(presale.id, 2);
    const second = await order(presale.id, 3);
    await pay(first.buyer, first.group.id);
    await pay(second.buyer, second.group.id);

    const harvest = await presales.harvest(sellerOwner(seller), presale.id, { harvestedUnits: 2 });

    expect(harvest).toMatchObject({ releasedOrders: 1, refundedOrders: 1 });
    expect(await orderRow(first.orderId)).toMatchObject({ status: 'awaiting_balance' });
    expect(await orderRow(second.orderId)).toMatchObject({ status: 'cancelled' });
    await refundsPaid(t);
    expect((await refundsOf(second.orderId)).map((refund) => [Number(refund.amount_fen), refund.reason])).toEqual([
      [3000, 'presale_shortfall'],
    ]);
    expect(await t.published(EventName.BuyerNotified, { orderId: second.orderId })).toEqual([
      expect.objectContaining({ template: 'presale_refunded', params: expect.objectContaining({ amount: '30.00' }) }),
    ]);
    await expectLedgerAgrees(t);
  });

  it('balances paid at the deadline while the sweep runs: each order paid once or cancelled, never both (burst)', async () => {
    const count = 20;
    const presale = await createPresale(count);
    const placed = [];
    for (let i = 0; i < count; i += 1) {
      placed.push(await order(presale.id, 1));
    }
    await Promise.all(placed.map((one) => pay(one.buyer, one.group.id)));
    await presales.harvest(sellerOwner(seller), presale.id, { harvestedUnits: count });
    const balances = await Promise.all(placed.map((one) => payment(one.buyer, one.group.id)));
    // the deadline passes as the balances arrive
    await t.rows(`UPDATE customer_order SET payment_due_at = now() WHERE presale_id = $1`, [presale.id]);

    const started = Date.now();
    const sweeps = [presales.cancelOverdueBalances(), presales.cancelOverdueBalances()];
    // the sweeps get a head start of one moment, so that they and the balances meet on the orders
    await new Promise((resolve) => setTimeout(resolve, 30));
    await Promise.all(balances.map((balance) => balance.send()));
    const cancelled = (await Promise.all(sweeps)).reduce((sum, n) => sum + n, 0);
    const elapsedMs = Date.now() - started;

    const rows = await t.rows<{ id: string; status: string; balance: boolean; late_refunds: number }>(
      `SELECT o.id, o.status, o.balance_transaction_id IS NOT NULL AS balance,
              (SELECT count(*)::int FROM refund r WHERE r.order_id = o.id AND r.reason = 'late_payment') AS late_refunds
         FROM customer_order o WHERE o.presale_id = $1`,
      [presale.id],
    );
    const paid = rows.filter((row) => row.status === 'paid');
    const forfeited = rows.filter((row) => row.status === 'cancelled');
    expect(paid.length + forfeited.length).toBe(count);
    expect(forfeited).toHaveLength(cancelled);
    expect(paid.every((row) => row.balance && row.late_refunds === 0)).toBe(true);
    expect(forfeited.every((row) => !row.balance && row.late_refunds === 1)).toBe(true);
    for (const row of paid) {
      expect(await t.published(EventName.OrderPaid, { orderId: row.id })).toHaveLength(1);
    }
    await refundsPaid(t);
    await expectLedgerAgrees(t);
    console.log(
      `presale balance burst: ${count} balances at the deadline + 2 sweeps → ${paid.length} paid, ` +
        `${forfeited.length} forfeited (late balance refunded), ${elapsedMs} ms`,
    );
  });
});
