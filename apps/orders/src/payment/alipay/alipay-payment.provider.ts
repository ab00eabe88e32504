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
import { AlipayClient, AlipayError, fenOf, parseBeijingTime, signContent, text, yuan } from './alipay.client';

const CHANNELS = [PaymentChannel.AlipayWap, PaymentChannel.AlipayPage, PaymentChannel.AlipayPrecreate] as const;

const money = (value: unknown, what: string): number => {
  const fen = fenOf(value);
  if (fen === null || fen > MAX_AMOUNT_FEN) {
    throw new WebhookRejected(400, 'malformed-webhook', `${what} must be an amount in yuan with at most two decimals`);
  }
  return fen;
};

/**
 * Alipay openapi (RSA2): WAP and page payments (the signed gateway URL the buyer opens), precreate (a QR code),
 * trade.query, trade.close, trade.refund and the asynchronous trade notifications, refunds included. Our payment id
 * is the out_trade_no and our refund id the out_request_no, so a retry never charges or refunds twice.
 */
export class AlipayPaymentProvider extends PaymentProvider {
  readonly channels = CHANNELS;

  /** `name`: `alipay` for the platform's merchant, `alipay:<merchant>` for a county's own. */
  constructor(
    readonly client: AlipayClient,
    readonly name = 'alipay',
  ) {
    super();
  }

  async createPayment(request: ProviderPaymentRequest): Promise<ProviderPayment> {
    const channel = request.channel ?? PaymentChannel.AlipayWap;
    const biz = {
      out_trade_no: request.paymentId,
      total_amount: yuan(request.amountFen),
      subject: request.description.slice(0, 256),
      passback_params: encodeURIComponent(request.groupId),
    };
    const notify = { notify_url: this.client.settings.notifyUrl };
    // the cashier pages send the buyer back to return_url (with signed synchronous parameters)
    const back = request.returnUrl ? { ...notify, return_url: request.returnUrl } : notify;
    const providerPaymentId = request.paymentId;
    switch (channel) {
      case PaymentChannel.AlipayWap:
        return {
          providerPaymentId,
          channel,
          payUrl: this.client.pageUrl('alipay.trade.wap.pay', { ...biz, product_code: 'QUICK_WAP_WAY' }, back),
        };
      case PaymentChannel.AlipayPage:
        return {
          providerPaymentId,
          channel,
          payUrl: this.client.pageUrl(
            'alipay.trade.page.pay',
            { ...biz, product_code: 'FAST_INSTANT_TRADE_PAY' },
            back,
          ),
        };
      case PaymentChannel.AlipayPrecreate: {
        const answer = await this.client.call('alipay.trade.precreate', biz, notify);
        if (answer.out_trade_no !== providerPaymentId || typeof answer.qr_code !== 'string') {
          throw new Error(`Alipay precreated ${String(answer.out_trade_no)} without a QR code`);
        }
        return { providerPaymentId, channel, payUrl: answer.qr_code };
      }
      default:
        throw new Error(`Alipay cannot take a ${channel} payment`);
    }
  }

  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): ProviderNotification {
    const contentType = String(headers['content-type'] ?? '');
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw new WebhookRejected(400, 'malformed-webhook', 'an Alipay notification is a form (x-www-form-urlencoded)');
    }
    const params = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    if (!params.sign) {
      throw new WebhookRejected(401, 'missing-signature', 'the notification has no sign');
    }
    if (params.sign_type !== 'RSA2') {
      throw new WebhookRejected(401, 'invalid-signature', `sign_type ${params.sign_type} is not RSA2`);
    }
    if (!this.client.verify(signContent(params, ['sign', 'sign_type']), params.sign)) {
      throw new WebhookRejected(401, 'invalid-signature', "the notification's signature does not match its parameters");
    }
    if (params.app_id !== this.client.settings.appId) {
      throw new WebhookRejected(400, 'wrong-merchant', `the notification is for app ${params.app_id}`);
    }
    const sent = parseBeijingTime(params.notify_time ?? '');
    const age = Math.abs(Date.now() - sent) / 1000;
    if (!Number.isFinite(age) || age > this.client.settings.toleranceSeconds) {
      throw new WebhookRejected(
        401,
        'stale-webhook',
        `the notification was sent ${Math.round(age)} s from now; more than ${this.client.settings.toleranceSeconds} s is refused as a possible replay`,
      );
    }
    if (!params.out_trade_no || !params.trade_no) {
      throw new WebhookRejected(400, 'malformed-webhook', 'the notification lacks out_trade_no or trade_no');
    }
    if (params.out_biz_no && params.refund_fee) {
      return {
        type: 'refund.succeeded',
        notificationId: params.notify_id,
        refundId: params.out_biz_no,
        providerRefundId: null,
        providerPaymentId: params.out_trade_no,
        amountFen: money(params.refund_fee, 'refund_fee'),
        detail: `Alipay ${params.trade_status}: refunded ${params.refund_fee} yuan in all`,
        payload: params,
      };
    }
    const paid = params.trade_status === 'TRADE_SUCCESS' || params.trade_status === 'TRADE_FINISHED';
    return {
      type: paid ? 'payment.succeeded' : 'payment.failed',
      notificationId: params.notify_id,
      providerPaymentId: params.out_trade_no,
      providerTransactionId: params.trade_no,
      amountFen: money(params.total_amount, 'total_amount'),
      currency: 'CNY',
      occurredAt: new Date(parseBeijingTime(params.gmt_payment ?? '') || sent).toISOString(),
      payload: params,
    };
  }

  async queryPayment(providerPaymentId: string): Promise<ProviderPaymentState> {
    let answer;
    try {
      answer = await this.client.call('alipay.trade.query', { out_trade_no: providerPaymentId });
    } catch (error) {
      if (error instanceof AlipayError && error.subCode === 'ACQ.TRADE_NOT_EXIST') {
        return { status: 'unknown', detail: error.message };
      }
      throw error;
    }
    const status = String(answer.trade_status);
    if (status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED') {
      return {
        status: 'paid',
        providerTransactionId: String(answer.trade_no),
        amountFen: fenOf(answer.total_amount) ?? 0,
        paidAt: new Date(parseBeijingTime(text(answer.send_pay_date)) || Date.now()).toISOString(),
      };
    }
    return { status: status === 'TRADE_CLOSED' ? 'closed' : 'pending', detail: status };
  }

  async closePayment(providerPaymentId: string): Promise<void> {
    try {
      await this.client.call('alipay.trade.close', { out_trade_no: providerPaymentId });
    } catch (error) {
      // a WAP/page payment the buyer never opened does not exist at Alipay: nothing to close
      if (!(error instanceof AlipayError && error.subCode === 'ACQ.TRADE_NOT_EXIST')) {
        throw error;
      }
    }
  }

  async refund(request: ProviderRefundRequest): Promise<ProviderRefund> {
    const answer = await this.client.call('alipay.trade.refund', {
      out_trade_no: request.providerPaymentId,
      refund_amount: yuan(request.amountFen),
      out_request_no: request.refundId,
      refund_reason: request.reason.slice(0, 256),
    });
    if (answer.out_trade_no !== request.providerPaymentId) {
      throw new Error(`Alipay answered a refund of trade ${String(answer.out_trade_no)}`);
    }
    // fund_change N on a repeated out_request_no means the money moved the first time: the refund stands
    return { providerRefundId: `${String(answer.trade_no)}:${request.refundId}`, status: 'succeeded' };
  }

  /**
   * alipay.trade.fastpay.refund.query: data with refund_status REFUND_SUCCESS (or, in older answers, none) means the
   * refund was made; an answer without the refund's data means Alipay has no refund of that out_request_no.
   */
  async queryRefund(request: { refundId: string; providerPaymentId: string }): Promise<ProviderRefundState> {
    const answer = await this.client.call('alipay.trade.fastpay.refund.query', {
      out_trade_no: request.providerPaymentId,
      out_request_no: request.refundId,
      query_options: ['gmt_refund_pay'],
    });
    const status = text(answer.refund_status);
    if (answer.refund_amount !== undefined && (!status || status === 'REFUND_SUCCESS')) {
      return { status: 'succeeded', detail: `REFUND_SUCCESS ${text(answer.refund_amount)}` };
    }
    return { status: 'unknown', detail: `Alipay has no refund ${request.refundId} of ${request.providerPaymentId}` };
  }
}
