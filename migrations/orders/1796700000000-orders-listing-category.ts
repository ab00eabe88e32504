import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The listing's category on orders' copy (issue 20, the statistics export's GMV by category): `listing.changed` now
 * carries `categoryId`. Copies made before stay null until their listing changes again ("未分类" in the export).
 */
export class OrdersListingCategory1796700000000 implements MigrationInterface {
  name = 'OrdersListingCategory1796700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE listing_copy ADD COLUMN category_id text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE listing_copy DROP COLUMN category_id`);
  }
}
