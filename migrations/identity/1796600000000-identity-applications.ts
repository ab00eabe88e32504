import { MigrationInterface, QueryRunner } from 'typeorm';

/** Seller applications with their licence and permit photos, and messages to people in the app (issue 15). */
export class IdentityApplications1796600000000 implements MigrationInterface {
  name = 'IdentityApplications1796600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE seller_application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL UNIQUE REFERENCES organisation(id),
        status text NOT NULL CHECK (status IN ('draft','submitted','approved','rejected')),
        legal_representative text NOT NULL,
        categories text[] NOT NULL,
        licence_photo_id uuid,
        permits jsonb NOT NULL,
        reason text,
        created_by uuid NOT NULL,
        decided_by uuid,
        submitted_at timestamptz,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'rejected' OR reason IS NOT NULL)
      )`);
    await runner.query(`CREATE INDEX seller_application_queue ON seller_application (status, submitted_at)`);
    await runner.query(`
      CREATE TABLE user_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id),
        kind text NOT NULL,
        params jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await runner.query(`CREATE INDEX user_message_by_user ON user_message (user_id, created_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE user_message`);
    await runner.query(`DROP TABLE seller_application`);
  }
}
