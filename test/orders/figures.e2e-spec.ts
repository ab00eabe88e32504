import { FlowDirection, MembershipRole, OrganisationKind, TemperatureClass } from '@countyflow/contracts';
import { randomUUID } from 'node:crypto';
import { seedHistory } from '../../seeds/demo-history';
import {
  COUNTY,
  expectProblem,
  OrdersHarness,
  OTHER_COUNTY,
  servicePointDestination,
  TestActor,
  TestListing,
} from './support';

const DAY_MS = 86_400_000;
/** The China Standard Time calendar date of an instant. */
const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysFromToday = (days: number): string => chinaDate(new Date(Date.now() + days * DAY_MS));
const yearBefore = (date: string): string =>
  `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

interface Figure {
  orders: number;
  gmvFen: number;
}
interface Directions {
  up: Figure;
  down: Figure;
  all: Figure;
}

describe('county figures: paid orders and GMV, up and down, against last year and the target', () => {
  let h: OrdersHarness;
  let staff: TestActor;
  let buyer: TestActor;
  let oranges: TestListing;
  let fertiliser: TestListing;
  let point: string;

  /** Checkout of one line, reserved by catalog; the order as placed. */
  async function order(
    listing: TestListing,
    quantity: number,
    extra: object = {},
  ): Promise<{ id: string; groupId: string; totalFen: number }> {
    const placed = await h.checkout(buyer, [{ skuId: listing.skus[0].skuId, quantity }], extra).expect(202);
    const placedOrder = placed.body.orders[0] as { id: string; groupId: string };
    await h.catalog.reserve(placedOrder.id);
    return { ...placedOrder, totalFen: listing.skus[0].priceFen * quantity };
  }

  async function paid(listing: TestListing, quantity: number, extra: object = {}) {
    const placed = await order(listing, quantity, extra);
    const { answer } = await h.pay(buyer, placed.groupId);
    expect(answer.body.outcome).toBe('applied');
    return placed;
  }

  const atPoint = (paymentMethod = 'online') => ({ destination: servicePointDestination(point), paymentMethod });
  const figures = (actor: TestActor | null, county: string, from: string, to: string) =>
    h.get(actor, `/counties/${county}/figures?from=${from}&to=${to}`);

  beforeAll(async () => {
    h = await OrdersHarness.start();
    staff = h.countyStaff(COUNTY);
    buyer = h.buyer('城里买家');
    const coop = await h.identity.seller({ name: '安西镇脐橙专业合作社' });
    const store = await h.identity.verify(OrganisationKind.Merchant, { name: '惠农农资超市' });
    const foreign = await h.identity.seller({ countyCode: OTHER_COUNTY, name: '邻县合作社' });
    point = await h.identity.servicePoint({ name: '大塘埠村益农信息社' });
    oranges = await h.catalog.listing(coop, { skus: [{ priceFen: 6_800 }] });
    fertiliser = await h.catalog.listing(store, {
      title: '复合肥 40kg',
      direction: FlowDirection.Down,
      sellerName: '惠农农资超市',
      temperature: { class: TemperatureClass.Ambient, minC: null, maxC: null },
      skus: [{ priceFen: 16_800, spec: '40 kg 袋', weightGrams: 40_000 }],
    });
    const foreignOranges = await h.catalog.listing(foreign, { countyCode: OTHER_COUNTY, sellerName: '邻县合作社' });

    // ---- last year: one order each way, paid, then moved back exactly one year (orders stamps `paid_at` with the
    // database clock; there is no other way to have a payment a year old)
    const lastYearUp = await paid(oranges, 2);
    const lastYearDown = await paid(fertiliser, 2, atPoint());
    await h.db.query(
      `UPDATE orders.customer_order SET paid_at = paid_at - interval '1 year', created_at = created_at - interval '1 year'
        WHERE id = ANY($1::uuid[])`,
      [[lastYearUp.id, lastYearDown.id]],
    );

    // ---- this period: counted
    await paid(oranges, 2); // up, 13 600
    const cancelledAfterPayment = await paid(oranges, 1); // up, 6 800: paid, so counted though cancelled
    await h.post(buyer, `/orders/${cancelledAfterPayment.id}/cancel`).expect(200);
    await paid(fertiliser, 1, atPoint()); // down, 16 800
    const cash = await order(fertiliser, 2, atPoint('cash_on_collection')); // down, 33 600 once the cash is taken
    await h.logistics.created(cash.id);
    await h.logistics.readyForPickup(cash.id, point);
    await h.post(h.operator(point), `/orders/${cash.id}/cash-received`, { amountFen: cash.totalFen }).expect(200);

    // ---- this period: not counted
    await order(fertiliser, 1, atPoint('cash_on_collection')); // cash not taken yet
    await order(oranges, 3); // awaiting payment
    const cancelledUnpaid = await order(oranges, 4);
    await h.post(buyer, `/orders/${cancelledUnpaid.id}/cancel`).expect(200);
    const rejected = await h.checkout(buyer, [{ skuId: oranges.skus[0].skuId, quantity: 5 }]).expect(202);
    await h.catalog.reject(rejected.body.orders[0].id);
    await paid(foreignOranges, 1); // another county's seller
  });

  afterAll(() => h?.stop());

  it('counts paid orders by direction, per China-time day, with last year and growth against the 30% target', async () => {
    const from = daysFromToday(-1);
    const to = daysFromToday(1);

    const response = await figures(staff, COUNTY, from, to).expect(200);

    const thisPeriod: Directions = {
      up: { orders: 2, gmvFen: 20_400 },
      down: { orders: 2, gmvFen: 50_400 },
      all: { orders: 4, gmvFen: 70_800 },
    };
    expect(response.body).toMatchObject({
      countyCode: COUNTY,
      from,
      to,
      timeZone: 'Asia/Shanghai',
      totals: { from, to, ...thisPeriod },
      lastYear: {
        from: yearBefore(from),
        to: yearBefore(to),
        up: { orders: 1, gmvFen: 13_600 },
        down: { orders: 1, gmvFen: 33_600 },
        all: { orders: 2, gmvFen: 47_200 },
      },
      growth: {
        up: { orders: 1, gmv: 0.5 },
        down: { orders: 1, gmv: 0.5 },
        all: { orders: 1, gmv: 0.5 },
      },
      target: { targetRatio: 0.3, source: 'default', actualRatio: 0.5, attainment: 1.6667, met: true },
    });
    const days = response.body.days as (Directions & { date: string })[];
    expect(days.map((day) => day.date)).toEqual([from, daysFromToday(0), to]);
    const { rows } = await h.db.query<{ day: string }>(
      `SELECT DISTINCT to_char(coalesce(paid_at, cash_received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
         FROM orders.customer_order WHERE county_code = $1 AND coalesce(paid_at, cash_received_at) > now() - interval '1 day'`,
      [COUNTY],
    );
    if (rows.length === 1) {
      // all paid on one China day (unless the test ran across midnight in Beijing)
      expect(days.find((day) => day.date === rows[0].day)).toEqual({ date: rows[0].day, ...thisPeriod });
      expect(days.filter((day) => day.all.orders > 0)).toHaveLength(1);
    }
    const summed = days.reduce((sum, day) => sum + day.all.gmvFen, 0);
    expect(summed).toBe(70_800);
  });

  it("follows the county's own growth target", async () => {
    const admin = h.actor('平台管理员', [
      {
        orgId: 'b0000000-0000-4000-8000-000000000001',
        orgKind: OrganisationKind.Platform,
        countyCode: '000000',
        role: MembershipRole.PlatformAdmin,
      },
    ]);
    const setting = await h.put(staff, `/county-settings/${COUNTY}`, { growthTargetBp: 6_000 }).expect(200);
    expect(setting.body).toMatchObject({ growthTargetBp: 6_000, source: 'county' });

    const response = await figures(admin, COUNTY, daysFromToday(-1), daysFromToday(1)).expect(200);

    expect(response.body.target).toEqual({
      targetRatio: 0.6,
      source: 'county',
      actualRatio: 0.5,
      attainment: 0.8333,
      met: false,
    });
    await h.put(staff, `/county-settings/${COUNTY}`, { growthTargetBp: 3_000 }).expect(200);
    expect((await h.get(staff, `/county-settings/${OTHER_COUNTY}`).expect(200)).body.growthTargetBp).toBe(3_000);
  });

  it('has zeros and null growth for a county or days without orders', async () => {
    const response = await figures(h.countyStaff(OTHER_COUNTY), OTHER_COUNTY, '2024-02-28', '2024-03-01').expect(200);

    expect(response.body.days).toHaveLength(3);
    expect(response.body.lastYear).toMatchObject({ from: '2023-02-28', to: '2023-03-01' });
    expect(response.body.totals.all).toEqual({ orders: 0, gmvFen: 0 });
    expect(response.body.growth.all).toEqual({ orders: null, gmv: null });
    expect(response.body.target).toMatchObject({ actualRatio: null, attainment: null, met: null });
  });

  it('is for county staff of that county and platform admins only', async () => {
    const from = daysFromToday(-1);
    const to = daysFromToday(1);

    expectProblem(await figures(h.countyStaff(OTHER_COUNTY), COUNTY, from, to), 403, 'not-county-staff');
    expectProblem(await figures(buyer, COUNTY, from, to), 403, 'missing-role');
    expectProblem(await figures(h.sellerOwner(oranges.sellerOrgId), COUNTY, from, to), 403, 'missing-role');
    expectProblem(await figures(h.operator(point), COUNTY, from, to), 403, 'missing-role');
    expectProblem(await figures(null, COUNTY, from, to), 401, 'unauthenticated');
  });

  it('refuses bad dates and periods with 400 problem+json', async () => {
    const bad = async (query: string, type: string, detail?: RegExp) =>
      expectProblem(await h.get(staff, `/counties/${COUNTY}/figures${query}`), 400, type, detail);

    await bad('?from=2026-02-30&to=2026-03-01', 'validation-failed', /from must be a real calendar date/);
    await bad('?from=2026-02-01&to=not-a-date', 'validation-failed', /to must be YYYY-MM-DD/);
    await bad('?from=2026-2-1&to=2026-02-03', 'validation-failed', /from must be YYYY-MM-DD/);
    await bad('?from=2026-02-01', 'validation-failed', /to must be/);
    await bad('?from=2026-02-01&to=2026-02-03&county=1', 'validation-failed');
    await bad('?from=2026-03-02&to=2026-03-01', 'invalid-period', /ends \(2026-03-01\) before it starts/);
    await bad('?from=2025-01-01&to=2026-02-05', 'invalid-period', /401 days; ask for at most 400/);
    await bad('?from=1999-12-31&to=2000-01-01', 'invalid-period', /outside 2000–2100/);
    expectProblem(
      await h.get(staff, `/counties/36072X/figures?from=2026-01-01&to=2026-01-02`),
      400,
      'validation-failed',
      /countyCode must be 6 digits/,
    );
    const longest = await figures(staff, COUNTY, '2025-01-01', '2026-02-04').expect(200);
    expect(longest.body.days).toHaveLength(400);
  });
});

describe('county figures over the demo history (seeds/demo-history.ts)', () => {
  let h: OrdersHarness;

  beforeAll(async () => {
    h = await OrdersHarness.start();
  });

  afterAll(() => h?.stop());

  it('imports thirteen months of completed orders once, and the figures see them with a year-on-year growth', async () => {
    const admin = h.member(randomUUID(), OrganisationKind.Platform, MembershipRole.PlatformAdmin);
    const orders = async (batch: object[]): Promise<number> =>
      (await h.post(admin, '/history/orders', { orders: batch }).expect(200)).body.imported as number;
    const first = await seedHistory({ orders });
    const second = await seedHistory({ orders }, { limit: 500 });

    expect(first.orders).toBeGreaterThan(5_000);
    expect(second).toEqual({ orders: 0, shipments: 0, sales: 0 });
    const { rows } = await h.db.query<{ status: string; orders: string; outbox: string }>(
      `SELECT status, count(*) AS orders, (SELECT count(*) FROM orders.outbox) AS outbox
         FROM orders.customer_order GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'completed', orders: String(first.orders), outbox: '0' }]);

    const from = daysFromToday(-25);
    const to = daysFromToday(-5);
    const response = await h
      .get(h.countyStaff(COUNTY), `/counties/${COUNTY}/figures?from=${from}&to=${to}`)
      .expect(200);

    const expected = await h.db.query<{ direction: string; orders: string; gmv: string }>(
      `SELECT direction, count(*) AS orders, sum(total_fen) AS gmv FROM orders.customer_order
        WHERE coalesce(paid_at, cash_received_at) >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND coalesce(paid_at, cash_received_at) < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
        GROUP BY direction ORDER BY direction`,
      [from, to],
    );
    const [down, up] = expected.rows;
    expect(response.body.totals).toMatchObject({
      up: { orders: Number(up.orders), gmvFen: Number(up.gmv) },
      down: { orders: Number(down.orders), gmvFen: Number(down.gmv) },
    });
    expect(response.body.totals.up.orders).toBeGreaterThan(100);
    expect(response.body.lastYear.up.orders).toBeGreaterThan(50);
    // produce grows about 35% a year in the history; goods about 12%
    expect(response.body.growth.up.gmv).toBeGreaterThan(0.2);
    expect(response.body.growth.up.gmv).toBeLessThan(0.55);
    expect(response.body.growth.down.gmv).toBeGreaterThan(-0.15);
    expect(response.body.growth.down.gmv).toBeLessThan(0.5);
  }, 300_000);
});
