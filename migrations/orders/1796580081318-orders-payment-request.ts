import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A payment being created at the provider (issue 18): the request is written and committed before the provider is
 * asked, so that the orders are not locked across the provider's round trip; a second "pay" meanwhile waits for
 * it instead of asking again. The row is deleted when the payment is written (or the provider refused).
 */
export class OrdersPaymentRequest1796580081318 implements MigrationInterface {
  name = 'OrdersPaymentRequest1796580081318';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE payment_request (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL,
        order_ids uuid[] NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        channel text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX payment_request_group ON payment_request (group_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE payment_request`);
  }
}
