import { Principal } from '@countyflow/auth';
import { EventName, ServiceName } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { MediumTest } from '@countyflow/testing';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { RefundRunner } from '../../../apps/orders/src/payment/refund.runner';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { SimulatedPayoutProvider } from '../../../apps/orders/src/payout/simulated-payout.provider';
import { PayoutRunner } from '../../../apps/orders/src/settlement/payout.runner';
import { SettlementRepository } from '../../../apps/orders/src/settlement/settlement.repository';
import { SettlementService } from '../../../apps/orders/src/settlement/settlement.service';
import { expectLedgerAgrees, refundsPaid } from './ledger-replay';
import {
  COUNTY,
  cityAddress,
  countyStaff,
  principal,
  publishedListing,
  sellerOwner,
  startOrders,
  verifiedSeller,
} from './support';

jest.setTimeout(120_000);

const ORDERS = 24;
const logistics = { producer: ServiceName.Logistics };

/** A deterministic shuffle (so a failure can be replayed): Fisher–Yates driven by a linear congruential generator. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Runs the tasks with at most `width` at a time (the test's share of the connection pool), results in order. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next;
        next += 1;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

/**
 * The money chaos check: every provider notification delivered three times, all of them shuffled and sent
 * concurrently; a second payment of some groups; buyers cancelling while notifications arrive; refunds paid while
 * the provider fails some; statements closed concurrently; payouts whose answers are lost or whose provider is down,
 * and a payout round that dies after the provider moved the money (before anything was recorded). Afterwards:
 * every order paid once, every refund and payout made once, nothing lost, and the ledger replays to the business
 * tables to the fen.
 */
describe('orders: money chaos (medium: repeated and reordered notifications, a payout round killed mid-way)', () => {
  let t: MediumTest;

  beforeAll(async () => {
    t = await startOrders();
  });

  afterAll(() => t?.close());

  it('applies no payment, refund or payout twice and loses none', async () => {
    const sellers = await Promise.all([verifiedSeller(t), verifiedSeller(t), verifiedSeller(t)]);
    const skus = await Promise.all(
      sellers.map(async (seller) => {
        await t
          .get(SettlementService)
          .setPayee(sellerOwner(seller), seller, { kind: 'simulated', account: `chaos-${seller.slice(0, 6)}` });
        return (await publishedListing(t, seller, { priceFen: 3_300 })).skus[0].skuId;
      }),
    );
    const payments = t.get(PaymentService);
    const provider = t.get(SimulatedPaymentProvider);

    // place and reserve; create a payment per group (and a second one for every fifth: a duplicate payment)
    const placed: { buyer: Principal; orderId: string; groupId: string }[] = [];
    for (let n = 0; n < ORDERS; n += 1) {
      const buyer = principal();
      const skuId = skus[n % skus.length];
      const { group } = await t
        .get(CheckoutService)
        .checkout(buyer, { lines: [{ skuId, quantity: 1 + (n % 3) }], destination: cityAddress() }, undefined);
      const orderId = group.orders[0].id;
      await t.deliver(
        EventName.StockReserved,
        { orderId, lines: [{ skuId, quantity: 1 + (n % 3), unitPriceFen: 3_300 }] },
        { producer: ServiceName.Catalog },
      );
      placed.push({ buyer, orderId, groupId: group.id });
    }
    const webhooks: { body: string; headers: Record<string, string> }[] = [];
    for (const [n, { buyer, groupId }] of placed.entries()) {
      const payment = await payments.create(buyer, groupId);
      const copies = n % 5 === 0 ? 2 : 1; // a second capture of the same payment: another provider transaction
      for (let copy = 0; copy < copies; copy += 1) {
        const webhook = provider.paymentSucceededWebhook(payment.providerPaymentId);
        webhooks.push(webhook, webhook, webhook);
      }
    }
    const cancelled = placed.filter((_, n) => n % 7 === 3);
    const storm: (() => Promise<Awaited<ReturnType<PaymentService['webhook']>> | null>)[] = [
      ...webhooks.map((webhook) => () => payments.webhook(Buffer.from(webhook.body), webhook.headers)),
      ...cancelled.map(({ buyer, orderId }) => async () => {
        await t
          .get(OrderService)
          .cancel(buyer, orderId, '不要了')
          .catch(() => null);
        return null;
      }),
    ];
    const results = await inParallel(shuffled(storm, 7), 4);
    const outcomes = results.filter((result) => result !== null);

    // every provider transaction was applied (or refunded) exactly once; the repeats were answered as duplicates
    // (the database is shared with the other medium test files: everything below is scoped to this test's groups)
    const groups = placed.map(({ groupId }) => groupId);
    const transactions = await t.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_transaction WHERE group_id = ANY($1)`,
      [groups],
    );
    expect(transactions[0].n).toBe(webhooks.length / 3);
    expect(outcomes.filter((outcome) => outcome.duplicate)).toHaveLength((webhooks.length / 3) * 2);
    const paidTwice = await t.rows(
      `SELECT order_id FROM order_history WHERE to_status = 'paid' AND order_id = ANY($1)
        GROUP BY order_id HAVING count(*) > 1`,
      [placed.map(({ orderId }) => orderId)],
    );
    expect(paidTwice).toEqual([]);

    // refunds (duplicate captures, cancellations, late payments) while the provider fails some of them
    provider.failNextRefunds = 3;
    for (let round = 0; round < 10; round += 1) {
      await refundsPaid(t);
      await t.get(RefundRunner).task.idle();
      const [{ pending }] = await t.rows<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM refund WHERE status = 'pending' AND group_id = ANY($1)`,
        [groups],
      );
      if (pending === 0) {
        break;
      }
      await t.rows(`UPDATE refund SET next_attempt_at = now() WHERE status = 'pending' AND group_id = ANY($1)`, [
        groups,
      ]);
    }
    const [refunds] = await t.rows<{ owed: string; done: string; pending: number; ids: string[] }>(
      `SELECT coalesce(sum(amount_fen), 0) AS owed,
              coalesce(sum(amount_fen) FILTER (WHERE status = 'succeeded'), 0) AS done,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              coalesce(array_agg(id), '{}') AS ids
         FROM refund WHERE group_id = ANY($1)`,
      [groups],
    );
    const refundedByProvider = [...provider.refunds.values()]
      .filter((refund) => refunds.ids.includes(refund.refundId))
      .reduce((sum, refund) => sum + refund.amountFen, 0);
    expect(refunds.pending).toBe(0);
    expect(Number(refunds.done)).toBe(Number(refunds.owed));
    expect(refundedByProvider).toBe(Number(refunds.done));

    // deliver and confirm what was paid; the claim window passes
    const paid = await t.rows<{ id: string; buyer_id: string }>(
      `SELECT id, buyer_id FROM customer_order WHERE status = 'paid' AND group_id = ANY($1)`,
      [groups],
    );
    for (const { id } of paid) {
      const shipment = { shipmentId: id, orderId: id, at: new Date().toISOString() };
      await t.deliver(EventName.ShipmentCreated, shipment, logistics);
      await t.deliver(
        EventName.ShipmentDelivered,
        { ...shipment, receipt: { method: 'pickup_code', collectedBy: 'recipient' } },
        logistics,
      );
    }
    await t.rows(
      `UPDATE customer_order SET receipt_confirmed_at = now() - interval '2 days'
        WHERE status = 'completed' AND group_id = ANY($1)`,
      [groups],
    );

    // statements closed by two staff at once, payouts with lost answers and an outage
    const payouts = t.get(SimulatedPayoutProvider);
    payouts.nextFailures.push('lost-answer', 'unavailable', 'lost-answer');
    const staff = countyStaff();
    const runner = t.get(PayoutRunner);
    await runner.task.stop(); // rounds only when this test runs them, so one can be "killed"
    const closings = await Promise.all([
      t.get(SettlementService).close(staff, COUNTY, {}),
      t.get(SettlementService).close(staff, COUNTY, {}),
    ]);
    const closed = closings.flat();
    expect(new Set(closed.map((s) => s.partyId)).size).toBe(closed.length);
    // the medium database is shared by the worker's files: the county's statements may include other files' parties
    // (one without a payee account never gets paid), so this test follows its own sellers' statements and payouts
    const statements = closed.filter((statement) => sellers.includes(statement.partyId));
    expect(statements).toHaveLength(sellers.length);
    const ids = statements.filter((statement) => statement.netFen > 0).map((statement) => statement.id);
    await t.rows(
      `UPDATE payout SET next_attempt_at = now() + interval '1 day' WHERE status = 'pending' AND NOT (statement_id = ANY($1))`,
      [ids],
    );

    // a payout round killed after the provider moved the money: leased, sent, and nothing recorded
    const killed = await t
      .get(TransactionalConnection)
      .withTransaction((manager) => t.get(SettlementRepository).leaseDuePayout(manager, 120));
    expect(killed).not.toBeNull();
    if (killed) {
      await payouts
        .transfer({
          payoutId: killed.payout.id,
          payeeAccount: { kind: 'simulated', account: 'chaos' },
          amountFen: killed.payout.amountFen,
          remark: 'killed mid-payout',
        })
        .catch(() => undefined); // the money moved; the answer never reached anyone
    }
    for (let round = 0; round < 6; round += 1) {
      await t.rows(`UPDATE payout SET next_attempt_at = now() WHERE status = 'pending' AND statement_id = ANY($1)`, [
        ids,
      ]);
      await Promise.all([runner.runDue(), runner.runDue()]);
    }
    await runner.task.idle();

    const [figures] = await t.rows<{
      stated: string;
      statements: number;
      paid: string;
      succeeded: number;
      payouts: string[];
    }>(
      `SELECT (SELECT coalesce(sum(net_fen), 0) FROM statement WHERE id = ANY($1)) AS stated,
              cardinality($1::uuid[]) AS statements,
              coalesce(sum(amount_fen) FILTER (WHERE status = 'succeeded'), 0) AS paid,
              count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              coalesce(array_agg(id), '{}') AS payouts
         FROM payout WHERE statement_id = ANY($1)`,
      [ids],
    );
    const moved = [...payouts.payouts.values()]
      .filter((payout) => figures.payouts.includes(payout.payoutId) && payout.result.status === 'succeeded')
      .reduce((sum, payout) => sum + payout.amountFen, 0);
    expect(figures.succeeded).toBe(figures.statements);
    expect(Number(figures.paid)).toBe(Number(figures.stated));
    expect(moved).toBe(Number(figures.stated));
    const balances = await expectLedgerAgrees(t);
    for (const seller of sellers) {
      expect(balances[`seller_payable/${seller}`]).toBeUndefined();
    }
    // the figures quoted in the closing note
    console.info(
      JSON.stringify({
        orders: ORDERS,
        notificationsDelivered: webhooks.length,
        providerTransactions: transactions[0].n,
        duplicatesAnswered: outcomes.filter((outcome) => outcome.duplicate).length,
        cancelledDuringStorm: cancelled.length,
        refundsFen: Number(refunds.done),
        refundedByProviderFen: refundedByProvider,
        statements: figures.statements,
        statedFen: Number(figures.stated),
        paidOutFen: Number(figures.paid),
        movedByPayoutProviderFen: moved,
        killedMidPayout: Boolean(killed),
      }),
    );
  });
});
