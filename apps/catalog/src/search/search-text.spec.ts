import { markTitle } from './search-highlight';
import { planQuery, queryTerms } from './search-match';
import { documentKeys, foldText, initialKeys, initialsOf, parsePinyin, pinyinOf, syllableKeys } from './search-text';

describe('search text', () => {
  it('folds width, case, spaces and traditional characters', () => {
    expect(foldText('  臍橙　禮盒ＸＬ  ')).toBe('脐橙 礼盒xl');
    expect(foldText('贛南 蘋果')).toBe('赣南 苹果');
    expect(foldText('5斤装 abc')).toBe('5斤装 abc');
  });

  it('spells titles in pinyin syllables and initials', () => {
    expect(pinyinOf('赣南脐橙 5斤装')).toBe(' gan nan qi cheng 5 jin zhuang ');
    expect(pinyinOf('绿茶')).toBe(' lv cha ');
    expect(initialsOf('赣南脐橙 5斤装')).toBe(' gnqc jz ');
  });

  it('splits typed letters into whole syllables, or refuses', () => {
    expect(parsePinyin('qicheng')).toEqual(['qi', 'cheng']);
    expect(parsePinyin('xinfengqicheng')).toEqual(['xin', 'feng', 'qi', 'cheng']);
    expect(parsePinyin('xian')).toEqual(['xian']);
    expect(parsePinyin('qc')).toBeNull();
    expect(parsePinyin('脐橙')).toBeNull();
  });

  it('gives a query the keys a matching title holds', () => {
    const keys = new Set(documentKeys(pinyinOf('赣南脐橙'), initialsOf('赣南脐橙')));
    for (const key of [...syllableKeys(['qi', 'cheng']), ...syllableKeys(['nan']), ...initialKeys('gnq')]) {
      expect(keys.has(key)).toBe(true);
    }
    expect(keys.has(initialKeys('qc')[0])).toBe(true);
    expect(keys.has(syllableKeys(['cheng', 'qi'])[0])).toBe(false);
  });

  it('plans each word as the word, its synonyms, segments, pinyin, initials and one-off variants', () => {
    expect(queryTerms('Qi Cheng')).toEqual(['qicheng']);
    expect(queryTerms('臍橙  禮盒 臍橙')).toEqual(['脐橙', '礼盒']);
    const synonyms = (word: string) => (word === '橙子' ? ['脐橙'] : []);
    const [oranges] = planQuery(['橙子'], synonyms, 1);
    expect(oranges.alternatives.map((alternative) => alternative.kind)).toEqual(['literal', 'synonym', 'pinyin']);
    const [letters] = planQuery(['qicheng'], synonyms);
    expect(letters.alternatives.map((alternative) => alternative.kind)).toEqual(['literal', 'pinyin', 'initials']);
    expect(planQuery(['橙子'], synonyms)[0].alternatives.map((alternative) => alternative.kind)).toEqual([
      'literal',
      'synonym',
    ]);
    const [phrase] = planQuery(['脐橙礼盒'], synonyms, 2);
    expect(phrase.alternatives.find((alternative) => alternative.kind === 'segments')?.text).toEqual(['脐橙', '礼盒']);
    expect(phrase.alternatives.filter((alternative) => alternative.kind === 'fuzzy').map((a) => a.like)).toEqual([
      '%_橙礼盒%',
      '%脐_礼盒%',
      '%脐橙_盒%',
      '%脐橙礼_%',
    ]);
  });

  it('marks matches in the title and names a homophone the title spells differently', () => {
    const plan = planQuery(queryTerms('信风脐橙'), () => [], 1);
    const marks = markTitle('信丰脐橙 礼盒装', plan);
    expect(marks.ranges).toEqual([[0, 4]]);
    expect(marks.corrections.get('信风脐橙')).toBe('信丰脐橙');
    expect(
      markTitle(
        '赣南脐橙 5斤装',
        planQuery(['gnqc'], () => []),
      ).ranges,
    ).toEqual([[0, 4]]);
  });
});
