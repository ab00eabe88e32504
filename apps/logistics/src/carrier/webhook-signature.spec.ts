import { canonicalJson, signWebhook, verifyWebhook } from './webhook-signature';

describe('carrier webhook signatures', () => {
  const secret = 'a-test-secret-of-enough-length';
  const body = { waybillNo: 'SX123', status: 'delivered', occurredAt: '2026-05-20T08:00:00.000Z' };
  const now = 1_779_000_000;

  it('hashes the same body the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
    expect(signWebhook(secret, now, body)).toBe(
      signWebhook(secret, now, { occurredAt: body.occurredAt, status: 'delivered', waybillNo: 'SX123' }),
    );
  });

  it('accepts a fresh, correctly signed body', () => {
    const signature = signWebhook(secret, now, body);
    expect(verifyWebhook(secret, { signature, timestamp: String(now) }, body, now + 10, 300)).toBe('ok');
  });

  it('refuses a changed body, another secret, an old timestamp or no signature', () => {
    const signature = signWebhook(secret, now, body);
    expect(
      verifyWebhook(secret, { signature, timestamp: String(now) }, { ...body, waybillNo: 'SX124' }, now, 300),
    ).toBe('bad-signature');
    expect(verifyWebhook('another-secret-entirely-here', { signature, timestamp: String(now) }, body, now, 300)).toBe(
      'bad-signature',
    );
    expect(verifyWebhook(secret, { signature, timestamp: String(now) }, body, now + 301, 300)).toBe('stale');
    expect(verifyWebhook(secret, { timestamp: String(now) }, body, now, 300)).toBe('unsigned');
    expect(verifyWebhook(secret, { signature: 'zz', timestamp: String(now) }, body, now, 300)).toBe('bad-signature');
  });
});
