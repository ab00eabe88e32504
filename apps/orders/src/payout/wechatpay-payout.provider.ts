import { compactId, WechatPayClient, WechatPayError } from '../payment/wechatpay/wechatpay.client';
import { PayoutProvider, PayoutRequest, PayoutResult, PayoutUnknown } from './payout-provider';

interface TransferBill {
  out_bill_no: string;
  transfer_bill_no?: string;
  create_time?: string;
  update_time?: string;
  state:
    'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';
  fail_reason?: string;
  transfer_amount?: number;
}

export interface WechatPayoutSettings {
  /** 转账场景ID, granted to the merchant (e.g. 1005 for 佣金报酬). */
  transferSceneId: string;
  /** transfer_scene_report_infos the scene requires (e.g. 岗位类型 / 报酬说明 for 佣金报酬). */
  sceneReportInfos: { info_type: string; info_content: string }[];
}

const BILLS = '/v3/fund-app/mch-transfer/transfer-bills';

/**
 * Payouts through WeChat Pay's merchant transfer (商家转账): one transfer bill per payout, our payout id (dashes
 * removed) its out_bill_no, so a repeated request names the same bill. No notify_url is given: the payout runner
 * queries the bill until it is final. A refusal (4xx) counts as failed only after
 * querying the bill shows WeChat Pay never created it — WeChat asks never to change the bill number on an unknown
 * error code, and we never do: anything unclear is thrown for a retry with the same id.
 */
export class WechatPayPayoutProvider extends PayoutProvider {
  constructor(
    private readonly client: WechatPayClient,
    private readonly settings: WechatPayoutSettings,
    readonly name = 'wechatpay',
  ) {
    super();
  }

  async transfer(request: PayoutRequest): Promise<PayoutResult> {
    const { payeeAccount } = request;
    if (payeeAccount.kind !== 'wechat_openid') {
      return {
        status: 'failed',
        providerPayoutId: null,
        code: 'UNSUPPORTED_PAYEE',
        reason: `WeChat Pay transfers go to an openid, not to a ${payeeAccount.kind}`,
      };
    }
    try {
      const bill = await this.client.request<TransferBill>('POST', BILLS, {
        appid: this.client.settings.appId,
        out_bill_no: compactId(request.payoutId),
        transfer_scene_id: this.settings.transferSceneId,
        openid: payeeAccount.account,
        ...(payeeAccount.name ? { user_name: this.client.encrypt(payeeAccount.name) } : {}),
        transfer_amount: request.amountFen,
        transfer_remark: request.remark.slice(0, 32),
        transfer_scene_report_infos: this.settings.sceneReportInfos,
      });
      return this.result(bill!);
    } catch (error) {
      if (!(error instanceof WechatPayError) || error.status >= 500) {
        throw error;
      }
      const known = await this.query(request.payoutId);
      if (known.status !== 'unknown') {
        return known;
      }
      return { status: 'failed', providerPayoutId: null, code: error.code, reason: error.message };
    }
  }

  async query(payoutId: string): Promise<PayoutResult | PayoutUnknown> {
    try {
      const bill = await this.client.request<TransferBill>('GET', `${BILLS}/out-bill-no/${compactId(payoutId)}`);
      return this.result(bill!);
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'NOT_FOUND') {
        return { status: 'unknown' };
      }
      throw error;
    }
  }

  private result(bill: TransferBill): PayoutResult {
    const providerPayoutId = bill.transfer_bill_no ?? null;
    switch (bill.state) {
      case 'SUCCESS':
        return {
          status: 'succeeded',
          providerPayoutId: providerPayoutId ?? bill.out_bill_no,
          completedAt: bill.update_time ?? bill.create_time ?? new Date().toISOString(),
        };
      case 'FAIL':
      case 'CANCELLED':
        return { status: 'failed', providerPayoutId, code: bill.state, reason: bill.fail_reason ?? bill.state };
      default:
        return { status: 'pending', providerPayoutId };
    }
  }
}
