import { createHmac, randomUUID } from 'node:crypto';
import { SmsMessage, SmsSender, SmsSendFailed } from './sms.port';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Template name → template code (`SMS_123456789`). */
  templateIds: Record<string, string>;
  /** https://dysmsapi.aliyuncs.com, or a local fake in tests. */
  endpoint: string;
  timeoutMs: number;
  /** For tests: the clock that stamps `Timestamp`. */
  now?: () => Date;
}

/** RFC 3986 encoding as Alibaba Cloud's RPC signature defines it (space %20, `*` %2A, `~` kept). */
export const aliyunPercentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The RPC-style signature (SignatureVersion 1.0, HMAC-SHA1): the parameters sorted by name, each name and value
 * percent-encoded, joined with `&`; the string to sign is `METHOD&%2F&<that, encoded again>`, keyed with
 * `AccessKeySecret&`, base64.
 */
export function aliyunSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${aliyunPercentEncode(key)}=${aliyunPercentEncode(params[key])}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

interface SendSmsAnswer {
  Code?: string;
  Message?: string;
  BizId?: string;
  RequestId?: string;
}

/** Alibaba Cloud SMS (dysmsapi 2017-05-25) `SendSms`, signed with the account's AccessKey. */
export class AliyunSmsSender extends SmsSender {
  constructor(private readonly options: AliyunSmsOptions) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    const { accessKeyId, accessKeySecret, signName, templateIds, endpoint, timeoutMs } = this.options;
    const templateCode = templateIds[message.template];
    if (!templateCode) {
      throw new SmsSendFailed(`no Alibaba Cloud template code for ${message.template}`);
    }
    const params: Record<string, string> = {
      AccessKeyId: accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: (this.options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      PhoneNumbers: message.phone,
      SignName: signName,
      TemplateCode: templateCode,
      TemplateParam: JSON.stringify(message.params),
    };
    const body = new URLSearchParams({ ...params, Signature: aliyunSignature('POST', params, accessKeySecret) });
    let response: Response;
    try {
      response = await fetch(`${endpoint.replace(/\/$/, '')}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SmsSendFailed(`Alibaba Cloud SMS is unreachable: ${(error as Error).message}`);
    }
    const answer = (await response.json().catch(() => ({}))) as SendSmsAnswer;
    if (!response.ok || answer.Code !== 'OK') {
      throw new SmsSendFailed(
        `Alibaba Cloud SMS refused (${response.status} ${answer.Code ?? 'no code'}): ${answer.Message ?? ''}`.trim(),
        answer.Code,
      );
    }
  }
}
