import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each seller's freight template (docs/money.md): an order's freight is part of its total (`freight_fen`). */
export class OrdersFreight1796549200000 implements MigrationInterface {
  name = 'OrdersFreight1796549200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE freight_template (
        seller_org_id uuid PRIMARY KEY,
        first_kg_fen int NOT NULL CHECK (first_kg_fen BETWEEN 0 AND 100000),
        additional_kg_fen int NOT NULL CHECK (additional_kg_fen BETWEEN 0 AND 100000),
        regions jsonb NOT NULL DEFAULT '[]',
        free_above_fen bigint CHECK (free_above_fen > 0),
        cold_chain_surcharge_fen int NOT NULL DEFAULT 0 CHECK (cold_chain_surcharge_fen BETWEEN 0 AND 100000),
        pickup_fee_fen int NOT NULL DEFAULT 0 CHECK (pickup_fee_fen BETWEEN 0 AND 100000),
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE freight_template`);
  }
}
