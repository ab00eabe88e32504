import { MigrationInterface, QueryRunner } from 'typeorm';

/** County staff revoke a verified tag with a reason (docs/catalog.md "Verified tags"): the `revoked` state. */
export class CatalogTagRevoke1796700579777 implements MigrationInterface {
  name = 'CatalogTagRevoke1796700579777';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE listing_tag DROP CONSTRAINT listing_tag_status_check,
        ADD CONSTRAINT listing_tag_status_check
          CHECK (status IN ('declared', 'pending', 'verified', 'rejected', 'expired', 'withdrawn', 'revoked'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE listing_tag SET status = 'withdrawn' WHERE status = 'revoked'`);
    await runner.query(`
      ALTER TABLE listing_tag DROP CONSTRAINT listing_tag_status_check,
        ADD CONSTRAINT listing_tag_status_check
          CHECK (status IN ('declared', 'pending', 'verified', 'rejected', 'expired', 'withdrawn'))`);
  }
}
