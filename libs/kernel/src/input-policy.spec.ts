import { findTextFault, jsonDepthExceeds, textFault } from './input-policy';

describe('input policy', () => {
  describe(textFault.name, () => {
    it.each([
      ['plain text', '安西镇 navel oranges'],
      ['an emoji (a surrogate pair)', 'oranges 🍊'],
      ['U+FFFD itself', 'a\uFFFDb'],
      ['the empty string', ''],
    ])('accepts %s', (_name, text) => {
      expect(textFault(text)).toBeUndefined();
    });

    it.each([
      ['NUL', 'ab\u0000cd', /NUL/],
      ['a lone high surrogate', 'ab\ud800cd', /lone surrogate/],
      ['a lone low surrogate', '\udc00', /lone surrogate/],
      ['a high surrogate at the end', 'ab\ud83c', /lone surrogate/],
      ['two high surrogates', '\ud83c\ud83c\udf4a', /lone surrogate/],
    ])('refuses %s', (_name, text, message) => {
      expect(textFault(text)).toMatch(message);
    });
  });

  describe(findTextFault.name, () => {
    it('names a value at any depth with a dotted path', () => {
      expect(findTextFault({ delivery: { lines: [{ name: 'ok' }, { name: 'a\u0000' }] } })).toEqual({
        field: 'delivery.lines.1.name',
        message: expect.stringMatching(/NUL/),
      });
    });

    it('names a key, escaped so the answer never carries the NUL', () => {
      expect(findTextFault({ ['na\u0000me']: 'x' })?.field).toBe('na\\u0000me');
    });

    it('walks objects without a prototype (parsed query strings)', () => {
      const query = Object.assign(Object.create(null) as object, { q: 'ab\u0000cd' });
      expect(findTextFault(query)?.field).toBe('q');
      const Empty = function Empty() {} as unknown as new () => object;
      Empty.prototype = Object.create(null) as object;
      expect(findTextFault(Object.assign(new Empty(), { q: 'ab\u0000cd' }))?.field).toBe('q');
    });

    it('does not walk what is not plain data (a proxied body stream)', () => {
      class Stream {
        chunk = 'a\u0000';
      }
      expect(findTextFault(new Stream())).toBeUndefined();
      expect(findTextFault({ ok: ['fine', 1, null, true] })).toBeUndefined();
    });
  });

  describe(jsonDepthExceeds.name, () => {
    const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

    it('counts arrays and objects, and stops past the limit', () => {
      expect(jsonDepthExceeds(Buffer.from(nested(32)), 32)).toBe(false);
      expect(jsonDepthExceeds(Buffer.from(nested(33)), 32)).toBe(true);
      expect(jsonDepthExceeds(Buffer.from('{"a":[{"b":{}}]}'), 3)).toBe(true);
      expect(jsonDepthExceeds(Buffer.from('{"a":[{"b":1}]}'), 3)).toBe(false);
    });

    it('ignores brackets inside strings, escaped quotes included', () => {
      expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ a: '[[[[{{{{"\\' + '['.repeat(50) })), 2)).toBe(false);
    });
  });
});
