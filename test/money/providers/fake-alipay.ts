import { createSign, createVerify, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { beijingTime, fenOf, signContent, yuan } from '../../../apps/orders/src/payment/alipay/alipay.client';
import { FakeHttpServer, FakeRequest, FakeResponse } from './fake-server';

/** Our application's keys at Alipay and Alipay's own, made fresh for one test run. */
export interface AlipayKeys {
  appId: string;
  appPrivateKey: string;
  appPublicKey: KeyObject;
  alipayPrivateKey: KeyObject;
  alipayPublicKey: string;
}

export function alipayKeys(): AlipayKeys {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    appId: '2021000117612345',
    appPrivateKey: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    appPublicKey: app.publicKey,
    alipayPrivateKey: alipay.privateKey,
    alipayPublicKey: alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The environment that points orders' Alipay adapter at a fake. */
export const alipayEnv = (keys: AlipayKeys, gateway: string, notifyBaseUrl: string): Record<string, string> => ({
  PAYMENT_PROVIDER: 'alipay',
  ALIPAY_APP_ID: keys.appId,
  ALIPAY_APP_PRIVATE_KEY: keys.appPrivateKey.replace(/\n/g, '\\n'),
  ALIPAY_PUBLIC_KEY: keys.alipayPublicKey.replace(/\n/g, '\\n'),
  ALIPAY_GATEWAY: gateway,
  PAYMENT_NOTIFY_BASE_URL: notifyBaseUrl,
});

interface FakeTrade {
  out_trade_no: string;
  trade_no: string | null;
  total: number;
  subject: string;
  notify_url: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  refunded: number;
  gmt_payment?: string;
}

export interface FormNotification {
  body: string;
  headers: Record<string, string>;
  params: Record<string, string>;
}

type Answer = Record<string, unknown>;

const failure = (subCode: string, subMsg: string): Answer => ({
  code: '40004',
  msg: 'Business Failed',
  sub_code: subCode,
  sub_msg: subMsg,
});

/**
 * A local Alipay openapi gateway that speaks the published protocol with the keys of one test run: it verifies each
 * call's RSA2 signature over the sorted parameters with our application's public key, answers `…_response` nodes
 * signed with Alipay's key, keeps trades, refunds and transfers (idempotent by out_trade_no, out_request_no and
 * out_biz_no), opens WAP/page cashier URLs, and makes RSA2-signed form notifications for tests to deliver.
 */
export class FakeAlipay {
  readonly trades = new Map<string, FakeTrade>();
  readonly refunds = new Map<string, { out_trade_no: string; amount: number }>();
  readonly transfers = new Map<string, Answer>();
  /** How many transfer requests moved money (a repeated request must not). */
  transfersMade = 0;
  readonly refused: FakeRequest[] = [];
  readonly http = new FakeHttpServer((request) => this.handle(request));
  gateway = '';

  constructor(readonly keys: AlipayKeys) {}

  async start(): Promise<string> {
    this.gateway = `${await this.http.start()}/gateway.do`;
    return this.gateway;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  /** The buyer opens a WAP/page cashier URL: its signature is checked and the trade is created as Alipay would. */
  open(payUrl: string): FakeTrade {
    const params = Object.fromEntries(new URL(payUrl).searchParams);
    if (!this.verifyCall(params)) {
      throw new Error('the cashier URL is not signed by the application');
    }
    return this.trade(params, JSON.parse(params.biz_content) as Answer);
  }

  /** The buyer pays: the trade succeeds and its trade_status_sync notification is returned. */
  pay(outTradeNo: string, options: { totalAmount?: string } = {}): FormNotification {
    const trade = this.trades.get(outTradeNo);
    if (!trade) {
      throw new Error(`the fake has no trade ${outTradeNo}`);
    }
    trade.status = 'TRADE_SUCCESS';
    trade.total = fenOf(options.totalAmount) ?? trade.total;
    trade.trade_no ??= `2026${Date.now()}${randomBytes(4).toString('hex')}`;
    trade.gmt_payment = beijingTime();
    return this.notification({
      trade_no: trade.trade_no,
      out_trade_no: trade.out_trade_no,
      trade_status: 'TRADE_SUCCESS',
      total_amount: yuan(trade.total),
      receipt_amount: yuan(trade.total),
      buyer_pay_amount: yuan(trade.total),
      subject: trade.subject,
      gmt_create: trade.gmt_payment,
      gmt_payment: trade.gmt_payment,
    });
  }

  /** The notification Alipay sends after a refund of the trade (out_biz_no is the refund's out_request_no). */
  refundNotification(outRequestNo: string): FormNotification {
    const refund = this.refunds.get(outRequestNo)!;
    const trade = this.trades.get(refund.out_trade_no)!;
    return this.notification({
      trade_no: trade.trade_no!,
      out_trade_no: trade.out_trade_no,
      out_biz_no: outRequestNo,
      trade_status: trade.refunded === trade.total ? 'TRADE_CLOSED' : 'TRADE_SUCCESS',
      total_amount: yuan(trade.total),
      refund_fee: yuan(trade.refunded),
      gmt_refund: `${beijingTime()}.000`,
    });
  }

  /** A form notification as Alipay posts it, signed RSA2 over the sorted parameters without sign and sign_type. */
  notification(
    fields: Record<string, string>,
    options: { notifyTime?: string; key?: KeyObject } = {},
  ): FormNotification {
    const params: Record<string, string> = {
      notify_time: options.notifyTime ?? beijingTime(),
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(16).toString('hex'),
      app_id: this.keys.appId,
      charset: 'utf-8',
      version: '1.0',
      seller_id: '2088102177890000',
      buyer_id: '2088102177891111',
      ...fields,
    };
    params.sign = createSign('RSA-SHA256')
      .update(signContent(params, ['sign', 'sign_type']))
      .sign(options.key ?? this.keys.alipayPrivateKey, 'base64');
    params.sign_type = 'RSA2';
    return {
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      params,
    };
  }

  async deliver(notification: FormNotification, url: string): Promise<{ status: number; body: string }> {
    const response = await fetch(url, { method: 'POST', headers: notification.headers, body: notification.body });
    return { status: response.status, body: await response.text() };
  }

  private verifyCall(params: Record<string, string>): boolean {
    return (
      params.app_id === this.keys.appId &&
      params.sign_type === 'RSA2' &&
      createVerify('RSA-SHA256')
        .update(signContent(params))
        .verify(this.keys.appPublicKey, params.sign ?? '', 'base64')
    );
  }

  private handle(request: FakeRequest): FakeResponse {
    const params = Object.fromEntries(new URLSearchParams(request.body));
    const node = `${(params.method ?? 'error').replace(/\./g, '_')}_response`;
    let answer: Answer;
    if (!this.verifyCall(params)) {
      this.refused.push(request);
      answer = {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
        sub_msg: '验签出错',
      };
    } else {
      answer = this.route(params.method, JSON.parse(params.biz_content ?? '{}') as Answer, params);
    }
    const text = JSON.stringify(answer);
    const sign = createSign('RSA-SHA256').update(text).sign(this.keys.alipayPrivateKey, 'base64');
    return {
      status: 200,
      headers: { 'content-type': 'text/html;charset=utf-8' },
      body: `{"${node}":${text},"sign":"${sign}"}`,
    };
  }

  private trade(params: Record<string, string>, biz: Answer): FakeTrade {
    const outTradeNo = String(biz.out_trade_no);
    const trade = this.trades.get(outTradeNo) ?? {
      out_trade_no: outTradeNo,
      trade_no: null,
      total: fenOf(biz.total_amount) ?? 0,
      subject: String(biz.subject),
      notify_url: params.notify_url,
      status: 'WAIT_BUYER_PAY' as const,
      refunded: 0,
    };
    this.trades.set(outTradeNo, trade);
    return trade;
  }

  private route(method: string, biz: Answer, params: Record<string, string>): Answer {
    const ok = { code: '10000', msg: 'Success' };
    const trade = this.trades.get(String(biz.out_trade_no));
    switch (method) {
      case 'alipay.trade.precreate': {
        const created = this.trade(params, biz);
        return {
          ...ok,
          out_trade_no: created.out_trade_no,
          qr_code: `https://qr.alipay.com/${randomBytes(8).toString('hex')}`,
        };
      }
      case 'alipay.trade.query':
        return trade
          ? {
              ...ok,
              out_trade_no: trade.out_trade_no,
              trade_no: trade.trade_no ?? undefined,
              trade_status: trade.status,
              total_amount: yuan(trade.total),
              send_pay_date: trade.gmt_payment,
            }
          : failure('ACQ.TRADE_NOT_EXIST', '交易不存在');
      case 'alipay.trade.close':
        if (!trade) {
          return failure('ACQ.TRADE_NOT_EXIST', '交易不存在');
        }
        if (trade.status === 'TRADE_SUCCESS') {
          return failure('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        }
        trade.status = 'TRADE_CLOSED';
        return { ...ok, out_trade_no: trade.out_trade_no };
      case 'alipay.trade.refund': {
        if (!trade || trade.status !== 'TRADE_SUCCESS') {
          return failure('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
        }
        const amount = fenOf(biz.refund_amount) ?? 0;
        const requestNo = String(biz.out_request_no);
        const first = !this.refunds.has(requestNo);
        if (first) {
          if (trade.refunded + amount > trade.total) {
            return failure('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
          }
          trade.refunded += amount;
          this.refunds.set(requestNo, { out_trade_no: trade.out_trade_no, amount });
        }
        return {
          ...ok,
          trade_no: trade.trade_no,
          out_trade_no: trade.out_trade_no,
          buyer_logon_id: '159****5620',
          fund_change: first ? 'Y' : 'N',
          refund_fee: yuan(trade.refunded),
        };
      }
      case 'alipay.trade.fastpay.refund.query': {
        const refund = this.refunds.get(String(biz.out_request_no));
        // no refund of that out_request_no: Alipay answers 10000 without the refund's data
        return refund && refund.out_trade_no === biz.out_trade_no
          ? {
              ...ok,
              out_trade_no: refund.out_trade_no,
              out_request_no: String(biz.out_request_no),
              refund_amount: yuan(refund.amount),
              total_amount: yuan(trade!.total),
              refund_status: 'REFUND_SUCCESS',
            }
          : { ...ok, out_trade_no: String(biz.out_trade_no) };
      }
      case 'alipay.fund.trans.uni.transfer': {
        const payee = biz.payee_info as { identity: string; identity_type: string };
        if (biz.product_code !== 'TRANS_ACCOUNT_NO_PWD' || biz.biz_scene !== 'DIRECT_TRANSFER') {
          return failure('INVALID_PARAMETER', '参数有误');
        }
        if (payee.identity === 'nobody@example.com') {
          return failure('PAYEE_NOT_EXIST', '收款账号不存在');
        }
        const outBizNo = String(biz.out_biz_no);
        if (!this.transfers.has(outBizNo)) {
          this.transfersMade += 1;
          this.transfers.set(outBizNo, {
            out_biz_no: outBizNo,
            order_id: `2026${Date.now()}${randomBytes(4).toString('hex')}`,
            pay_fund_order_id: `2026${randomBytes(8).toString('hex')}`,
            status: 'SUCCESS',
            trans_date: beijingTime(),
            trans_amount: biz.trans_amount,
          });
        }
        const answer: Answer = { ...ok, ...this.transfers.get(outBizNo)! };
        delete answer.trans_amount;
        return answer;
      }
      case 'alipay.fund.trans.common.query': {
        const transfer = this.transfers.get(String(biz.out_biz_no));
        return transfer
          ? { ...ok, ...transfer, pay_date: transfer.trans_date }
          : failure('ORDER_NOT_EXIST', '转账订单不存在');
      }
      default:
        return { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method', sub_msg: `no ${method}` };
    }
  }
}
