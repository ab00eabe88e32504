import { createSign } from 'node:crypto';
import { beijingTime, signContent, yuan } from '../../../apps/orders/src/payment/alipay/alipay.client';
import { FakeAlipay } from './fake-alipay';
import { FakeHttpServer, FakeRequest, FakeResponse } from './fake-server';
import { FakeWechatPay } from './fake-wechatpay';

/*
 * The providers' cashier pages, for browser journeys: the page a buyer's browser opens from the pay URL (WeChat Pay's
 * H5 checkmweb page, Alipay's WAP/page cashier), with one button that pays; then, as the providers do, the signed
 * asynchronous notification to the merchant's notify_url (resent until it is acknowledged) and the browser sent back
 * to the merchant's page. A back office completes WeChat refunds (PROCESSING → SUCCESS) and notifies them the same
 * way. Each cashier stands beside its fake and works on the fake's own transactions, keys and notifications.
 */

const html = (status: number, body: string): FakeResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A cashier page in the provider's colours: what is paid, how much, one button. */
function cashierPage(brand: { name: string; colour: string }, amountFen: number, fields: object) {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(String(value))}">`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${brand.name}</title></head>
<body style="margin:0;font-family:sans-serif;background:#f2f2f2">
<header style="background:${brand.colour};color:#fff;padding:16px;font-size:20px">${brand.name}</header>
<main style="padding:24px;text-align:center">
<p style="color:#666">县域通 · 订单付款</p>
<p data-testid="cashier-amount" style="font-size:36px;margin:8px 0">¥${yuan(amountFen)}</p>
<form method="post" action="/pay">${hidden}
<button type="submit" style="width:100%;padding:14px;font-size:18px;border:0;border-radius:6px;background:${brand.colour};color:#fff">确认支付</button>
</form></main></body></html>`;
}

const formOf = (request: FakeRequest): Record<string, string> => Object.fromEntries(new URLSearchParams(request.body));

/** Sends a notification until the merchant acknowledges it (2xx), as providers resend; the statuses seen. */
async function deliverUntilAcknowledged(send: () => Promise<{ status: number }>, log: number[]): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const { status } = await send().catch(() => ({ status: 0 }));
    log.push(status);
    if (status >= 200 && status < 300) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

abstract class Cashier {
  readonly http = new FakeHttpServer((request) => this.handle(request));
  url = '';
  /** The merchant's answers to every notification sent (204/200 acknowledged). */
  readonly answers: number[] = [];
  protected readonly sending = new Set<Promise<void>>();

  async start(): Promise<string> {
    this.url = await this.http.start();
    return this.url;
  }

  async stop(): Promise<void> {
    await Promise.all(this.sending);
    await this.http.stop();
  }

  /** Every notification sent so far has been acknowledged (or given up on). */
  async settled(): Promise<void> {
    await Promise.all(this.sending);
  }

  protected notify(send: () => Promise<{ status: number }>): Promise<void> {
    const delivery = deliverUntilAcknowledged(send, this.answers).finally(() => this.sending.delete(delivery));
    this.sending.add(delivery);
    return delivery;
  }

  protected abstract handle(request: FakeRequest): FakeResponse | Promise<FakeResponse>;
}

/** WeChat Pay's H5 cashier (`checkmweb?prepay_id=…&redirect_url=…`) and its refund back office. */
export class WechatPayCashier extends Cashier {
  private backOffice: NodeJS.Timeout | null = null;

  constructor(readonly fake: FakeWechatPay) {
    super();
  }

  /** The address a real h5_url's path is served at here (the browser's requests to wx.tenpay.com come here). */
  static readonly H5_ORIGIN = 'https://wx.tenpay.com';

  override async start(): Promise<string> {
    const url = await super.start();
    // WeChat Pay completes a refund some moments after accepting it, then notifies
    this.backOffice = setInterval(() => {
      for (const refund of this.fake.refunds.values()) {
        if (refund.status === 'PROCESSING') {
          const notification = this.fake.completeRefund(refund.out_refund_no);
          void this.notify(() => this.fake.deliver(notification, refund.notify_url));
        }
      }
    }, 200);
    return url;
  }

  override async stop(): Promise<void> {
    if (this.backOffice) {
      clearInterval(this.backOffice);
    }
    await super.stop();
  }

  protected handle(request: FakeRequest): FakeResponse {
    const url = new URL(request.url, 'http://cashier');
    if (request.method === 'GET' && url.pathname === '/cgi-bin/mmpayweb-bin/checkmweb') {
      const outTradeNo = this.fake.prepayIds.get(url.searchParams.get('prepay_id') ?? '');
      const transaction = outTradeNo ? this.fake.transactions.get(outTradeNo) : undefined;
      if (!transaction) {
        return html(404, '<html lang="zh-CN"><body>商家参数格式有误，请联系商家解决</body></html>');
      }
      return html(
        200,
        cashierPage({ name: '微信支付', colour: '#07c160' }, transaction.total, {
          out_trade_no: outTradeNo!,
          redirect_url: url.searchParams.get('redirect_url') ?? '',
        }),
      );
    }
    if (request.method === 'POST' && url.pathname === '/pay') {
      const form = formOf(request);
      const transaction = this.fake.transactions.get(form.out_trade_no);
      if (!transaction) {
        return html(404, '<html lang="zh-CN"><body>订单不存在</body></html>');
      }
      const notification = this.fake.pay(form.out_trade_no);
      void this.notify(() => this.fake.deliver(notification, transaction.notify_url));
      return form.redirect_url
        ? { status: 302, headers: { location: form.redirect_url } }
        : html(200, '<html lang="zh-CN"><body>支付成功</body></html>');
    }
    return html(404, '<html lang="zh-CN"><body>页面不存在</body></html>');
  }
}

/** Alipay's WAP/page cashier: opens the signed gateway URL, pays, notifies, returns to return_url signed. */
export class AlipayCashier extends Cashier {
  constructor(readonly fake: FakeAlipay) {
    super();
  }

  protected handle(request: FakeRequest): FakeResponse {
    const url = new URL(request.url, 'http://cashier');
    if (request.method === 'GET' && url.pathname === '/gateway.do') {
      let trade;
      try {
        // the same checks as the fake gateway: the URL must be signed by the application
        trade = this.fake.open(`${this.fake.gateway}${url.search}`);
      } catch {
        return html(400, '<html lang="zh-CN"><body>验签出错，请联系商家</body></html>');
      }
      return html(
        200,
        cashierPage({ name: '支付宝', colour: '#1677ff' }, trade.total, {
          out_trade_no: trade.out_trade_no,
          method: url.searchParams.get('method') ?? '',
          return_url: url.searchParams.get('return_url') ?? '',
        }),
      );
    }
    if (request.method === 'POST' && url.pathname === '/pay') {
      const form = formOf(request);
      const trade = this.fake.trades.get(form.out_trade_no);
      if (!trade) {
        return html(404, '<html lang="zh-CN"><body>交易不存在</body></html>');
      }
      const notification = this.fake.pay(form.out_trade_no);
      void this.notify(() => this.fake.deliver(notification, trade.notify_url));
      if (!form.return_url) {
        return html(200, '<html lang="zh-CN"><body>支付成功</body></html>');
      }
      // the synchronous return: the trade's parameters signed by Alipay, on the merchant's return_url
      const back: Record<string, string> = {
        charset: 'utf-8',
        out_trade_no: trade.out_trade_no,
        method: `${form.method}.return`,
        total_amount: yuan(trade.total),
        trade_no: trade.trade_no!,
        auth_app_id: this.fake.keys.appId,
        version: '1.0',
        app_id: this.fake.keys.appId,
        seller_id: '2088102177890000',
        timestamp: beijingTime(),
      };
      back.sign = createSign('RSA-SHA256').update(signContent(back)).sign(this.fake.keys.alipayPrivateKey, 'base64');
      back.sign_type = 'RSA2';
      const location = new URL(form.return_url);
      for (const [key, value] of Object.entries(back)) {
        location.searchParams.set(key, value);
      }
      return { status: 302, headers: { location: location.toString() } };
    }
    return html(404, '<html lang="zh-CN"><body>页面不存在</body></html>');
  }
}
