import { Problem } from '@countyflow/kernel';

export enum SearchSort {
  Relevance = 'relevance',
  PriceAsc = 'price_asc',
  PriceDesc = 'price_desc',
  Newest = 'newest',
  Sales = 'sales',
}

/** The same folding the database applies to listings (`search_normalize`): NFKC, lower case, single spaces. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The words of a query; each must appear in a listing (as a substring: Chinese has no spaces between words). */
export function searchTerms(query: string): string[] {
  const normalized = normalizeSearchText(query);
  return normalized ? [...new Set(normalized.split(' '))].slice(0, 8) : [];
}

/** A character's key: the low 16 bits of its code point (what `ascii(ch) & 65535` gives in the database). */
const charKey = (char: string): number => char.codePointAt(0)! & 0xffff;

/**
 * The index keys a listing must hold to contain every term, as the database's `search_keys` computes them: the key
 * of each pair of adjacent characters (two 16-bit halves in an int4), or of the character itself for a
 * one-character term. Holding the keys is necessary for containing the term; the exact substring test confirms it.
 */
export function searchKeys(terms: string[]): number[] {
  const keys = new Set<number>();
  for (const term of terms) {
    const chars = [...term];
    if (chars.length === 1) {
      keys.add(charKey(chars[0]));
    }
    for (let index = 0; index + 1 < chars.length; index++) {
      keys.add((charKey(chars[index]) << 16) | charKey(chars[index + 1]));
    }
  }
  return [...keys];
}

/**
 * Every key a listing's folded text holds, exactly as the database's `search_keys(text)` computes them: each
 * character but the space, and each adjacent pair of which neither is a space. Computed here so that building
 * documents in bulk does not spend its time in that SQL function (about a millisecond for a listing's text).
 */
export function textKeys(text: string): number[] {
  const keys = new Set<number>();
  let previous: number | undefined;
  for (const char of text) {
    const key = charKey(char);
    if (key === 32) {
      previous = undefined;
      continue;
    }
    keys.add(key);
    if (previous !== undefined) {
      keys.add((previous << 16) | key);
    }
    previous = key;
  }
  return [...keys];
}

/** Where the next page starts: the sort it belongs to, the last row's sort value and id. Opaque to clients. */
export interface SearchCursor {
  sort: SearchSort;
  value: string;
  id: string;
}

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VALUE: Record<SearchSort, RegExp> = {
  [SearchSort.Relevance]: /^-?\d{1,9}$/,
  [SearchSort.PriceAsc]: /^\d{1,10}$/,
  [SearchSort.PriceDesc]: /^\d{1,10}$/,
  [SearchSort.Sales]: /^\d{1,10}$/,
  [SearchSort.Newest]: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
};

/** Reads a cursor made by {@link encodeCursor} for the same sort, or refuses it with a 400. */
export function decodeCursor(raw: string, sort: SearchSort): SearchCursor {
  const invalid = (why: string) => new Problem(400, 'invalid-cursor', `cursor is not valid: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not one this API returned');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) {
    throw invalid('it is not one this API returned');
  }
  const [cursorSort, value, id] = parsed;
  if (cursorSort !== (sort as string)) {
    throw invalid(`it belongs to sort=${cursorSort}, not sort=${sort}; start again without a cursor`);
  }
  if (!VALUE[sort].test(value) || !UUID.test(id)) {
    throw invalid('it is not one this API returned');
  }
  return { sort, value, id };
}
