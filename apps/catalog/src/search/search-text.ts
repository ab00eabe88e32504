import type { Jieba } from '@node-rs/jieba';
import { readFileSync } from 'node:fs';
import type * as OpenCCModule from 'opencc-js';
import type * as PinyinModule from 'pinyin-pro';
import { normalizeSearchText } from './search-query';

/*
 * What search derives from text, the same way for listings and for queries: simplified characters (OpenCC, Hong
 * Kong and Taiwan variants to mainland), full pinyin as syllables, initials, and the extra index keys that let the
 * GIN index over listing_search.search_keys find a listing by pinyin or initials as it finds it by characters.
 */

/*
 * OpenCC, pinyin-pro and jieba are loaded the first time text is derived, not when this module is: together they
 * hold ~40 MB of an idle process (OpenCC's and pinyin-pro's dictionaries ~16 MB of heap and ~37 MB of RSS at
 * first, jieba its native library), and a process that never derives text — catalog's worker, which re-derives a
 * listing only when its seller is verified or suspended — need not hold them. scripts/bundle.mjs leaves them
 * outside the bundle for the same reason. `require` because derivation is synchronous.
 */
let simplifiers: { hk: (text: string) => string; tw: (text: string) => string } | undefined;

function toSimplified(text: string): string {
  if (!simplifiers) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const OpenCC = require('opencc-js') as typeof OpenCCModule;
    simplifiers = { hk: OpenCC.Converter({ from: 'hk', to: 'cn' }), tw: OpenCC.Converter({ from: 'tw', to: 'cn' }) };
  }
  return simplifiers.tw(simplifiers.hk(text));
}

let pinyinModule: typeof PinyinModule | undefined;

/** pinyin-pro's `pinyin`, loaded on first use (see above). */
export const pinyin: typeof PinyinModule.pinyin = ((text: string, options?: object) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (pinyinModule ??= require('pinyin-pro') as typeof PinyinModule).pinyin(text, options)) as typeof PinyinModule.pinyin;

/** Every toneless pinyin syllable (ü written v), the alphabet of {@link parsePinyin}. */
const SYLLABLES =
  'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang nao ne nei nen neng ng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'.split(
    ' ',
  );
const SYLLABLE_ID = new Map(SYLLABLES.map((syllable, index) => [syllable, index]));
const LONGEST_SYLLABLE = Math.max(...SYLLABLES.map((syllable) => syllable.length));

const HAN = /\p{Script=Han}/u;
const ASCII_WORD = /^[a-z]+$/;

let convertible: Set<string> | undefined;

/** Characters OpenCC changes on their own (every traditional form), found once by converting each Han character. */
function traditionalCharacters(): Set<string> {
  if (!convertible) {
    convertible = new Set();
    for (let code = 0x3400; code <= 0x9fff; code++) {
      const char = String.fromCharCode(code);
      if (toSimplified(char) !== char) {
        convertible.add(char);
      }
    }
  }
  return convertible;
}

/** NFKC, lower case, single spaces, and traditional characters as simplified ones. */
export function foldText(text: string): string {
  const normalized = normalizeSearchText(text);
  // most text is already simplified, and converting costs: only text holding a traditional character is converted
  const traditional = traditionalCharacters();
  for (const char of normalized) {
    if (traditional.has(char)) {
      return normalizeSearchText(toSimplified(normalized));
    }
  }
  return normalized;
}

export const isHan = (char: string): boolean => HAN.test(char);

/**
 * The pinyin of folded text — syllables of Han characters and runs of letters or digits, separated by single
 * spaces and padded with one at each end, so that a query's syllables match on whole-syllable boundaries
 * (' qi cheng ') — and the initials of the Han characters of each word (赣南脐橙 5斤装 → ' gnqc jz '). One call
 * to pinyin-pro serves both: it reads polyphonic characters in context.
 */
export function spell(text: string): { pinyin: string; initials: string } {
  const chars = [...text];
  const syllables = pinyin(text, { toneType: 'none', type: 'array', v: true });
  const tokens: string[] = [];
  const words: string[] = [];
  let run = '';
  let word = '';
  const endRun = () => {
    if (run) {
      tokens.push(run);
      run = '';
    }
  };
  const endWord = () => {
    if (word) {
      words.push(word);
      word = '';
    }
  };
  chars.forEach((char, index) => {
    const syllable = syllables.length === chars.length ? syllables[index] : undefined;
    if (isHan(char) && syllable && /^[a-z]+$/.test(syllable)) {
      endRun();
      tokens.push(syllable);
      word += syllable[0];
    } else if (/[a-z0-9]/.test(char)) {
      run += char;
    } else {
      endRun();
      if (!/[\p{L}\p{N}]/u.test(char)) {
        endWord();
      }
    }
  });
  endRun();
  endWord();
  const padded = (list: string[]) => (list.length ? ` ${list.join(' ')} ` : ' ');
  return { pinyin: padded(tokens), initials: padded(words) };
}

export const pinyinOf = (text: string): string => spell(text).pinyin;
export const initialsOf = (text: string): string => spell(text).initials;

/** Letters typed as pinyin, split into whole syllables (the longest that still lets the rest split), or null. */
export function parsePinyin(letters: string): string[] | null {
  if (!ASCII_WORD.test(letters)) {
    return null;
  }
  const memo = new Map<number, string[] | null>();
  const from = (start: number): string[] | null => {
    if (start === letters.length) {
      return [];
    }
    if (memo.has(start)) {
      return memo.get(start)!;
    }
    let found: string[] | null = null;
    for (let length = Math.min(LONGEST_SYLLABLE, letters.length - start); length > 0 && !found; length--) {
      const syllable = letters.slice(start, start + length);
      if (SYLLABLE_ID.has(syllable)) {
        const rest = from(start + length);
        found = rest ? [syllable, ...rest] : null;
      }
    }
    memo.set(start, found);
    return found;
  };
  return from(0);
}

// Key spaces beside the character keys of search_keys (16-bit halves of code points): syllables in the private
// use area from U+E000, initials from U+F800 (pairs) and U+F900 (triples). A collision with a real character only
// costs a recheck: every key match is confirmed by a substring test.
const SYLLABLE_BASE = 0xe000;
const INITIAL_PAIR_BASE = 0xf800;
const INITIAL_TRIPLE_BASE = 0xf900;
const letter = (char: string) => char.charCodeAt(0) - 97;
const pair = (high: number, low: number) => (high << 16) | low;

/** Keys of a run of syllables: each syllable's own key for a single one, else the key of each adjacent pair. */
export function syllableKeys(syllables: string[]): number[] {
  const ids = syllables.map((syllable) => SYLLABLE_BASE + (SYLLABLE_ID.get(syllable) ?? 0x7ff));
  if (ids.length === 1) {
    return ids;
  }
  return ids.slice(1).map((id, index) => pair(ids[index], id));
}

/** Keys of a run of initials (letters a–z): its adjacent triples, or its pair when it has two letters. */
export function initialKeys(initials: string): number[] {
  const codes = [...initials].map(letter);
  if (codes.length === 2) {
    return [pair(INITIAL_PAIR_BASE + codes[0], INITIAL_PAIR_BASE + codes[1])];
  }
  const keys: number[] = [];
  for (let index = 0; index + 2 < codes.length; index++) {
    keys.push(pair(INITIAL_TRIPLE_BASE + codes[index] * 26 + codes[index + 1], INITIAL_TRIPLE_BASE + codes[index + 2]));
  }
  return keys;
}

/** The pinyin and initials keys a listing carries besides its character keys (which the database computes). */
export function documentKeys(pinyinText: string, initialsText: string): number[] {
  const keys = new Set<number>();
  const syllables = pinyinText
    .trim()
    .split(' ')
    .filter((token) => SYLLABLE_ID.has(token));
  for (const key of syllables.map((syllable) => syllableKeys([syllable])[0])) {
    keys.add(key);
  }
  const tokens = pinyinText.trim().split(' ');
  for (let index = 0; index + 1 < tokens.length; index++) {
    if (SYLLABLE_ID.has(tokens[index]) && SYLLABLE_ID.has(tokens[index + 1])) {
      keys.add(syllableKeys([tokens[index], tokens[index + 1]])[0]);
    }
  }
  for (const word of initialsText.trim().split(' ')) {
    for (let index = 0; index + 1 < word.length; index++) {
      keys.add(initialKeys(word.slice(index, index + 2))[0]);
      if (index + 2 < word.length) {
        keys.add(initialKeys(word.slice(index, index + 3))[0]);
      }
    }
  }
  return [...keys];
}

export interface DerivedDocument {
  titleNorm: string;
  searchText: string;
  pinyin: string;
  initials: string;
  /** Pinyin and initials keys, to add to the character keys. */
  keys: number[];
}

/** The searchable forms of a listing: its title and its whole text (title, description, category, seller). */
export function deriveDocument(title: string, text: string): DerivedDocument {
  const titleNorm = foldText(title);
  const { pinyin: pinyinText, initials: initialsText } = spell(titleNorm);
  return {
    titleNorm,
    searchText: foldText(text),
    pinyin: pinyinText,
    initials: initialsText,
    keys: documentKeys(pinyinText, initialsText),
  };
}

let jieba: Jieba | undefined;

/** Words of a run of Chinese text (jieba, its bundled dictionary), e.g. 信丰脐橙5斤装 → 信丰 脐橙 5 斤装. */
export function segment(text: string): string[] {
  // the dictionary file is read here, once, not by importing '@node-rs/jieba/dict': that module reads its 5 MB and
  // a 6 MB word-weight file search never uses at import, and keeps both for the life of the process
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jieba ??= (require('@node-rs/jieba') as typeof import('@node-rs/jieba')).Jieba.withDict(
    readFileSync(require.resolve('@node-rs/jieba/dict.txt')),
  );
  return jieba
    .cut(text, false)
    .map((word) => word.trim())
    .filter(Boolean);
}
