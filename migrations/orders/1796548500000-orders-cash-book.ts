import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cash orders end to end (docs/money.md): a refund of a cash order is paid in cash at the service point
 * (`awaiting_cash` until the operator records it), and a point hands its cash to the county office
 * (`cash_handover`: declared by the point, confirmed by county staff, posted to the ledger on confirmation).
 */
export class OrdersCashBook1796548500000 implements MigrationInterface {
  name = 'OrdersCashBook1796548500000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE refund DROP CONSTRAINT refund_status_check`);
    await runner.query(
      `ALTER TABLE refund ADD CONSTRAINT refund_status_check
         CHECK (status IN ('pending','succeeded','failed','awaiting_cash'))`,
    );
    await runner.query(`ALTER TABLE refund ADD COLUMN paid_in_cash_by uuid`);
    await runner.query(`
      CREATE TABLE cash_handover (
        id uuid PRIMARY KEY,
        point_org_id uuid NOT NULL,
        county_code char(6) NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        note text,
        handed_by uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('declared','confirmed')),
        confirmed_by uuid,
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX cash_handover_point ON cash_handover (point_org_id, created_at DESC)`);
    await runner.query(`CREATE INDEX cash_handover_county ON cash_handover (county_code, status)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE cash_handover`);
    await runner.query(`ALTER TABLE refund DROP COLUMN paid_in_cash_by`);
    await runner.query(`ALTER TABLE refund DROP CONSTRAINT refund_status_check`);
    await runner.query(
      `ALTER TABLE refund ADD CONSTRAINT refund_status_check CHECK (status IN ('pending','succeeded','failed'))`,
    );
  }
}
