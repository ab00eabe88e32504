import { AlipayAnswer, AlipayClient, AlipayError, parseBeijingTime, text, yuan } from '../payment/alipay/alipay.client';
import { PayoutProvider, PayoutRequest, PayoutResult, PayoutUnknown } from './payout-provider';

const PRODUCT = { product_code: 'TRANS_ACCOUNT_NO_PWD', biz_scene: 'DIRECT_TRANSFER' };
/** Answers that say the transfer's outcome is not known (Alipay asks to query or retry with the same out_biz_no). */
const UNCLEAR = new Set(['SYSTEM_ERROR', 'ISP.SYSTEM_ERROR', 'AQC.SYSTEM_ERROR', 'ACQ.SYSTEM_ERROR']);

/**
 * Payouts through Alipay's single transfer to an Alipay account (alipay.fund.trans.uni.transfer, 单笔转账): our
 * payout id is the out_biz_no, which Alipay keeps unique, so a repeated request never pays twice. A business
 * refusal (40004) counts as failed only when alipay.fund.trans.common.query confirms no transfer exists.
 */
export class AlipayPayoutProvider extends PayoutProvider {
  constructor(
    private readonly client: AlipayClient,
    readonly name = 'alipay',
  ) {
    super();
  }

  async transfer(request: PayoutRequest): Promise<PayoutResult> {
    const { payeeAccount } = request;
    const identityType =
      payeeAccount.kind === 'alipay_user_id'
        ? 'ALIPAY_USER_ID'
        : payeeAccount.kind === 'alipay_login_id'
          ? 'ALIPAY_LOGON_ID'
          : null;
    if (!identityType) {
      return {
        status: 'failed',
        providerPayoutId: null,
        code: 'UNSUPPORTED_PAYEE',
        reason: `Alipay transfers go to an Alipay user id or login, not to a ${payeeAccount.kind}`,
      };
    }
    try {
      const answer = await this.client.call('alipay.fund.trans.uni.transfer', {
        out_biz_no: request.payoutId,
        trans_amount: yuan(request.amountFen),
        ...PRODUCT,
        order_title: request.remark.slice(0, 32),
        payee_info: {
          identity: payeeAccount.account,
          identity_type: identityType,
          ...(payeeAccount.name ? { name: payeeAccount.name } : {}),
        },
        remark: request.remark.slice(0, 32),
      });
      return this.result(answer);
    } catch (error) {
      if (!(error instanceof AlipayError) || error.code !== '40004' || UNCLEAR.has(error.subCode)) {
        throw error;
      }
      const known = await this.query(request.payoutId);
      if (known.status !== 'unknown') {
        return known;
      }
      return { status: 'failed', providerPayoutId: null, code: error.subCode, reason: error.message };
    }
  }

  async query(payoutId: string): Promise<PayoutResult | PayoutUnknown> {
    try {
      return this.result(
        await this.client.call('alipay.fund.trans.common.query', { out_biz_no: payoutId, ...PRODUCT }),
      );
    } catch (error) {
      if (error instanceof AlipayError && error.subCode === 'ORDER_NOT_EXIST') {
        return { status: 'unknown' };
      }
      throw error;
    }
  }

  private result(answer: AlipayAnswer): PayoutResult {
    const providerPayoutId = typeof answer.order_id === 'string' ? answer.order_id : null;
    switch (answer.status) {
      case 'SUCCESS': {
        const date = text(answer.trans_date) || text(answer.pay_date);
        return {
          status: 'succeeded',
          providerPayoutId: providerPayoutId ?? String(answer.out_biz_no),
          completedAt: new Date(parseBeijingTime(date) || Date.now()).toISOString(),
        };
      }
      case 'FAIL':
      case 'REFUND':
      case 'CLOSED':
        return {
          status: 'failed',
          providerPayoutId,
          code: String(answer.status),
          reason: text(answer.fail_reason) || text(answer.error_code) || String(answer.status),
        };
      default:
        return { status: 'pending', providerPayoutId };
    }
  }
}
