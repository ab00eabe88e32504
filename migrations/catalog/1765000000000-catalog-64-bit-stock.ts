import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stock counters as 64-bit integers: `received` and the other figures only grow over a SKU's life (the 214th
 * delivery of 10,000,000 units passed 2^31 and was refused as "not of the expected form"), and the ledger repeats
 * them after each movement. Read back as JS numbers by a transformer that refuses anything past 2^53.
 */
export class Catalog64BitStock1765000000000 implements MigrationInterface {
  name = 'Catalog64BitStock1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE sku ALTER COLUMN received TYPE bigint, ALTER COLUMN restocked TYPE bigint,
         ALTER COLUMN available TYPE bigint, ALTER COLUMN reserved TYPE bigint, ALTER COLUMN sold TYPE bigint`,
    );
    await runner.query(
      `ALTER TABLE stock_movement ALTER COLUMN quantity TYPE bigint, ALTER COLUMN available_after TYPE bigint,
         ALTER COLUMN reserved_after TYPE bigint, ALTER COLUMN sold_after TYPE bigint`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE stock_movement ALTER COLUMN quantity TYPE int, ALTER COLUMN available_after TYPE int,
         ALTER COLUMN reserved_after TYPE int, ALTER COLUMN sold_after TYPE int`,
    );
    await runner.query(
      `ALTER TABLE sku ALTER COLUMN received TYPE int, ALTER COLUMN restocked TYPE int,
         ALTER COLUMN available TYPE int, ALTER COLUMN reserved TYPE int, ALTER COLUMN sold TYPE int`,
    );
  }
}
