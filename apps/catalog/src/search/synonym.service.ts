import { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SynonymLookup } from './search-match';
import { foldText } from './search-text';
import { PLATFORM_SYNONYMS } from './synonyms';

export interface SynonymRow {
  id: string;
  county_code: string;
  word: string;
  expansions: string[];
  created_at: Date;
}

/** How long a process serves county synonyms from memory before reading them again. */
const CACHE_MS = 2_000;

/** The shipped synonym list and the words county staff add to it (table search_synonym). */
@Injectable()
export class SynonymService {
  private cache: { at: number; rows: SynonymRow[] } | undefined;
  /** The shipped list, folded at its first use (folding loads OpenCC, which a worker that never searches does without). */
  private platformFolded?: Map<string, string[]>;

  private get platform(): Map<string, string[]> {
    return (this.platformFolded ??= new Map(
      Object.entries(PLATFORM_SYNONYMS).map(([word, expansions]) => [foldText(word), expansions.map(foldText)]),
    ));
  }

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private async countyRows(): Promise<SynonymRow[]> {
    if (!this.cache || Date.now() - this.cache.at > CACHE_MS) {
      const rows = await this.dataSource.query<SynonymRow[]>(
        `SELECT id, county_code, word, expansions, created_at FROM search_synonym ORDER BY county_code, word`,
      );
      this.cache = { at: Date.now(), rows };
    }
    return this.cache.rows;
  }

  /** The lookup for a search: the shipped list, and the county's words (every county's, when none is named). */
  async lookup(countyCode?: string): Promise<SynonymLookup> {
    const extra = new Map<string, string[]>();
    for (const row of await this.countyRows()) {
      if (!countyCode || row.county_code === countyCode) {
        extra.set(row.word, [...(extra.get(row.word) ?? []), ...row.expansions]);
      }
    }
    return (word) => [...new Set([...(this.platform.get(word) ?? []), ...(extra.get(word) ?? [])])];
  }

  async list(countyCode: string): Promise<{ platform: Record<string, string[]>; county: SynonymRow[] }> {
    const rows = await this.dataSource.query<SynonymRow[]>(
      `SELECT id, county_code, word, expansions, created_at FROM search_synonym WHERE county_code = $1 ORDER BY word`,
      [countyCode],
    );
    return { platform: PLATFORM_SYNONYMS, county: rows };
  }

  /** Adds (or replaces) a county's everyday word; county staff of that county or a platform admin. */
  async put(principal: Principal, countyCode: string, word: string, expansions: string[]): Promise<SynonymRow> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const folded = foldText(word);
    const targets = [...new Set(expansions.map(foldText).filter((text) => text && text !== folded))];
    if (!folded || folded.includes(' ') || targets.length === 0) {
      throw new Problem(
        400,
        'synonym-invalid',
        'word must be one word, and expansions must name at least one other word for it',
      );
    }
    const [row] = await this.dataSource.query<SynonymRow[]>(
      `INSERT INTO search_synonym (county_code, word, expansions, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (county_code, word) DO UPDATE SET expansions = EXCLUDED.expansions, created_by = EXCLUDED.created_by,
                                                     created_at = now()
       RETURNING id, county_code, word, expansions, created_at`,
      [countyCode, folded, targets, principal.userId],
    );
    this.cache = undefined;
    return row;
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const [row] = await this.dataSource.query<SynonymRow[]>(`SELECT county_code FROM search_synonym WHERE id = $1`, [
      id,
    ]);
    if (!row) {
      throw new Problem(404, 'synonym-not-found', `no synonym ${id}`);
    }
    principal.assertCountyStaffOrAdmin(row.county_code);
    await this.dataSource.query(`DELETE FROM search_synonym WHERE id = $1`, [id]);
    this.cache = undefined;
  }
}
