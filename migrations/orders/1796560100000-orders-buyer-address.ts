import { MigrationInterface, QueryRunner } from 'typeorm';

/** Buyers' address books: recipient, a division code with its named path, the street typed; one default each. */
export class OrdersBuyerAddress1796560100000 implements MigrationInterface {
  name = 'OrdersBuyerAddress1796560100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE buyer_address (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        buyer_id uuid NOT NULL,
        recipient_name varchar(50) NOT NULL,
        recipient_phone varchar(11) NOT NULL,
        place_code varchar(12) NOT NULL,
        places jsonb NOT NULL,
        detail varchar(200) NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    await runner.query(`CREATE INDEX "IDX_buyer_address_buyer_id" ON buyer_address (buyer_id)`);
    await runner.query(`CREATE UNIQUE INDEX buyer_address_one_default ON buyer_address (buyer_id) WHERE is_default`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE buyer_address`);
  }
}
