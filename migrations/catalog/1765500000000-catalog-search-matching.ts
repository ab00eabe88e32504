import { MigrationInterface, QueryRunner } from 'typeorm';
import { deriveDocument } from '../../apps/catalog/src/search/search-text';

/**
 * Search that finds what people mean (issue 16): the search documents also carry their title's pinyin and
 * initials (with pinyin and initials keys in search_keys beside the character keys) and their seller's rating for
 * ranking, and their text is folded to simplified characters; county staff add everyday words to the shipped
 * synonym list. Existing documents are rebuilt here from what they hold.
 */
export class CatalogSearchMatching1765500000000 implements MigrationInterface {
  name = 'CatalogSearchMatching1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE listing_search
        ADD COLUMN pinyin text NOT NULL DEFAULT ' ',
        ADD COLUMN initials text NOT NULL DEFAULT ' ',
        ADD COLUMN seller_rating numeric(3,2)`);
    await runner.query(`
      CREATE TABLE search_synonym (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_code char(6) NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
        word text NOT NULL CHECK (char_length(word) BETWEEN 1 AND 20),
        expansions text[] NOT NULL CHECK (cardinality(expansions) BETWEEN 1 AND 10),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (county_code, word)
      )`);
    await runner.query(
      `UPDATE listing_search ls SET seller_rating = se.rating_average FROM seller se
        WHERE se.org_id = ls.seller_org_id`,
    );
    const rows = (await runner.query(`SELECT listing_id, title_norm, search_text FROM listing_search`)) as {
      listing_id: string;
      title_norm: string;
      search_text: string;
    }[];
    for (let start = 0; start < rows.length; start += 5_000) {
      const batch = rows.slice(start, start + 5_000).map((row) => ({
        id: row.listing_id,
        ...deriveDocument(row.title_norm, row.search_text),
      }));
      await runner.query(
        `UPDATE listing_search ls
            SET title_norm = d.title_norm, search_text = d.search_text, pinyin = d.pinyin, initials = d.initials,
                search_keys = search_keys(d.search_text) || d.extra_keys::int[]
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                AS d (listing_id, title_norm, search_text, pinyin, initials, extra_keys)
          WHERE ls.listing_id = d.listing_id`,
        [
          batch.map((doc) => doc.id),
          batch.map((doc) => doc.titleNorm),
          batch.map((doc) => doc.searchText),
          batch.map((doc) => doc.pinyin),
          batch.map((doc) => doc.initials),
          batch.map((doc) => `{${doc.keys.join(',')}}`),
        ],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE search_synonym`);
    await runner.query(
      `ALTER TABLE listing_search DROP COLUMN pinyin, DROP COLUMN initials, DROP COLUMN seller_rating`,
    );
  }
}
