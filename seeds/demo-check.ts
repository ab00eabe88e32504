import { eventsRoutedTo, OrganisationKind, ServiceName, VerificationStatus } from '@countyflow/contracts';
import { chinaDate } from '@countyflow/kernel';
import { Client } from 'pg';
import { SELLERS } from './demo-county-catalog';
import { COUNTY_HUB, DRIVER_PLATE, ROUTES, TOWNS, VEHICLES, VILLAGES } from './demo-county-network';
import { historyOrderIds } from './demo-history';
import {
  DEMO_COUNTY,
  PLATFORM_ADMIN,
  SEEDED_ORGS,
  SEEDED_USERS,
  sellerOrgIdOf,
  VERIFIED_SELLER_ORG_IDS,
} from './demo-identity';

/** What the quick check reports missing besides the county itself: the past year, and today's work. */
export const HISTORY = 'history';
export const TODAY = "today's work";
/** The basket of seeds/demo-today.ts whose parcel the day's last step moves on (the driver collects it). */
export const TODAY_DONE_BASKET = 'youzhou-oranges';

const SCHEMAS = [ServiceName.Identity, ServiceName.Catalog, ServiceName.Orders, ServiceName.Logistics];

export const NODE_CODES = [COUNTY_HUB.code, ...TOWNS.map((town) => town.code), ...VILLAGES.map((v) => v.code)];

const PLANNED_LISTINGS = SELLERS.flatMap((seller) =>
  seller.listings.map((listing) => ({
    sellerOrgId: sellerOrgIdOf(seller.key),
    title: listing.title,
    lots: listing.lots.length,
  })),
);

/**
 * Whether everything the demo county plans is already in the database, in one round trip of plain counts by
 * natural key (no service needs to run): accounts and organisations by fixed id, the platform admin by phone, nodes by code, vehicles by plate,
 * routes by name, the county's settings and storefront, catalog's copy of every verified seller and orders' copy of
 * every verified organisation, each planned listing (seller and title) out of draft with at least its planned
 * lots, the past year's orders, shipments and catalog's
 * count of their sales (seeds/demo-history.ts) by id, and whether today's work
 * (seeds/demo-today.ts) is done (its last step, the driver's collection at 游州村, has moved its parcel on). Names what
 * is missing.
 */
export async function checkCounty(
  client: Client,
  now: Date = new Date(),
  historyMonths?: number,
): Promise<{ complete: boolean; missing: string[] }> {
  const history = historyOrderIds(now, historyMonths);
  const verifiedOrgIds = SEEDED_ORGS.filter(
    (org) =>
      org.status === VerificationStatus.Verified &&
      org.kind !== OrganisationKind.Platform &&
      org.kind !== OrganisationKind.CountyOffice,
  ).map((org) => org.id);
  const { rows } = await client.query<Record<string, boolean>>(
    `SELECT
       (SELECT count(*) FROM identity.user_account WHERE id = ANY($1)) = cardinality($1) AS accounts,
       (SELECT count(*) FROM identity.organisation WHERE id = ANY($2)) = cardinality($2) AS organisations,
       EXISTS (SELECT 1 FROM identity.user_account u JOIN identity.membership m ON m.user_id = u.id
                WHERE u.phone = $15 AND m.role = 'platform_admin') AS "platform admin",
       (SELECT count(*) FROM logistics.node WHERE code = ANY($3)) = cardinality($3) AS nodes,
       (SELECT count(*) FROM logistics.vehicle WHERE plate = ANY($4)) = cardinality($4) AS vehicles,
       EXISTS (SELECT 1 FROM logistics.vehicle WHERE plate = $12 AND driver_user_id IS NOT NULL) AS driver,
       (SELECT count(DISTINCT name) FROM logistics.route WHERE county_code = $7 AND name = ANY($5))
         = cardinality($5) AS routes,
       EXISTS (SELECT 1 FROM logistics.county_settings WHERE county_code = $7) AS "county settings",
       (SELECT count(*) FROM catalog.seller WHERE org_id = ANY($6)) = cardinality($6) AS "catalog sellers",
       (SELECT count(*) FROM orders.org_copy WHERE org_id = ANY($8)) = cardinality($8) AS "orders organisations",
       EXISTS (SELECT 1 FROM catalog.storefront WHERE county_code = $7 AND status <> 'draft') AS storefront,
       (SELECT count(*)
          FROM unnest($9::uuid[], $10::text[], $11::int[]) AS p (seller_org_id, title, lots)
         WHERE EXISTS (SELECT 1 FROM catalog.listing l
                        WHERE l.seller_org_id = p.seller_org_id AND l.title = p.title AND l.status <> 'draft'
                          AND (SELECT count(*) FROM catalog.produce_lot pl WHERE pl.listing_id = l.id) >= p.lots))
         = cardinality($9) AS listings,
       (SELECT count(*) FROM orders.customer_order WHERE id = ANY($13::uuid[])) = cardinality($13)
         AND (SELECT count(*) FROM logistics.shipment WHERE order_id = ANY($13::uuid[])) = cardinality($13)
         AND (SELECT count(*) FROM catalog.order_stock WHERE order_id = ANY($13::uuid[])) = cardinality($13)
         AS "${HISTORY}",
       EXISTS (SELECT 1 FROM orders.order_group g JOIN orders.customer_order o ON o.group_id = g.id
                 JOIN logistics.shipment s ON s.order_id = o.id
                WHERE g.idempotency_key = $14 AND s.status NOT IN ('awaiting_handover', 'at_node'))
         AS "${TODAY}"`,
    [
      SEEDED_USERS.map((user) => user.id),
      SEEDED_ORGS.map((org) => org.id),
      NODE_CODES,
      VEHICLES.map((vehicle) => vehicle.plate),
      ROUTES.map((route) => route.name),
      VERIFIED_SELLER_ORG_IDS,
      DEMO_COUNTY.code,
      verifiedOrgIds,
      PLANNED_LISTINGS.map((listing) => listing.sellerOrgId),
      PLANNED_LISTINGS.map((listing) => listing.title),
      PLANNED_LISTINGS.map((listing) => listing.lots),
      DRIVER_PLATE,
      history,
      `demo-today-${chinaDate(now)}-${TODAY_DONE_BASKET}`,
      PLATFORM_ADMIN.phone,
    ],
  );
  const missing = Object.entries(rows[0])
    .filter(([, present]) => !present)
    .map(([what]) => what);
  return { complete: missing.length === 0, missing };
}

/** The database's clock: event times are compared with it. */
export async function databaseNow(client: Client): Promise<Date> {
  const { rows } = await client.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return rows[0].now;
}

/**
 * Waits until every event written since `since` has been relayed from its outbox and handled by the inbox of every
 * service it is routed to (its `processed_event` row exists), so that the copies each service keeps of the others'
 * data are complete when the seed stops its services. A dead letter fails the seed: the county would be
 * inconsistent.
 */
export async function waitForEvents(client: Client, since: Date, timeoutMs = 120_000): Promise<void> {
  const pending = async (): Promise<number> => {
    let total = 0;
    for (const producer of SCHEMAS) {
      for (const consumer of SCHEMAS) {
        const names = eventsRoutedTo(consumer);
        const { rows } = await client.query<{ waiting: string; dead: string }>(
          `SELECT count(*) FILTER (WHERE d.event_id IS NULL) AS waiting, count(d.event_id) AS dead
             FROM ${producer}.outbox o
             LEFT JOIN ${consumer}.dead_letter d ON d.event_id = o.id
            WHERE o.occurred_at >= $1 AND o.name = ANY($2)
              AND NOT EXISTS (SELECT 1 FROM ${consumer}.processed_event p WHERE p.event_id = o.id)`,
          [since, names],
        );
        if (Number(rows[0].dead) > 0) {
          throw new Error(
            `${rows[0].dead} event(s) from ${producer} were dead-lettered by ${consumer}: see ${consumer}.dead_letter`,
          );
        }
        total += Number(rows[0].waiting);
      }
    }
    return total;
  };
  await waitUntil(
    'every event of the seed to be handled by its subscribers',
    async () => (await pending()) === 0,
    timeoutMs,
  );
}

/** Polls until `probe` gives a value, or fails after `timeoutMs` saying what it waited for. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`the seed timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
