import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unpaid orders expire by a sweep of `customer_order_awaiting_payment` (docs/orders.md "Expiry"), no longer by a
 * delayed job per order: the mark that said an order's job was queued, and its index, go.
 */
export class OrdersExpiryBySweep1796800000000 implements MigrationInterface {
  name = 'OrdersExpiryBySweep1796800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX customer_order_expiry_unscheduled`);
    await runner.query(`ALTER TABLE customer_order DROP COLUMN expiry_scheduled`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // every order there is counts as handed over: the delayed jobs' scheduler would otherwise queue one for each
    await runner.query(`ALTER TABLE customer_order ADD COLUMN expiry_scheduled boolean NOT NULL DEFAULT true`);
    await runner.query(`ALTER TABLE customer_order ALTER COLUMN expiry_scheduled SET DEFAULT false`);
    await runner.query(
      `CREATE INDEX customer_order_expiry_unscheduled ON customer_order (payment_due_at)
        WHERE status = 'awaiting_payment' AND NOT expiry_scheduled`,
    );
  }
}
