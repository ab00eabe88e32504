import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message a fake provider accepted. */
export interface FakeSms {
  phone: string;
  signName: string;
  templateId: string;
  /** Alibaba Cloud: the TemplateParam object; Tencent Cloud: `{1: …, 2: …}` from TemplateParamSet. */
  params: Record<string, string>;
}

/** A local stand-in for an SMS provider: checks each request's signature with keys made for the test. */
export interface FakeSmsProvider {
  url: string;
  /** What was accepted, oldest first. */
  inbox: FakeSms[];
  /** Requests refused, with the provider's error code. */
  refused: string[];
  /** The next n requests answer this provider error (throttling, a bad template). */
  failNext(code: string, times?: number): void;
  /** The latest message to a phone (its template params). */
  lastTo(phone: string): FakeSms | undefined;
  close(): Promise<void>;
}

const equal = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function serve(
  handle: (request: IncomingMessage, body: string) => { status: number; answer: unknown },
): Promise<{ server: Server; url: string }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void bodyOf(request).then((body) => {
      const { status, answer } = handle(request, body);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function provider(
  server: Server,
  url: string,
  inbox: FakeSms[],
  refused: string[],
  failures: string[],
): FakeSmsProvider {
  return {
    url,
    inbox,
    refused,
    failNext: (code, times = 1) => failures.push(...Array<string>(times).fill(code)),
    lastTo: (phone) => inbox.filter((sms) => sms.phone === phone).at(-1),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Keys for a fake provider, made fresh for each test (never published). */
export const makeSmsKeys = () => ({
  id: `LTAI${randomBytes(8).toString('hex')}`,
  secret: randomBytes(24).toString('base64'),
});

/**
 * Alibaba Cloud dysmsapi `SendSms` as published: RPC parameters as a form body (or query), SignatureVersion 1.0
 * HMAC-SHA1 over `POST&%2F&<encoded canonical query>` keyed with `<secret>&`; Timestamp within 15 minutes and a
 * SignatureNonce used once. Answers `{Code: 'OK', BizId}` or `{Code, Message}` as the service does.
 */
export async function startFakeAliyunSms(keys: { id: string; secret: string }): Promise<FakeSmsProvider> {
  const inbox: FakeSms[] = [];
  const refused: string[] = [];
  const failures: string[] = [];
  const nonces = new Set<string>();
  const encode = (value: string) =>
    encodeURIComponent(value)
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29')
      .replace(/\*/g, '%2A');
  const refuse = (code: string, message: string) => {
    refused.push(code);
    return { status: 400, answer: { Code: code, Message: message, RequestId: randomBytes(8).toString('hex') } };
  };
  const { server, url } = await serve((request, body) => {
    const form = new URLSearchParams(request.method === 'POST' ? body : (request.url ?? '').split('?')[1]);
    const params = Object.fromEntries(form.entries());
    const { Signature: signature, ...signed } = params;
    if (params.AccessKeyId !== keys.id) {
      return refuse('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    }
    const query = Object.entries(signed)
      .map(([key, value]) => [encode(key), encode(value)])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const expected = createHmac('sha1', `${keys.secret}&`)
      .update(`${request.method}&%2F&${encode(query)}`)
      .digest('base64');
    if (
      params.SignatureMethod !== 'HMAC-SHA1' ||
      params.SignatureVersion !== '1.0' ||
      !equal(expected, signature ?? '')
    ) {
      return refuse('SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp ?? '')) {
      return refuse('InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    if (Math.abs(Date.parse(params.Timestamp) - Date.now()) > 15 * 60_000) {
      return refuse('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    if (!params.SignatureNonce || nonces.has(params.SignatureNonce)) {
      return refuse('SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
    nonces.add(params.SignatureNonce);
    if (params.Action !== 'SendSms' || params.Version !== '2017-05-25') {
      return refuse('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    }
    if (!/^1[3-9]\d{9}$/.test(params.PhoneNumbers ?? '')) {
      return refuse('isv.MOBILE_NUMBER_ILLEGAL', 'mobile number illegal');
    }
    const failure = failures.shift();
    if (failure) {
      return { status: 200, answer: { Code: failure, Message: 'failed as the test asked' } };
    }
    inbox.push({
      phone: params.PhoneNumbers,
      signName: params.SignName,
      templateId: params.TemplateCode,
      params: JSON.parse(params.TemplateParam ?? '{}') as Record<string, string>,
    });
    return { status: 200, answer: { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: 'fake' } };
  });
  return provider(server, url, inbox, refused, failures);
}

/**
 * Tencent Cloud SMS `SendSms` 2021-01-11 as published: a JSON POST with X-TC-Action/Version/Timestamp/Region and an
 * Authorization of TC3-HMAC-SHA256 (canonical request over the signed headers and the payload's SHA-256, key derived
 * from `TC3<SecretKey>` by date, `sms` and `tc3_request`), the timestamp within 5 minutes. Answers
 * `{Response: {SendStatusSet: [{Code: 'Ok'}]}}` or `{Response: {Error}}`.
 */
export async function startFakeTencentSms(
  keys: { id: string; secret: string },
  sdkAppId: string,
): Promise<FakeSmsProvider> {
  const inbox: FakeSms[] = [];
  const refused: string[] = [];
  const failures: string[] = [];
  const error = (code: string, message: string) => {
    refused.push(code);
    return { status: 200, answer: { Response: { Error: { Code: code, Message: message }, RequestId: 'fake' } } };
  };
  const hex = (value: string) => createHash('sha256').update(value).digest('hex');
  const { server, url } = await serve((request, body) => {
    const header = (name: string) => String(request.headers[name] ?? '');
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/sms\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        header('authorization'),
      );
    if (!match) {
      return error('AuthFailure.InvalidAuthorization', 'Authorization is invalid.');
    }
    const [, secretId, date, signedHeaders, signature] = match;
    if (secretId !== keys.id) {
      return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    }
    const timestamp = Number(header('x-tc-timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(timestamp * 1000 - Date.now()) > 5 * 60_000) {
      return error('AuthFailure.SignatureExpire', 'Signature expired.');
    }
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) {
      return error('AuthFailure.SignatureFailure', 'The credential date does not match the timestamp.');
    }
    const names = signedHeaders.split(';');
    if (!names.includes('content-type') || !names.includes('host')) {
      return error('AuthFailure.SignatureFailure', 'content-type and host must be signed.');
    }
    const canonicalHeaders = names.map((name) => `${name}:${header(name).trim().toLowerCase()}\n`).join('');
    const canonical = `${request.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${hex(body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${hex(canonical)}`;
    let key: Buffer = createHmac('sha256', `TC3${keys.secret}`).update(date).digest();
    for (const part of ['sms', 'tc3_request']) {
      key = createHmac('sha256', key).update(part).digest();
    }
    if (!equal(createHmac('sha256', key).update(toSign).digest('hex'), signature)) {
      return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    }
    if (header('x-tc-action') !== 'SendSms' || header('x-tc-version') !== '2021-01-11') {
      return error('InvalidAction', 'The action or version is not valid.');
    }
    const sent = JSON.parse(body) as {
      PhoneNumberSet: string[];
      SmsSdkAppId: string;
      SignName: string;
      TemplateId: string;
      TemplateParamSet?: string[];
    };
    if (sent.SmsSdkAppId !== sdkAppId) {
      return error('FailedOperation.SmsSdkAppIdVerifyFail', 'SdkAppId verification failed.');
    }
    const phone = /^\+861[3-9]\d{9}$/.test(sent.PhoneNumberSet?.[0] ?? '') ? sent.PhoneNumberSet[0].slice(3) : '';
    const failure = failures.shift();
    const status = failure ?? (phone ? 'Ok' : 'InvalidParameterValue.IncorrectPhoneNumber');
    if (status === 'Ok') {
      inbox.push({
        phone,
        signName: sent.SignName,
        templateId: sent.TemplateId,
        params: Object.fromEntries((sent.TemplateParamSet ?? []).map((value, index) => [String(index + 1), value])),
      });
    }
    const set = [{ SerialNo: 'fake', PhoneNumber: sent.PhoneNumberSet?.[0], Fee: 1, Code: status, Message: status }];
    return { status: 200, answer: { Response: { SendStatusSet: set, RequestId: 'fake' } } };
  });
  return provider(server, url, inbox, refused, failures);
}
