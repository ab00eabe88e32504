import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The carrier's tracking subscription is made after the hand-over commits (a slow 快递100 held the hand-over's
 * connection and row locks): a booking remembers whether its carrier has accepted it, and the sweep retries those
 * that have not. Bookings made before were subscribed inside their hand-over.
 */
export class LogisticsCarrierSubscription1796570000000 implements MigrationInterface {
  name = 'LogisticsCarrierSubscription1796570000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE carrier_booking
        ADD COLUMN subscribed_at timestamptz,
        ADD COLUMN subscribe_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN subscribe_error text`);
    await runner.query(`UPDATE carrier_booking SET subscribed_at = booked_at`);
    await runner.query(
      `CREATE INDEX carrier_booking_unsubscribed ON carrier_booking (booked_at) WHERE subscribed_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX carrier_booking_unsubscribed`);
    await runner.query(`
      ALTER TABLE carrier_booking
        DROP COLUMN subscribed_at, DROP COLUMN subscribe_attempts, DROP COLUMN subscribe_error`);
  }
}
