import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountKind } from '../ledger/ledger.entities';
import { PayeeAccount, Payout, PayoutStatus, Statement } from './settlement.entities';

/** A party's postings that a new statement takes, summed by what they are for. */
interface StatementDraftRow {
  account_id: string;
  kind: Statement['accountKind'];
  party_id: string;
  entry_ids: string[];
  goods: string;
  freight: string;
  refunds: string;
  seller_discount: string;
  platform_discount: string;
  county_discount: string;
  withheld: string;
  earned: string;
  other: string;
  orders: number;
}

export interface DuePayout {
  payout: Payout;
  statement: Statement;
  payee: PayeeAccount | null;
}

/** A seller's or service point's money in its county (SettlementRepository.partiesOf). */
export interface CountyParty {
  accountKind: Statement['accountKind'];
  partyId: string;
  name: string | null;
  owedFen: number;
  paidOutFen: number;
  payingFen: number;
  failingFen: number;
  hasPayeeAccount: boolean;
  failures: {
    statementId: string;
    payoutId: string;
    periodTo: Date;
    amountFen: number;
    state: 'failing' | 'failed';
    reason: string;
    attempts: number;
  }[];
}

export interface StatementWithPayout {
  statement: Statement;
  payout: Payout | null;
}

const FROM_PARTY = `ARRAY['seller_payable','point_commission_payable']`;

@Injectable()
export class SettlementRepository {
  constructor(private readonly db: TransactionalConnection) {}

  findPayee(manager: EntityManager, partyId: string): Promise<PayeeAccount | null> {
    return manager.getRepository(PayeeAccount).findOneBy({ partyId });
  }

  async savePayee(payee: Omit<PayeeAccount, 'updatedAt'>): Promise<PayeeAccount> {
    await this.db.manager.getRepository(PayeeAccount).upsert({ ...payee, updatedAt: new Date() }, ['partyId']);
    return this.db.manager.getRepository(PayeeAccount).findOneByOrFail({ partyId: payee.partyId });
  }

  /**
   * Makes the county's statements up to `cutoff`: for each seller's and service point's account, every posting
   * not yet in a statement whose order is settleable by then — receipt confirmed and the claim window past with no
   * claim open, or the order ended unpaid/refunded. Each gets a payout when it is owed money. Serialised per county
   * (an advisory lock), so two closings never take the same posting (and the key would refuse it anyway).
   */
  async close(
    manager: EntityManager,
    countyCode: string,
    cutoff: Date,
    claimWindowHours: number,
    createdBy: string | null,
  ): Promise<Statement[]> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('countyflow:orders:settlement:' || $1))`, [countyCode]);
    const drafts = await manager.query<StatementDraftRow[]>(
      `WITH eligible AS (
         SELECT p.account_id, a.kind, a.party_id, p.entry_id, p.item, p.amount_fen, e.order_id
           FROM ledger_account a
           JOIN ledger_posting p ON p.account_id = a.id
           JOIN ledger_entry e ON e.id = p.entry_id
           LEFT JOIN customer_order o ON o.id = e.order_id
          WHERE a.county_code = $1 AND a.kind = ANY(${FROM_PARTY}) AND e.kind <> 'payout' AND e.posted_at <= $2
            AND NOT EXISTS (SELECT 1 FROM statement_item s WHERE s.account_id = p.account_id AND s.entry_id = p.entry_id)
            AND (o.id IS NULL OR o.status IN ('cancelled', 'refunded', 'rejected')
                 OR (o.receipt_confirmed_at + make_interval(hours => $3::int) <= $2
                     AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.order_id = o.id AND c.status <> 'resolved'))))
       SELECT account_id, kind, party_id, array_agg(DISTINCT entry_id) AS entry_ids,
              -coalesce(sum(amount_fen) FILTER (WHERE item = 'goods'), 0) AS goods,
              -coalesce(sum(amount_fen) FILTER (WHERE item = 'freight'), 0) AS freight,
              coalesce(sum(amount_fen) FILTER (WHERE item = 'refund'), 0) AS refunds,
              coalesce(sum(amount_fen) FILTER (WHERE item = 'seller_discount'), 0) AS seller_discount,
              (SELECT coalesce(sum(sp.amount_fen), 0) FROM ledger_posting sp
                 JOIN ledger_account sa ON sa.id = sp.account_id AND sa.kind = 'platform_discount'
                WHERE sp.entry_id = ANY(array_agg(DISTINCT eligible.entry_id))) AS platform_discount,
              (SELECT coalesce(sum(sp.amount_fen), 0) FROM ledger_posting sp
                 JOIN ledger_account sa ON sa.id = sp.account_id AND sa.kind = 'county_discount'
                WHERE sp.entry_id = ANY(array_agg(DISTINCT eligible.entry_id))) AS county_discount,
              coalesce(sum(amount_fen) FILTER (WHERE kind = 'seller_payable'
                                                 AND item IN ('point_commission', 'platform_commission')), 0) AS withheld,
              -coalesce(sum(amount_fen) FILTER (WHERE kind = 'point_commission_payable'
                                                  AND item = 'point_commission'), 0) AS earned,
              coalesce(sum(amount_fen) FILTER (WHERE item NOT IN ('goods', 'freight', 'refund', 'point_commission',
                                                                  'platform_commission', 'seller_discount')), 0)
                AS other,
              count(DISTINCT order_id)::int AS orders
         FROM eligible GROUP BY account_id, kind, party_id ORDER BY kind, party_id`,
      [countyCode, cutoff, claimWindowHours],
    );
    const statements: Statement[] = [];
    for (const draft of drafts) {
      if (Number(draft.other) !== 0) {
        throw new Error(`account ${draft.account_id} has postings no statement line shows (${draft.other} fen)`);
      }
      const [previous] = await manager.query<{ period_to: Date }[]>(
        `SELECT max(period_to) AS period_to FROM statement WHERE county_code = $1 AND account_kind = $2 AND party_id = $3`,
        [countyCode, draft.kind, draft.party_id],
      );
      const sold = Number(draft.goods);
      const freight = Number(draft.freight);
      const refunds = Number(draft.refunds);
      const sellerDiscount = Number(draft.seller_discount);
      const withheld = Number(draft.withheld);
      const earned = Number(draft.earned);
      const statement: Statement = {
        id: randomUUID(),
        countyCode,
        accountKind: draft.kind,
        partyId: draft.party_id,
        periodFrom: previous?.period_to ?? null,
        periodTo: cutoff,
        soldFen: sold,
        freightFen: freight,
        refundsFen: refunds,
        sellerDiscountFen: sellerDiscount,
        platformDiscountFen: Number(draft.platform_discount),
        countyDiscountFen: Number(draft.county_discount),
        commissionWithheldFen: withheld,
        commissionEarnedFen: earned,
        netFen: sold + freight - refunds - sellerDiscount - withheld + earned,
        orders: draft.orders,
        createdBy,
        createdAt: new Date(),
      };
      await manager.insert(Statement, statement);
      await manager.query(
        `INSERT INTO statement_item (account_id, entry_id, statement_id) SELECT $1, unnest($2::uuid[]), $3`,
        [draft.account_id, draft.entry_ids, statement.id],
      );
      if (statement.netFen > 0) {
        await this.insertPayout(manager, statement);
      }
      statements.push(statement);
    }
    return statements;
  }

  private async insertPayout(manager: EntityManager, statement: Statement): Promise<void> {
    await manager.insert(Payout, {
      id: randomUUID(),
      statementId: statement.id,
      amountFen: statement.netFen,
      status: PayoutStatus.Pending,
    });
  }

  /** A new payout for a statement whose last payout failed definitively; false if one is pending or paid. */
  async retryPayout(manager: EntityManager, statementId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO payout (id, statement_id, amount_fen, status)
       SELECT gen_random_uuid(), s.id, s.net_fen, 'pending' FROM statement s
        WHERE s.id = $1 AND s.net_fen > 0
          AND EXISTS (SELECT 1 FROM payout p WHERE p.statement_id = s.id AND p.status = 'failed')
       ON CONFLICT (statement_id) WHERE status <> 'failed' DO NOTHING
       RETURNING id`,
      [statementId],
    );
    return rows.length > 0;
  }

  /**
   * Takes one due payout for `leaseSeconds` (attempts + 1, next attempt pushed out) and commits that before the
   * provider is called: a crash mid-call leaves a payout whose attempts say it may have been sent, so the next
   * round asks the provider before sending again.
   */
  async leaseDuePayout(manager: EntityManager, leaseSeconds: number): Promise<DuePayout | null> {
    const [row] = await manager.query<{ id: string }[]>(
      `WITH due AS (
         SELECT id FROM payout WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED),
       leased AS (
         UPDATE payout p SET attempts = attempts + 1,
                next_attempt_at = now() + make_interval(secs => $1::double precision)
           FROM due WHERE p.id = due.id RETURNING p.id)
       SELECT id FROM leased`,
      [leaseSeconds],
    );
    if (!row) {
      return null;
    }
    const payout = await manager.getRepository(Payout).findOneByOrFail({ id: row.id });
    const statement = await manager.getRepository(Statement).findOneByOrFail({ id: payout.statementId });
    return { payout, statement, payee: await this.findPayee(manager, statement.partyId) };
  }

  /** Records the provider's answer on a payout still pending; false when something else settled it first. */
  async settlePayout(
    manager: EntityManager,
    id: string,
    outcome:
      | { status: PayoutStatus.Succeeded; provider: string; providerPayoutId: string }
      | { status: PayoutStatus.Failed; provider: string; providerPayoutId: string | null; error: string },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (
         UPDATE payout SET status = $2, provider = $3, provider_payout_id = $4, completed_at = now(),
                last_error = $5
          WHERE id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM changed`,
      [
        id,
        outcome.status,
        outcome.provider,
        outcome.providerPayoutId,
        outcome.status === PayoutStatus.Failed ? outcome.error.slice(0, 2000) : null,
      ],
    );
    return rows.length > 0;
  }

  /** Not settled yet: try again after `retryInMs` (the provider was unreachable or still processing). */
  async payoutNotYet(manager: EntityManager, id: string, error: string, retryInMs: number): Promise<void> {
    await manager.query(
      `UPDATE payout SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
        WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 2000), retryInMs],
    );
  }

  findStatement(id: string): Promise<Statement | null> {
    return this.db.manager.getRepository(Statement).findOneBy({ id });
  }

  async statementsOf(
    where: { partyId: string } | { countyCode: string },
    limit: number,
  ): Promise<StatementWithPayout[]> {
    const statements = await this.db.manager
      .getRepository(Statement)
      .find({ where, order: { periodTo: 'DESC', accountKind: 'ASC' }, take: limit });
    return this.withPayouts(statements);
  }

  async withPayouts(statements: Statement[]): Promise<StatementWithPayout[]> {
    const payouts = statements.length
      ? await this.db.manager.query<{ id: string }[]>(
          `SELECT DISTINCT ON (statement_id) id FROM payout WHERE statement_id = ANY($1::uuid[])
            ORDER BY statement_id, (status <> 'failed') DESC, created_at DESC`,
          [statements.map((statement) => statement.id)],
        )
      : [];
    const found = payouts.length
      ? await this.db.manager.getRepository(Payout).findBy(payouts.map(({ id }) => ({ id })))
      : [];
    const byStatement = new Map(found.map((payout) => [payout.statementId, payout]));
    return statements.map((statement) => ({ statement, payout: byStatement.get(statement.id) ?? null }));
  }

  /** The orders and movements behind a statement, for its detail and its CSV/Excel. */
  async linesOf(statementId: string): Promise<
    {
      orderId: string | null;
      postedAt: Date;
      entryKind: string;
      item: string;
      amountFen: number;
    }[]
  > {
    const rows = await this.db.manager.query<
      { order_id: string | null; posted_at: Date; kind: string; item: string; amount: string }[]
    >(
      `SELECT e.order_id, e.posted_at, e.kind, p.item, sum(p.amount_fen) AS amount
         FROM statement_item s JOIN ledger_entry e ON e.id = s.entry_id
         JOIN ledger_posting p ON p.entry_id = s.entry_id AND p.account_id = s.account_id
        WHERE s.statement_id = $1
        GROUP BY e.id, p.item ORDER BY e.posted_at, e.id, p.item`,
      [statementId],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      postedAt: row.posted_at,
      entryKind: row.kind,
      item: row.item,
      amountFen: Number(row.amount),
    }));
  }

  /**
   * Each seller and service point of the county with a ledger account: owed (its balance) and paid out (its payout
   * postings), both from the ledger, and its statements' current payouts that are paying, failing or refused.
   */
  async partiesOf(countyCode: string): Promise<CountyParty[]> {
    const accounts = await this.db.manager.query<
      {
        kind: Statement['accountKind'];
        party_id: string;
        name: string | null;
        owed: string;
        paid: string;
        payee: boolean;
      }[]
    >(
      `SELECT a.kind, a.party_id, o.name,
              -coalesce(sum(p.amount_fen), 0) AS owed,
              coalesce(sum(p.amount_fen) FILTER (WHERE e.kind = 'payout'), 0) AS paid,
              EXISTS (SELECT 1 FROM payee_account y WHERE y.party_id = a.party_id) AS payee
         FROM ledger_account a
         LEFT JOIN ledger_posting p ON p.account_id = a.id
         LEFT JOIN ledger_entry e ON e.id = p.entry_id
         LEFT JOIN org_copy o ON o.org_id = a.party_id
        WHERE a.county_code = $1 AND a.kind = ANY(${FROM_PARTY})
        GROUP BY a.id, a.kind, a.party_id, o.name`,
      [countyCode],
    );
    const current = await this.db.manager.query<
      {
        id: string;
        statement_id: string;
        amount_fen: string;
        status: PayoutStatus;
        last_error: string | null;
        attempts: number;
        account_kind: Statement['accountKind'];
        party_id: string;
        period_to: Date;
      }[]
    >(
      `SELECT * FROM (
         SELECT DISTINCT ON (p.statement_id) p.id, p.statement_id, p.amount_fen, p.status, p.last_error, p.attempts,
                s.account_kind, s.party_id, s.period_to
           FROM payout p JOIN statement s ON s.id = p.statement_id
          WHERE s.county_code = $1
          ORDER BY p.statement_id, (p.status <> 'failed') DESC, p.created_at DESC) latest
        WHERE status <> 'succeeded' ORDER BY period_to, statement_id`,
      [countyCode],
    );
    return accounts.map((account) => {
      const mine = current.filter((p) => p.account_kind === account.kind && p.party_id === account.party_id);
      const troubles = mine.filter((p) => p.status === PayoutStatus.Failed || p.last_error !== null);
      return {
        accountKind: account.kind,
        partyId: account.party_id,
        name: account.name,
        owedFen: Number(account.owed),
        paidOutFen: Number(account.paid),
        payingFen: mine.filter((p) => !troubles.includes(p)).reduce((sum, p) => sum + Number(p.amount_fen), 0),
        failingFen: troubles.reduce((sum, p) => sum + Number(p.amount_fen), 0),
        hasPayeeAccount: account.payee,
        failures: troubles.map((p) => ({
          statementId: p.statement_id,
          payoutId: p.id,
          periodTo: p.period_to,
          amountFen: Number(p.amount_fen),
          state: p.status === PayoutStatus.Failed ? ('failed' as const) : ('failing' as const),
          reason: p.last_error ?? '',
          attempts: p.attempts,
        })),
      };
    });
  }

  /** The county's money at a glance: owed now (ledger balances), paid out, pending and failing payouts. */
  async countyTotals(countyCode: string): Promise<{
    owedToSellersFen: number;
    owedToPointsFen: number;
    cashAtPointsFen: number;
    refundsOwedFen: number;
    paidOutFen: number;
    payingFen: number;
    failingFen: number;
    failingPayouts: number;
  }> {
    const [balances] = await this.db.manager.query<
      { sellers: string; points: string; cash: string; refunds: string }[]
    >(
      `SELECT -coalesce(sum(p.amount_fen) FILTER (WHERE a.kind = 'seller_payable'), 0) AS sellers,
              -coalesce(sum(p.amount_fen) FILTER (WHERE a.kind = 'point_commission_payable'), 0) AS points,
              coalesce(sum(p.amount_fen) FILTER (WHERE a.kind = 'point_cash'), 0) AS cash,
              -coalesce(sum(p.amount_fen) FILTER (WHERE a.kind = 'refunds_payable'), 0) AS refunds
         FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id WHERE a.county_code = $1`,
      [countyCode],
    );
    const [payouts] = await this.db.manager.query<
      { paid: string; paying: string; failing: string; failing_count: number }[]
    >(
      `SELECT coalesce(sum(p.amount_fen) FILTER (WHERE p.status = 'succeeded'), 0) AS paid,
              coalesce(sum(p.amount_fen) FILTER (WHERE p.status = 'pending' AND p.last_error IS NULL), 0) AS paying,
              coalesce(sum(p.amount_fen) FILTER (WHERE (p.status = 'pending' AND p.last_error IS NOT NULL)
                                                   OR (p.status = 'failed' AND NOT EXISTS (
                                                     SELECT 1 FROM payout n WHERE n.statement_id = p.statement_id
                                                        AND n.status <> 'failed'))), 0) AS failing,
              count(*) FILTER (WHERE (p.status = 'pending' AND p.last_error IS NOT NULL)
                                  OR (p.status = 'failed' AND NOT EXISTS (
                                    SELECT 1 FROM payout n WHERE n.statement_id = p.statement_id
                                       AND n.status <> 'failed')))::int AS failing_count
         FROM payout p JOIN statement s ON s.id = p.statement_id WHERE s.county_code = $1`,
      [countyCode],
    );
    return {
      owedToSellersFen: Number(balances.sellers),
      owedToPointsFen: Number(balances.points),
      cashAtPointsFen: Number(balances.cash),
      refundsOwedFen: Number(balances.refunds),
      paidOutFen: Number(payouts.paid),
      payingFen: Number(payouts.paying),
      failingFen: Number(payouts.failing),
      failingPayouts: payouts.failing_count,
    };
  }
}

export const SETTLED_ACCOUNTS = [AccountKind.SellerPayable, AccountKind.PointCommissionPayable] as const;
