import { MediumTest } from '@countyflow/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { RefundRunner } from '../../../apps/orders/src/payment/refund.runner';

type Balances = Record<string, number>;

/** Where the balances are read from: the test's pool, or one snapshot of it (see `expectLedgerAgrees`). */
type Reader = Pick<MediumTest, 'rows'>;

const key = (kind: string, party: string | null): string => (party ? `${kind}/${party}` : kind);

/** Every account's balance in the ledger, summed over counties, by `kind` or `kind/party`. */
export async function ledgerBalances(t: Reader): Promise<Balances> {
  const rows = await t.rows<{ kind: string; party_id: string | null; balance: string }>(
    `SELECT a.kind, a.party_id, sum(p.amount_fen) AS balance
       FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id GROUP BY a.kind, a.party_id`,
  );
  return Object.fromEntries(
    rows.filter((row) => Number(row.balance) !== 0).map((row) => [key(row.kind, row.party_id), Number(row.balance)]),
  );
}

/**
 * The balances recomputed from the business tables alone (payments, refunds, cash, commissions, payouts): what the
 * ledger must replay to. Written independently of the posting code on purpose.
 */
export async function businessBalances(t: Reader): Promise<Balances> {
  const totals: Balances = {};
  const add = (account: string, fen: number | string): void => {
    totals[account] = (totals[account] ?? 0) + Number(fen);
  };
  for (const row of await t.rows<{ amount: string }>(
    `SELECT amount_fen AS amount FROM payment_transaction WHERE provider <> 'cash'`,
  )) {
    add('provider_clearing', row.amount);
  }
  // a paid order: the buyer's money, and what a platform's or county's coupon took off it, paid by that sponsor; a
  // pre-sale order whose balance (尾款) is not paid: its deposit (定金) alone
  const sponsored: { id: string; seller: string; sponsor: string; discount: number; total: number }[] = [];
  for (const row of await t.rows<{
    id: string;
    seller: string;
    total: string;
    cash: boolean;
    point: string | null;
    sponsor: string | null;
    discount: string;
  }>(
    `SELECT id, seller_org_id AS seller, cash_received_at IS NOT NULL AS cash,
            CASE WHEN deposit_fen IS NOT NULL AND balance_transaction_id IS NULL THEN deposit_fen
                 ELSE total_fen END AS total,
            destination_service_point_org_id AS point, sponsor, sponsor_discount_fen AS discount
       FROM customer_order WHERE paid_at IS NOT NULL OR cash_received_at IS NOT NULL`,
  )) {
    add(key('seller_payable', row.seller), -Number(row.total) - Number(row.discount));
    if (row.sponsor) {
      add(`${row.sponsor}_discount`, row.discount);
      sponsored.push({
        id: row.id,
        seller: row.seller,
        sponsor: row.sponsor,
        discount: Number(row.discount),
        total: Number(row.total),
      });
    }
    if (row.cash) {
      add(key('point_cash', row.point), row.total);
    }
  }
  // money no order could take (late, duplicate, wrong amount) is owed back at once
  for (const row of await t.rows<{ amount: string }>(
    `SELECT t.amount_fen - coalesce(sum(CASE WHEN t.id = o.balance_transaction_id THEN o.total_fen - o.deposit_fen
                                             ELSE coalesce(o.deposit_fen, o.total_fen) END), 0) AS amount
       FROM payment_transaction t LEFT JOIN customer_order o ON o.id = ANY(t.applied_order_ids)
      WHERE t.provider <> 'cash' GROUP BY t.id`,
  )) {
    add('refunds_payable', -Number(row.amount));
  }
  for (const row of await t.rows<{
    seller: string;
    point: string | null;
    amount: string;
    status: string;
    applied: boolean;
    cash: boolean;
  }>(
    `SELECT o.seller_org_id AS seller, o.destination_service_point_org_id AS point, r.amount_fen AS amount, r.status,
            (r.payment_transaction_id IN (o.payment_transaction_id, o.balance_transaction_id)
             OR o.cash_received_at IS NOT NULL) AS applied,
            t.provider = 'cash' AS cash
       FROM refund r JOIN payment_transaction t ON t.id = r.payment_transaction_id
       LEFT JOIN customer_order o ON o.id = r.order_id`,
  )) {
    if (row.applied) {
      add(key('seller_payable', row.seller), row.amount);
      add('refunds_payable', -Number(row.amount));
    }
    if (row.status === 'succeeded') {
      add('refunds_payable', row.amount);
      add(row.cash ? key('point_cash', row.point) : 'provider_clearing', -Number(row.amount));
    }
  }
  // refunds of a sponsored order take the sponsor's share of the refunded part back from the seller
  const refunded = new Map<string, number>();
  for (const row of await t.rows<{ order_id: string; amount: string }>(
    `SELECT r.order_id, sum(r.amount_fen) AS amount
       FROM refund r JOIN customer_order o ON o.id = r.order_id
      WHERE r.payment_transaction_id IN (o.payment_transaction_id, o.balance_transaction_id)
         OR o.cash_received_at IS NOT NULL
      GROUP BY r.order_id`,
  )) {
    refunded.set(row.order_id, Number(row.amount));
  }
  for (const order of sponsored) {
    const fen = refunded.get(order.id) ?? 0;
    const back = fen >= order.total ? order.discount : Math.floor((order.discount * fen) / order.total);
    add(key('seller_payable', order.seller), back);
    add(`${order.sponsor}_discount`, -back);
  }
  for (const row of await t.rows<{ seller: string; point: string; amount: string }>(
    `SELECT o.seller_org_id AS seller, c.operator_org_id AS point, c.amount_fen AS amount
       FROM commission c JOIN customer_order o ON o.id = c.order_id WHERE c.status = 'earned' AND c.amount_fen > 0`,
  )) {
    add(key('seller_payable', row.seller), row.amount);
    add(key('point_commission_payable', row.point), -Number(row.amount));
  }
  for (const row of await t.rows<{ kind: string; party: string; amount: string }>(
    `SELECT s.account_kind AS kind, s.party_id AS party, p.amount_fen AS amount
       FROM payout p JOIN statement s ON s.id = p.statement_id WHERE p.status = 'succeeded'`,
  )) {
    add(key(row.kind, row.party), row.amount);
    add('provider_clearing', -Number(row.amount));
  }
  for (const row of await t.rows<{ point: string; amount: string }>(
    `SELECT point_org_id AS point, amount_fen AS amount FROM cash_handover WHERE status = 'confirmed'`,
  )) {
    add(key('point_cash', row.point), -Number(row.amount));
    add('county_cash', row.amount);
  }
  return Object.fromEntries(Object.entries(totals).filter(([, fen]) => fen !== 0));
}

/**
 * The ledger replays to the business tables, and every journal entry sums to zero. Both sides are read in one
 * REPEATABLE READ snapshot: a refund or payout the runners finish in the background between two separate reads
 * would otherwise show on one side only.
 */
export async function expectLedgerAgrees(t: MediumTest): Promise<Balances> {
  const [unbalanced, ledger, business] = await t.dataSource.transaction('REPEATABLE READ', async (manager) => {
    const snapshot: Reader = { rows: <T>(query: string, params: unknown[] = []) => manager.query<T[]>(query, params) };
    return [
      await snapshot.rows(`SELECT entry_id FROM ledger_posting GROUP BY entry_id HAVING sum(amount_fen) <> 0`),
      await ledgerBalances(snapshot),
      await businessBalances(snapshot),
    ] as const;
  });
  expect(unbalanced).toEqual([]);
  expect(ledger).toEqual(business);
  return ledger;
}

/**
 * Pays every pending refund: a round of its own, and waits for one a commit nudged in the background (it holds its
 * rows locked, which a second round skips).
 */
export async function refundsPaid(t: MediumTest): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    await t.get(RefundRunner).runDue();
    const [{ pending }] = await t.rows<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM refund WHERE status = 'pending' AND attempts = 0`,
    );
    if (pending === 0) {
      return;
    }
    await sleep(100);
  }
  throw new Error('refunds still pending after 5 s');
}
