import { MigrationInterface, QueryRunner } from 'typeorm';

/** Photos of a harvested lot (issue 15): public WebP photos taken with the seller's phone, at most six a lot. */
export class CatalogLotPhotos1796600100000 implements MigrationInterface {
  name = 'CatalogLotPhotos1796600100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE produce_lot ADD COLUMN photos text[] NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE produce_lot DROP COLUMN photos`);
  }
}
