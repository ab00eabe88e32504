import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refund the provider accepted but still processes (WeChat Pay PROCESSING) is paid in the ledger at once and
 * confirmed later, by the provider's notification or by asking it: `provider_confirmed_at` says when. Refunds paid
 * before this count as confirmed.
 */
export class OrdersRefundConfirmed1796549900000 implements MigrationInterface {
  name = 'OrdersRefundConfirmed1796549900000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE refund ADD COLUMN provider_confirmed_at timestamptz`);
    await runner.query(`UPDATE refund SET provider_confirmed_at = completed_at WHERE status <> 'pending'`);
    await runner.query(
      `CREATE INDEX refund_unconfirmed ON refund (completed_at)
        WHERE status = 'succeeded' AND provider_confirmed_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX refund_unconfirmed`);
    await runner.query(`ALTER TABLE refund DROP COLUMN provider_confirmed_at`);
  }
}
