import { creditCodeProblem } from '@countyflow/contracts';
import { Env } from '@countyflow/kernel';
import { TestDatabase, uniqueQueuePrefix } from '@countyflow/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createCatalogApp } from '../../apps/catalog/src/catalog.app';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { ALL_USERS, DEMO_ORGS, DEMO_USERS, PLATFORM_ADMIN, seedDemo, SeedReport } from '../../seeds';
import { Api, login, SeedServices, startSeedServices } from '../../seeds/demo-services';
import { DEMO_SEED_ENV, demoCounty } from '../support/demo-county';
import { cleanRedis } from '../support/platform';

/** Tables a login writes to: a forced run logs in, and that is all it may change. */
const SESSION_TABLES = new Set(['identity.user_session', 'identity.refresh_token']);

/** A digest of every row of every service table (sessions apart), to prove that a second run changes nothing. */
async function digest(client: Client): Promise<Record<string, string>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('identity', 'catalog', 'orders', 'logistics') AND table_type = 'BASE TABLE'
      ORDER BY 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables.filter((table) => !SESSION_TABLES.has(table.name))) {
    const { rows } = await client.query<{ rows: string; md5: string }>(
      `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
    );
    result[name] = `${rows[0].rows}:${rows[0].md5}`;
  }
  return result;
}

interface Me {
  memberships: { orgId: string; orgKind: string; orgStatus: string; role: string }[];
}
interface Run {
  stops: { drop: { state: string }[]; collect: { state: string }[] }[];
}
interface Workspace {
  atNode: { cashFen: number | null }[];
  dueIn: unknown[];
  mustGoOut: unknown[];
}
interface Order {
  status: string;
  shipment: { dispatchedAt: string | null };
}

const count = async (client: Client, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await client.query<{ n: string }>(sql, params)).rows[0].n);

describe('the demo county seed (信丰县)', () => {
  let db: TestDatabase;
  let client: Client;
  let env: Env;
  let first: SeedReport;

  beforeAll(async () => {
    // the run seeds the county once, on an empty database (this report); this file checks its own copy of it
    ({ db, report: first } = await demoCounty());
    env = {
      ...DEMO_SEED_ENV,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: uniqueQueuePrefix(),
    };
    client = new Client({ connectionString: db.url });
    await client.connect();
  }, 420_000);

  afterAll(async () => {
    await client?.end();
    await cleanRedis(env.REDIS_URL!, env.QUEUE_PREFIX!);
    await db?.drop();
  });

  it('builds the network: one hub, towns under it, 60+ village points each run by a service point and its operator', async () => {
    expect(first.skipped).toBe(false);
    const levels = await client.query<{ level: string; n: string }>(
      `SELECT level, count(*) AS n FROM logistics.node WHERE county_code = '360722' GROUP BY level`,
    );
    const byLevel = Object.fromEntries(levels.rows.map((row) => [row.level, Number(row.n)]));
    expect(byLevel).toMatchObject({ county_hub: 1 });
    expect(byLevel.town_station).toBeGreaterThanOrEqual(8);
    expect(byLevel.village_point).toBeGreaterThanOrEqual(60);
    // every code extends its parent's; every node is operated by a verified service point with a member
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM logistics.node n JOIN logistics.node p ON p.id = n.parent_id
          WHERE left(n.code, length(p.code)) <> p.code`,
      ),
    ).toBe(0);
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM logistics.node n
          WHERE NOT EXISTS (SELECT 1 FROM identity.organisation o JOIN identity.membership m ON m.org_id = o.id
                             WHERE o.id = n.operator_org_id AND o.kind = 'service_point' AND o.status = 'verified'
                               AND (n.level <> 'village_point' OR o.village_code = n.code))`,
      ),
    ).toBe(0);
    // 黄小梅's 大塘埠村益农信息社 is one of them
    const dtb = await client.query(`SELECT operator_org_id, level FROM logistics.node WHERE code = '360722101203'`);
    expect(dtb.rows).toEqual([{ operator_org_id: DEMO_ORGS[4].id, level: 'village_point' }]);

    expect(
      await count(client, `SELECT count(*) AS n FROM logistics.vehicle WHERE county_code = '360722'`),
    ).toBeGreaterThanOrEqual(5);
    expect(await count(client, `SELECT count(*) AS n FROM logistics.route WHERE kind = 'run'`)).toBeGreaterThanOrEqual(
      5,
    );
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM logistics.route WHERE kind = 'scheduled_bus' AND timetable IS NOT NULL`,
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('has 10+ cooperatives, family farms and 10+ merchants, all verified, with valid credit codes, known to catalog and orders', async () => {
    const kinds = await client.query<{ kind: string; n: string }>(
      `SELECT kind, count(*) AS n FROM identity.organisation WHERE status = 'verified' GROUP BY kind`,
    );
    const byKind = Object.fromEntries(kinds.rows.map((row) => [row.kind, Number(row.n)]));
    expect(byKind.cooperative).toBeGreaterThanOrEqual(10);
    expect(byKind.family_farm).toBeGreaterThanOrEqual(3);
    expect(byKind.merchant).toBeGreaterThanOrEqual(10);

    const codes = await client.query<{ credit_code: string }>(
      `SELECT credit_code FROM identity.organisation WHERE credit_code IS NOT NULL`,
    );
    expect(codes.rows.map((row) => creditCodeProblem(row.credit_code)).filter(Boolean)).toEqual([]);

    // catalog knows every verified seller, orders every verified seller and service point
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM identity.organisation o
          WHERE o.status = 'verified' AND o.kind IN ('cooperative', 'family_farm', 'merchant')
            AND NOT EXISTS (SELECT 1 FROM catalog.seller s WHERE s.org_id = o.id AND s.status = 'verified')`,
      ),
    ).toBe(0);
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM identity.organisation o
          WHERE o.status = 'verified' AND o.kind IN ('cooperative', 'family_farm', 'merchant', 'service_point')
            AND NOT EXISTS (SELECT 1 FROM orders.org_copy c WHERE c.org_id = o.id AND c.status = 'verified')`,
      ),
    ).toBe(0);
    // the pending farm stays pending, so catalog does not know it
    expect(await count(client, `SELECT count(*) AS n FROM catalog.seller WHERE org_id = $1`, [DEMO_ORGS[5].id])).toBe(
      0,
    );
  });

  it('has the original eight logins, buyers in cities and villagers, all with the demo password', async () => {
    const users = await client.query<{ id: string; phone: string; name: string }>(
      `SELECT id, phone, name FROM identity.user_account WHERE phone = ANY($1)`,
      [DEMO_USERS.map((user) => user.phone)],
    );
    expect(users.rows).toHaveLength(8);
    expect(await count(client, `SELECT count(*) AS n FROM identity.user_account`)).toBe(ALL_USERS.length);
    // one hash of the demo password for every account the seed imported (identity hashes a password once per
    // import); identity hashed its platform admin's at boot
    expect(
      await count(client, `SELECT count(DISTINCT password_hash) AS n FROM identity.user_account WHERE phone <> $1`, [
        PLATFORM_ADMIN.phone,
      ]),
    ).toBe(1);
    // the platform admin is identity's own (PLATFORM_ADMIN_* at boot): the one platform admin, of the one platform
    const admins = await client.query<{ phone: string; kind: string }>(
      `SELECT u.phone, o.kind FROM identity.membership m JOIN identity.user_account u ON u.id = m.user_id
         JOIN identity.organisation o ON o.id = m.org_id WHERE m.role = 'platform_admin'`,
    );
    expect(admins.rows).toEqual([{ phone: PLATFORM_ADMIN.phone, kind: 'platform' }]);
    const withoutOrg = await count(
      client,
      `SELECT count(*) AS n FROM identity.user_account u WHERE NOT EXISTS (SELECT 1 FROM identity.membership m WHERE m.user_id = u.id)`,
    );
    expect(withoutOrg).toBeGreaterThanOrEqual(80);
  });

  it("names in README's demo logins only accounts the seed makes, with the name it gives them", () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| (1\d{10}) \| (\S+) — /gm)].map(([, phone, name]) => ({ phone, name }));
    expect(rows.length).toBeGreaterThanOrEqual(14);
    for (const row of rows) {
      expect(ALL_USERS.find((user) => user.phone === row.phone)?.name).toBe(row.name);
    }
  });

  it('lists 100+ published produce listings with lots, and 100+ goods with SKUs and stock', async () => {
    const listings = await client.query<{ direction: string; n: string }>(
      `SELECT direction, count(*) AS n FROM catalog.listing l
        WHERE status = 'published' AND EXISTS (SELECT 1 FROM catalog.sku s WHERE s.listing_id = l.id AND s.available > 0)
        GROUP BY direction`,
    );
    const byDirection = Object.fromEntries(listings.rows.map((row) => [row.direction, Number(row.n)]));
    expect(byDirection.up).toBeGreaterThanOrEqual(100);
    expect(byDirection.down).toBeGreaterThanOrEqual(100);
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM catalog.listing l
          WHERE direction = 'up' AND NOT EXISTS (SELECT 1 FROM catalog.produce_lot p WHERE p.listing_id = l.id)`,
      ),
    ).toBe(0);
    const lots = await client.query<{ trace_code: string; certificate_no: string }>(
      `SELECT trace_code, certificate_no FROM catalog.produce_lot`,
    );
    expect(lots.rows.length).toBeGreaterThanOrEqual(100);
    for (const lot of lots.rows) {
      expect(lot.trace_code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
      expect(lot.certificate_no).toMatch(/^HGZ-360722-\d{8}-\d+$/);
    }
    // orders holds the latest snapshot of every listing (listing.changed handled, in order)
    expect(
      await count(
        client,
        `SELECT count(*) AS n FROM catalog.listing l
          WHERE NOT EXISTS (SELECT 1 FROM orders.listing_copy c WHERE c.listing_id = l.id AND c.version = l.version)`,
      ),
    ).toBe(0);
  });

  it('keeps the stock identity: figures balance and the ledger replays to them', async () => {
    const broken = await count(
      client,
      `SELECT count(*) AS n FROM catalog.sku s
         LEFT JOIN LATERAL (SELECT coalesce(sum(quantity) FILTER (WHERE kind IN ('received', 'adjusted')), 0) AS received,
                                   (array_agg(available_after ORDER BY id DESC))[1] AS available,
                                   count(*) AS movements
                              FROM catalog.stock_movement m WHERE m.sku_id = s.id) m ON true
        WHERE s.received + s.restocked <> s.available + s.reserved + s.sold
           OR s.received <> m.received OR s.available <> coalesce(m.available, 0)
           OR (s.received > 0 AND m.movements = 0)`,
    );
    expect(broken).toBe(0);
    // beyond the starting stock, only today's orders (seeds/demo-today.ts) and the imported past (one line each,
    // taken in, reserved and sold at once) moved stock: each reserved, then sold
    const moved = await client.query<{ kind: string; n: string; orders: string }>(
      `SELECT kind, count(*) AS n, count(*) FILTER (WHERE order_id IN (SELECT id FROM orders.customer_order)) AS orders
         FROM catalog.stock_movement WHERE kind <> 'received' GROUP BY kind ORDER BY kind`,
    );
    const orders = String(first.today!.orders + first.history!.sales);
    expect(first.history!.sales).toBe(first.history!.orders);
    expect(moved.rows).toEqual([
      { kind: 'reserved', n: orders, orders },
      { kind: 'sold', n: orders, orders },
    ]);
  });

  it("shows one sales figure: every card's 已售 is the units its listing sold in orders' paid orders, past included", async () => {
    // what orders recorded: units of each listing in orders paid (or accepted for cash) and not cancelled or returned
    const { rows: fromOrders } = await client.query<{ listing_id: string; seller_org_id: string; units: number }>(
      `SELECT l.listing_id, o.seller_org_id, sum(l.quantity)::int AS units
         FROM orders.order_line l JOIN orders.customer_order o ON o.id = l.order_id
        WHERE o.status IN ('paid', 'in_fulfilment', 'out_for_delivery', 'ready_for_pickup', 'completed')
        GROUP BY 1, 2`,
    );
    expect(fromOrders.length).toBeGreaterThanOrEqual(10);
    const services: SeedServices = await startSeedServices(db.url, env);
    try {
      const identity = new Api(services.urls.identity);
      const catalog = new Api(services.urls.catalog);
      type Sales = { id: string; salesCount: number };
      const sold = (items: Sales[]) =>
        Object.fromEntries(items.filter((item) => item.salesCount > 0).map((item) => [item.id, item.salesCount]));
      for (const sellerOrgId of [...new Set(fromOrders.map((row) => row.seller_org_id))]) {
        const expected = Object.fromEntries(
          fromOrders.filter((row) => row.seller_org_id === sellerOrgId).map((row) => [row.listing_id, row.units]),
        );
        const { rows: owners } = await client.query<{ phone: string }>(
          `SELECT u.phone FROM identity.membership m JOIN identity.user_account u ON u.id = m.user_id
            WHERE m.org_id = $1 AND m.role = 'owner' ORDER BY u.phone LIMIT 1`,
          [sellerOrgId],
        );
        const owner = catalog.as(await login(identity, owners[0].phone));
        // the card (search), the seller centre's list of listings and each listing page say the same, and it is
        // what orders recorded
        const cards = await catalog.get<{ items: Sales[] }>('/search', { sellerOrgId, limit: 100 });
        expect(sold(cards.items)).toEqual(expected);
        expect(sold(await owner.get<Sales[]>('/listings', { sellerOrgId }))).toEqual(expected);
        for (const id of Object.keys(expected)) {
          expect((await catalog.get<Sales>(`/listings/${id}`)).salesCount).toBe(expected[id]);
        }
      }
    } finally {
      await services.close();
    }
  });

  it('finds seeded produce through search', async () => {
    const app = await createCatalogApp(
      loadCatalogConfig({ ...env, DATABASE_URL: db.url, MIGRATE_ON_BOOT: 'false' }, { port: 0 }),
    );
    try {
      const response = await app.inject({
        method: 'GET',
        url: `/search?q=${encodeURIComponent('脐橙')}&countyCode=360722&limit=50`,
      });
      expect(response.statusCode).toBe(200);
      const titles = response.json<{ items: { title: string }[] }>().items.map((item) => item.title);
      expect(titles.length).toBeGreaterThanOrEqual(10);
      expect(titles).toContain('信丰脐橙 现摘现发 5斤装');
      const storefront = await app.inject({ method: 'GET', url: '/storefronts/360722' });
      expect(storefront.json()).toMatchObject({ status: 'open', name: '信丰县农特产品馆' });
    } finally {
      await app.close();
    }
  });

  it("lands every login of the README's table on work: its landing screen's endpoints show something to do today", async () => {
    const services: SeedServices = await startSeedServices(db.url, env);
    try {
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const monthAgo = new Date(Date.now() + 8 * 3_600_000 - 29 * 86_400_000).toISOString().slice(0, 10);
      const identity = new Api(services.urls.identity);
      const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
      const phones = [...readme.matchAll(/^\| (1\d{10}) \| /gm)].map(([, phone]) => phone);
      expect(phones.length).toBeGreaterThanOrEqual(16);

      /** What the person's landing screen (apps/web/src/session/roles.ts homeOf) shows them to do, read as the web app reads it. */
      const workOf = async (phone: string): Promise<string> => {
        const token = await login(identity, phone);
        const as = (service: keyof SeedServices['urls']) => new Api(services.urls[service], token);
        const me = await as('identity').get<Me>('/me');
        const roles = me.memberships.map((m) => m.role);
        if (roles.includes('driver')) {
          // /driver: my runs today, stop by stop
          const runs = await as('logistics').get<Run[]>('/driver/runs', { date: today });
          const left = runs.flatMap((run) =>
            run.stops.flatMap((stop) => [...stop.drop, ...stop.collect]).filter((item) => item.state !== 'done'),
          );
          return left.length > 0
            ? `${runs.length} run(s) today, ${left.length} parcel(s) still to drop or collect`
            : '';
        }
        if (me.memberships.some((m) => m.orgKind === 'service_point' && ['owner', 'operator'].includes(m.role))) {
          // /operator: the workspace of the first node they run (the hub first)
          const { nodes } = await as('logistics').get<{ nodes: { id: string; name: string }[] }>('/me/workplaces');
          const space = await as('logistics').get<Workspace>(`/nodes/${nodes[0].id}/workspace`, { date: today });
          const cash = space.atNode.filter((parcel) => parcel.cashFen !== null).length;
          const count = space.atNode.length + space.dueIn.length;
          return count > 0
            ? `${nodes[0].name}: ${space.atNode.length} here (${space.mustGoOut.length} to go out, ${cash} cash), ` +
                `${space.dueIn.length} due in`
            : '';
        }
        if (roles.includes('county_staff') || roles.includes('platform_admin')) {
          // /county: the dashboard's figures, and the day's runs
          const figures = await as('orders').get<{ totals: { all: { orders: number } } }>('/counties/360722/figures', {
            from: monthAgo,
            to: today,
          });
          const runs = await as('logistics').get<Run[]>('/runs', { countyCode: '360722', date: today });
          return figures.totals.all.orders > 0 && runs.length > 0
            ? `${figures.totals.all.orders} orders in 30 days, ${runs.length} runs today`
            : '';
        }
        const seller = me.memberships.find((m) => ['cooperative', 'family_farm', 'merchant'].includes(m.orgKind));
        if (seller?.orgStatus === 'pending') {
          // /seller: the application, waiting for county staff
          return 'the application, pending verification';
        }
        if (seller) {
          // /seller: orders to pack
          const orders = (
            await Promise.all(
              ['paid', 'in_fulfilment'].map((status) =>
                as('orders').get<Order[]>(`/sellers/${seller.orgId}/orders`, { status, limit: 200 }),
              ),
            )
          ).flat();
          const toPack = orders.filter((order) => !order.shipment.dispatchedAt);
          return toPack.length > 0 ? `${toPack.length} order(s) to pack` : '';
        }
        // the shop: their orders on the way (a villager's waiting at the point)
        const orders = await as('orders').get<Order[]>('/orders', { limit: 50 });
        const open = orders.filter(
          (order) => !['completed', 'cancelled', 'rejected', 'refunded'].includes(order.status),
        );
        return open.length > 0
          ? `${open.length} order(s) on the way: ${open.map((order) => order.status).join(', ')}`
          : '';
      };

      const work: Record<string, string> = {};
      for (const phone of phones) {
        work[phone] = await workOf(phone);
      }
      expect(Object.keys(work).filter((phone) => !work[phone])).toEqual([]);
      // the ones the brief names: the hub scans in and loads, the station has parcels due in, the village point
      // shelved parcels with a cash order, the driver a run with stops left
      expect(work['15204477391']).toMatch(/[1-9]\d* to go out.*[1-9]\d* due in/);
      expect(work['13678302763']).toMatch(/[1-9]\d* due in/);
      expect(work['13900000005']).toMatch(/[1-9]\d* cash/);
      expect(work['15786648368']).toMatch(/still to drop or collect/);
    } finally {
      await services.close();
    }
  }, 180_000);

  it('changes nothing when run again: the quick check boots nothing, and a forced run through the APIs creates nothing', async () => {
    const before = await digest(client);
    const again = await seedDemo(db.url, () => undefined, { env });
    expect(again.skipped).toBe(true);
    expect(await digest(client)).toEqual(before);

    const forced = await seedDemo(db.url, () => undefined, { env, force: true });
    expect(forced).toMatchObject({
      skipped: false,
      identity: { users: 0, orgs: 0 },
      network: { nodes: 0, vehicles: 0, routes: 0, settings: false },
      catalog: { listings: 0, published: 0, lots: 0, tags: 0, storefront: false },
      history: { orders: 0, shipments: 0, sales: 0 },
      today: { paid: 0, handedIn: 0, planned: false, dispatched: false, dropped: 0, collected: 0 },
    });
    expect(await digest(client)).toEqual(before);
  }, 240_000);
});
