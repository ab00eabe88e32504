import {
  constants,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  KeyObject,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { WebhookRejected } from '../payment-provider';

export const WECHATPAY_DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
const TIMEOUT_MS = 10_000;

export interface WechatPaySettings {
  /** 商户号 */
  mchId: string;
  /** The app id (公众号/小程序/移动应用) payments and transfers are made under. */
  appId: string;
  /** Serial number of the merchant API certificate whose private key signs our requests. */
  merchantSerialNo: string;
  /** PEM of the merchant API private key (apiclient_key.pem). */
  merchantPrivateKey: string;
  /** WeChat Pay's platform public key (PEM; 微信支付公钥 or the public key of the platform certificate). */
  platformPublicKey: string;
  /** Its id as WeChat Pay sends it in Wechatpay-Serial (PUB_KEY_ID_… or the platform certificate serial). */
  platformPublicKeyId: string;
  /** The APIv3 key (32 characters) that decrypts notification resources. */
  apiV3Key: string;
  /** Where WeChat Pay posts notifications (our /payments/webhook/wechatpay, public https). */
  notifyUrl: string;
  /** https://api.mch.weixin.qq.com unless a test's fake stands in. */
  baseUrl: string;
  /** Notifications and responses signed further than this from now are refused. */
  toleranceSeconds: number;
}

/** A WeChat Pay answer that is an error (HTTP 4xx/5xx with { code, message }), signature already verified. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
  }
}

interface NotificationEnvelope {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary?: string;
  resource: { algorithm: string; ciphertext: string; associated_data?: string; nonce: string; original_type: string };
}

export interface VerifiedNotification<T> {
  id: string;
  eventType: string;
  createTime: string;
  resource: T;
  envelope: NotificationEnvelope;
}

const header = (headers: IncomingHttpHeaders | Headers, name: string): string | undefined => {
  const value = headers instanceof Headers ? headers.get(name) : headers[name.toLowerCase()];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

const nonce = (): string => randomBytes(16).toString('hex').toUpperCase();

/** Accepts a PEM as configured in env, where newlines are often written as \n. */
export const pem = (value: string): string => value.replace(/\\n/g, '\n');

/**
 * WeChat Pay API v3 over node:crypto and fetch: every request signed with the merchant key (WECHATPAY2-SHA256-RSA2048
 * over method, canonical URL, timestamp, nonce and body), every answer and notification verified against the platform
 * public key (SHA256withRSA over timestamp, nonce and body) inside a time window, and notification resources
 * decrypted with AEAD_AES_256_GCM under the APIv3 key.
 */
export class WechatPayClient {
  private readonly privateKey: KeyObject;
  private readonly platformKey: KeyObject;

  constructor(readonly settings: WechatPaySettings) {
    this.privateKey = createPrivateKey(pem(settings.merchantPrivateKey));
    this.platformKey = createPublicKey(pem(settings.platformPublicKey));
    if (Buffer.byteLength(settings.apiV3Key) !== 32) {
      throw new Error('the WeChat Pay APIv3 key must be 32 bytes');
    }
  }

  /** The Authorization header for a request (exported for the JSAPI paySign, which signs the same way). */
  authorization(method: string, canonicalUrl: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
    const nonceStr = nonce();
    const signature = this.sign(`${method}\n${canonicalUrl}\n${timestamp}\n${nonceStr}\n${body}\n`);
    const { mchId, merchantSerialNo } = this.settings;
    return (
      `${AUTH_SCHEMA} mchid="${mchId}",nonce_str="${nonceStr}",signature="${signature}",` +
      `timestamp="${timestamp}",serial_no="${merchantSerialNo}"`
    );
  }

  /** SHA256withRSA with the merchant key, base64. */
  sign(message: string): string {
    return createSign('RSA-SHA256').update(message).sign(this.privateKey, 'base64');
  }

  /** Encrypts a sensitive field (a payee's name) for WeChat Pay with its platform public key (RSA-OAEP). */
  encrypt(plain: string): string {
    return publicEncrypt(
      { key: this.platformKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(plain, 'utf8'),
    ).toString('base64');
  }

  /**
   * Sends a signed request and returns the verified JSON answer (null for 204). An answer whose signature does not
   * verify is thrown as an Error: it may be forged, so nothing may be concluded from it (the caller retries).
   */
  async request<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T | null> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const response = await fetch(new URL(path, this.settings.baseUrl), {
      method,
      headers: {
        authorization: this.authorization(method, path, payload),
        accept: 'application/json',
        'user-agent': 'countyflow-orders',
        'wechatpay-serial': this.settings.platformPublicKeyId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    this.verifySigned(text, response.headers, 'answer');
    if (response.status >= 400) {
      let error: { code?: string; message?: string } = {};
      try {
        error = JSON.parse(text) as typeof error;
      } catch {
        // an error without a body
      }
      throw new WechatPayError(response.status, error.code ?? 'UNKNOWN', error.message ?? text.slice(0, 200));
    }
    return text.length === 0 ? null : (JSON.parse(text) as T);
  }

  /** Verifies a notification's signature and window, and decrypts its resource. Throws WebhookRejected. */
  verifyNotification<T>(rawBody: Buffer, headers: IncomingHttpHeaders): VerifiedNotification<T> {
    const body = rawBody.toString('utf8');
    try {
      this.verifySigned(body, headers, 'notification');
    } catch (error) {
      if (error instanceof WebhookRejected) {
        throw error;
      }
      throw new WebhookRejected(401, 'invalid-signature', (error as Error).message);
    }
    let envelope: NotificationEnvelope;
    try {
      envelope = JSON.parse(body) as NotificationEnvelope;
    } catch {
      throw new WebhookRejected(400, 'malformed-webhook', 'the notification body is not JSON');
    }
    const resource = envelope?.resource;
    if (
      typeof envelope?.id !== 'string' ||
      typeof envelope.event_type !== 'string' ||
      resource?.algorithm !== 'AEAD_AES_256_GCM' ||
      typeof resource.ciphertext !== 'string' ||
      typeof resource.nonce !== 'string'
    ) {
      throw new WebhookRejected(
        400,
        'malformed-webhook',
        'the notification lacks id, event_type or an AEAD_AES_256_GCM resource',
      );
    }
    let plain: string;
    try {
      plain = this.decrypt(resource.ciphertext, resource.nonce, resource.associated_data ?? '');
    } catch {
      throw new WebhookRejected(401, 'undecryptable-resource', 'the resource does not decrypt under our APIv3 key');
    }
    return {
      id: envelope.id,
      eventType: envelope.event_type,
      createTime: envelope.create_time,
      resource: JSON.parse(plain) as T,
      envelope,
    };
  }

  /** AEAD_AES_256_GCM: base64 ciphertext whose last 16 bytes are the tag, the nonce and associated data as text. */
  decrypt(ciphertext: string, nonceText: string, associatedData: string): string {
    const bytes = Buffer.from(ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(this.settings.apiV3Key), Buffer.from(nonceText));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    decipher.setAAD(Buffer.from(associatedData));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }

  private verifySigned(body: string, headers: IncomingHttpHeaders | Headers, what: string): void {
    const timestamp = header(headers, 'wechatpay-timestamp');
    const nonceStr = header(headers, 'wechatpay-nonce');
    const signature = header(headers, 'wechatpay-signature');
    const serial = header(headers, 'wechatpay-serial');
    if (!timestamp || !nonceStr || !signature || !serial) {
      throw new WebhookRejected(401, 'missing-signature', `the ${what} lacks the Wechatpay-* signature headers`);
    }
    if (signature.startsWith('WECHATPAY/SIGNTEST/')) {
      throw new WebhookRejected(401, 'invalid-signature', `the ${what} carries WeChat Pay's signature probe`);
    }
    if (serial !== this.settings.platformPublicKeyId) {
      throw new WebhookRejected(
        401,
        'unknown-signing-key',
        `the ${what} is signed with ${serial}, not with the platform key ${this.settings.platformPublicKeyId}`,
      );
    }
    const valid = createVerify('RSA-SHA256')
      .update(`${timestamp}\n${nonceStr}\n${body}\n`)
      .verify(this.platformKey, signature, 'base64');
    if (!valid) {
      throw new WebhookRejected(401, 'invalid-signature', `the ${what}'s signature does not match its body`);
    }
    const age = Math.abs(Date.now() / 1000 - Number(timestamp));
    if (!Number.isFinite(age) || age > this.settings.toleranceSeconds) {
      throw new WebhookRejected(
        401,
        'stale-webhook',
        `the ${what} was signed ${Math.round(age)} s from now; more than ${this.settings.toleranceSeconds} s is refused as a possible replay`,
      );
    }
  }
}

/** WeChat's merchant references allow 32 letters and digits at most: our uuids without their dashes. */
export const compactId = (uuid: string): string => uuid.replace(/-/g, '');
