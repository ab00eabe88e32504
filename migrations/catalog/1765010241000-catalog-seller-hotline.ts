import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A seller's published customer hotline (客服电话): the only phone number the public trace page shows. Before it,
 * the page showed the contact phone on the certificate, often the producer's personal mobile.
 */
export class CatalogSellerHotline1765010241000 implements MigrationInterface {
  name = 'CatalogSellerHotline1765010241000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE seller ADD COLUMN hotline text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE seller DROP COLUMN hotline`);
  }
}
