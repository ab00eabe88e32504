import { createPrivateKey, createPublicKey, createSign, createVerify, KeyObject } from 'node:crypto';
import { pem } from '../wechatpay/wechatpay.client';

export const ALIPAY_DEFAULT_GATEWAY = 'https://openapi.alipay.com/gateway.do';
const TIMEOUT_MS = 10_000;
const SUCCESS = '10000';

export interface AlipaySettings {
  appId: string;
  /** PEM of our application private key (RSA2048). */
  appPrivateKey: string;
  /** PEM of Alipay's public key (支付宝公钥), which signs answers and notifications. */
  alipayPublicKey: string;
  /** Public-key-certificate mode (required for fund.trans.uni.transfer): the SNs sent with each request. */
  appCertSn?: string;
  alipayRootCertSn?: string;
  /** Where Alipay posts notifications (our /payments/webhook/alipay, public). */
  notifyUrl: string;
  /** https://openapi.alipay.com/gateway.do unless a test's fake stands in. */
  gateway: string;
  /** Notifications whose notify_time is further than this from now are refused. */
  toleranceSeconds: number;
}

/** An Alipay answer with a code other than 10000, signature verified. */
export class AlipayError extends Error {
  constructor(
    readonly code: string,
    readonly subCode: string,
    message: string,
  ) {
    super(`Alipay ${code} ${subCode}: ${message}`);
  }
}

export interface AlipayAnswer {
  code: string;
  msg: string;
  sub_code?: string;
  sub_msg?: string;
  [field: string]: unknown;
}

/** A text field of an answer, or '' when it is absent or not text. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Alipay's timestamps: "yyyy-MM-dd HH:mm:ss" in Beijing time. */
export const beijingTime = (date = new Date()): string =>
  new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

export const parseBeijingTime = (value: string): number =>
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? Date.parse(`${value.replace(' ', 'T')}+08:00`) : NaN;

/** Fen as Alipay's yuan with two decimals ("12.34"), and back, without floating point. */
export const yuan = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export const fenOf = (value: unknown): number | null => {
  const match = typeof value === 'string' ? /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value) : null;
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0')) : null;
};

/** The string Alipay signs: every parameter but sign (and sign_type for notifications) with a value, sorted. */
export const signContent = (params: Record<string, string>, exclude: readonly string[] = ['sign']): string =>
  Object.keys(params)
    .filter((key) => !exclude.includes(key) && params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');

/**
 * The exact text of one member's value in a JSON document: Alipay signs the characters of its `…_response` node as
 * sent, so they are cut out of the answer rather than re-serialised.
 */
export function rawJsonMember(text: string, member: string): string | null {
  const start = text.indexOf(`"${member}"`);
  if (start < 0) {
    return null;
  }
  let i = text.indexOf(':', start + member.length + 2) + 1;
  while (/\s/.test(text[i])) {
    i += 1;
  }
  if (text[i] !== '{') {
    return null;
  }
  let depth = 0;
  let inString = false;
  for (let j = i; j < text.length; j += 1) {
    const char = text[j];
    if (inString) {
      if (char === '\\') {
        j += 1;
      } else if (char === '"') {
        inString = false;
      }
    } else if (char === '"') {
      inString = true;
    } else if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) {
        return text.slice(i, j + 1);
      }
    }
  }
  return null;
}

/**
 * Alipay openapi over node:crypto and fetch: requests signed RSA2 (SHA256withRSA over the sorted parameters),
 * every answer's `sign` verified over the exact text of its response node with Alipay's public key, notifications
 * verified over their sorted parameters without sign and sign_type.
 */
export class AlipayClient {
  private readonly privateKey: KeyObject;
  private readonly alipayKey: KeyObject;

  constructor(readonly settings: AlipaySettings) {
    this.privateKey = createPrivateKey(pem(settings.appPrivateKey));
    this.alipayKey = createPublicKey(pem(settings.alipayPublicKey));
  }

  /** The signed parameters of a call. */
  signedParams(method: string, biz: object, extra: Record<string, string> = {}): Record<string, string> {
    const { appId, appCertSn, alipayRootCertSn } = this.settings;
    const params: Record<string, string> = {
      app_id: appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: beijingTime(),
      version: '1.0',
      ...(appCertSn ? { app_cert_sn: appCertSn } : {}),
      ...(alipayRootCertSn ? { alipay_root_cert_sn: alipayRootCertSn } : {}),
      ...extra,
      biz_content: JSON.stringify(biz),
    };
    params.sign = createSign('RSA-SHA256').update(signContent(params)).sign(this.privateKey, 'base64');
    return params;
  }

  /** A page the buyer's browser opens (wap.pay, page.pay): the gateway URL with the signed parameters. */
  pageUrl(method: string, biz: object, extra: Record<string, string> = {}): string {
    const url = new URL(this.settings.gateway);
    for (const [key, value] of Object.entries(this.signedParams(method, biz, extra))) {
      url.searchParams.set(key, value);
    }
    return url.toString();
  }

  /**
   * Calls a method and returns its verified answer. Throws AlipayError for a verified answer with another code than
   * 10000, and a plain Error when the answer is missing, unsigned or forged (nothing may be concluded: retry).
   */
  async call(method: string, biz: object, extra: Record<string, string> = {}): Promise<AlipayAnswer> {
    const response = await fetch(this.settings.gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(this.signedParams(method, biz, extra)).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`Alipay answered HTTP ${response.status}`);
    }
    const node = `${method.replace(/\./g, '_')}_response`;
    const raw = rawJsonMember(text, node) ?? rawJsonMember(text, 'error_response');
    let sign: unknown;
    try {
      sign = (JSON.parse(text) as { sign?: unknown }).sign;
    } catch {
      throw new Error('Alipay answered something that is not JSON');
    }
    if (raw === null || typeof sign !== 'string' || !this.verify(raw, sign)) {
      throw new Error(`Alipay's answer to ${method} is unsigned or its signature does not match`);
    }
    const answer = JSON.parse(raw) as AlipayAnswer;
    if (answer.code !== SUCCESS) {
      throw new AlipayError(answer.code, answer.sub_code ?? '', answer.sub_msg ?? answer.msg);
    }
    return answer;
  }

  /** SHA256withRSA with Alipay's public key. */
  verify(content: string, sign: string): boolean {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(this.alipayKey, sign, 'base64');
  }
}
