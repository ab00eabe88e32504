import { MigrationInterface, QueryRunner } from 'typeorm';

/** Logistics' copy of catalog's produce lots, for the first kilometre's checks (issue 13). */
export class LogisticsLotCopy1796549000000 implements MigrationInterface {
  name = 'LogisticsLotCopy1796549000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE lot_copy (
        lot_id uuid PRIMARY KEY,
        trace_code text NOT NULL UNIQUE,
        seller_org_id uuid NOT NULL,
        best_before date,
        recorded_grams bigint,
        grams_left bigint CHECK (grams_left >= 0),
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE lot_copy`);
  }
}
