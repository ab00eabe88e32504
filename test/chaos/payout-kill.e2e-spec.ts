import { MediumTest, workerDatabase } from '@countyflow/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { OrderService } from '../../apps/orders/src/order/order.service';
import { PayoutRunner } from '../../apps/orders/src/settlement/payout.runner';
import { SettlementService } from '../../apps/orders/src/settlement/settlement.service';
import { expectLedgerAgrees } from '../medium/orders/ledger-replay';
import {
  confirmedAgo,
  COUNTY,
  countyStaff,
  deliveredOrder,
  principal,
  sellerWithPayee,
  startOrders,
} from '../medium/orders/support';
import { FakeWechatPay, wechatPayEnv, wechatPayKeys } from '../money/providers/fake-wechatpay';
import { ensureBuilt, ServiceProcess } from '../support/built-services';

/*
 * The chaos check with a real kill: the orders service runs as a process of its own, paying sellers' statements
 * through WeChat Pay's merchant transfer (a local fake with keys made here). It is SIGKILLed twice in the middle of
 * a payout round — once after WeChat Pay recorded the transfer and before its answer left (the money moved, nothing
 * was committed here), once just after the answer left — and started again each time. Afterwards every statement is
 * paid exactly once, to the fen, and the ledger replays to the business tables.
 */

jest.setTimeout(8 * 60_000);

const SELLERS = 8;
const TRANSFERS_PATH = '/v3/fund-app/mch-transfer/transfer-bills';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('payouts: the orders process SIGKILLed mid-round and restarted pays every statement exactly once', () => {
  const fake = new FakeWechatPay(wechatPayKeys());
  let t: MediumTest;
  let orders: ServiceProcess;

  beforeAll(async () => {
    ensureBuilt(['orders']);
    const baseUrl = await fake.start();
    t = await startOrders();
    // this process only prepares the statements: the child process pays them
    await t.get(PayoutRunner).task.stop();
    const port = await freePort();
    orders = new ServiceProcess('orders', `http://127.0.0.1:${port}`, {
      ...wechatPayEnv(fake.keys, baseUrl, 'https://pay.county.example/api/orders'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: await workerDatabase(process.env),
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `cf-payout-kill-${process.pid}`,
      MIGRATE_ON_BOOT: 'false',
      ORDERS_PORT: String(port),
      PAYOUT_INTERVAL_MS: '100',
      PAYOUT_LEASE_SECONDS: '2',
      REFUND_INTERVAL_MS: '3600000',
      ORDER_EXPIRY_SWEEP_INTERVAL_MS: '3600000',
      CLAIM_SWEEP_INTERVAL_MS: '3600000',
      RECEIPT_CONFIRM_SWEEP_INTERVAL_MS: '3600000',
      PAYMENT_RECONCILE_INTERVAL_MS: '3600000',
    });
  });

  afterAll(async () => {
    await orders?.kill();
    await fake.stop();
    await t?.close();
  });

  it('pays each statement once through kills before and after the provider’s answer; the ledger balances', async () => {
    const buyer = principal();
    const sellers: string[] = [];
    for (let i = 0; i < SELLERS; i += 1) {
      const { seller, skuId } = await sellerWithPayee(t, { kind: 'wechat_openid', account: `oPayee_${i}_openid` });
      sellers.push(seller);
      for (let n = 0; n <= i % 3; n += 1) {
        const orderId = await deliveredOrder(t, buyer, skuId, { quantity: 1 + ((i + n) % 3) });
        await t.get(OrderService).confirmReceipt(buyer, orderId);
        await confirmedAgo(t, orderId, 25);
      }
    }
    const statements = (await t.get(SettlementService).close(countyStaff(), COUNTY, {})).filter((statement) =>
      sellers.includes(statement.partyId),
    );
    expect(statements).toHaveLength(SELLERS);
    const owedFen = statements.reduce((sum, statement) => sum + statement.netFen, 0);
    const billNo = new Map(statements.map((statement) => [statement.payout!.id.replace(/-/g, ''), statement]));

    // the kills: WeChat Pay has recorded the transfer (money moved) when the service dies
    let transferRequests = 0;
    let killedBeforeAnswer: string | null = null;
    const kills: string[] = [];
    fake.beforeAnswer = async (request) => {
      if (request.method !== 'POST' || request.url !== TRANSFERS_PATH) return;
      transferRequests += 1;
      if (transferRequests === 2) {
        killedBeforeAnswer = (JSON.parse(request.body) as { out_bill_no: string }).out_bill_no;
        kills.push('after the transfer was recorded, before its answer left');
        await orders.kill();
      } else if (transferRequests === 5) {
        kills.push('just after the answer left, before the commit could finish');
        setImmediate(() => void orders.kill());
      }
    };
    const transfersBefore = fake.transfersMade;

    await orders.start();
    const paid = async () => {
      const [row] = await t.rows<{ open: number }>(
        `SELECT count(*)::int AS open FROM payout WHERE statement_id = ANY($1::uuid[]) AND status <> 'succeeded'`,
        [statements.map((statement) => statement.id)],
      );
      return row.open === 0;
    };
    const deadline = Date.now() + 5 * 60_000;
    while (!(await paid())) {
      if (Date.now() > deadline) throw new Error(`payouts not all paid: ${orders.output.join('\n')}`);
      if (!orders.running) await orders.start();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await orders.kill();

    // at the provider: one bill per statement, for its net, and nothing else moved
    const bills = [...fake.bills.values()].filter((bill) => billNo.has(String(bill.out_bill_no)));
    expect(bills).toHaveLength(SELLERS);
    for (const bill of bills) {
      expect(bill.transfer_amount).toBe(billNo.get(String(bill.out_bill_no))!.netFen);
    }
    expect(fake.transfersMade - transfersBefore).toBe(SELLERS);

    // here: one payout per statement, succeeded, never failed; the one killed before its answer was asked after
    const payouts = await t.rows<{ id: string; status: string; attempts: number; amount_fen: string }>(
      `SELECT id, status, attempts, amount_fen FROM payout WHERE statement_id = ANY($1::uuid[])`,
      [statements.map((statement) => statement.id)],
    );
    expect(payouts.map((payout) => payout.status)).toEqual(statements.map(() => 'succeeded'));
    const lost = payouts.find((payout) => payout.id.replace(/-/g, '') === killedBeforeAnswer)!;
    expect(lost.attempts).toBeGreaterThanOrEqual(2);
    const posted = await t.rows<{ fen: string; entries: number }>(
      `SELECT coalesce(sum(p.amount_fen), 0) AS fen, count(DISTINCT e.id)::int AS entries
         FROM ledger_entry e JOIN ledger_posting p ON p.entry_id = e.id
        WHERE e.kind = 'payout' AND p.amount_fen > 0 AND e.source_key = ANY($1::text[])`,
      [statements.map((statement) => `payout:${statement.id}`)],
    );
    expect(posted).toEqual([{ fen: String(owedFen), entries: SELLERS }]);
    const balances = await expectLedgerAgrees(t);
    for (const seller of sellers) {
      expect(balances[`seller_payable/${seller}`]).toBeUndefined();
    }

    const queries = fake.http.received.filter(
      (request) => request.method === 'GET' && request.url.startsWith(`${TRANSFERS_PATH}/out-bill-no/`),
    ).length;
    const figures = {
      statements: SELLERS,
      owedFen,
      paidAtProviderFen: bills.reduce((sum, bill) => sum + Number(bill.transfer_amount), 0),
      kills,
      processStarts: orders.starts,
      transferRequests,
      transfersMade: fake.transfersMade - transfersBefore,
      repeatedTransfersAnsweredWithTheSameBill: fake.transfersRepeated,
      queriesAfterACrash: queries,
      attempts: payouts.reduce((sum, payout) => sum + payout.attempts, 0),
      payoutLedgerEntries: posted[0].entries,
    };
    const dir = join(__dirname, '..', '..', 'test-artifacts', 'money');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'payout-kill.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`payout kill figures: ${JSON.stringify(figures)}`);
    expect(kills).toHaveLength(2);
    expect(orders.starts).toBe(3);
  });
});
