import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coupons and campaigns (docs/orders.md "Coupons and campaigns", docs/money.md "Discounts"): county campaigns with a
 * budget never exceeded, coupons with a total and a per-buyer limit, buyers' claims, the discounts an order took
 * (split over its lines) and who funded them, and the statement's discount figures.
 */
export class OrdersCoupons1796571020000 implements MigrationInterface {
  name = 'OrdersCoupons1796571020000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY,
        county_code char(6) NOT NULL,
        name varchar(60) NOT NULL CHECK (length(name) > 0),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        budget_fen bigint NOT NULL CHECK (budget_fen > 0),
        spent_fen bigint NOT NULL DEFAULT 0,
        listing_ids uuid[] NOT NULL CHECK (cardinality(listing_ids) > 0),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaign_dates CHECK (ends_at > starts_at),
        CONSTRAINT campaign_within_budget CHECK (spent_fen BETWEEN 0 AND budget_fen)
      )`);
    await runner.query(`CREATE INDEX campaign_county ON campaign (county_code, ends_at)`);
    await runner.query(`
      CREATE TABLE coupon (
        id uuid PRIMARY KEY,
        title varchar(40) NOT NULL CHECK (length(title) > 0),
        scope text NOT NULL CHECK (scope IN ('platform', 'county', 'seller')),
        funder text NOT NULL CHECK (funder IN ('platform', 'county', 'seller')),
        county_code char(6),
        seller_org_id uuid,
        campaign_id uuid REFERENCES campaign (id),
        threshold_fen bigint NOT NULL,
        amount_fen bigint NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        total_limit int NOT NULL CHECK (total_limit > 0),
        per_buyer_limit int NOT NULL CHECK (per_buyer_limit > 0),
        issued_count int NOT NULL DEFAULT 0,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT coupon_amount CHECK (amount_fen > 0 AND amount_fen < threshold_fen),
        CONSTRAINT coupon_dates CHECK (valid_until > valid_from),
        CONSTRAINT coupon_issued_within_limit CHECK (issued_count BETWEEN 0 AND total_limit),
        CONSTRAINT coupon_scope_party CHECK (
          (scope = 'platform' AND county_code IS NULL AND seller_org_id IS NULL) OR
          (scope = 'county' AND county_code IS NOT NULL AND seller_org_id IS NULL) OR
          (scope = 'seller' AND seller_org_id IS NOT NULL AND funder = 'seller'))
      )`);
    await runner.query(`CREATE INDEX coupon_seller ON coupon (seller_org_id) WHERE seller_org_id IS NOT NULL`);
    await runner.query(`CREATE INDEX coupon_county ON coupon (county_code) WHERE county_code IS NOT NULL`);
    await runner.query(`
      CREATE TABLE coupon_claim (
        id uuid PRIMARY KEY,
        coupon_id uuid NOT NULL REFERENCES coupon (id),
        buyer_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('available', 'used')),
        order_group_id uuid,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await runner.query(`CREATE INDEX coupon_claim_buyer ON coupon_claim (buyer_id, coupon_id)`);
    await runner.query(`
      CREATE TABLE order_discount (
        order_id uuid NOT NULL REFERENCES customer_order (id),
        claim_id uuid NOT NULL REFERENCES coupon_claim (id),
        coupon_id uuid NOT NULL REFERENCES coupon (id),
        campaign_id uuid REFERENCES campaign (id),
        funder text NOT NULL CHECK (funder IN ('platform', 'county', 'seller')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        released boolean NOT NULL DEFAULT false,
        PRIMARY KEY (order_id, claim_id)
      )`);
    await runner.query(`CREATE INDEX order_discount_claim ON order_discount (claim_id)`);
    await runner.query(`ALTER TABLE order_line ADD COLUMN discount_fen bigint NOT NULL DEFAULT 0`);
    await runner.query(`
      ALTER TABLE customer_order
        ADD COLUMN seller_discount_fen bigint NOT NULL DEFAULT 0 CHECK (seller_discount_fen >= 0),
        ADD COLUMN sponsor_discount_fen bigint NOT NULL DEFAULT 0 CHECK (sponsor_discount_fen >= 0),
        ADD COLUMN sponsor text CHECK (sponsor IN ('platform', 'county')),
        ADD CONSTRAINT customer_order_sponsor CHECK ((sponsor IS NULL) = (sponsor_discount_fen = 0))`);
    await runner.query(`
      ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check,
        ADD CONSTRAINT ledger_account_kind_check CHECK (kind IN ('provider_clearing','seller_payable',
          'platform_commission','point_commission_payable','point_cash','county_cash','refunds_payable',
          'platform_discount','county_discount'))`);
    await runner.query(`
      ALTER TABLE statement
        ADD COLUMN seller_discount_fen bigint NOT NULL DEFAULT 0,
        ADD COLUMN platform_discount_fen bigint NOT NULL DEFAULT 0,
        ADD COLUMN county_discount_fen bigint NOT NULL DEFAULT 0,
        DROP CONSTRAINT statement_net,
        ADD CONSTRAINT statement_net CHECK (
          net_fen = sold_fen + freight_fen - refunds_fen - seller_discount_fen - commission_withheld_fen
                    + commission_earned_fen)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE statement DROP CONSTRAINT statement_net,
        DROP COLUMN seller_discount_fen, DROP COLUMN platform_discount_fen, DROP COLUMN county_discount_fen,
        ADD CONSTRAINT statement_net CHECK (
          net_fen = sold_fen + freight_fen - refunds_fen - commission_withheld_fen + commission_earned_fen)`);
    await runner.query(`
      ALTER TABLE customer_order DROP COLUMN seller_discount_fen, DROP COLUMN sponsor_discount_fen,
        DROP COLUMN sponsor`);
    await runner.query(`ALTER TABLE order_line DROP COLUMN discount_fen`);
    await runner.query(`DROP TABLE order_discount, coupon_claim, coupon, campaign`);
  }
}
