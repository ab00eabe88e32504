import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verified origin tags (issue 20): a seller applies for 地理标志 / 绿色食品 / 有机 / 消费帮扶 on a listing with the
 * certificate number and a private photo; county staff verify or reject it. `listing.certifications` (what search
 * counts and listings show) from now on holds only verified, unexpired tags.
 *
 * Existing data: the certifications sellers declared themselves are kept as `declared` tag rows (no certificate, not
 * shown, not counted) so the seller console can ask for the certificate, and are taken off the listings and their
 * search documents here.
 */
export class CatalogListingTags1796700000000 implements MigrationInterface {
  name = 'CatalogListingTags1796700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE listing_tag (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listing (id),
        seller_org_id uuid NOT NULL,
        county_code char(6) NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('geographical_indication', 'green_food', 'organic', 'consumption_assistance')),
        status text NOT NULL CHECK (status IN ('declared', 'pending', 'verified', 'rejected', 'expired', 'withdrawn')),
        certificate_no text,
        expires_on date,
        photo_id uuid,
        reason text,
        applied_by uuid,
        applied_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid,
        decided_at timestamptz,
        CHECK (status = 'declared' OR certificate_no IS NOT NULL),
        CHECK (status <> 'verified' OR photo_id IS NOT NULL)
      )`);
    // one live application or verified tag per listing and kind
    await runner.query(
      `CREATE UNIQUE INDEX listing_tag_live ON listing_tag (listing_id, kind) WHERE status IN ('pending', 'verified')`,
    );
    await runner.query(`CREATE INDEX listing_tag_listing ON listing_tag (listing_id)`);
    await runner.query(
      `CREATE INDEX listing_tag_review ON listing_tag (county_code, applied_at) WHERE status = 'pending'`,
    );
    await runner.query(`CREATE INDEX listing_tag_expiry ON listing_tag (expires_on) WHERE status = 'verified'`);
    await runner.query(`
      INSERT INTO listing_tag (listing_id, seller_org_id, county_code, kind, status, applied_at)
      SELECT l.id, l.seller_org_id, l.county_code, c.kind, 'declared', l.created_at
        FROM listing l, unnest(l.certifications) AS c(kind)`);
    await runner.query(`UPDATE listing SET certifications = '{}' WHERE certifications <> '{}'`);
    await runner.query(`UPDATE listing_search SET certifications = '{}' WHERE certifications <> '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE listing l SET certifications = t.kinds
        FROM (SELECT listing_id, array_agg(kind ORDER BY kind) AS kinds FROM listing_tag
               WHERE status IN ('declared', 'verified') GROUP BY listing_id) t
       WHERE t.listing_id = l.id`);
    await runner.query(`DROP TABLE listing_tag`);
  }
}
