import { createMessagingTables, dropMessagingTables } from '@countyflow/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityInit1763800000000 implements MigrationInterface {
  name = 'IdentityInit1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE user_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        phone text NOT NULL UNIQUE CHECK (phone ~ '^1[3-9][0-9]{9}$'),
        name text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES user_account(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await runner.query(`CREATE INDEX user_session_by_user ON user_session (user_id)`);
    await runner.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES user_session(id),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('cooperative','family_farm','merchant','service_point','county_office','platform')),
        name text NOT NULL,
        county_code char(6) NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
        village_code char(12) CHECK (village_code ~ '^[0-9]{12}$' AND left(village_code, 6) = county_code),
        credit_code text UNIQUE,
        contact_phone text,
        status text NOT NULL CHECK (status IN ('pending','verified','suspended')),
        status_reason text,
        status_decided_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX organisation_county ON organisation (county_code, status)`);
    await runner.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL REFERENCES organisation(id),
        user_id uuid NOT NULL REFERENCES user_account(id),
        role text NOT NULL CHECK (role IN ('owner','staff','operator','county_staff','platform_admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, user_id)
      )`);
    await runner.query(`CREATE INDEX membership_user ON membership (user_id)`);
    await createMessagingTables(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner);
    await runner.query(`DROP TABLE membership`);
    await runner.query(`DROP TABLE organisation`);
    await runner.query(`DROP TABLE refresh_token`);
    await runner.query(`DROP TABLE user_session`);
    await runner.query(`DROP TABLE user_account`);
  }
}
