import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A shipment carries its order's total weight and volume, and a run item the shipment's: 64-bit like the order's
 * (orders' 1765000000000 migration), so that every parcel orders accepts can be shipped.
 */
export class Logistics64BitLoads1765000000000 implements MigrationInterface {
  name = 'Logistics64BitLoads1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE shipment ALTER COLUMN weight_grams TYPE bigint, ALTER COLUMN volume_ml TYPE bigint`,
    );
    await runner.query(
      `ALTER TABLE run_item ALTER COLUMN weight_grams TYPE bigint, ALTER COLUMN volume_ml TYPE bigint`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE run_item ALTER COLUMN weight_grams TYPE int, ALTER COLUMN volume_ml TYPE int`);
    await runner.query(`ALTER TABLE shipment ALTER COLUMN weight_grams TYPE int, ALTER COLUMN volume_ml TYPE int`);
  }
}
