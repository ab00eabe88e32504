import { isValidCreditCode } from '@countyflow/contracts';
import { createHash } from 'node:crypto';

/**
 * Deterministic "random" numbers for the demo county: each value is derived from a key naming what it is for
 * (e.g. `phone:coop-3`), not from a running generator, so adding an entry to the data never changes the values
 * already given to the others (and a database seeded by an older version still matches by natural key).
 */
export function hashInt(key: string, bound: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % bound;
}

export const pick = <T>(key: string, items: readonly T[]): T => items[hashInt(key, items.length)];

/** A fixed UUID (version 4 layout): `<letter>0000000-0000-4000-8000-<group:4><n:8>`, e.g. users `a…`, orgs `b…`. */
export function fixedId(letter: 'a' | 'b', group: number, n: number): string {
  return `${letter}0000000-0000-4000-8000-${String(group).padStart(4, '0')}${String(n).padStart(8, '0')}`;
}

const MOBILE_PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '183',
  '187',
  '188',
  '198',
];
const UNICOM_TELECOM = [
  '130',
  '131',
  '132',
  '155',
  '156',
  '166',
  '176',
  '185',
  '186',
  '133',
  '153',
  '173',
  '177',
  '180',
  '181',
  '189',
  '191',
  '199',
];

/** A mainland mobile number for `key`, never one of `taken` (the set is updated). */
export function mobileFor(key: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const prefix = pick(`prefix:${key}:${attempt}`, [...MOBILE_PREFIXES, ...UNICOM_TELECOM]);
    const phone = `${prefix}${String(hashInt(`phone:${key}:${attempt}`, 100_000_000)).padStart(8, '0')}`;
    if (!taken.has(phone) && !phone.startsWith('1390000')) {
      taken.add(phone);
      return phone;
    }
  }
}

const SURNAMES = [...'刘李王张陈黄钟曾谢赖罗邱郭朱肖廖温叶何林彭胡袁邓杨吴郑卢魏蔡严邹丁孙梁'];
const GIVEN_MALE = [
  '建国',
  '国华',
  '志强',
  '德胜',
  '永红',
  '春生',
  '海波',
  '文斌',
  '振华',
  '家明',
  '伟',
  '勇',
  '军',
  '明辉',
  '金福',
  '长生',
  '贵林',
  '小龙',
  '荣华',
  '水生',
  '新民',
  '福生',
  '冬平',
  '志刚',
  '庆林',
  '光明',
  '鹏',
  '斌',
  '日升',
  '有才',
];
const GIVEN_FEMALE = [
  '秀英',
  '桂香',
  '丽华',
  '小红',
  '春梅',
  '美玲',
  '淑芬',
  '玉兰',
  '冬梅',
  '海燕',
  '晓燕',
  '丽萍',
  '金凤',
  '艳',
  '芳',
  '婷',
  '慧敏',
  '素珍',
  '月娥',
  '雪梅',
];

/** A Chinese personal name for `key`, never one of `taken` (the set is updated). */
export function personNameFor(key: string, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const given = hashInt(`sex:${key}:${attempt}`, 3) === 0 ? GIVEN_FEMALE : GIVEN_MALE;
    const name = pick(`surname:${key}:${attempt}`, SURNAMES) + pick(`given:${key}:${attempt}`, given);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 11714 check character of an 8-character organisation code body (digits 0–9, letters A=10 … Z=35). */
function orgCodeCheck(body: string): string {
  const sum = [...body].reduce((total, char, index) => total + parseInt(char, 36) * ORG_CODE_WEIGHTS[index], 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A unified social credit code (GB 32100-2015) for `key`: registration authority and organisation type
 * (`93` farmers' cooperative, `92` individual business, `91` company), the county's division code, a
 * post-2015 organisation code `MA…` with its GB 11714 check character, and the check character over all 17.
 */
export function creditCodeFor(key: string, type: '91' | '92' | '93', countyCode: string): string {
  let body = 'MA3';
  for (let index = 0; body.length < 8; index++) {
    body += pick(`uscc:${key}:${index}`, [...ORG_CODE_CHARS]);
  }
  const first17 = `${type}${countyCode}${body}${orgCodeCheck(body)}`;
  const sum = [...first17].reduce((total, char, index) => total + USCC_ALPHABET.indexOf(char) * USCC_WEIGHTS[index], 0);
  const code = first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
  if (!isValidCreditCode(code)) {
    throw new Error(`generated an invalid credit code ${code} for ${key}`);
  }
  return code;
}

/** An EAN-13 barcode with a Chinese (69x) prefix and a correct check digit. */
export function ean13For(key: string): string {
  const body = `69${String(hashInt(`ean:${key}`, 10_000_000_000)).padStart(10, '0')}`;
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}
