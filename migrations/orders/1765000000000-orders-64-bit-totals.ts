import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An order's total weight and volume as 64-bit integers: 999 units of a SKU of 10,000 L is 10^10 ml, past 2^31
 * (the checkout was refused as "not of the expected form"). Money was bigint from the start.
 */
export class Orders64BitTotals1765000000000 implements MigrationInterface {
  name = 'Orders64BitTotals1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE customer_order ALTER COLUMN total_weight_grams TYPE bigint, ALTER COLUMN total_volume_ml TYPE bigint`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE customer_order ALTER COLUMN total_weight_grams TYPE int, ALTER COLUMN total_volume_ml TYPE int`,
    );
  }
}
