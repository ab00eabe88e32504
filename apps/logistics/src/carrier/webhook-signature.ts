import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-carrier-signature';
export const TIMESTAMP_HEADER = 'x-carrier-timestamp';

/** JSON with object keys sorted at every level, so signer and verifier hash the same bytes for the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hex HMAC-SHA256 over `<unix seconds>.<canonical JSON body>`. */
export function signWebhook(secret: string, timestamp: number, body: unknown): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.${canonicalJson(body)}`)
    .digest('hex');
}

export type WebhookVerdict = 'ok' | 'unsigned' | 'stale' | 'bad-signature';

/** Constant-time check of the signature, and of the timestamp against replays of old deliveries. */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: unknown,
  nowSeconds: number,
  toleranceSeconds: number,
): WebhookVerdict {
  if (!headers.signature || !headers.timestamp || !/^\d{9,12}$/.test(headers.timestamp)) {
    return 'unsigned';
  }
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return 'stale';
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'hex');
  const given = Buffer.from(headers.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'bad-signature';
}
