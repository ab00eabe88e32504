import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountKind, EntryKind, PostingItem } from './ledger.entities';

export interface AccountRef {
  kind: AccountKind;
  /** The seller or service point, for their own accounts. */
  partyId?: string | null;
}

export interface PostingDraft {
  account: AccountRef;
  item: PostingItem;
  /** Debit positive, credit negative; zero postings are left out. */
  amountFen: number;
}

export interface EntryDraft {
  countyCode: string;
  kind: EntryKind;
  /** What caused the entry; an entry with the same key is never posted twice. */
  sourceKey: string;
  orderId?: string | null;
  memo: string;
  postings: PostingDraft[];
}

export interface AccountBalance {
  accountId: string;
  countyCode: string;
  kind: AccountKind;
  partyId: string | null;
  balanceFen: number;
}

export interface PartyMovement {
  item: PostingItem;
  amountFen: number;
}

/** What postings need to know of an order. */
export interface OrderMoneyFacts {
  orderId: string;
  countyCode: string;
  sellerOrgId: string;
  servicePointOrgId: string | null;
  totalFen: number;
  freightFen: number;
  /** The seller's own coupon's discount. */
  sellerDiscountFen: number;
  /** The platform's or county's coupon's discount, and who funds it. */
  sponsorDiscountFen: number;
  sponsor: 'platform' | 'county' | null;
  /** The commission earned by the service point that placed it (assisted orders), if earned. */
  earnedCommission: { pointOrgId: string; amountFen: number } | null;
}

/**
 * The columns {@link OrderMoneyFacts} is read from, of `customer_order o` joined as {@link ORDER_MONEY_FACTS_JOIN}:
 * for statements that read an order's money facts beside something else (order.paid's payload, say).
 */
export const ORDER_MONEY_FACTS = `o.county_code, o.seller_org_id, o.destination_service_point_org_id AS point,
  o.total_fen AS total, o.freight_fen AS freight, o.seller_discount_fen AS seller_discount,
  o.sponsor_discount_fen AS sponsor_discount, o.sponsor, c.operator_org_id AS commission_org,
  c.amount_fen AS commission`;
export const ORDER_MONEY_FACTS_JOIN = `LEFT JOIN commission c ON c.order_id = o.id AND c.status = 'earned'`;

export interface OrderMoneyFactsRow {
  county_code: string;
  seller_org_id: string;
  point: string | null;
  total: string;
  freight: string;
  seller_discount: string;
  sponsor_discount: string;
  sponsor: 'platform' | 'county' | null;
  commission_org: string | null;
  commission: string | null;
}

export function orderMoneyFacts(orderId: string, row: OrderMoneyFactsRow): OrderMoneyFacts {
  return {
    orderId,
    countyCode: row.county_code,
    sellerOrgId: row.seller_org_id,
    servicePointOrgId: row.point,
    totalFen: Number(row.total),
    freightFen: Number(row.freight),
    sellerDiscountFen: Number(row.seller_discount),
    sponsorDiscountFen: Number(row.sponsor_discount),
    sponsor: row.sponsor,
    earnedCommission:
      row.commission_org && Number(row.commission) > 0
        ? { pointOrgId: row.commission_org, amountFen: Number(row.commission) }
        : null,
  };
}

/**
 * Entries and their postings in one statement, each posting on its account looked up by (entry's county, kind,
 * party); if any account does not exist yet, nothing is written and `missing` says so. `posted` holds the ids of
 * the entries written: an entry whose source key was posted before is not.
 */
const POST_ENTRIES = `
  WITH given AS (
    SELECT * FROM unnest($1::uuid[], $2::char(6)[], $3::text[], $4::text[], $5::uuid[], $6::text[]) WITH ORDINALITY
      AS e(id, county_code, kind, source_key, order_id, memo, n)
  ), posting AS (
    SELECT p.n, p.entry, p.item, p.amount, a.id AS account_id
      FROM unnest($7::int[], $8::text[], $9::uuid[], $10::text[], $11::bigint[]) WITH ORDINALITY
           AS p(entry, kind, party, item, amount, n)
      JOIN given e ON e.n = p.entry
      LEFT JOIN ledger_account a
        ON a.county_code = e.county_code AND a.kind = p.kind AND a.party_id IS NOT DISTINCT FROM p.party
  ), entry AS (
    INSERT INTO ledger_entry (id, county_code, kind, source_key, order_id, memo)
    SELECT id, county_code, kind, source_key, order_id, memo FROM given
     WHERE NOT EXISTS (SELECT 1 FROM posting WHERE account_id IS NULL)
     ORDER BY n
    ON CONFLICT (source_key) DO NOTHING RETURNING id
  ), posted AS (
    INSERT INTO ledger_posting (entry_id, account_id, item, amount_fen)
    SELECT entry.id, posting.account_id, posting.item, posting.amount
      FROM entry JOIN given e ON e.id = entry.id JOIN posting ON posting.entry = e.n
     ORDER BY posting.n
  )
  SELECT ARRAY(SELECT id FROM entry) AS posted, EXISTS (SELECT 1 FROM posting WHERE account_id IS NULL) AS missing`;

/** The ledger's tables: accounts made on first use, append-only entries and postings. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /**
   * Posts the entry in the caller's transaction; false when its source was posted before (nothing written). The
   * database refuses the commit if the postings do not sum to zero; this checks first for a clearer message.
   * One statement while the accounts exist (they are made once, on first use, and never change): a payment writes
   * no account row, so payments of one county never wait for each other's new accounts.
   */
  async post(manager: EntityManager, draft: EntryDraft): Promise<boolean> {
    const [posted] = await this.postAll(manager, [draft]);
    return posted;
  }

  /**
   * {@link post} for several entries, in one statement while their accounts exist (the entries of one change: a
   * payment of several orders). Answers, per entry in the order given, whether it was posted.
   */
  async postAll(manager: EntityManager, drafts: EntryDraft[]): Promise<boolean[]> {
    const entries = drafts.map((draft) => {
      const postings = draft.postings.filter((posting) => posting.amountFen !== 0);
      const sum = postings.reduce((total, posting) => total + posting.amountFen, 0);
      if (postings.length === 0 || sum !== 0) {
        throw new Error(`ledger entry ${draft.sourceKey} is unbalanced (${sum} fen over ${postings.length} postings)`);
      }
      return { id: randomUUID(), draft, postings };
    });
    const postings = entries.flatMap((entry, index) =>
      entry.postings.map((posting) => ({ entry: index + 1, posting })),
    );
    const values = [
      entries.map((entry) => entry.id),
      entries.map((entry) => entry.draft.countyCode),
      entries.map((entry) => entry.draft.kind),
      entries.map((entry) => entry.draft.sourceKey),
      entries.map((entry) => entry.draft.orderId ?? null),
      entries.map((entry) => entry.draft.memo),
      postings.map(({ entry }) => entry),
      postings.map(({ posting }) => posting.account.kind),
      postings.map(({ posting }) => posting.account.partyId ?? null),
      postings.map(({ posting }) => posting.item),
      postings.map(({ posting }) => posting.amountFen),
    ];
    let [outcome] = await manager.query<{ posted: string[]; missing: boolean }[]>(POST_ENTRIES, values);
    if (outcome.missing) {
      // county by county, in code order, as the rows are made in one order wherever they are
      for (const countyCode of [...new Set(entries.map((entry) => entry.draft.countyCode))].sort()) {
        await this.makeAccounts(
          manager,
          countyCode,
          entries
            .filter((entry) => entry.draft.countyCode === countyCode)
            .flatMap((entry) => entry.postings.map((posting) => posting.account)),
        );
      }
      [outcome] = await manager.query<{ posted: string[]; missing: boolean }[]>(POST_ENTRIES, values);
    }
    const posted = new Set(outcome.posted);
    return entries.map((entry) => posted.has(entry.id));
  }

  /** Makes the accounts that do not exist yet (a concurrent maker of the same account is waited for). */
  private async makeAccounts(manager: EntityManager, countyCode: string, accounts: AccountRef[]): Promise<void> {
    await manager.query(
      `INSERT INTO ledger_account (id, county_code, kind, party_id)
       SELECT gen_random_uuid(), $1, kind, party FROM unnest($2::text[], $3::uuid[]) AS a(kind, party)
       ORDER BY kind, party
       ON CONFLICT ON CONSTRAINT ledger_account_key DO NOTHING`,
      [countyCode, accounts.map((account) => account.kind), accounts.map((account) => account.partyId ?? null)],
    );
  }

  /** Every account's balance, recomputed from the postings (optionally of one county). */
  async balances(manager: EntityManager = this.db.manager, countyCode?: string): Promise<AccountBalance[]> {
    const rows = await manager.query<
      { id: string; county_code: string; kind: AccountKind; party_id: string | null; balance: string }[]
    >(
      `SELECT a.id, a.county_code, a.kind, a.party_id, coalesce(sum(p.amount_fen), 0) AS balance
         FROM ledger_account a LEFT JOIN ledger_posting p ON p.account_id = a.id
        WHERE $1::char(6) IS NULL OR a.county_code = $1
        GROUP BY a.id ORDER BY a.county_code, a.kind, a.party_id`,
      [countyCode ?? null],
    );
    return rows.map((row) => ({
      accountId: row.id,
      countyCode: row.county_code,
      kind: row.kind,
      partyId: row.party_id,
      balanceFen: Number(row.balance),
    }));
  }

  /** The balance of one party's account over every county (0 when it has none). */
  async partyBalance(manager: EntityManager, kind: AccountKind, partyId: string): Promise<number> {
    const [row] = await manager.query<{ balance: string }[]>(
      `SELECT coalesce(sum(p.amount_fen), 0) AS balance
         FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id
        WHERE a.kind = $1 AND a.party_id = $2`,
      [kind, partyId],
    );
    return Number(row.balance);
  }

  /** The entries posted for an order, oldest first, with their postings. */
  async entriesOfOrder(
    orderId: string,
  ): Promise<
    { kind: EntryKind; account: AccountKind; partyId: string | null; item: PostingItem; amountFen: number }[]
  > {
    const rows = await this.db.manager.query<
      { kind: EntryKind; account: AccountKind; party_id: string | null; item: PostingItem; amount: string }[]
    >(
      `SELECT e.kind, a.kind AS account, a.party_id, p.item, p.amount_fen AS amount
         FROM ledger_entry e JOIN ledger_posting p ON p.entry_id = e.id JOIN ledger_account a ON a.id = p.account_id
        WHERE e.order_id = $1 ORDER BY e.posted_at, p.id`,
      [orderId],
    );
    return rows.map((row) => ({
      kind: row.kind,
      account: row.account,
      partyId: row.party_id,
      item: row.item,
      amountFen: Number(row.amount),
    }));
  }

  async entriesBySource(manager: EntityManager, sourceKeys: string[]): Promise<{ countyCode: string }[]> {
    const rows = await manager.query<{ county_code: string }[]>(
      `SELECT county_code FROM ledger_entry WHERE source_key = ANY($1::text[]) ORDER BY posted_at`,
      [sourceKeys],
    );
    return rows.map((row) => ({ countyCode: row.county_code }));
  }

  /** The county of the first entry found among `sourceKeys` (the entry that made a liability). */
  async countyOwing(manager: EntityManager, sourceKeys: string[]): Promise<string> {
    const [row] = await manager.query<{ county_code: string }[]>(
      `SELECT county_code FROM ledger_entry WHERE source_key = ANY($1::text[]) ORDER BY posted_at LIMIT 1`,
      [sourceKeys],
    );
    if (!row) {
      throw new Error(`no ledger entry owes this: ${sourceKeys.join(', ')}`);
    }
    return row.county_code;
  }

  /**
   * For one order, in the caller's transaction: the refunds decided (what the seller gave back of the buyer's
   * money) and the sponsor's discount already taken back from the seller.
   */
  async refundsAndReversals(
    manager: EntityManager,
    orderId: string,
  ): Promise<{ refundedFen: number; reversedFen: number }> {
    const [row] = await manager.query<{ refunded: string; reversed: string }[]>(
      `SELECT coalesce(sum(p.amount_fen) FILTER (WHERE e.kind = 'refund_decided'), 0) AS refunded,
              coalesce(sum(p.amount_fen) FILTER (WHERE e.kind = 'discount_reversed'), 0) AS reversed
         FROM ledger_entry e JOIN ledger_posting p ON p.entry_id = e.id JOIN ledger_account a ON a.id = p.account_id
        WHERE e.order_id = $1 AND a.kind = 'seller_payable'`,
      [orderId],
    );
    return { refundedFen: Number(row.refunded), reversedFen: Number(row.reversed) };
  }

  /** What postings need to know of an order, read in the caller's transaction. */
  async orderFacts(manager: EntityManager, orderId: string): Promise<OrderMoneyFacts> {
    const [row] = await manager.query<OrderMoneyFactsRow[]>(
      `SELECT ${ORDER_MONEY_FACTS} FROM customer_order o ${ORDER_MONEY_FACTS_JOIN} WHERE o.id = $1`,
      [orderId],
    );
    return orderMoneyFacts(orderId, row);
  }
}
