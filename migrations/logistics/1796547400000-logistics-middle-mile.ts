import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The middle mile in people's hands (issue 13): a vehicle's driver, exceptions recorded at a node, and the answers
 * of idempotent requests (the offline queue's scans are sent again when the signal returns).
 */
export class LogisticsMiddleMile1796547400000 implements MigrationInterface {
  name = 'LogisticsMiddleMile1796547400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE vehicle ADD COLUMN driver_user_id uuid`);
    await runner.query(`CREATE INDEX vehicle_driver ON vehicle (driver_user_id) WHERE driver_user_id IS NOT NULL`);
    await runner.query(`
      CREATE TABLE node_exception (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        node_id uuid NOT NULL REFERENCES node (id),
        shipment_id uuid NOT NULL REFERENCES shipment (id),
        kind text NOT NULL CHECK (kind IN ('damaged', 'missing', 'over_weight', 'refused')),
        note text,
        weighed_grams bigint,
        recorded_by uuid NOT NULL,
        at timestamptz NOT NULL,
        resolved_by uuid,
        resolved_at timestamptz,
        resolution text
      )`);
    await runner.query(`CREATE INDEX node_exception_node ON node_exception (node_id, at)`);
    await runner.query(`CREATE INDEX node_exception_open ON node_exception (node_id) WHERE resolved_at IS NULL`);
    await runner.query(`
      CREATE TABLE idempotent_request (
        caller_id uuid NOT NULL,
        key text NOT NULL,
        scope text NOT NULL,
        response json,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (caller_id, key)
      )`);
    await runner.query(`CREATE INDEX idempotent_request_created ON idempotent_request (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE idempotent_request`);
    await runner.query(`DROP TABLE node_exception`);
    await runner.query(`ALTER TABLE vehicle DROP COLUMN driver_user_id`);
  }
}
