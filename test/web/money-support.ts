import { OrganisationKind } from '@countyflow/contracts';
import { Client } from 'pg';
import {
  buildNetwork,
  expectStatus,
  handOverAndDeliver,
  listProduct,
  Network,
  post,
  PublishedListing,
  shipmentOf,
  verifiedSeller,
  waitForOrder,
  World,
} from '../journeys/support';
import { Actor } from '../support/actors';

/*
 * The money journeys' setting and their own checks: a seller with goods, the county network's hub, delivery by the
 * express carrier (the hub's and the carrier's work, through the API as in the other journeys), the clock moved past
 * the claim window, and the ledger read straight from the orders schema (not through the UI) to hold the screens to.
 */

export interface MoneySetting {
  seller: Actor;
  listing: PublishedListing;
  network: Network;
}

/** 信丰县丰收农资连锁店 with a 25 kg bag of fertiliser, and the county's hub (which hands parcels to the carrier). */
export async function moneySetting(world: World, suffix: string): Promise<MoneySetting> {
  const [seller, network] = await Promise.all([
    verifiedSeller(world, {
      kind: OrganisationKind.Merchant,
      name: `信丰县丰收农资连锁店${suffix}`,
      ownerName: '温建华',
    }),
    buildNetwork(world, []),
  ]);
  const listing = await listProduct(world, seller, {
    categoryId: 'fertiliser',
    title: `史丹利 复合肥 15-15-15 ${suffix}`,
    description: '脐橙、蔬菜通用复合肥，县城仓库直发。',
    sku: { spec: '25kg 袋', priceFen: 13_500, weightGrams: 25_000, volumeMl: 30_000, initialStock: 50 },
  });
  return { seller, listing, network };
}

/** The parcel goes from the seller to the hub, to the express carrier, which delivers it: the order completes. */
export async function deliverByCarrier(world: World, network: Network, buyer: Actor, orderId: string): Promise<void> {
  const shipment = await shipmentOf(world, orderId, buyer);
  expectStatus(
    await post(
      world,
      `/api/logistics/shipments/${shipment.id}/scans`,
      { kind: 'arrived', nodeId: network.hub.id },
      world.staff,
    ),
    201,
    'arrival at the hub',
  );
  await handOverAndDeliver(world, shipment.id, network.hub.id, '本人签收');
  await waitForOrder(world, buyer, orderId, 'completed');
}

/** Runs SQL against the platform's database (the orders schema), closing the connection after. */
export async function sql<T>(world: World, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: world.platform.db.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Time passes: the buyer's confirmation of receipt moves `hours` into the past, so the claim window after it has run
 * out (the county's window is at least an hour; a journey cannot wait that long). Like the logistics clock the other
 * journeys move, this is the one thing done outside the gateway.
 */
export async function confirmedHoursAgo(world: World, orderId: string, hours: number): Promise<void> {
  await sql(
    world,
    `UPDATE orders.customer_order
        SET receipt_confirmed_at = receipt_confirmed_at - make_interval(hours => $2),
            delivered_at = delivered_at - make_interval(hours => $2)
      WHERE id = $1 AND receipt_confirmed_at IS NOT NULL`,
    [orderId, hours],
  );
}

/** The ledger's balance of every account of the county, by `kind` or `kind/party`, summed from its postings. */
export async function ledgerBalances(world: World, countyCode: string): Promise<Record<string, number>> {
  const rows = await sql<{ kind: string; party_id: string | null; balance: string }>(
    world,
    `SELECT a.kind, a.party_id, sum(p.amount_fen) AS balance
       FROM orders.ledger_account a JOIN orders.ledger_posting p ON p.account_id = a.id
      WHERE a.county_code = $1 GROUP BY a.kind, a.party_id`,
    [countyCode],
  );
  return Object.fromEntries(
    rows.map((row) => [row.party_id ? `${row.kind}/${row.party_id}` : row.kind, Number(row.balance)]),
  );
}

/** What the ledger says a statement is: the sum of the postings it took (credit negative: owed to the party). */
export async function statementInLedger(world: World, statementId: string): Promise<number> {
  const [row] = await sql<{ total: string }>(
    world,
    `SELECT coalesce(sum(p.amount_fen), 0) AS total
       FROM orders.statement_item i
       JOIN orders.ledger_posting p ON p.account_id = i.account_id AND p.entry_id = i.entry_id
      WHERE i.statement_id = $1`,
    [statementId],
  );
  return Number(row.total);
}

/** What was paid out of the county, by the ledger: the payout entries' debits to the payables. */
export async function paidOutInLedger(world: World, countyCode: string): Promise<number> {
  const [row] = await sql<{ total: string }>(
    world,
    `SELECT coalesce(sum(p.amount_fen), 0) AS total
       FROM orders.ledger_entry e JOIN orders.ledger_posting p ON p.entry_id = e.id
       JOIN orders.ledger_account a ON a.id = p.account_id
      WHERE e.county_code = $1 AND e.kind = 'payout' AND a.kind <> 'provider_clearing'`,
    [countyCode],
  );
  return Number(row.total);
}

/** "¥1,234.50" → 123450 fen, exactly. */
export function fenOfText(text: string | null): number {
  const match = /(-?)¥([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!match) {
    throw new Error(`no amount in ${JSON.stringify(text)}`);
  }
  return (match[1] ? -1 : 1) * (Number(match[2].replace(/,/g, '')) * 100 + Number(match[3]));
}
