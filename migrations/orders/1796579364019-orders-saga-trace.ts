import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace of the checkout that placed a group of orders (issue 19, tracing): the payment that arrives later in a
 * request of its own publishes `order.paid` in the checkout's trace, so that one trace follows the whole saga.
 */
export class OrdersSagaTrace1796579364019 implements MigrationInterface {
  name = 'OrdersSagaTrace1796579364019';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE order_group ADD COLUMN trace_parent text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE order_group DROP COLUMN trace_parent`);
  }
}
