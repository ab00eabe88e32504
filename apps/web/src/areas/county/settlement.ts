import { api, dataOf, type CountySettlement, type LedgerAccount, type Statement } from '../../api';
import { defineMessages } from '../../i18n';

/*
 * County staff's settlement: what the county owes, has paid and is failing to pay; a payout round (a statement per
 * seller and point for what is settleable, each paid out once); a refused payout paid again; the ledger's balances.
 * apps/orders/src/settlement, docs/money.md.
 */

export const settlementApi = {
  view: (county: string, signal?: AbortSignal): Promise<CountySettlement> =>
    dataOf(
      api.http.GET('/api/orders/counties/{countyCode}/settlement', {
        params: { path: { countyCode: county } },
        signal,
      }),
    ),
  ledger: (county: string, signal?: AbortSignal): Promise<LedgerAccount[]> =>
    dataOf(
      api.http.GET('/api/orders/counties/{countyCode}/ledger', { params: { path: { countyCode: county } }, signal }),
    ),
  close: (county: string): Promise<Statement[]> =>
    dataOf(
      api.http.POST('/api/orders/counties/{countyCode}/statements', {
        params: { path: { countyCode: county } },
        body: {},
      }),
    ),
  retry: (statementId: string): Promise<Statement> =>
    dataOf(api.http.POST('/api/orders/statements/{id}/payout-retry', { params: { path: { id: statementId } } })),
};

/** The provider's refusals county staff meet most, in Chinese (the provider's own words follow when it gave some). */
const zhPayoutCodes: Record<string, string> = {
  INVALID_REQUEST: '收款账户与商户不匹配',
  PARAM_ERROR: '打款参数有误',
  NOT_ENOUGH: '商户余额不足',
  NO_AUTH: '商户没有打款权限',
  PAYEE_ACCOUNT_ABNORMAL: '收款账户异常',
  PAYEE_NOT_EXIST: '收款账户不存在',
  PAYEE_USER_INFO_ERROR: '收款人姓名与账户不符',
  PAYER_BALANCE_NOT_ENOUGH: '商户余额不足',
  FAIL: '打款失败',
  BANK_REFUSED: '收款银行拒绝了打款',
};
const CODED = /^([A-Z][A-Z0-9_.]*): ?([\s\S]*)$/;
const HAN = /\p{Script=Han}/u;
// the provider's words are shown only when they are Chinese through and through (not "openid与appid不匹配")
const LATIN_WORD = /[A-Za-z]{3,}/;

/**
 * Why a payout fails, in Chinese: the provider's code in words (and its own reason when it wrote Chinese), or for an
 * attempt that errored before the provider decided, that it is retried by itself. The raw reason stays on the row.
 */
export function zhPayoutReason(reason: string, state: 'failing' | 'failed'): string {
  const coded = CODED.exec(reason);
  if (coded) {
    const [, code, message] = coded;
    // an adapter's error may repeat the code before the provider's words ("WeChat Pay 400 CODE: 原因")
    const marker = message.lastIndexOf(`${code}: `);
    const words = marker < 0 ? message : message.slice(marker + code.length + 2);
    const known = zhPayoutCodes[code] ?? '支付机构拒绝了打款';
    return HAN.test(words) && !LATIN_WORD.test(words) && words !== known
      ? `${known}：${words}（${code}）`
      : `${known}（${code}）`;
  }
  if (reason.startsWith('no payee account')) {
    return '还没有设收款账户';
  }
  return state === 'failing' ? '打款请求没有成功，系统会自动再试' : '支付机构拒绝了打款';
}

const zhAccounts: Record<string, string> = {
  provider_clearing: '支付机构待清算',
  seller_payable: '应付卖家',
  point_commission_payable: '应付服务点佣金',
  platform_commission: '平台佣金',
  point_cash: '服务点现金',
  county_cash: '县里已收现金',
  refunds_payable: '待付退款',
};
const enAccounts: Record<string, string> = {
  provider_clearing: 'Provider clearing',
  seller_payable: 'Owed to seller',
  point_commission_payable: 'Commission owed to point',
  platform_commission: 'Platform commission',
  point_cash: 'Cash at point',
  county_cash: 'Cash at the county office',
  refunds_payable: 'Refunds to pay',
};

export const settlementMessages = defineMessages(
  {
    title: '结算打款',
    intro:
      '确认收货并过了售后期的订单可以结算：每次结算为每个卖家和服务点出一张结算单，应结金额通过支付机构打款，每张只打一次。',
    owedToSellers: '应付卖家',
    owedToPoints: '应付服务点佣金',
    cashAtPoints: '服务点现金',
    refundsOwed: '待付退款',
    paidOut: '已打款',
    paying: '打款中',
    failing: (n: number) => `打款失败 ${n} 笔`,
    runRound: '结算并打款',
    runQuestion: '现在结算所有可结算的订单，并为每张应结单打款？',
    runYes: '确认结算',
    roundDone: (n: number) => (n === 0 ? '没有可结算的订单。' : `已出 ${n} 张结算单，正在打款。`),
    statements: '结算单',
    noStatements: '还没有结算单',
    kind: (kind: 'seller' | 'service_point') => (kind === 'seller' ? '卖家' : '服务点'),
    retry: '重新打款',
    retryQuestion: (amount: string) => `支付机构拒绝了这笔打款。确认收款账户已改正后，重新打款 ${amount}？`,
    retryYes: '重新打款',
    view: '查看',
    ledger: '县账簿余额',
    ledgerIntro: '由每一笔记账重新算出；借方为正。',
    accountName: (kind: string) => zhAccounts[kind] ?? '其他科目',
    statementTitle: '结算单',
    back: '返回结算打款',
    parties: '各卖家和服务点',
    partiesIntro: '打款失败的排在前面。',
    noParties: '还没有卖家或服务点记过账',
    owed: '应付',
    paidTo: '已打款',
    payingTo: '打款中',
    failingTo: '打款失败',
    noPayee: '未设收款账户',
    troubleState: (state: 'failing' | 'failed') => (state === 'failed' ? '支付机构拒绝' : '正在重试'),
    attempts: (n: number) => `已试 ${n} 次`,
    reason: (reason: string, state: 'failing' | 'failed') => zhPayoutReason(reason, state),
  },
  {
    title: 'Settlement',
    intro:
      'Orders whose receipt is confirmed and whose claim window has passed can be settled: each round makes a ' +
      'statement per seller and service point, and pays each net amount out once through the provider.',
    owedToSellers: 'Owed to sellers',
    owedToPoints: 'Commission owed to points',
    cashAtPoints: 'Cash at the points',
    refundsOwed: 'Refunds to pay',
    paidOut: 'Paid out',
    paying: 'Paying',
    failing: (n: number) => `${n} payout${n === 1 ? '' : 's'} failing`,
    runRound: 'Settle and pay out',
    runQuestion: 'Settle every settleable order now and pay out each statement?',
    runYes: 'Settle',
    roundDone: (n: number) =>
      n === 0 ? 'Nothing to settle.' : `${n} statement${n === 1 ? '' : 's'} made, being paid out.`,
    statements: 'Statements',
    noStatements: 'No statements yet',
    kind: (kind: 'seller' | 'service_point') => (kind === 'seller' ? 'Seller' : 'Service point'),
    retry: 'Pay again',
    retryQuestion: (amount: string) =>
      `The provider refused this payout. Once the payee account is corrected, pay ${amount} again?`,
    retryYes: 'Pay again',
    view: 'View',
    ledger: 'County ledger balances',
    ledgerIntro: 'Recomputed from every posting; debit positive.',
    accountName: (kind: string) => enAccounts[kind] ?? 'Other account',
    statementTitle: 'Statement',
    back: 'Back to settlement',
    parties: 'Sellers and service points',
    partiesIntro: 'Those whose payouts fail come first.',
    noParties: 'No seller or service point has postings yet',
    owed: 'Owed',
    paidTo: 'Paid out',
    payingTo: 'Paying',
    failingTo: 'Failing',
    noPayee: 'No payee account',
    troubleState: (state: 'failing' | 'failed') => (state === 'failed' ? 'Refused by the provider' : 'Retrying'),
    attempts: (n: number) => `${n} attempt${n === 1 ? '' : 's'}`,
    reason: (reason: string) => reason,
  },
);
