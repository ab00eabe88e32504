import { MigrationInterface, QueryRunner } from 'typeorm';

/** One-time codes sent by SMS for sign-up and password recovery (issue 15): only their HMAC is kept. */
export class IdentitySmsCodes1796560000000 implements MigrationInterface {
  name = 'IdentitySmsCodes1796560000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sms_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        phone text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
        purpose text NOT NULL CHECK (purpose IN ('register','reset_password')),
        code_hash text NOT NULL,
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued','used','exhausted','superseded')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK ((status = 'used') = (used_at IS NOT NULL))
      )`);
    await runner.query(`CREATE INDEX sms_code_latest ON sms_code (phone, purpose, created_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE sms_code`);
  }
}
