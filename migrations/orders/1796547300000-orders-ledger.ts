import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A double-entry ledger per county (docs/money.md): accounts, journal entries and their postings. Amounts are fen,
 * debit positive, credit negative. A deferred constraint trigger refuses, at commit, any journal entry whose postings
 * do not sum to zero; postings are never changed or deleted. `source_key` names what caused an entry (a payment
 * applied to an order, a refund paid, …) and is unique, so a cause posts once however often it is replayed.
 *
 * An order's freight (part of its total). Also the confirmation of receipt (确认收货): when the buyer (or the sweeper, N days after delivery) confirmed, and
 * the county's N.
 */
export class OrdersLedger1796547300000 implements MigrationInterface {
  name = 'OrdersLedger1796547300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ledger_account (
        id uuid PRIMARY KEY,
        county_code char(6) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('provider_clearing','seller_payable','platform_commission',
          'point_commission_payable','point_cash','county_cash','refunds_payable')),
        party_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_account_party CHECK (
          (kind IN ('seller_payable','point_commission_payable','point_cash')) = (party_id IS NOT NULL)),
        CONSTRAINT ledger_account_key UNIQUE NULLS NOT DISTINCT (county_code, kind, party_id)
      )`);
    await runner.query(`
      CREATE TABLE ledger_entry (
        id uuid PRIMARY KEY,
        county_code char(6) NOT NULL,
        kind text NOT NULL,
        source_key text NOT NULL UNIQUE,
        order_id uuid,
        memo text NOT NULL,
        posted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ledger_entry_order ON ledger_entry (order_id) WHERE order_id IS NOT NULL`);
    await runner.query(`
      CREATE TABLE ledger_posting (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES ledger_entry (id),
        account_id uuid NOT NULL REFERENCES ledger_account (id),
        item text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen <> 0)
      )`);
    await runner.query(`CREATE INDEX ledger_posting_account ON ledger_posting (account_id, entry_id)`);
    await runner.query(`CREATE INDEX ledger_posting_entry ON ledger_posting (entry_id)`);
    await runner.query(`
      CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
      BEGIN
        SELECT coalesce(sum(amount_fen), 0) INTO total FROM ledger_posting WHERE entry_id = NEW.entry_id;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger entry % is unbalanced: its postings sum to % fen', NEW.entry_id, total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await runner.query(`
      CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON ledger_posting
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()`);
    await runner.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await runner.query(`
      CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await runner.query(`
      CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);

    await runner.query(
      `ALTER TABLE customer_order ADD COLUMN receipt_confirmed_at timestamptz,
         ADD COLUMN freight_fen bigint NOT NULL DEFAULT 0 CHECK (freight_fen >= 0 AND freight_fen <= total_fen)`,
    );
    await runner.query(
      `CREATE INDEX customer_order_unconfirmed ON customer_order (delivered_at)
        WHERE status = 'completed' AND receipt_confirmed_at IS NULL`,
    );
    await runner.query(
      `ALTER TABLE county_setting
         ADD COLUMN auto_confirm_days int NOT NULL DEFAULT 7 CHECK (auto_confirm_days BETWEEN 1 AND 30)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE county_setting DROP COLUMN auto_confirm_days`);
    await runner.query(`DROP INDEX customer_order_unconfirmed`);
    await runner.query(`ALTER TABLE customer_order DROP COLUMN receipt_confirmed_at, DROP COLUMN freight_fen`);
    await runner.query(`DROP TABLE ledger_posting`);
    await runner.query(`DROP TABLE ledger_entry`);
    await runner.query(`DROP TABLE ledger_account`);
    await runner.query(`DROP FUNCTION ledger_append_only()`);
    await runner.query(`DROP FUNCTION ledger_entry_balanced()`);
  }
}
