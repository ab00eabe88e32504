import { EventName, FlowDirection, TemperatureClass } from '@countyflow/contracts';
import request from 'supertest';
import { seededRandom } from '../../apps/logistics/src/planner/synthetic-day';
import {
  bearer,
  buildCounty,
  County,
  createNode,
  deliver,
  LogisticsWorld,
  orderPaid,
  pointOperator,
  receiveAtHub,
  recordLot,
  shipmentOfOrder,
  startLogisticsWorld,
  today,
} from './support';

interface RunBody {
  id: string;
  vehicleId: string;
  refrigerated: boolean;
  capacity: { kg: number; litres: number };
  startLoad: { kg: number; litres: number };
  peakLoad: { kg: number; litres: number };
  stops: {
    nodeId: string;
    drop: { shipmentId: string; weightGrams: number; volumeMl: number; cold: boolean }[];
    collect: { shipmentId: string; weightGrams: number; volumeMl: number; cold: boolean }[];
    loadAfter: { kg: number; litres: number };
  }[];
}

describe('runs: planning and manual changes (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
  });

  afterAll(() => world.platform.stop());

  const plan = async (): Promise<{ runs: RunBody[]; unassigned: { shipmentId: string; reason: string }[] }> =>
    (
      await request(world.logistics)
        .post('/runs/plan')
        .set(...bearer(world.staff))
        .send({ countyCode: '360722', date: today(world) })
        .expect(200)
    ).body;

  /** Goods at the hub for a village point. */
  async function goodsAtHub(pointOrgId: string, grams: number, litres = 10, cold = false): Promise<string> {
    const order = orderPaid({
      totalWeightGrams: grams,
      totalVolumeMl: litres * 1000,
      temperature: cold
        ? { class: TemperatureClass.Chilled, minC: null, maxC: null }
        : { class: TemperatureClass.Ambient, minC: null, maxC: null },
      destination: { servicePointOrgId: pointOrgId },
    });
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
    await receiveAtHub(world, county, shipment.id, cold ? 3 : undefined);
    return shipment.id;
  }

  /** Produce handed in at a village point for a city address. */
  async function produceAt(
    villageCode: string,
    operator: typeof county.villageOperator,
    pointId: string,
    grams: number,
    cold = false,
  ): Promise<string> {
    const order = orderPaid({
      direction: FlowDirection.Up,
      originVillageCode: villageCode,
      totalWeightGrams: grams,
      totalVolumeMl: Math.round(grams * 1.5),
      temperature: cold
        ? { class: TemperatureClass.Chilled, minC: null, maxC: null }
        : { class: TemperatureClass.Ambient, minC: null, maxC: null },
      destination: {
        kind: 'address',
        address: { province: '广东省', city: '深圳市', district: '福田区', detail: '深南大道', postalCode: null },
      },
    });
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
    const lot = await recordLot(world, { sellerOrgId: order.sellerOrgId });
    await request(world.logistics)
      .post(`/points/${pointId}/hand-ins`)
      .set(...bearer(operator))
      .send({
        shipmentId: shipment.id,
        weighedGrams: grams,
        traceCodes: [lot],
        ...(cold && { temperatureC: 2 }),
      })
      .expect(201);
    return shipment.id;
  }

  it('refuses a manual change or a new stop order that would overload the van at any point of the run', async () => {
    const drop = await goodsAtHub(county.villageOperator.orgId!, 600_000);
    const collect = await produceAt(
      county.coldVillage.code,
      county.coldVillageOperator,
      county.coldVillage.id,
      500_000,
    );
    const { runs } = await plan();
    const run = runs.find((candidate) =>
      candidate.stops.some((stop) => stop.drop.some((parcel) => parcel.shipmentId === drop)),
    )!;
    expect(run.vehicleId).toBe(county.van.id);
    expect(run.stops.map((stop) => stop.nodeId)).toEqual([county.village.id, county.coldVillage.id]);
    expect(run.stops[1].collect.map((parcel) => parcel.shipmentId)).toEqual([collect]);
    expect(run.peakLoad.kg).toBe(600);

    // collecting 500 kg before dropping 600 kg would put 1100 kg on a 1000 kg van
    const reversed = await request(world.logistics)
      .put(`/runs/${run.id}/stops`)
      .set(...bearer(world.staff))
      .send({ nodeIds: [county.coldVillage.id, county.village.id] })
      .expect(422);
    expect(reversed.body).toMatchObject({
      type: '/problems/over-capacity',
      stopIndex: 0,
      load: { kg: 1100 },
      capacity: { kg: 1000 },
    });

    const heavy = await goodsAtHub(county.coldVillageOperator.orgId!, 450_000);
    const overloaded = await request(world.logistics)
      .post(`/runs/${run.id}/items`)
      .set(...bearer(world.staff))
      .send({ shipmentId: heavy })
      .expect(422);
    expect(overloaded.body).toMatchObject({ type: '/problems/over-capacity', stopIndex: -1, load: { kg: 1050 } });
    expect(overloaded.body.detail).toMatch(/leaving the hub/);

    const light = await goodsAtHub(county.coldVillageOperator.orgId!, 50_000);
    const added = await request(world.logistics)
      .post(`/runs/${run.id}/items`)
      .set(...bearer(world.staff))
      .send({ shipmentId: light })
      .expect(201);
    expect(added.body.startLoad.kg).toBe(650);
    const cold = await goodsAtHub(county.coldVillageOperator.orgId!, 5_000, 10, true);
    const warm = await request(world.logistics)
      .post(`/runs/${run.id}/items`)
      .set(...bearer(world.staff))
      .send({ shipmentId: cold })
      .expect(422);
    expect(warm.body.type).toBe('/problems/vehicle-not-refrigerated');
    // operators cannot change runs
    await request(world.logistics)
      .post(`/runs/${run.id}/items`)
      .set(...bearer(county.villageOperator))
      .send({ shipmentId: cold })
      .expect(403);
  });

  it('keeps capacity and the cold chain on every run it plans for a generated day', async () => {
    // two more villages in another town, so the planner has choices to make
    const extra = await Promise.all(
      [10, 11].map(async (index) => {
        const code = `3607221012${index}`;
        const operator = await pointOperator(world, code);
        const node = await createNode(world, {
          code,
          name: `大塘埠镇 ${index} 村服务站`,
          parentId: county.datang.id,
          latitude: 25.45 + (index - 10) * 0.03,
          longitude: 114.78 - (index - 10) * 0.02,
          operatorOrgId: operator.orgId,
          shelves: 4,
          layers: 4,
          coldStorage: true,
        });
        return { operator, node };
      }),
    );
    const points = [...extra, { operator: county.coldVillageOperator, node: county.coldVillage }];
    const random = seededRandom(20260520);
    const parcels = Array.from({ length: 24 }, () => ({
      target: points[Math.floor(random() * points.length)],
      cold: random() < 0.3,
      grams: 20_000 + Math.floor(random() * 280_000),
      down: random() < 0.5,
    }));
    const ids: string[] = [];
    for (let index = 0; index < parcels.length; index += 6) {
      ids.push(
        ...(await Promise.all(
          parcels
            .slice(index, index + 6)
            .map(({ target, cold, grams, down }) =>
              down
                ? goodsAtHub(target.operator.orgId!, grams, Math.ceil(grams / 400), cold)
                : produceAt(target.node.code, target.operator, target.node.id, grams, cold),
            ),
        )),
      );
    }
    const result = await plan();
    const seen = new Map<string, number>();
    for (const run of result.runs) {
      const loads = [run.startLoad, ...run.stops.map((stop) => stop.loadAfter)];
      expect(loads.every((load) => load.kg <= run.capacity.kg && load.litres <= run.capacity.litres)).toBe(true);
      expect(run.peakLoad.kg).toBeLessThanOrEqual(run.capacity.kg);
      for (const parcel of run.stops.flatMap((stop) => [...stop.drop, ...stop.collect])) {
        seen.set(parcel.shipmentId, (seen.get(parcel.shipmentId) ?? 0) + 1);
        if (parcel.cold) {
          expect(run.refrigerated).toBe(true);
        }
      }
    }
    result.unassigned.forEach((entry) => seen.set(entry.shipmentId, (seen.get(entry.shipmentId) ?? 0) + 1));
    expect(ids.map((id) => seen.get(id))).toEqual(ids.map(() => 1));
  });
});
