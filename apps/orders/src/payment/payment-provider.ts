import type { IncomingHttpHeaders } from 'node:http';

export interface ProviderPaymentRequest {
  /** Our payment id; the provider keeps it as its merchant reference (and deduplicates on it). */
  paymentId: string;
  groupId: string;
  amountFen: number;
  description: string;
}

export interface ProviderPayment {
  providerPaymentId: string;
  /** Where the buyer pays (a cashier page, a QR code link…). */
  payUrl: string | null;
}

/** A verified notification from the provider. */
export interface PaymentNotification {
  type: 'payment.succeeded' | 'payment.failed';
  providerPaymentId: string;
  /** Unique per money movement at the provider: the key that makes a repeated webhook one. */
  providerTransactionId: string;
  amountFen: number;
  currency: string;
  occurredAt: string;
  payload: object;
}

export interface ProviderRefundRequest {
  /** Our refund id: the provider's idempotency key, so a retried refund is paid once. */
  refundId: string;
  providerPaymentId: string;
  providerTransactionId: string;
  amountFen: number;
  reason: string;
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
 * webhooks, and refund. A real provider (WeChat Pay, Alipay, UnionPay) is one more implementation of this class.
 */
export abstract class PaymentProvider {
  abstract readonly name: string;

  abstract createPayment(request: ProviderPaymentRequest): Promise<ProviderPayment>;

  /** Verifies the signature over the exact bytes received and reads the notification; throws WebhookRejected. */
  abstract verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): PaymentNotification;

  abstract refund(request: ProviderRefundRequest): Promise<{ providerRefundId: string }>;
}
