import { EventName, FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { Client } from 'pg';
import request from 'supertest';
import { seedHistory } from '../../seeds/demo-history';
import { Actor, countyStaff } from '../support/actors';
import {
  bearer,
  buildCounty,
  County,
  COUNTY,
  createNode,
  deliver,
  LogisticsWorld,
  orderPaid,
  pointOperator,
  recordLot,
  shelveAtPoint,
  shipmentOfOrder,
  startLogisticsWorld,
  today,
} from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

const figures = (world: LogisticsWorld, actor: Actor | null, county: string, from: string, to: string) => {
  const call = request(world.logistics).get(`/counties/${county}/figures`).query({ from, to });
  return actor ? call.set(...bearer(actor)) : call;
};

function expectProblem(response: request.Response, status: number, type: string, detail?: RegExp): void {
  expect({ status: response.status, type: response.body?.type }).toEqual({ status, type: `/problems/${type}` });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (detail) {
    expect(response.body.detail).toMatch(detail);
  }
}

interface NodeFigures {
  code: string;
  level: string;
  arrived: number;
  shelved: number;
  collected: number;
  returned: number;
  handedIn: number;
}

describe("county figures: parcels by node, first kilometre, cold chain, what's overdue", () => {
  let world: LogisticsWorld;
  let county: County;
  let day0: string;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
    day0 = today(world);
  });

  afterAll(() => world?.platform.stop());

  it('counts shelved, collected and returned parcels per point, hand-ins per day, excursions per day, overdue now', async () => {
    // four goods parcels shelved at 大塘村服务站, two of them collected
    const shelved: { orderId: string; code: string; phone: string }[] = [];
    for (let n = 0; n < 4; n++) {
      const order = orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId! } });
      const { code } = await shelveAtPoint(world, county, order, {
        node: county.village,
        operator: county.villageOperator,
      });
      shelved.push({ orderId: order.orderId, code, phone: order.destination.recipientPhone });
    }
    for (const parcel of shelved.slice(0, 2)) {
      await request(world.logistics)
        .post(`/points/${county.village.id}/collections`)
        .set(...bearer(county.villageOperator))
        .send({ code: parcel.code, phoneLast4: parcel.phone.slice(-4) })
        .expect(200);
    }

    // three produce parcels handed in at 长江村服务站: two ambient, one chilled handed in too warm and read again
    const produce = (weightGrams: number, chilled = false) =>
      orderPaid({
        direction: FlowDirection.Up,
        sellerName: '长江村脐橙合作社',
        originVillageCode: county.coldVillage.code,
        totalWeightGrams: weightGrams,
        weightToleranceGrams: 200,
        temperature: chilled
          ? { class: TemperatureClass.Chilled, minC: 0, maxC: 4 }
          : { class: TemperatureClass.Ambient, minC: null, maxC: null },
        destination: {
          kind: 'address',
          address: {
            province: '广东省',
            city: '深圳市',
            district: '南山区',
            detail: '科技园路 1 号',
            postalCode: null,
          },
        },
      });
    const handIn = async (order: ReturnType<typeof produce>, weighedGrams: number, temperatureC?: number) => {
      await deliver(world, EventName.OrderPaid, order);
      const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
      const lot = await recordLot(world, { sellerOrgId: order.sellerOrgId });
      await request(world.logistics)
        .post(`/points/${county.coldVillage.id}/hand-ins`)
        .set(...bearer(county.coldVillageOperator))
        .send({ shipmentId: shipment.id, weighedGrams, traceCodes: [lot], temperatureC })
        .expect(201);
      return shipment;
    };
    await handIn(produce(5_000), 5_100);
    await handIn(produce(10_000), 9_950);
    const cold = await handIn(produce(5_000, true), 4_900, 9);
    await request(world.logistics)
      .post(`/shipments/${cold.id}/temperatures`)
      .set(...bearer(county.coldVillageOperator))
      .send({ readingC: 12 })
      .expect(201);
    await request(world.logistics)
      .post(`/shipments/${cold.id}/temperatures`)
      .set(...bearer(county.coldVillageOperator))
      .send({ readingC: 3 })
      .expect(201);

    const before = await figures(world, world.staff, COUNTY, day0, day0).expect(200);
    expect(before.body.current).toEqual({ asOf: expect.any(String), awaitingPickup: 2, overdue: 0 });

    // past the deadline of the two left on the shelf: overdue until the sweep sends them back
    world.clock.travel(5 * DAY + HOUR);
    const overdue = await figures(world, world.staff, COUNTY, day0, day0).expect(200);
    expect(overdue.body.current).toMatchObject({ awaitingPickup: 2, overdue: 2 });
    await request(world.logistics)
      .post('/admin/sweeps/retention')
      .set(...bearer(world.admin))
      .expect(200);
    const returnDay = today(world);

    const response = await figures(world, world.staff, COUNTY, day0, addDays(day0, 6)).expect(200);

    expect(response.body).toMatchObject({
      countyCode: COUNTY,
      from: day0,
      to: addDays(day0, 6),
      timeZone: 'Asia/Shanghai',
    });
    const zero = { arrived: 0, shelved: 0, collected: 0, returned: 0, handedIn: 0 };
    expect(
      response.body.nodes.map(
        ({ nodeId: _id, name: _name, ...rest }: NodeFigures & { nodeId: string; name: string }) => rest,
      ),
    ).toEqual([
      { code: county.anxi.code, level: 'town_station', ...zero },
      { code: county.village.code, level: 'village_point', ...zero, arrived: 4, shelved: 4, collected: 2, returned: 2 },
      { code: county.coldVillage.code, level: 'village_point', ...zero, handedIn: 3 },
      { code: county.datang.code, level: 'town_station', ...zero },
    ]);
    const days = (list: { date: string }[]) => list.map((entry) => entry.date);
    expect(days(response.body.firstKilometre)).toEqual(Array.from({ length: 7 }, (_, n) => addDays(day0, n)));
    expect(response.body.firstKilometre[0]).toEqual({ date: day0, handIns: 3, weighedGrams: 19_950 });
    expect(response.body.firstKilometre.slice(1).every((day: { handIns: number }) => day.handIns === 0)).toBe(true);
    expect(response.body.excursions[0]).toEqual({ date: day0, excursions: 2, shipments: 1 });
    expect(response.body.totals).toEqual({
      arrived: 4,
      shelved: 4,
      collected: 2,
      returned: 2,
      handIns: 3,
      weighedGrams: 19_950,
      excursions: 2,
    });
    expect(response.body.current).toMatchObject({ awaitingPickup: 0, overdue: 0 });

    // the returns happened on the day the clock was moved to; the day before the parcels arrived saw none
    const returns = await figures(world, world.staff, COUNTY, returnDay, returnDay).expect(200);
    expect(returns.body.totals).toMatchObject({ returned: 2, shelved: 0, collected: 0, handIns: 0 });
    const firstDay = await figures(world, world.staff, COUNTY, addDays(day0, -1), addDays(day0, -1)).expect(200);
    expect(firstDay.body.totals).toMatchObject({ shelved: 0, collected: 0, returned: 0, handIns: 0, excursions: 0 });
    world.clock.reset();
  });

  it('is for county staff of that county and platform admins only', async () => {
    const otherStaff = await countyStaff(world.identity, world.admin, '360723');

    expectProblem(await figures(world, otherStaff, COUNTY, day0, day0), 403, 'not-county-staff');
    expectProblem(await figures(world, county.villageOperator, COUNTY, day0, day0), 403, 'missing-role');
    expectProblem(await figures(world, null, COUNTY, day0, day0), 401, 'unauthenticated');
    await figures(world, world.admin, COUNTY, day0, day0).expect(200);
    const own = await figures(world, otherStaff, '360723', day0, day0).expect(200);
    expect(own.body).toMatchObject({ nodes: [], totals: { shelved: 0, handIns: 0 }, current: { overdue: 0 } });
  });

  it('refuses bad dates and periods with 400 problem+json', async () => {
    const bad = async (query: Record<string, string>, type: string, detail?: RegExp) =>
      expectProblem(
        await request(world.logistics)
          .get(`/counties/${COUNTY}/figures`)
          .query(query)
          .set(...bearer(world.staff)),
        400,
        type,
        detail,
      );

    await bad({ from: '2026-02-30', to: '2026-03-01' }, 'validation-failed', /from must be a real calendar date/);
    await bad({ from: '2026-02-01', to: 'yesterday' }, 'validation-failed', /to must be YYYY-MM-DD/);
    await bad({ to: '2026-02-01' }, 'validation-failed', /from must be/);
    await bad({ from: '2026-03-02', to: '2026-03-01' }, 'invalid-period', /before it starts/);
    await bad({ from: '2025-01-01', to: '2026-02-05' }, 'invalid-period', /401 days/);
    expectProblem(
      await figures(world, world.staff, '3607', '2026-01-01', '2026-01-02'),
      400,
      'validation-failed',
      /countyCode must be 6 digits/,
    );
    const longest = await figures(world, world.staff, COUNTY, '2025-01-01', '2026-02-04').expect(200);
    expect(longest.body.firstKilometre).toHaveLength(400);
  });
});

describe('county network figures over the demo history (seeds/demo-history.ts)', () => {
  let world: LogisticsWorld;
  let client: Client;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    client = new Client({ connectionString: world.platform.db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await world?.platform.stop();
  });

  it('imports the completed shipments once, and the figures see their shelving, collections and hand-ins', async () => {
    // the nodes the history passes, laid out by county staff as the network seed does
    const hub = await createNode(world, {
      code: COUNTY,
      name: '信丰县物流配送中心',
      latitude: 25.386,
      longitude: 114.922,
    });
    for (const [town, name, village, villageName] of [
      ['101', '大塘埠镇站', '203', '大塘埠村益农信息社'],
      ['105', '安西镇站', '201', '安西村服务站'],
    ]) {
      const station = await createNode(world, {
        code: `${COUNTY}${town}`,
        name,
        parentId: hub.id,
        latitude: 25.3,
        longitude: 114.9,
      });
      const operator = await pointOperator(world, `${COUNTY}${town}${village}`, villageName);
      await createNode(world, {
        code: `${COUNTY}${town}${village}`,
        name: villageName,
        parentId: station.id,
        latitude: 25.31,
        longitude: 114.91,
        operatorOrgId: operator.orgId,
        shelves: 3,
        layers: 4,
      });
    }
    const shipments = async (batch: object[]): Promise<number> => {
      const response = await request(world.logistics)
        .post('/history/shipments')
        .set(...bearer(world.admin))
        .send({ shipments: batch })
        .expect(200);
      return response.body.imported as number;
    };
    const first = await seedHistory({ shipments });
    const second = await seedHistory({ shipments }, { limit: 500 });

    expect(first.shipments).toBeGreaterThan(5_000);
    expect(second).toEqual({ orders: 0, shipments: 0, sales: 0 });
    const counts = await client.query<{ shipments: string; delivered: string; outbox: string }>(
      `SELECT count(*) AS shipments, count(*) FILTER (WHERE status = 'delivered') AS delivered,
              (SELECT count(*) FROM logistics.outbox) AS outbox
         FROM logistics.shipment`,
    );
    expect(counts.rows[0]).toEqual({
      shipments: String(first.shipments),
      delivered: String(first.shipments),
      outbox: '0',
    });

    const from = addDays(today(world), -25);
    const to = addDays(today(world), -5);
    const response = await figures(world, world.staff, COUNTY, from, to).expect(200);

    const scans = await client.query<{ kind: string; code: string; scans: string; grams: string }>(
      `SELECT s.kind, n.code, count(*) AS scans, coalesce(sum((s.details ->> 'weighedGrams')::int), 0) AS grams
         FROM logistics.scan s JOIN logistics.node n ON n.id = s.node_id
        WHERE s.at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND s.at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
          AND s.kind IN ('arrived', 'collected', 'handed_in') AND n.level = 'village_point'
        GROUP BY 1, 2`,
      [from, to],
    );
    const count = (kind: string, code: string) =>
      Number(scans.rows.find((row) => row.kind === kind && row.code === code)?.scans ?? 0);
    const point = response.body.nodes.find((node: NodeFigures) => node.code === '360722101203');
    const coopVillage = response.body.nodes.find((node: NodeFigures) => node.code === '360722105201');
    expect(point).toMatchObject({
      shelved: count('arrived', '360722101203'),
      collected: count('collected', '360722101203'),
      returned: 0,
    });
    expect(point.shelved).toBeGreaterThan(50);
    expect(coopVillage.handedIn).toBe(count('handed_in', '360722105201'));
    expect(coopVillage.handedIn).toBeGreaterThan(100);
    expect(response.body.totals.weighedGrams).toBe(Number(scans.rows.find((row) => row.kind === 'handed_in')!.grams));
    expect(response.body.firstKilometre.filter((day: { handIns: number }) => day.handIns > 0).length).toBeGreaterThan(
      15,
    );
  }, 300_000);
});
