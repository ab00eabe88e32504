import {
  constants,
  createCipheriv,
  createSign,
  createVerify,
  generateKeyPairSync,
  KeyObject,
  privateDecrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { FakeHttpServer, FakeRequest, FakeResponse } from './fake-server';

/** The keys of a WeChat Pay merchant and of WeChat Pay itself, made fresh for one test run. */
export interface WechatPayKeys {
  mchId: string;
  appId: string;
  merchantSerialNo: string;
  merchantPrivateKey: string;
  merchantPublicKey: KeyObject;
  platformPrivateKey: KeyObject;
  platformPublicKey: string;
  platformPublicKeyId: string;
  apiV3Key: string;
}

export function wechatPayKeys(): WechatPayKeys {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    mchId: '1900000109',
    appId: 'wxd678efh567hg6787',
    merchantSerialNo: randomBytes(20).toString('hex').toUpperCase(),
    merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    merchantPublicKey: merchant.publicKey,
    platformPrivateKey: platform.privateKey,
    platformPublicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    platformPublicKeyId: `PUB_KEY_ID_${randomBytes(16).toString('hex').toUpperCase()}`,
    apiV3Key: randomBytes(16).toString('hex'),
  };
}

/** The environment that points orders' WeChat Pay adapter at a fake. */
export const wechatPayEnv = (keys: WechatPayKeys, baseUrl: string, notifyBaseUrl: string): Record<string, string> => ({
  PAYMENT_PROVIDER: 'wechatpay',
  WECHATPAY_MCH_ID: keys.mchId,
  WECHATPAY_APP_ID: keys.appId,
  WECHATPAY_MERCHANT_SERIAL_NO: keys.merchantSerialNo,
  WECHATPAY_MERCHANT_PRIVATE_KEY: keys.merchantPrivateKey.replace(/\n/g, '\\n'),
  WECHATPAY_PLATFORM_PUBLIC_KEY: keys.platformPublicKey.replace(/\n/g, '\\n'),
  WECHATPAY_PLATFORM_PUBLIC_KEY_ID: keys.platformPublicKeyId,
  WECHATPAY_API_V3_KEY: keys.apiV3Key,
  WECHATPAY_BASE_URL: baseUrl,
  PAYMENT_NOTIFY_BASE_URL: notifyBaseUrl,
});

interface FakeTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  description: string;
  notify_url: string;
  total: number;
  trade_state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transaction_id?: string;
  success_time?: string;
  refunded: number;
  channel: string;
}

interface FakeRefund {
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL';
  notify_url: string;
}

export interface SignedNotification {
  body: string;
  headers: Record<string, string>;
}

/** A request body as the fake reads it: any JSON the merchant sent. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

const json = (status: number, value?: object): { status: number; body: string } => ({
  status,
  body: value === undefined ? '' : JSON.stringify(value),
});

/**
 * A local WeChat Pay API v3 that speaks the published protocol with the keys of one test run: it verifies each
 * request's WECHATPAY2-SHA256-RSA2048 signature with the merchant's public key, signs each answer with its platform
 * key, keeps transactions, refunds and transfer bills (idempotent by the merchant's numbers), and makes notifications
 * — signed, resource encrypted AEAD_AES_256_GCM with the APIv3 key — that tests deliver, repeat, reorder or forge.
 */
export class FakeWechatPay {
  readonly transactions = new Map<string, FakeTransaction>();
  readonly refunds = new Map<string, FakeRefund>();
  readonly bills = new Map<string, Record<string, unknown>>();
  /** The prepay id in each H5 cashier URL, and its transaction's out_trade_no (what the cashier page pays). */
  readonly prepayIds = new Map<string, string>();
  /** How many transfer requests moved money (a repeated request must not). */
  transfersMade = 0;
  /** The state a new transfer bill gets. */
  billState = 'SUCCESS';
  /** Refusals the next transfer requests get (WeChat's 4xx error body), before any bill is made. */
  readonly nextTransferRefusals: { code: string; message: string }[] = [];
  /** Set to sign answers with another key, as a man in the middle would. */
  answerKey: KeyObject | null = null;
  /** Refused requests: their signatures did not verify. */
  readonly refused: FakeRequest[] = [];
  /** Transfer requests naming a bill that already existed: answered with that bill, no money moved again. */
  transfersRepeated = 0;
  /**
   * Runs after the fake acted on a request (a bill recorded, money moved) and before it answers: a test kills the
   * caller here to lose the answer, as a crash would.
   */
  beforeAnswer: ((request: FakeRequest) => Promise<void>) | null = null;
  readonly http = new FakeHttpServer(async (request) => {
    const response = this.handle(request);
    await this.beforeAnswer?.(request);
    return response;
  });
  baseUrl = '';

  constructor(readonly keys: WechatPayKeys) {}

  async start(): Promise<string> {
    this.baseUrl = await this.http.start();
    return this.baseUrl;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  /**
   * The buyer pays (`total` when the provider captured another amount than asked): the transaction succeeds and its
   * TRANSACTION.SUCCESS notification is returned.
   */
  pay(outTradeNo: string, options: { total?: number } = {}): SignedNotification {
    const transaction = this.transactions.get(outTradeNo);
    if (!transaction) {
      throw new Error(`the fake has no transaction ${outTradeNo}`);
    }
    transaction.trade_state = 'SUCCESS';
    // what the provider captured is the transaction's amount from now on, whatever was asked
    transaction.total = options.total ?? transaction.total;
    transaction.transaction_id ??= `4200${Date.now()}${randomBytes(4).toString('hex')}`;
    transaction.success_time = new Date().toISOString();
    return this.transactionNotification(transaction);
  }

  transactionNotification(
    transaction: FakeTransaction,
    options: { total?: number; timestamp?: number; key?: KeyObject } = {},
  ): SignedNotification {
    const resource = {
      mchid: transaction.mchid,
      appid: transaction.appid,
      out_trade_no: transaction.out_trade_no,
      transaction_id: transaction.transaction_id,
      trade_type: transaction.channel.toUpperCase(),
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: transaction.success_time,
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: {
        total: options.total ?? transaction.total,
        payer_total: options.total ?? transaction.total,
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    };
    return this.notification('TRANSACTION.SUCCESS', 'transaction', '支付成功', resource, options);
  }

  /** The refund completes (or fails) at WeChat Pay: its REFUND.* notification. */
  completeRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' = 'SUCCESS'): SignedNotification {
    const refund = this.refunds.get(outRefundNo);
    if (!refund) {
      throw new Error(`the fake has no refund ${outRefundNo}`);
    }
    refund.status = status;
    return this.notification(`REFUND.${status}`, 'refund', status === 'SUCCESS' ? '退款成功' : '退款异常', {
      mchid: this.keys.mchId,
      out_trade_no: refund.out_trade_no,
      transaction_id: refund.transaction_id,
      out_refund_no: refund.out_refund_no,
      refund_id: refund.refund_id,
      refund_status: status,
      success_time: new Date().toISOString(),
      user_received_account: '支付用户零钱',
      amount: { total: refund.total, refund: refund.refund, payer_total: refund.total, payer_refund: refund.refund },
    });
  }

  /** A notification as WeChat Pay sends it: resource encrypted under the APIv3 key, body signed by the platform. */
  notification(
    eventType: string,
    originalType: string,
    summary: string,
    resource: object,
    options: { timestamp?: number; key?: KeyObject } = {},
  ): SignedNotification {
    const nonce = randomBytes(6).toString('hex');
    const associatedData = originalType;
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.keys.apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(associatedData));
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(resource), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: ciphertext.toString('base64'),
        associated_data: associatedData,
        nonce,
      },
    });
    return { body, headers: { 'content-type': 'application/json', ...this.signatureHeaders(body, options) } };
  }

  /** Posts a notification to the URL the merchant gave, as WeChat Pay does; the merchant's HTTP status. */
  async deliver(notification: SignedNotification, url: string): Promise<{ status: number; body: string }> {
    const response = await fetch(url, { method: 'POST', headers: notification.headers, body: notification.body });
    return { status: response.status, body: await response.text() };
  }

  private signatureHeaders(
    body: string,
    options: { timestamp?: number; key?: KeyObject } = {},
  ): Record<string, string> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(options.key ?? this.keys.platformPrivateKey, 'base64');
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': this.keys.platformPublicKeyId,
      'request-id': randomUUID(),
    };
  }

  private signed(response: { status: number; body: string }): FakeResponse {
    return {
      ...response,
      headers: {
        'content-type': 'application/json',
        ...this.signatureHeaders(response.body, { key: this.answerKey ?? undefined }),
      },
    };
  }

  private handle(request: FakeRequest): FakeResponse {
    const refusal = this.checkAuthorization(request);
    if (refusal) {
      this.refused.push(request);
      return this.signed(json(401, { code: 'SIGN_ERROR', message: refusal }));
    }
    return this.signed(this.route(request));
  }

  private checkAuthorization(request: FakeRequest): string | null {
    const header = request.headers.authorization ?? '';
    const match = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
    if (!match) {
      return 'no WECHATPAY2-SHA256-RSA2048 authorization';
    }
    const fields = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (fields.mchid !== this.keys.mchId || fields.serial_no !== this.keys.merchantSerialNo) {
      return 'unknown merchant or certificate serial';
    }
    if (Math.abs(Date.now() / 1000 - Number(fields.timestamp)) > 300) {
      return 'timestamp out of window';
    }
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${request.body}\n`;
    const valid = createVerify('RSA-SHA256')
      .update(message)
      .verify(this.keys.merchantPublicKey, fields.signature, 'base64');
    return valid ? null : 'signature does not verify';
  }

  private route(request: FakeRequest): { status: number; body: string } {
    const path = request.url.split('?')[0];
    const body = request.body ? (JSON.parse(request.body) as Body) : {};
    let match: RegExpExecArray | null;
    if (request.method === 'POST' && (match = /^\/v3\/pay\/transactions\/(native|h5|jsapi)$/.exec(path))) {
      return this.create(match[1], body);
    }
    if ((match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close)?$/.exec(path))) {
      const transaction = this.transactions.get(decodeURIComponent(match[1]));
      if (!transaction) {
        return json(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      }
      if (match[2]) {
        if (transaction.trade_state === 'SUCCESS') {
          return json(400, { code: 'ORDERPAID', message: '订单已支付' });
        }
        transaction.trade_state = 'CLOSED';
        return json(204);
      }
      return json(200, {
        appid: transaction.appid,
        mchid: transaction.mchid,
        out_trade_no: transaction.out_trade_no,
        transaction_id: transaction.transaction_id,
        trade_state: transaction.trade_state,
        trade_state_desc: transaction.trade_state,
        success_time: transaction.success_time,
        amount: { total: transaction.total, currency: 'CNY' },
      });
    }
    if (request.method === 'POST' && path === '/v3/refund/domestic/refunds') {
      return this.refund(body);
    }
    if (request.method === 'GET' && (match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(path))) {
      const refund = this.refunds.get(decodeURIComponent(match[1]));
      return refund ? this.refundAnswer(refund) : json(404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
    }
    if (request.method === 'POST' && path === '/v3/fund-app/mch-transfer/transfer-bills') {
      return this.transfer(body);
    }
    if ((match = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/.exec(path))) {
      const bill = this.bills.get(match[1]);
      return bill ? json(200, bill) : json(404, { code: 'NOT_FOUND', message: '记录不存在' });
    }
    return json(404, { code: 'NOT_FOUND', message: `no ${request.method} ${path}` });
  }

  private create(channel: string, body: Body): { status: number; body: string } {
    if (body.mchid !== this.keys.mchId || body.appid !== this.keys.appId) {
      return json(400, { code: 'PARAM_ERROR', message: 'appid 和 mch_id 不匹配' });
    }
    if (!/^[0-9A-Za-z_\-*|]{6,32}$/.test(body.out_trade_no) || !Number.isInteger(body.amount?.total)) {
      return json(400, { code: 'PARAM_ERROR', message: '参数错误' });
    }
    if (channel === 'jsapi' && !body.payer?.openid) {
      return json(400, { code: 'PARAM_ERROR', message: '缺少参数 payer.openid' });
    }
    const known = this.transactions.get(body.out_trade_no);
    if (known && known.total !== body.amount.total) {
      return json(400, { code: 'INVALID_REQUEST', message: '201 商户订单号重复' });
    }
    this.transactions.set(
      body.out_trade_no,
      known ?? {
        appid: body.appid,
        mchid: body.mchid,
        out_trade_no: body.out_trade_no,
        description: body.description,
        notify_url: body.notify_url,
        total: body.amount.total,
        trade_state: 'NOTPAY',
        refunded: 0,
        channel,
      },
    );
    const token = randomBytes(8).toString('hex');
    this.prepayIds.set(`wx${token}`, body.out_trade_no);
    return json(
      200,
      channel === 'native'
        ? { code_url: `weixin://wxpay/bizpayurl?pr=${token}` }
        : channel === 'h5'
          ? { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx${token}` }
          : { prepay_id: `wx${token}` },
    );
  }

  private refund(body: Body): { status: number; body: string } {
    const known = this.refunds.get(body.out_refund_no);
    const transaction = this.transactions.get(body.out_trade_no);
    if (!transaction || transaction.trade_state === 'NOTPAY' || transaction.trade_state === 'CLOSED') {
      return json(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
    }
    if (body.amount?.total !== transaction.total) {
      return json(400, { code: 'PARAM_ERROR', message: '订单金额与退款金额不匹配' });
    }
    if (!known) {
      if (transaction.refunded + body.amount.refund > transaction.total) {
        return json(403, { code: 'NOT_ENOUGH', message: '退款金额超过订单可退金额' });
      }
      transaction.refunded += body.amount.refund;
      this.refunds.set(body.out_refund_no, {
        out_trade_no: transaction.out_trade_no,
        transaction_id: transaction.transaction_id!,
        out_refund_no: body.out_refund_no,
        refund_id: `5030${Date.now()}${randomBytes(4).toString('hex')}`,
        refund: body.amount.refund,
        total: transaction.total,
        status: 'PROCESSING',
        notify_url: body.notify_url,
      });
    }
    return this.refundAnswer(this.refunds.get(body.out_refund_no)!);
  }

  /** A refund as the refund API answers it (created or queried): its state is `status`. */
  private refundAnswer(refund: FakeRefund): { status: number; body: string } {
    return json(200, {
      refund_id: refund.refund_id,
      out_refund_no: refund.out_refund_no,
      transaction_id: refund.transaction_id,
      out_trade_no: refund.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: new Date().toISOString(),
      status: refund.status,
      amount: {
        total: refund.total,
        refund: refund.refund,
        payer_total: refund.total,
        payer_refund: refund.refund,
        currency: 'CNY',
      },
    });
  }

  private transfer(body: Body): { status: number; body: string } {
    if (body.appid !== this.keys.appId || !/^[0-9A-Za-z]{1,32}$/.test(body.out_bill_no) || !body.transfer_scene_id) {
      return json(400, { code: 'PARAM_ERROR', message: '参数错误' });
    }
    if (body.openid === 'o-unknown-openid') {
      return json(400, { code: 'INVALID_REQUEST', message: 'openid与appid不匹配' });
    }
    const refusal = this.nextTransferRefusals.shift();
    if (refusal) {
      return json(400, refusal);
    }
    if (body.user_name) {
      // the payee's name arrives encrypted with the platform public key
      privateDecrypt(
        { key: this.keys.platformPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(body.user_name, 'base64'),
      );
    }
    if (this.bills.has(body.out_bill_no)) {
      this.transfersRepeated += 1;
    } else {
      this.transfersMade += 1;
      this.bills.set(body.out_bill_no, {
        mch_id: this.keys.mchId,
        out_bill_no: body.out_bill_no,
        transfer_bill_no: `1330${Date.now()}${randomBytes(4).toString('hex')}`,
        appid: body.appid,
        state: this.billState,
        transfer_amount: body.transfer_amount,
        transfer_remark: body.transfer_remark,
        openid: body.openid,
        create_time: new Date().toISOString(),
        update_time: new Date().toISOString(),
      });
    }
    const bill = this.bills.get(body.out_bill_no)!;
    return json(200, {
      out_bill_no: bill.out_bill_no,
      transfer_bill_no: bill.transfer_bill_no,
      create_time: bill.create_time,
      state: bill.state,
    });
  }
}

/** A key nobody trusts: what a forger signs with. */
export const strangerKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
