import { MigrationInterface, QueryRunner } from 'typeorm';

/** A notification keeps its template's variables, which the SMS providers fill into the approved template (issue 15). */
export class LogisticsNotificationParams1796560000000 implements MigrationInterface {
  name = 'LogisticsNotificationParams1796560000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE notification ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE notification DROP COLUMN params`);
  }
}
