import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * County figures: the county's yearly growth target (a county setting, 30 % by default: the target set for
 * e-commerce leading counties), and an index that answers "paid orders of county X between two instants" from the
 * index alone. An order counts from the moment it was paid: `paid_at` online, `cash_received_at` for cash on
 * collection. The two timestamps are also included as plain columns: the planner only uses an index-only scan
 * when every column the query mentions is in the index, and it does not see through the expression.
 */
export class OrdersFigures1764200000000 implements MigrationInterface {
  name = 'OrdersFigures1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE county_setting
         ADD COLUMN growth_target_bp int NOT NULL DEFAULT 3000 CHECK (growth_target_bp BETWEEN 0 AND 100000)`,
    );
    await runner.query(
      `CREATE INDEX customer_order_county_paid
          ON customer_order (county_code, (coalesce(paid_at, cash_received_at)))
          INCLUDE (paid_at, cash_received_at, direction, total_fen)
       WHERE coalesce(paid_at, cash_received_at) IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX customer_order_county_paid`);
    await runner.query(`ALTER TABLE county_setting DROP COLUMN growth_target_bp`);
  }
}
