import { createMessagingTables, dropMessagingTables } from '@countyflow/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogInit1763800000000 implements MigrationInterface {
  name = 'CatalogInit1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE seller (
        org_id uuid PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        county_code char(6) NOT NULL,
        credit_code text,
        status text NOT NULL CHECK (status IN ('pending','verified','suspended')),
        status_reason text,
        status_changed_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX seller_county ON seller (county_code, status)`);
    await createMessagingTables(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner);
    await runner.query(`DROP TABLE seller`);
  }
}
