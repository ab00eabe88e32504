import { Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MAX_AMOUNT_FEN } from '../common/limits';
import { OrdersConfig } from '../orders.config';
import {
  PaymentChannel,
  PaymentNotification,
  PaymentProvider,
  ProviderPayment,
  ProviderPaymentRequest,
  ProviderPaymentState,
  ProviderRefund,
  ProviderRefundRequest,
  ProviderRefundState,
  WebhookRejected,
} from './payment-provider';

export const SIMULATOR_SIGNATURE_HEADER = 'x-simulator-signature';

interface SimulatedWebhookBody {
  id: string;
  type: PaymentNotification['type'];
  created: number;
  data: { paymentId: string; transactionId: string; amountFen: number; currency: string; reference: string };
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * A payment provider for development and tests that behaves like a real one at the boundary: it signs each webhook
 * with HMAC-SHA256 over `<unix timestamp>.<raw body>` using the shared secret and sends the timestamp and signature
 * in one header (`t=…,v1=…`), and refunds idempotently by our refund id. Its own records live in memory.
 */
@Injectable()
export class SimulatedPaymentProvider extends PaymentProvider {
  readonly name = 'simulated';
  readonly channels = [PaymentChannel.Simulated];
  private readonly payments = new Map<string, { amountFen: number; reference: string; closed: boolean }>();
  /** Refunds paid out, by our refund id. */
  readonly refunds = new Map<string, ProviderRefundRequest & ProviderRefund>();
  /** Tests set this to make the next refunds fail as a provider outage would. */
  failNextRefunds = 0;

  constructor(private readonly config: OrdersConfig) {
    super();
  }

  createPayment(request: ProviderPaymentRequest): Promise<ProviderPayment> {
    const providerPaymentId = `sim_pay_${hex(12)}`;
    this.payments.set(providerPaymentId, { amountFen: request.amountFen, reference: request.paymentId, closed: false });
    return Promise.resolve({
      providerPaymentId,
      channel: PaymentChannel.Simulated,
      payUrl: `/api/orders/payments/simulator/${providerPaymentId}/pay`,
    });
  }

  /** The simulator keeps no record of what was paid (its webhooks are made on demand): it knows created or closed. */
  queryPayment(providerPaymentId: string): Promise<ProviderPaymentState> {
    const known = this.payments.get(providerPaymentId);
    return Promise.resolve(
      !known
        ? { status: 'unknown', detail: `the simulator created no payment ${providerPaymentId}` }
        : { status: known.closed ? 'closed' : 'pending', detail: 'simulated' },
    );
  }

  closePayment(providerPaymentId: string): Promise<void> {
    const known = this.payments.get(providerPaymentId);
    if (known) {
      known.closed = true;
    }
    return Promise.resolve();
  }

  /** The amount the simulated cashier would charge for a payment it created, if it knows it. */
  amountOf(providerPaymentId: string): number | undefined {
    return this.payments.get(providerPaymentId)?.amountFen;
  }

  /** The webhook the provider sends when the buyer pays: body and headers exactly as they go on the wire. */
  paymentSucceededWebhook(
    providerPaymentId: string,
    options: { amountFen?: number; transactionId?: string; timestamp?: number; secret?: string } = {},
  ): SignedWebhook {
    const known = this.payments.get(providerPaymentId);
    const body: SimulatedWebhookBody = {
      id: `evt_${hex(12)}`,
      type: 'payment.succeeded',
      created: options.timestamp ?? Math.floor(Date.now() / 1000),
      data: {
        paymentId: providerPaymentId,
        transactionId: options.transactionId ?? `sim_txn_${hex(12)}`,
        amountFen: options.amountFen ?? known?.amountFen ?? 0,
        currency: 'CNY',
        reference: known?.reference ?? '',
      },
    };
    return this.sign(JSON.stringify(body), options);
  }

  /** Signs a body as the provider does. */
  sign(body: string, options: { timestamp?: number; secret?: string } = {}): SignedWebhook {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = this.signature(`${timestamp}.${body}`, options.secret ?? this.config.paymentWebhookSecret);
    return {
      body,
      headers: { 'content-type': 'application/json', [SIMULATOR_SIGNATURE_HEADER]: `t=${timestamp},v1=${signature}` },
    };
  }

  verifyWebhook(rawBody: Buffer, headers: IncomingHttpHeaders): PaymentNotification {
    const header = headers[SIMULATOR_SIGNATURE_HEADER];
    if (typeof header !== 'string' || header.length === 0) {
      throw new WebhookRejected(401, 'missing-signature', `the webhook has no ${SIMULATOR_SIGNATURE_HEADER} header`);
    }
    const parts = Object.fromEntries(
      header.split(',').map((part) => {
        const index = part.indexOf('=');
        return [part.slice(0, index).trim(), part.slice(index + 1).trim()];
      }),
    );
    const timestamp = Number(parts.t);
    if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) {
      throw new WebhookRejected(
        401,
        'invalid-signature',
        'the signature header must be t=<unix seconds>,v1=<hex sha256>',
      );
    }
    const expected = Buffer.from(
      this.signature(`${timestamp}.${rawBody.toString('utf8')}`, this.config.paymentWebhookSecret),
      'hex',
    );
    const given = Buffer.from(parts.v1, 'hex');
    if (!timingSafeEqual(expected, given)) {
      throw new WebhookRejected(401, 'invalid-signature', 'the webhook signature does not match its body');
    }
    const age = Math.abs(Date.now() / 1000 - timestamp);
    if (age > this.config.paymentWebhookToleranceSeconds) {
      throw new WebhookRejected(
        401,
        'stale-webhook',
        `the webhook was signed ${Math.round(age)} s ago; more than ${this.config.paymentWebhookToleranceSeconds} s is refused as a possible replay`,
      );
    }
    let body: SimulatedWebhookBody;
    try {
      body = JSON.parse(rawBody.toString('utf8')) as SimulatedWebhookBody;
    } catch {
      throw new WebhookRejected(400, 'malformed-webhook', 'the webhook body is not JSON');
    }
    const data = body?.data;
    if (
      (body?.type !== 'payment.succeeded' && body?.type !== 'payment.failed') ||
      typeof data?.paymentId !== 'string' ||
      typeof data.transactionId !== 'string' ||
      typeof data.amountFen !== 'number'
    ) {
      throw new WebhookRejected(
        400,
        'malformed-webhook',
        'the webhook lacks type, data.paymentId, data.transactionId or data.amountFen',
      );
    }
    // 2^63 parses to an inexact number: refused, named, never compared or stored
    if (!Number.isSafeInteger(data.amountFen) || data.amountFen < 0 || data.amountFen > MAX_AMOUNT_FEN) {
      throw new WebhookRejected(
        400,
        'malformed-webhook',
        `data.amountFen must be a whole number of fen from 0 to ${MAX_AMOUNT_FEN}`,
      );
    }
    return {
      type: body.type,
      providerPaymentId: data.paymentId,
      providerTransactionId: data.transactionId,
      amountFen: data.amountFen,
      currency: data.currency,
      occurredAt: new Date(body.created * 1000).toISOString(),
      payload: body,
    };
  }

  refund(request: ProviderRefundRequest): Promise<ProviderRefund> {
    const done = this.refunds.get(request.refundId);
    if (done) {
      return Promise.resolve({ providerRefundId: done.providerRefundId, status: done.status });
    }
    if (this.failNextRefunds > 0) {
      this.failNextRefunds -= 1;
      return Promise.reject(new Error('simulated provider: refund service unavailable'));
    }
    const providerRefundId = `sim_refund_${hex(12)}`;
    this.refunds.set(request.refundId, { ...request, providerRefundId, status: 'succeeded' });
    return Promise.resolve({ providerRefundId, status: 'succeeded' });
  }

  queryRefund(request: { refundId: string }): Promise<ProviderRefundState> {
    const done = this.refunds.get(request.refundId);
    return Promise.resolve(
      done
        ? { status: done.status === 'succeeded' ? 'succeeded' : 'processing', detail: 'simulated' }
        : { status: 'unknown', detail: `the simulator made no refund ${request.refundId}` },
    );
  }

  private signature(payload: string, secret: string): string {
    return createHmac('sha256', secret).update(payload).digest('hex');
  }
}
