/*
 * A generated province: 100 counties, the first ten the real counties of 赣州 the demo data knows, the rest made-up
 * two-character places with codes of their own. bench/catalog.ts generates listings over any number of them, and
 * the relevance set (bench/relevance-set.ts) names the real ones.
 */
const REAL: [string, string][] = [
  ['360722', '信丰'],
  ['360726', '安远'],
  ['360734', '寻乌'],
  ['360781', '瑞金'],
  ['360731', '于都'],
  ['360732', '兴国'],
  ['360730', '宁都'],
  ['360735', '石城'],
  ['360733', '会昌'],
  ['360783', '龙南'],
];

const FIRST = ['永', '新', '泰', '崇', '宜', '万', '乐', '德', '东', '西'];
const SECOND = ['平', '阳', '源', '溪', '山', '川', '宁', '安', '丰'];

/** [code, place] of `count` counties (at most 100). */
export function provinceCounties(count = 100): [string, string][] {
  const made: [string, string][] = [];
  for (const first of FIRST) {
    for (const second of SECOND) {
      made.push([String(362001 + made.length), first + second]);
    }
  }
  return [...REAL, ...made].slice(0, count);
}
