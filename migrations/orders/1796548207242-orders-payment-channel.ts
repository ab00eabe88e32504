import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Real providers: a payment records the channel it was created in (WeChat JSAPI/H5/Native, Alipay WAP/page/
 * precreate) and, for WeChat JSAPI, the signed parameters the buyer's page hands to WeChat (a reused pending payment
 * must return them again).
 */
export class OrdersPaymentChannel1796548207242 implements MigrationInterface {
  name = 'OrdersPaymentChannel1796548207242';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE payment ADD COLUMN channel text NOT NULL DEFAULT 'simulated', ADD COLUMN client_params jsonb`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE payment DROP COLUMN client_params, DROP COLUMN channel`);
  }
}
