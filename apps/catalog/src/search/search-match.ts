import { searchKeys } from './search-query';
import { foldText, initialKeys, initialsOf, isHan, parsePinyin, pinyinOf, segment, syllableKeys } from './search-text';

/** How a listing may match one word of a query; the kinds rank in this order when scores are equal. */
export type MatchKind = 'literal' | 'synonym' | 'segments' | 'pinyin' | 'initials' | 'fuzzy';

/**
 * One way to match a word: the index keys a listing must hold, then the exact test that confirms it — every
 * `text` a substring of the listing's folded text, `pinyin` of its title's pinyin, `initials` of its initials,
 * or its text LIKE `like` (one character free).
 */
export interface Alternative {
  kind: MatchKind;
  keys: number[];
  text?: string[];
  pinyin?: string;
  initials?: string;
  like?: string;
}

export interface TermMatch {
  term: string;
  alternatives: Alternative[];
}

/** Everyday words and the catalog words they stand for (see synonyms.ts). */
export type SynonymLookup = (word: string) => string[];

const MAX_TERMS = 8;
const hanOnly = (text: string) => text.length > 0 && [...text].every(isHan);

/** The words of a query, folded (NFKC, lower case, simplified characters). Pinyin typed with spaces is one word. */
export function queryTerms(query: string): string[] {
  const folded = foldText(query);
  if (!folded) {
    return [];
  }
  if (/^[a-z]+( [a-z]+)+$/.test(folded) && parsePinyin(folded.replace(/ /g, ''))) {
    return [folded.replace(/ /g, '')];
  }
  return [...new Set(folded.split(' '))].slice(0, MAX_TERMS);
}

/**
 * A one-character-free variant for each position of a Chinese word of two or more characters. A two-character
 * word keeps only one character, which alone matches far too much: there the free character must also begin with
 * the same pinyin letter as the one typed (信峰 finds 信丰, not every word starting with 信).
 */
function fuzzyAlternatives(term: string): Alternative[] {
  const chars = [...term];
  if (chars.length < 2 || !hanOnly(term)) {
    return [];
  }
  const initials = chars.length === 2 ? initialsOf(term).trim() : undefined;
  return chars.map((_, index) => {
    const pieces = [chars.slice(0, index).join(''), chars.slice(index + 1).join('')].filter(Boolean);
    return {
      kind: 'fuzzy' as const,
      keys: [...searchKeys(pieces), ...(initials ? initialKeys(initials) : [])],
      like: `%${chars.map((char, at) => (at === index ? '_' : char)).join('')}%`,
      ...(initials && { initials }),
    };
  });
}

/**
 * How far a search reaches for each word: 0 — the word itself, the catalog words an everyday word stands for, the
 * words jieba splits a run-together phrase into, and letters read as pinyin or initials; 1 — also a Chinese word's
 * pinyin (by sound, which forgives a homophone typed by mistake); 2 — also the word with any one character free.
 * The service reaches further only when a search found nothing.
 */
export type Reach = 0 | 1 | 2;

/** For each word of a query, the ways a listing may match it (see {@link Reach}). */
export function planQuery(terms: string[], synonyms: SynonymLookup, reach: Reach = 0): TermMatch[] {
  return terms.map((term) => {
    const alternatives: Alternative[] = [{ kind: 'literal', keys: searchKeys([term]), text: [term] }];
    for (const word of synonyms(term)) {
      const folded = foldText(word);
      if (folded && folded !== term) {
        alternatives.push({ kind: 'synonym', keys: searchKeys([folded]), text: [folded] });
      }
    }
    if ([...term].length >= 3 && [...term].some(isHan)) {
      const words = segment(term);
      if (words.length > 1) {
        alternatives.push({ kind: 'segments', keys: searchKeys(words), text: words });
      }
    }
    const syllables = hanOnly(term)
      ? reach >= 1 && [...term].length >= 2
        ? pinyinOf(term).trim().split(' ')
        : null
      : parsePinyin(term);
    if (syllables && syllables.length > 0) {
      alternatives.push({ kind: 'pinyin', keys: syllableKeys(syllables), pinyin: ` ${syllables.join(' ')} ` });
    }
    if (/^[a-z]{2,8}$/.test(term)) {
      alternatives.push({ kind: 'initials', keys: initialKeys(term), initials: term });
    }
    if (reach >= 2) {
      alternatives.push(...fuzzyAlternatives(term));
    }
    return { term, alternatives: alternatives.filter((alternative) => alternative.keys.length > 0) };
  });
}

/** Whether reaching further (pinyin of Chinese words, one character off) can find more for these words. */
export const canReach = (terms: string[]): boolean => terms.some((term) => [...term].length >= 2 && hanOnly(term));
