import { decodeCursor, encodeCursor, normalizeSearchText, searchKeys, SearchSort, searchTerms } from './search-query';

describe('search query helpers', () => {
  it('folds full-width characters, case and spaces like the database', () => {
    expect(normalizeSearchText('  赣南脐橙　５斤装  ABC ')).toBe('赣南脐橙 5斤装 abc');
  });

  it('splits a query into distinct terms', () => {
    expect(searchTerms('脐橙  礼盒 脐橙')).toEqual(['脐橙', '礼盒']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('asks the index for character pairs, or the character itself for one-character terms', () => {
    const key = (a: string, b: string) => (a.charCodeAt(0) << 16) | b.charCodeAt(0);
    expect(searchKeys(['脐橙'])).toEqual([key('脐', '橙')]);
    expect(searchKeys(['赣南脐橙'])).toEqual([key('赣', '南'), key('南', '脐'), key('脐', '橙')]);
    expect(searchKeys(['茶', 'ab'])).toEqual(['茶'.charCodeAt(0), key('a', 'b')]);
    expect(searchKeys(['😀'])).toEqual([0x1f600 & 0xffff]);
  });

  it('round-trips a cursor and refuses one from another sort or tampered with', () => {
    const cursor = { sort: SearchSort.PriceAsc, value: '5990', id: '0b6f3f5e-8f7a-4c55-9d0e-2f1f7a0c1e11' };
    expect(decodeCursor(encodeCursor(cursor), SearchSort.PriceAsc)).toEqual(cursor);
    expect(() => decodeCursor(encodeCursor(cursor), SearchSort.Newest)).toThrow(/belongs to sort=price_asc/);
    expect(() => decodeCursor('not-a-cursor', SearchSort.PriceAsc)).toThrow(/not one this API returned/);
    const tampered = Buffer.from(JSON.stringify(['price_asc', "1'; drop", cursor.id])).toString('base64url');
    expect(() => decodeCursor(tampered, SearchSort.PriceAsc)).toThrow(/not one this API returned/);
  });
});
