import { fenOf, parseBeijingTime, rawJsonMember, signContent, yuan } from './alipay.client';

describe('Alipay protocol helpers', () => {
  it('cuts the exact text of the response node, braces and quotes inside strings included', () => {
    const node = '{"code":"10000","msg":"Success","subject":"脐橙 {5 kg} \\"特级\\"","nested":{"a":1}}';
    const text = `{"alipay_trade_query_response":${node},"sign":"abc"}`;

    expect(rawJsonMember(text, 'alipay_trade_query_response')).toBe(node);
    expect(rawJsonMember(text, 'alipay_trade_close_response')).toBeNull();
  });

  it('converts fen and yuan exactly, and refuses what is not an amount', () => {
    expect([0, 1, 10, 99, 100, 12_345, 999_999_999].map(yuan)).toEqual([
      '0.00',
      '0.01',
      '0.10',
      '0.99',
      '1.00',
      '123.45',
      '9999999.99',
    ]);
    expect(['0.01', '0.1', '12', '123.45', '9999999.99'].map(fenOf)).toEqual([1, 10, 1200, 12_345, 999_999_999]);
    expect(['', '1.234', '-1.00', '1e3', ' 1.00', 12].map(fenOf)).toEqual([null, null, null, null, null, null]);
  });

  it('signs the sorted parameters with a value, leaving out the excluded ones', () => {
    expect(signContent({ b: '2', a: '1', sign: 'x', sign_type: 'RSA2', empty: '' }, ['sign', 'sign_type'])).toBe(
      'a=1&b=2',
    );
    expect(signContent({ b: '2', a: '1', sign: 'x', sign_type: 'RSA2' })).toBe('a=1&b=2&sign_type=RSA2');
  });

  it('reads Beijing time', () => {
    expect(new Date(parseBeijingTime('2026-12-06 18:00:00')).toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(parseBeijingTime('2026-12-06T18:00:00Z')).toBeNaN();
  });
});
