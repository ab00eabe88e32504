import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settlement (docs/money.md): where each seller and service point is paid (payee account), statements per period
 * made from the ledger (each posting to a party's account lands in exactly one statement: `statement_item`'s key),
 * and payouts through the payout provider — at most one payout per statement that is not definitively failed (the
 * partial unique index), sent with its own id as the provider's idempotency key.
 */
export class OrdersSettlement1796547900000 implements MigrationInterface {
  name = 'OrdersSettlement1796547900000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE payee_account (
        party_id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('wechat_openid','wechat_merchant','alipay_login_id','alipay_user_id','simulated')),
        account text NOT NULL CHECK (length(account) BETWEEN 1 AND 64),
        name text,
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE statement (
        id uuid PRIMARY KEY,
        county_code char(6) NOT NULL,
        account_kind text NOT NULL CHECK (account_kind IN ('seller_payable','point_commission_payable')),
        party_id uuid NOT NULL,
        period_from timestamptz,
        period_to timestamptz NOT NULL,
        sold_fen bigint NOT NULL,
        freight_fen bigint NOT NULL,
        refunds_fen bigint NOT NULL,
        commission_withheld_fen bigint NOT NULL,
        commission_earned_fen bigint NOT NULL,
        net_fen bigint NOT NULL,
        orders int NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT statement_net CHECK (
          net_fen = sold_fen + freight_fen - refunds_fen - commission_withheld_fen + commission_earned_fen),
        CONSTRAINT statement_period UNIQUE (county_code, account_kind, party_id, period_to)
      )`);
    await runner.query(`CREATE INDEX statement_party ON statement (party_id, period_to DESC)`);
    await runner.query(`CREATE INDEX statement_county ON statement (county_code, period_to DESC)`);
    await runner.query(`
      CREATE TABLE statement_item (
        account_id uuid NOT NULL REFERENCES ledger_account (id),
        entry_id uuid NOT NULL REFERENCES ledger_entry (id),
        statement_id uuid NOT NULL REFERENCES statement (id),
        PRIMARY KEY (account_id, entry_id)
      )`);
    await runner.query(`CREATE INDEX statement_item_statement ON statement_item (statement_id)`);
    await runner.query(`
      CREATE TABLE payout (
        id uuid PRIMARY KEY,
        statement_id uuid NOT NULL REFERENCES statement (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        status text NOT NULL CHECK (status IN ('pending','succeeded','failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        provider text,
        provider_payout_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await runner.query(`CREATE UNIQUE INDEX payout_once ON payout (statement_id) WHERE status <> 'failed'`);
    await runner.query(`CREATE INDEX payout_due ON payout (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE payout`);
    await runner.query(`DROP TABLE statement_item`);
    await runner.query(`DROP TABLE statement`);
    await runner.query(`DROP TABLE payee_account`);
  }
}
