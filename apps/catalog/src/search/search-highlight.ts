import { TermMatch } from './search-match';
import { foldText, isHan, pinyin } from './search-text';

export interface TitleMarks {
  /** [start, end) offsets into the title as shown (UTF-16), merged and in order. */
  ranges: [number, number][];
  /** Words the title spells differently from the query (a homophone or one character off): query word → title's. */
  corrections: Map<string, string>;
}

function occurrences(haystack: string, needle: string): [number, number][] {
  const found: [number, number][] = [];
  for (let at = haystack.indexOf(needle); needle && at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    found.push([at, at + needle.length]);
  }
  return found;
}

function runs<T>(items: T[], wanted: T[]): [number, number][] {
  const found: [number, number][] = [];
  for (let start = 0; start + wanted.length <= items.length; start++) {
    if (wanted.every((item, offset) => items[start + offset] === item)) {
      found.push([start, start + wanted.length]);
    }
  }
  return found;
}

function merge(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) {
      last[1] = Math.max(last[1], range[1]);
    } else {
      merged.push([...range]);
    }
  }
  return merged;
}

/**
 * Where a title matched the query's words, by whichever alternative matched: the words themselves, their
 * synonyms or segments, their pinyin or initials, or one character off. Ranges are given only when folding kept
 * the title's length (so that offsets in the folded title are offsets in the shown one).
 */
export function markTitle(title: string, match: TermMatch[]): TitleMarks {
  const folded = foldText(title);
  const ranges: [number, number][] = [];
  const corrections = new Map<string, string>();
  let syllables: string[] | undefined;
  const chars = [...folded];
  const bmp = chars.length === folded.length;
  for (const term of match) {
    for (const alternative of term.alternatives) {
      let found: [number, number][] = [];
      if (alternative.text) {
        const all = alternative.text.map((text) => occurrences(folded, text));
        found = all.every((hits) => hits.length > 0) ? all.flat() : [];
      } else if (alternative.pinyin && bmp) {
        syllables ??= pinyin(folded, { toneType: 'none', type: 'array', v: true });
        found = runs(syllables, alternative.pinyin.trim().split(' '));
      } else if (alternative.like && bmp) {
        const pattern = new RegExp(alternative.like.slice(1, -1).replace(/_/g, '.'), 'g');
        found = [...folded.matchAll(pattern)].map((hit) => [hit.index, hit.index + hit[0].length]);
      } else if (alternative.initials && bmp) {
        const initials = chars.map((char) => (isHan(char) ? pinyin(char, { pattern: 'first', toneType: 'none' }) : ''));
        found = runs(initials, [...alternative.initials]);
      }
      if (found.length > 0) {
        ranges.push(...found);
        if ((alternative.kind === 'pinyin' || alternative.kind === 'fuzzy') && [...term.term].some(isHan)) {
          const spelled = folded.slice(found[0][0], found[0][1]);
          if (spelled !== term.term) {
            corrections.set(term.term, spelled);
          }
        }
        break;
      }
    }
  }
  return { ranges: folded.length === title.length ? merge(ranges) : [], corrections };
}
