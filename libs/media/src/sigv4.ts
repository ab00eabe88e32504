import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 (the "Authorization header" form), as published in the AWS docs "Signature Version 4
 * signing process" and S3's "Authenticating Requests (AWS Signature Version 4)". Shared by the S3 adapter, which
 * signs, and the tests' fake S3, which recomputes the signature to verify it.
 */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

export interface SigV4Request {
  method: string;
  /** The path as sent, already URI-encoded (S3 encodes each segment once). */
  path: string;
  /** The query string as sent, without `?` (empty when there is none). */
  query: string;
  /** Every header to sign, names in any case. */
  headers: Record<string, string>;
  /** The payload's SHA-256 in hex (also sent as `x-amz-content-sha256`). */
  payloadHash: string;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding of one path segment or query component: everything but A–Z a–z 0–9 - _ . ~ is escaped. */
export const uriEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(query: string): string {
  if (!query) {
    return '';
  }
  return query
    .split('&')
    .map((pair) => {
      const [name, value = ''] = pair.split('=');
      return [uriEncode(decodeURIComponent(name)), uriEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The canonical request and the signed header list of a request. */
export function canonicalRequest(request: SigV4Request): { canonical: string; signedHeaders: string } {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonical = [
    request.method.toUpperCase(),
    request.path || '/',
    canonicalQuery(request.query),
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  return { canonical, signedHeaders };
}

/** `YYYYMMDDTHHMMSSZ`, the form of `x-amz-date`. */
export const amzDate = (at: Date): string =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The hex signature of a request at `x-amz-date` `date` (taken from its headers). */
export function sigV4Signature(request: SigV4Request, credentials: SigV4Credentials, date: string): string {
  const day = date.slice(0, 8);
  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const { canonical } = canonicalRequest(request);
  const stringToSign = [SIGV4_ALGORITHM, date, scope, sha256Hex(canonical)].join('\n');
  const dateKey = hmac(`AWS4${credentials.secretAccessKey}`, day);
  const signingKey = hmac(hmac(hmac(dateKey, credentials.region), credentials.service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

/** The `Authorization` header for a request whose headers include `x-amz-date` and `x-amz-content-sha256`. */
export function sigV4Authorization(request: SigV4Request, credentials: SigV4Credentials): string {
  const date = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-date')?.[1];
  if (!date) {
    throw new Error('a SigV4 request must carry x-amz-date');
  }
  const { signedHeaders } = canonicalRequest(request);
  const scope = `${date.slice(0, 8)}/${credentials.region}/${credentials.service}/aws4_request`;
  return (
    `${SIGV4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${sigV4Signature(request, credentials, date)}`
  );
}
