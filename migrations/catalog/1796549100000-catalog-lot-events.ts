import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lots leave catalog as events (issue 13, first-kilometre integrity): a lot may carry a best-before date, and what
 * logistics weighs off it at hand-ins is mirrored here (`taken_grams`, from `lot.taken`). Every lot recorded before
 * this migration is announced once through the outbox (`lot.recorded`), so logistics' copy starts complete.
 */
export class CatalogLotEvents1796549100000 implements MigrationInterface {
  name = 'CatalogLotEvents1796549100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE produce_lot ADD COLUMN best_before date`);
    await runner.query(`ALTER TABLE produce_lot ADD COLUMN taken_grams bigint NOT NULL DEFAULT 0`);
    await runner.query(`
      INSERT INTO outbox (id, name, payload)
      SELECT gen_random_uuid(), 'lot.recorded', jsonb_build_object(
               'lotId', id, 'traceCode', trace_code, 'sellerOrgId', seller_org_id, 'listingId', listing_id,
               'quantity', quantity::float8, 'unit', unit, 'bestBefore', NULL, 'recordedAt', created_at)
        FROM produce_lot ORDER BY created_at`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE produce_lot DROP COLUMN taken_grams`);
    await runner.query(`ALTER TABLE produce_lot DROP COLUMN best_before`);
  }
}
