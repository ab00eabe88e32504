import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MAX_AMOUNT_FEN } from '../../common/limits';
import {
  PaymentChannel,
  PaymentProvider,
  ProviderNotification,
  ProviderPayment,
  ProviderPaymentRequest,
  ProviderPaymentState,
  ProviderRefund,
  ProviderRefundRequest,
  ProviderRefundState,
  WebhookRejected,
} from '../payment-provider';
import { compactId, WechatPayClient, WechatPayError } from './wechatpay.client';

interface Transaction {
  mchid: string;
  appid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  trade_state_desc?: string;
  success_time?: string;
  amount?: { total: number; payer_total?: number; currency: string };
}

/** A refund: the refund API answers its state as `status`, the notification's resource as `refund_status`. */
interface RefundResource {
  mchid?: string;
  refund_status?: 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'PROCESSING';
  success_time?: string;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number };
}

const CHANNELS = [PaymentChannel.WechatNative, PaymentChannel.WechatH5, PaymentChannel.WechatJsapi] as const;

const amount = (value: unknown, what: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT_FEN) {
    throw new WebhookRejected(400, 'malformed-webhook', `${what} must be a whole number of fen`);
  }
  return value;
};

/**
 * WeChat Pay API v3 (直连商户): Native, H5 and JSAPI payments, query and close by out_trade_no, domestic refunds and
 * the payment and refund notifications. Our payment id (dashes removed) is the out_trade_no, our refund id the
 * out_refund_no, so asking twice never charges or refunds twice.
 */
export class WechatPayPaymentProvider extends PaymentProvider {
  readonly channels = CHANNELS;

  /** `name`: `wechatpay` for the platform's merchant, `wechatpay:<merchant>` for a county's own. */
  constructor(
    readonly client: WechatPayClient,
    readonly name = 'wechatpay',
  ) {
    super();
  }

  async createPayment(request: ProviderPaymentRequest): Promise<ProviderPayment> {
    const channel = request.channel ?? PaymentChannel.WechatNative;
    const { appId, mchId, notifyUrl } = this.client.settings;
    const outTradeNo = compactId(request.paymentId);
    const body: Record<string, unknown> = {
      appid: appId,
      mchid: mchId,
      description: request.description.slice(0, 127),
      out_trade_no: outTradeNo,
      notify_url: notifyUrl,
      amount: { total: request.amountFen, currency: 'CNY' },
      attach: request.groupId,
    };
    switch (channel) {
      case PaymentChannel.WechatNative: {
        const answer = await this.client.request<{ code_url: string }>('POST', '/v3/pay/transactions/native', body);
        return { providerPaymentId: outTradeNo, channel, payUrl: answer!.code_url };
      }
      case PaymentChannel.WechatH5: {
        const answer = await this.client.request<{ h5_url: string }>('POST', '/v3/pay/transactions/h5', {
          ...body,
          scene_info: { payer_client_ip: request.payerClientIp ?? '127.0.0.1', h5_info: { type: 'Wap' } },
        });
        return { providerPaymentId: outTradeNo, channel, payUrl: answer!.h5_url };
      }
      case PaymentChannel.WechatJsapi: {
        if (!request.payerOpenId) {
          throw new Error('a WeChat JSAPI payment needs the payer openid');
        }
        const answer = await this.client.request<{ prepay_id: string }>('POST', '/v3/pay/transactions/jsapi', {
          ...body,
          payer: { openid: request.payerOpenId },
        });
        return {
          providerPaymentId: outTradeNo,
          channel,
          payUrl: null,
          clientParams: this.jsapiParams(answer!.prepay_id),
        };
      }
      default:
        throw new Error(`WeChat Pay cannot take a ${channel} payment`);
    }
  }

  /** The parameters for wx.requestPayment: paySign is RSA over appId, timeStamp, nonceStr and package. */
  jsapiParams(prepayId: string): Record<string, string> {
    const timeStamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    const { appId } = this.client.settings;
    return {
      appId,
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'RSA',
      paySign: this.client.sign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`),
    };
  }

  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): ProviderNotification {
    const notification = this.client.verifyNotification<Transaction | RefundResource>(rawBody, headers);
    const { mchId, appId } = this.client.settings;
    if (notification.resource.mchid !== mchId) {
      throw new WebhookRejected(
        400,
        'wrong-merchant',
        `the notification is for merchant ${notification.resource.mchid}`,
      );
    }
    if (notification.eventType.startsWith('REFUND.')) {
      const refund = notification.resource as RefundResource;
      return {
        type: refund.refund_status === 'SUCCESS' ? 'refund.succeeded' : 'refund.failed',
        notificationId: notification.id,
        refundId: refund.out_refund_no,
        providerRefundId: refund.refund_id ?? null,
        providerPaymentId: refund.out_trade_no,
        amountFen: amount(refund.amount?.refund, 'amount.refund'),
        detail: `WeChat Pay ${notification.eventType}: ${refund.refund_status}`,
        payload: { ...notification.envelope, resource: refund },
      };
    }
    const transaction = notification.resource as Transaction;
    if (transaction.appid !== appId) {
      throw new WebhookRejected(400, 'wrong-merchant', `the notification is for app ${transaction.appid}`);
    }
    if (notification.eventType !== 'TRANSACTION.SUCCESS' || transaction.trade_state !== 'SUCCESS') {
      throw new WebhookRejected(400, 'unexpected-event', `WeChat Pay sent ${notification.eventType}`);
    }
    if (typeof transaction.transaction_id !== 'string' || typeof transaction.out_trade_no !== 'string') {
      throw new WebhookRejected(400, 'malformed-webhook', 'the transaction lacks transaction_id or out_trade_no');
    }
    return {
      type: 'payment.succeeded',
      notificationId: notification.id,
      providerPaymentId: transaction.out_trade_no,
      providerTransactionId: transaction.transaction_id,
      amountFen: amount(transaction.amount?.total, 'amount.total'),
      currency: transaction.amount?.currency ?? 'CNY',
      occurredAt: transaction.success_time ?? notification.createTime,
      payload: { ...notification.envelope, resource: transaction },
    };
  }

  async queryPayment(providerPaymentId: string): Promise<ProviderPaymentState> {
    let transaction: Transaction;
    try {
      transaction = (await this.client.request<Transaction>(
        'GET',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(providerPaymentId)}?mchid=${this.client.settings.mchId}`,
      ))!;
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'ORDER_NOT_EXIST') {
        return { status: 'unknown', detail: error.message };
      }
      throw error;
    }
    const detail = `${transaction.trade_state}: ${transaction.trade_state_desc ?? ''}`.trim();
    switch (transaction.trade_state) {
      case 'SUCCESS':
        return {
          status: 'paid',
          providerTransactionId: transaction.transaction_id!,
          amountFen: transaction.amount!.total,
          paidAt: transaction.success_time!,
        };
      case 'REFUND':
        return { status: 'refunded', detail };
      case 'CLOSED':
      case 'REVOKED':
      case 'PAYERROR':
        return { status: 'closed', detail };
      default:
        return { status: 'pending', detail };
    }
  }

  async closePayment(providerPaymentId: string): Promise<void> {
    await this.client.request(
      'POST',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(providerPaymentId)}/close`,
      { mchid: this.client.settings.mchId },
    );
  }

  async refund(request: ProviderRefundRequest): Promise<ProviderRefund> {
    const answer = (await this.client.request<RefundResource>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: request.providerPaymentId,
      out_refund_no: request.refundId,
      reason: request.reason.slice(0, 80),
      notify_url: this.client.settings.notifyUrl,
      amount: { refund: request.amountFen, total: request.paymentAmountFen, currency: 'CNY' },
    }))!;
    if (answer.out_refund_no !== request.refundId || answer.amount?.refund !== request.amountFen) {
      throw new Error(`WeChat Pay answered refund ${answer.out_refund_no} for ${answer.amount?.refund} fen`);
    }
    if (answer.status === 'CLOSED' || answer.status === 'ABNORMAL') {
      throw new Error(`WeChat Pay refund ${answer.refund_id} is ${answer.status}`);
    }
    return { providerRefundId: answer.refund_id, status: answer.status === 'SUCCESS' ? 'succeeded' : 'pending' };
  }

  /** 查询单笔退款（按商户退款单号）: GET /v3/refund/domestic/refunds/{out_refund_no}. */
  async queryRefund(request: { refundId: string; providerPaymentId: string }): Promise<ProviderRefundState> {
    let answer: RefundResource;
    try {
      answer = (await this.client.request<RefundResource>(
        'GET',
        `/v3/refund/domestic/refunds/${encodeURIComponent(request.refundId)}`,
      ))!;
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'RESOURCE_NOT_EXISTS') {
        return { status: 'unknown', detail: error.message };
      }
      throw error;
    }
    const detail = `${answer.status} (${answer.refund_id})`;
    switch (answer.status) {
      case 'SUCCESS':
        return { status: 'succeeded', detail };
      case 'PROCESSING':
        return { status: 'processing', detail };
      default:
        return { status: 'failed', detail };
    }
  }
}
