import type { IncomingHttpHeaders } from 'node:http';

/**
 * How the buyer pays at the provider. WeChat Pay: JSAPI inside WeChat (needs the payer's openid), H5 in a mobile
 * browser, Native as a QR code. Alipay: WAP in a mobile browser, page on a computer, precreate as a QR code.
 */
export enum PaymentChannel {
  WechatJsapi = 'wechat_jsapi',
  WechatH5 = 'wechat_h5',
  WechatNative = 'wechat_native',
  AlipayWap = 'alipay_wap',
  AlipayPage = 'alipay_page',
  AlipayPrecreate = 'alipay_precreate',
  Simulated = 'simulated',
}

export interface ProviderPaymentRequest {
  /** Our payment id; the provider keeps it as its merchant reference (and deduplicates on it). */
  paymentId: string;
  groupId: string;
  amountFen: number;
  description: string;
  /** The provider's default channel when not given. */
  channel?: PaymentChannel;
  /** WeChat JSAPI: the payer's openid under our app id. */
  payerOpenId?: string;
  /** WeChat H5: the payer's IP address, which WeChat Pay checks. */
  payerClientIp?: string;
  /** Alipay WAP/page: where the cashier sends the buyer back (Alipay's return_url). */
  returnUrl?: string;
}

export interface ProviderPayment {
  /** Our merchant reference at the provider (WeChat/Alipay out_trade_no): what its notifications name. */
  providerPaymentId: string;
  channel: PaymentChannel;
  /** Where the buyer pays (a cashier page, a QR code link…); null for WeChat JSAPI, which pays with `clientParams`. */
  payUrl: string | null;
  /** WeChat JSAPI: the signed parameters the page passes to wx.requestPayment / WeixinJSBridge. */
  clientParams?: Record<string, string>;
}

/** What the provider says about a payment when asked (after a lost notification, before closing it). */
export type ProviderPaymentState =
  | { status: 'paid'; providerTransactionId: string; amountFen: number; paidAt: string }
  | { status: 'pending' | 'closed' | 'refunded' | 'unknown'; detail: string };

/** A verified notification from the provider. */
export interface PaymentNotification {
  type: 'payment.succeeded' | 'payment.failed';
  /** The provider's id of this notification (WeChat `id`, Alipay `notify_id`), for the logs. */
  notificationId?: string;
  providerPaymentId: string;
  /** Unique per money movement at the provider: the key that makes a repeated webhook one. */
  providerTransactionId: string;
  amountFen: number;
  currency: string;
  occurredAt: string;
  payload: object;
}

/** A verified notification about a refund (WeChat REFUND.SUCCESS/ABNORMAL/CLOSED, Alipay's refund sync). */
export interface RefundNotification {
  type: 'refund.succeeded' | 'refund.failed';
  notificationId?: string;
  /** Our refund id, as we gave it to the provider. */
  refundId: string;
  providerRefundId: string | null;
  providerPaymentId: string;
  amountFen: number;
  detail: string;
  payload: object;
}

export type ProviderNotification = PaymentNotification | RefundNotification;

export const isRefundNotification = (notification: ProviderNotification): notification is RefundNotification =>
  notification.type === 'refund.succeeded' || notification.type === 'refund.failed';

export interface ProviderRefundRequest {
  /** Our refund id: the provider's idempotency key, so a retried refund is paid once. */
  refundId: string;
  providerPaymentId: string;
  providerTransactionId: string;
  amountFen: number;
  /** What the buyer paid in the transaction refunded (WeChat asks for it with every refund). */
  paymentAmountFen: number;
  reason: string;
}

export interface ProviderRefund {
  providerRefundId: string;
  /** `pending`: accepted by the provider, which completes it later and notifies (WeChat PROCESSING). */
  status: 'succeeded' | 'pending';
}

/**
 * Where a refund stands at the provider when asked: `processing` (accepted, not done), `failed` (WeChat ABNORMAL or
 * CLOSED: the money did not reach the buyer), `unknown` (the provider has no refund of that id).
 */
export interface ProviderRefundState {
  status: 'succeeded' | 'processing' | 'failed' | 'unknown';
  detail: string;
}

/** A webhook that is not from the provider (bad or missing signature, stale timestamp) or not understood. */
export class WebhookRejected extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What orders needs from a payment provider: create a payment for an order group, verify and read its signed
 * notifications, ask where a payment stands, close it, and refund. Implementations: WeChat Pay API v3, Alipay
 * openapi, and the simulator (development and tests).
 */
export abstract class PaymentProvider {
  abstract readonly name: string;
  /** The channels it can create payments in; the first is the default. */
  abstract readonly channels: readonly PaymentChannel[];

  abstract createPayment(request: ProviderPaymentRequest): Promise<ProviderPayment>;

  /** Verifies the signature over the exact bytes received and reads the notification; throws WebhookRejected. */
  abstract verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): ProviderNotification;

  /** Where the payment with this merchant reference stands at the provider. */
  abstract queryPayment(providerPaymentId: string): Promise<ProviderPaymentState>;

  /** Closes an unpaid payment so it can no longer be paid (after the orders expired); a paid one is not closed. */
  abstract closePayment(providerPaymentId: string): Promise<void>;

  abstract refund(request: ProviderRefundRequest): Promise<ProviderRefund>;

  /** Where the refund with our id stands (after a refund notification may have been lost). */
  abstract queryRefund(request: { refundId: string; providerPaymentId: string }): Promise<ProviderRefundState>;
}
