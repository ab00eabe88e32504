/**
 * Where a payout goes at the provider. `kind` names the provider's own account type: a WeChat Pay openid (商家转账 to a
 * user's balance), a WeChat Pay profit-sharing receiver (分账接收方: merchant id or openid), or an Alipay login id or
 * user id (单笔转账到支付宝账户). The simulator accepts any kind.
 */
export interface PayeeAccount {
  kind: 'wechat_openid' | 'wechat_merchant' | 'alipay_login_id' | 'alipay_user_id' | 'simulated';
  /** The account at the provider: openid, merchant id, Alipay login (phone or e-mail) or 2088… user id. */
  account: string;
  /** The payee's real name: WeChat Pay checks it above 2,000 yuan, Alipay whenever it is given. */
  name?: string;
}

export interface PayoutRequest {
  /**
   * Our payout id, and the provider's idempotency key (WeChat out_batch_no/out_detail_no or out_order_no, Alipay
   * out_biz_no): asking twice with the same id never pays twice. It must be stable across retries of one payout.
   */
  payoutId: string;
  payeeAccount: PayeeAccount;
  amountFen: number;
  /** Shown to the payee (WeChat transfer_remark / description, Alipay remark); up to 32 characters are kept. */
  remark: string;
}

/**
 * What the provider says about a payout. A caller may only decide "not paid" on `failed`: the provider answered
 * definitively that this payout id did not move money and never will. `pending` (accepted, still processing) and any
 * thrown error (timeout, 5xx, unknown answer) mean "maybe": ask again with the same payout id or query it.
 */
export type PayoutResult =
  | { status: 'succeeded'; providerPayoutId: string; completedAt: string }
  | { status: 'pending'; providerPayoutId: string | null }
  | { status: 'failed'; providerPayoutId: string | null; code: string; reason: string };

/** The payout id is unknown to the provider: a `transfer` with it was never received (safe to send it). */
export interface PayoutUnknown {
  status: 'unknown';
}

/**
 * What orders needs to pay sellers and service points: transfer money once per payout id, and ask where a payout
 * stands. Implementations: WeChat Pay (merchant transfer or profit sharing), Alipay (fund.trans.uni.transfer), and
 * the simulator for development and tests.
 */
export abstract class PayoutProvider {
  abstract readonly name: string;

  /**
   * Sends the payout, or, when this payout id was already sent, reports where it stands (never a second transfer).
   * Throws when the answer is not known (network error, 5xx, timeout): the caller retries with the same payout id.
   */
  abstract transfer(request: PayoutRequest): Promise<PayoutResult>;

  /** Where the payout with this id stands at the provider; `unknown` when the provider never received it. */
  abstract query(payoutId: string): Promise<PayoutResult | PayoutUnknown>;
}
