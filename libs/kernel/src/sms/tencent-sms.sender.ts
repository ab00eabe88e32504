import { createHash, createHmac } from 'node:crypto';
import { SmsMessage, SmsSender, SmsSendFailed } from './sms.port';

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  /** Template name → template id (digits). */
  templateIds: Record<string, string>;
  region: string;
  /** https://sms.tencentcloudapi.com, or a local fake in tests. */
  endpoint: string;
  timeoutMs: number;
  now?: () => Date;
}

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
const hmac = (key: Buffer | string, value: string): Buffer => createHmac('sha256', key).update(value).digest();

export interface Tc3Request {
  host: string;
  action: string;
  contentType: string;
  payload: string;
  timestamp: number;
}

/**
 * TC3-HMAC-SHA256 (Tencent Cloud API 3.0) for a POST to `/`: the canonical request signs content-type, host and
 * x-tc-action; the key is derived from `TC3<SecretKey>` through the UTC date, the service (`sms`) and
 * `tc3_request`. Returns the Authorization header.
 */
export function tc3Authorization(request: Tc3Request, secretId: string, secretKey: string, service = 'sms'): string {
  const signedHeaders = 'content-type;host;x-tc-action';
  const canonicalHeaders = `content-type:${request.contentType}\nhost:${request.host}\nx-tc-action:${request.action.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(request.payload)].join('\n');
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(request.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

interface SendSmsAnswer {
  Response?: {
    Error?: { Code: string; Message: string };
    SendStatusSet?: { Code: string; Message: string; PhoneNumber: string }[];
    RequestId?: string;
  };
}

/** Tencent Cloud SMS `SendSms` (API version 2021-01-11), signed with TC3-HMAC-SHA256. */
export class TencentSmsSender extends SmsSender {
  constructor(private readonly options: TencentSmsOptions) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    const { secretId, secretKey, sdkAppId, signName, templateIds, region, endpoint, timeoutMs } = this.options;
    const templateId = templateIds[message.template];
    if (!templateId) {
      throw new SmsSendFailed(`no Tencent Cloud template id for ${message.template}`);
    }
    const url = new URL(endpoint);
    const payload = JSON.stringify({
      PhoneNumberSet: [`+86${message.phone}`],
      SmsSdkAppId: sdkAppId,
      SignName: signName,
      TemplateId: templateId,
      TemplateParamSet: Object.values(message.params),
    });
    const timestamp = Math.floor((this.options.now?.() ?? new Date()).getTime() / 1000);
    const contentType = 'application/json; charset=utf-8';
    const authorization = tc3Authorization(
      { host: url.host, action: 'SendSms', contentType, payload, timestamp },
      secretId,
      secretKey,
    );
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': contentType,
          'x-tc-action': 'SendSms',
          'x-tc-version': '2021-01-11',
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': region,
        },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SmsSendFailed(`Tencent Cloud SMS is unreachable: ${(error as Error).message}`);
    }
    const answer = ((await response.json().catch(() => ({}))) as SendSmsAnswer).Response;
    if (answer?.Error) {
      throw new SmsSendFailed(
        `Tencent Cloud SMS refused: ${answer.Error.Code} ${answer.Error.Message}`,
        answer.Error.Code,
      );
    }
    const status = answer?.SendStatusSet?.[0];
    if (!response.ok || !status || status.Code !== 'Ok') {
      throw new SmsSendFailed(
        `Tencent Cloud SMS did not send (${response.status} ${status?.Code ?? 'no status'}): ${status?.Message ?? ''}`,
        status?.Code,
      );
    }
  }
}
