import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stopping coupons and campaigns (docs/orders.md "Coupons and campaigns"): a stopped one takes no new claim, the
 * claims made before stay usable.
 */
export class OrdersCouponStop1796700578365 implements MigrationInterface {
  name = 'OrdersCouponStop1796700578365';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE coupon ADD COLUMN stopped_at timestamptz, ADD COLUMN stopped_by uuid`);
    await runner.query(`ALTER TABLE campaign ADD COLUMN stopped_at timestamptz, ADD COLUMN stopped_by uuid`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE campaign DROP COLUMN stopped_at, DROP COLUMN stopped_by`);
    await runner.query(`ALTER TABLE coupon DROP COLUMN stopped_at, DROP COLUMN stopped_by`);
  }
}
