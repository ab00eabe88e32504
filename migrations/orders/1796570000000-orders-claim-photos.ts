import { MigrationInterface, QueryRunner } from 'typeorm';

/** Claims keep the ids of their evidence photos (private media, served only through signed links). */
export class OrdersClaimPhotos1796570000000 implements MigrationInterface {
  name = 'OrdersClaimPhotos1796570000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE claim ADD COLUMN photo_ids uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE claim DROP COLUMN photo_ids`);
  }
}
