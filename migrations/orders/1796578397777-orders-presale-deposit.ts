import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_STATUSES = `'placed','awaiting_payment','rejected','paid','in_fulfilment','out_for_delivery','ready_for_pickup',
  'completed','cancelled','returned','refunded','awaiting_harvest','awaiting_group'`;
const NEW_STATUSES = `${OLD_STATUSES},'awaiting_balance'`;

/**
 * 定金 + 尾款: a pre-sale may take a deposit per unit when ordering and the balance when the harvest releases the
 * order, by a deadline (`balance_hours` after the release). The order keeps its deposit, the transaction that paid
 * the balance, and waits in `awaiting_balance` between the release and the balance.
 */
export class OrdersPresaleDeposit1796578397777 implements MigrationInterface {
  name = 'OrdersPresaleDeposit1796578397777';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE presale
         ADD COLUMN deposit_fen bigint CHECK (deposit_fen > 0),
         ADD COLUMN balance_hours integer CHECK (balance_hours BETWEEN 1 AND 720),
         ADD CONSTRAINT presale_deposit_below_price CHECK (deposit_fen IS NULL OR deposit_fen < price_fen),
         ADD CONSTRAINT presale_deposit_has_deadline CHECK ((deposit_fen IS NULL) = (balance_hours IS NULL))`,
    );
    await runner.query(
      `ALTER TABLE customer_order
         ADD COLUMN deposit_fen bigint CHECK (deposit_fen > 0),
         ADD COLUMN balance_transaction_id uuid,
         ADD COLUMN balance_paid_at timestamptz,
         ADD CONSTRAINT customer_order_deposit_below_total CHECK (deposit_fen IS NULL OR deposit_fen < total_fen)`,
    );
    await runner.query(`ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check`);
    await runner.query(
      `ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check CHECK (status IN (${NEW_STATUSES}))`,
    );
    await runner.query(
      `CREATE INDEX customer_order_balance_due ON customer_order (payment_due_at) WHERE status = 'awaiting_balance'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX customer_order_balance_due`);
    await runner.query(`ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check`);
    await runner.query(
      `ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check CHECK (status IN (${OLD_STATUSES}))`,
    );
    await runner.query(
      `ALTER TABLE customer_order DROP COLUMN deposit_fen, DROP COLUMN balance_transaction_id,
         DROP COLUMN balance_paid_at`,
    );
    await runner.query(`ALTER TABLE presale DROP COLUMN deposit_fen, DROP COLUMN balance_hours`);
  }
}
