import { MigrationInterface, QueryRunner } from 'typeorm';

/** A service-point organisation (the county hub's) may have drivers: members who drive its vans (issue 13). */
export class IdentityDriverRole1796547337900 implements MigrationInterface {
  name = 'IdentityDriverRole1796547337900';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE membership DROP CONSTRAINT membership_role_check`);
    await runner.query(
      `ALTER TABLE membership ADD CONSTRAINT membership_role_check
         CHECK (role IN ('owner','staff','operator','driver','county_staff','platform_admin'))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE membership DROP CONSTRAINT membership_role_check`);
    await runner.query(
      `ALTER TABLE membership ADD CONSTRAINT membership_role_check
         CHECK (role IN ('owner','staff','operator','county_staff','platform_admin'))`,
    );
  }
}
