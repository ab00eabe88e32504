import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clients follow a checkout without polling (issue 18): every change of an order's or a payment's status, and every
 * new payment, notifies `countyflow_order_group` with the group's id. PostgreSQL delivers a notification only when
 * its transaction commits, so whoever listens (`OrderGroupWatch`) re-reads committed state, never a change that may
 * still roll back. Identical notifications of one transaction are folded into one by PostgreSQL.
 */
export class OrdersGroupNotify1796578366852 implements MigrationInterface {
  name = 'OrdersGroupNotify1796578366852';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION notify_order_group() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('countyflow_order_group', NEW.group_id::text);
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE TRIGGER customer_order_group_notify AFTER UPDATE OF status ON customer_order
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notify_order_group()`);
    await runner.query(`
      CREATE TRIGGER payment_group_notify AFTER INSERT OR UPDATE OF status ON payment
        FOR EACH ROW EXECUTE FUNCTION notify_order_group()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER payment_group_notify ON payment`);
    await runner.query(`DROP TRIGGER customer_order_group_notify ON customer_order`);
    await runner.query(`DROP FUNCTION notify_order_group()`);
  }
}
