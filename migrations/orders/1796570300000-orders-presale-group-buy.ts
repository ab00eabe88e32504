import { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_STATUSES = `'placed','awaiting_payment','rejected','paid','in_fulfilment','out_for_delivery','ready_for_pickup',
  'completed','cancelled','returned','refunded'`;
const NEW_STATUSES = `${OLD_STATUSES},'awaiting_harvest','awaiting_group'`;

/**
 * Pre-sale of a coming harvest (预售: a cap in units, orders held until the harvest is recorded) and group buying
 * (拼团: a deal's group price for a group of N within a time limit). The CHECKs hold the limits even if a query
 * were wrong: a pre-sale never takes more units than its cap, a group never more members than its size.
 */
export class OrdersPresaleGroupBuy1796570300000 implements MigrationInterface {
  name = 'OrdersPresaleGroupBuy1796570300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE presale (
        id uuid PRIMARY KEY,
        seller_org_id uuid NOT NULL,
        listing_id uuid NOT NULL,
        sku_id uuid NOT NULL,
        title text NOT NULL,
        spec text NOT NULL,
        price_fen bigint NOT NULL CHECK (price_fen > 0),
        cap_units integer NOT NULL CHECK (cap_units > 0),
        ordered_units integer NOT NULL DEFAULT 0,
        ships_from date NOT NULL,
        ships_to date NOT NULL,
        closes_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','harvested')),
        harvested_units integer,
        released_units integer NOT NULL DEFAULT 0,
        harvested_at timestamptz,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT presale_within_cap CHECK (ordered_units >= 0 AND ordered_units <= cap_units),
        CONSTRAINT presale_released_within_harvest CHECK (released_units <= coalesce(harvested_units, 0)),
        CONSTRAINT presale_shipping_window CHECK (ships_to >= ships_from)
      )`,
    );
    await runner.query(`CREATE INDEX presale_listing ON presale (listing_id)`);
    await runner.query(
      `CREATE TABLE group_deal (
        id uuid PRIMARY KEY,
        seller_org_id uuid NOT NULL,
        listing_id uuid NOT NULL,
        sku_id uuid NOT NULL,
        title text NOT NULL,
        spec text NOT NULL,
        group_price_fen bigint NOT NULL CHECK (group_price_fen > 0),
        group_size integer NOT NULL CHECK (group_size BETWEEN 2 AND 50),
        window_minutes integer NOT NULL CHECK (window_minutes BETWEEN 5 AND 10080),
        active boolean NOT NULL DEFAULT true,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    await runner.query(`CREATE INDEX group_deal_listing ON group_deal (listing_id)`);
    await runner.query(
      `CREATE TABLE buying_group (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES group_deal (id),
        leader_id uuid NOT NULL,
        group_size integer NOT NULL,
        members integer NOT NULL DEFAULT 0,
        paid_members integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','complete','expired')),
        expires_at timestamptz NOT NULL,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT buying_group_within_size CHECK (members >= 0 AND members <= group_size),
        CONSTRAINT buying_group_paid_within_members CHECK (paid_members >= 0 AND paid_members <= group_size)
      )`,
    );
    await runner.query(`CREATE INDEX buying_group_open_due ON buying_group (expires_at) WHERE status = 'open'`);
    await runner.query(
      `ALTER TABLE customer_order
         ADD COLUMN presale_id uuid REFERENCES presale (id),
         ADD COLUMN buying_group_id uuid REFERENCES buying_group (id)`,
    );
    await runner.query(
      `CREATE INDEX customer_order_presale ON customer_order (presale_id) WHERE presale_id IS NOT NULL`,
    );
    await runner.query(
      `CREATE INDEX customer_order_buying_group ON customer_order (buying_group_id) WHERE buying_group_id IS NOT NULL`,
    );
    await runner.query(`ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check`);
    await runner.query(
      `ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check CHECK (status IN (${NEW_STATUSES}))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check`);
    await runner.query(
      `ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check CHECK (status IN (${OLD_STATUSES}))`,
    );
    await runner.query(`ALTER TABLE customer_order DROP COLUMN presale_id, DROP COLUMN buying_group_id`);
    await runner.query(`DROP TABLE buying_group`);
    await runner.query(`DROP TABLE group_deal`);
    await runner.query(`DROP TABLE presale`);
  }
}
