import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * County figures. The scans they count (hand-ins, arrivals, collections, returns started) are indexed by node,
 * kind and time, partial so that departures and carrier scans stay out. A hand-in's weight lives in the scan's
 * `details`; it is copied into a generated column so that the index can carry it and the first-kilometre figures,
 * like the per-node counts, are read from the index alone (PostgreSQL does not use an index-only scan for an
 * expression over a column the index lacks). The figures start from the county's nodes, so nodes are indexed by
 * county too.
 */
export class LogisticsFigures1764200000000 implements MigrationInterface {
  name = 'LogisticsFigures1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE scan ADD COLUMN weighed_grams int GENERATED ALWAYS AS (
         CASE WHEN kind = 'handed_in' AND jsonb_typeof(details -> 'weighedGrams') = 'number'
              THEN (details ->> 'weighedGrams')::numeric::int END) STORED`,
    );
    await runner.query(
      `CREATE INDEX scan_figures ON scan (node_id, kind, at) INCLUDE (weighed_grams)
        WHERE kind IN ('handed_in', 'arrived', 'collected', 'return_started')`,
    );
    await runner.query(`CREATE INDEX node_county ON node (county_code, level)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX node_county`);
    await runner.query(`DROP INDEX scan_figures`);
    await runner.query(`ALTER TABLE scan DROP COLUMN weighed_grams`);
  }
}
