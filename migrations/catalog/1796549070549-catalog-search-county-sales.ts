import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at a province's scale (issue 16): a county's best sellers (a county's storefront browse, sort=sales) from
 * an index in that order. Without it the planner either walked the sales index of every county and skipped 99 of
 * every 100 listings, or sorted all of a county's listings: 400 ms at the median over 1,000,000 listings.
 */
export class CatalogSearchCountySales1796549070549 implements MigrationInterface {
  name = 'CatalogSearchCountySales1796549070549';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX listing_search_county_sales ON listing_search (county_code, sales_count DESC, listing_id DESC)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX listing_search_county_sales`);
  }
}
