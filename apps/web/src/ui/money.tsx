import { useState } from 'react';
import { api, type PayoutState, type Statement, type StatementDetail } from '../api';
import { defineMessages, useFormat, useMessages } from '../i18n';
import { moneyApi } from './moneyApi';
import { ProblemMessage } from './ProblemMessage';
import { AsyncView } from './states';
import { useApi } from './useApi';

/*
 * A statement as every area shows it (the seller's, the service point's, the county's): its figures, its payout, its
 * lines and its CSV / Excel downloads (apps/orders/src/settlement; docs/money.md "Settlement and payouts").
 */

export const moneyMessages = defineMessages(
  {
    sold: '货款',
    freight: '运费',
    refunds: '退款',
    sellerDiscount: '店铺券优惠（卖家承担）',
    platformDiscount: '其中平台券补贴（平台承担）',
    countyDiscount: '其中县券补贴（县里承担）',
    withheld: '扣除佣金',
    earned: '佣金收入',
    net: '应结金额',
    orders: '订单数',
    period: (from: string, to: string) => (from ? `${from} 至 ${to}` : `截至 ${to}`),
    payout: '打款',
    payoutState: (state: PayoutState): string =>
      ({ nothing_owed: '无需打款', paying: '打款中', paid: '已打款', failing: '打款重试中', failed: '打款失败' })[
        state
      ],
    payoutAttempts: (n: number) => `已尝试 ${n} 次`,
    payoutError: (reason: string) => `原因：${reason}`,
    lines: '明细',
    lineWhen: '时间',
    lineOrder: '订单',
    lineItem: '项目',
    lineAmount: '金额',
    item: (item: string): string =>
      ({
        goods: '货款',
        freight: '运费',
        refund: '退款',
        point_commission: '服务点佣金',
        platform_commission: '平台佣金',
        seller_discount: '店铺券优惠',
      })[item] ?? '其他',
    entry: (kind: string): string =>
      ({
        payment_applied: '在线支付',
        cash_received: '现金收款',
        refund_decided: '退款',
        commission_earned: '订单完成',
        discount_reversed: '退款退回补贴',
        payout: '打款',
      })[kind] ?? '记账',
    downloadCsv: '下载 CSV',
    downloadExcel: '下载表格 XLSX',
    downloading: '正在下载…',
  },
  {
    sold: 'Goods sold',
    freight: 'Freight',
    refunds: 'Refunds',
    sellerDiscount: 'Shop coupons (seller-funded)',
    platformDiscount: 'Of which platform coupons (platform-funded)',
    countyDiscount: 'Of which county coupons (county-funded)',
    withheld: 'Commission withheld',
    earned: 'Commission earned',
    net: 'Net payable',
    orders: 'Orders',
    period: (from: string, to: string) => (from ? `${from} to ${to}` : `Up to ${to}`),
    payout: 'Payout',
    payoutState: (state: PayoutState): string =>
      ({
        nothing_owed: 'Nothing to pay',
        paying: 'Paying',
        paid: 'Paid',
        failing: 'Retrying',
        failed: 'Payout failed',
      })[state],
    payoutAttempts: (n: number) => `${n} attempt${n === 1 ? '' : 's'}`,
    payoutError: (reason: string) => `Reason: ${reason}`,
    lines: 'Lines',
    lineWhen: 'When',
    lineOrder: 'Order',
    lineItem: 'Item',
    lineAmount: 'Amount',
    item: (item: string): string =>
      ({
        goods: 'Goods',
        freight: 'Freight',
        refund: 'Refund',
        point_commission: 'Service point commission',
        platform_commission: 'Platform commission',
        seller_discount: 'Shop coupon',
      })[item] ?? 'Other',
    entry: (kind: string): string =>
      ({
        payment_applied: 'Paid online',
        cash_received: 'Cash taken',
        refund_decided: 'Refund',
        commission_earned: 'Order completed',
        discount_reversed: 'Subsidy returned on refund',
        payout: 'Payout',
      })[kind] ?? 'Posting',
    downloadCsv: 'Download CSV',
    downloadExcel: 'Download Excel',
    downloading: 'Downloading…',
  },
);

const PAYOUT_TONE: Record<PayoutState, string> = {
  nothing_owed: 'tag-muted',
  paying: 'tag-warn',
  paid: 'tag-good',
  failing: 'tag-bad',
  failed: 'tag-bad',
};

export function PayoutStateTag({ state }: { state: PayoutState }) {
  const t = useMessages(moneyMessages);
  return (
    <span className={`tag ${PAYOUT_TONE[state]}`} data-payout-state={state}>
      {t.payoutState(state)}
    </span>
  );
}

/** The statement's period in the reader's words. */
export function useStatementPeriod(): (statement: Statement) => string {
  const t = useMessages(moneyMessages);
  const f = useFormat();
  return (statement) => t.period(statement.periodFrom ? f.date(statement.periodFrom) : '', f.date(statement.periodTo));
}

/** An amount taken from the party, shown negative (and a nothing as ¥0.00, not −¥0.00). */
const taken = (fen: number): number => (fen === 0 ? 0 : -fen);

/** Sold, freight, refunds, commission, net and the payout of one statement. */
export function StatementFigures({ statement }: { statement: Statement }) {
  const t = useMessages(moneyMessages);
  const f = useFormat();
  const seller = statement.partyKind === 'seller';
  const rows: [string, string, number][] = seller
    ? [
        ['sold', t.sold, statement.soldFen],
        ['freight', t.freight, statement.freightFen],
        ['refunds', t.refunds, taken(statement.refundsFen)],
        // who funded the coupons: the shop's own come off the net, the platform's and county's are part of sold
        ...(statement.sellerDiscountFen !== 0
          ? [['seller-discount', t.sellerDiscount, taken(statement.sellerDiscountFen)] as [string, string, number]]
          : []),
        ...(statement.platformDiscountFen !== 0
          ? [['platform-discount', t.platformDiscount, statement.platformDiscountFen] as [string, string, number]]
          : []),
        ...(statement.countyDiscountFen !== 0
          ? [['county-discount', t.countyDiscount, statement.countyDiscountFen] as [string, string, number]]
          : []),
        ['withheld', t.withheld, taken(statement.commissionWithheldFen)],
      ]
    : [['earned', t.earned, statement.commissionEarnedFen]];
  return (
    <dl className="facts money-facts" data-testid="statement-figures">
      {rows.map(([key, label, fen]) => (
        <div key={key}>
          <dt>{label}</dt>
          <dd className="num" data-figure={key}>
            {f.fen(fen)}
          </dd>
        </div>
      ))}
      <div className="money-net">
        <dt>{t.net}</dt>
        <dd className="num price" data-figure="net">
          {f.fen(statement.netFen)}
        </dd>
      </div>
      <div>
        <dt>{t.orders}</dt>
        <dd className="num">{statement.orders}</dd>
      </div>
      <div>
        <dt>{t.payout}</dt>
        <dd>
          <PayoutStateTag state={statement.payoutState} />
          {statement.payout && statement.payout.attempts > 1 && (
            <span className="muted small"> {t.payoutAttempts(statement.payout.attempts)}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** The postings a statement is made of. */
export function StatementLines({ statement }: { statement: StatementDetail }) {
  const t = useMessages(moneyMessages);
  const f = useFormat();
  return (
    <details className="card" open>
      <summary>{t.lines}</summary>
      <div className="table-wrap">
        <table className="table" data-testid="statement-lines">
          <thead>
            <tr>
              <th scope="col">{t.lineWhen}</th>
              <th scope="col">{t.lineItem}</th>
              <th scope="col" className="num">
                {t.lineAmount}
              </th>
            </tr>
          </thead>
          <tbody>
            {statement.lines.map((line, index) => (
              <tr key={index}>
                <td>{f.dateTime(line.postedAt)}</td>
                <td>
                  {t.entry(line.entryKind)} · {t.item(line.item)}
                </td>
                {/* the ledger's sign (credit negative) turned to the party's: what is owed to it is positive */}
                <td className="num">{f.fen(taken(line.amountFen))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** Saves what the API answered as a file, as the browser would a link with `download`. */
async function saveExport(id: string, format: 'csv' | 'xlsx'): Promise<void> {
  const { data, response } = await api.http.GET('/api/orders/statements/{id}/export', {
    params: { path: { id }, query: { format } },
    parseAs: 'blob',
  });
  const name =
    /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `statement.${format}`;
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** CSV and Excel downloads of a statement (the token goes with the call, so a plain link would not do). */
export function StatementDownloads({ id }: { id: string }) {
  const t = useMessages(moneyMessages);
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const [error, setError] = useState<unknown>();
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setError(undefined);
    try {
      await saveExport(id, format);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="card">
      <div className="row">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy !== null}
          onClick={() => void run('csv')}
        >
          {busy === 'csv' ? t.downloading : t.downloadCsv}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy !== null}
          onClick={() => void run('xlsx')}
        >
          {busy === 'xlsx' ? t.downloading : t.downloadExcel}
        </button>
      </div>
      <ProblemMessage error={error} />
    </div>
  );
}

/** One statement with its figures, downloads and lines (the area's page gives the frame and the title). */
export function StatementView({ area, id }: { area: string; id: string }) {
  const period = useStatementPeriod();
  const { data, error, loading, reload } = useApi([area, 'StatementView.statement', id], (signal) =>
    moneyApi.statement(id, signal),
  );
  return (
    <AsyncView data={data} error={error} loading={loading} onRetry={reload}>
      {(statement) => (
        <>
          <section className="card" data-testid="statement" data-statement-id={statement.id}>
            <p className="muted">{period(statement)}</p>
            <StatementFigures statement={statement} />
          </section>
          <StatementDownloads id={statement.id} />
          <StatementLines statement={statement} />
        </>
      )}
    </AsyncView>
  );
}
