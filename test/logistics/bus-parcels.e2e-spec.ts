import { EventName, TemperatureClass } from '@countyflow/contracts';
import request from 'supertest';
import {
  bearer,
  buildCounty,
  County,
  createVehicle,
  deliver,
  LogisticsWorld,
  orderPaid,
  receiveAtHub,
  shipmentOfOrder,
  startLogisticsWorld,
  today,
} from './support';

interface RunBody {
  id: string;
  vehicleId: string;
  stops: { nodeId: string; drop: { shipmentId: string }[]; collect: { shipmentId: string }[] }[];
}

/**
 * 客货邮融合 and run duration through the API: a scheduled bus line from the county town takes the parcels for its
 * stops that fit its room, the vans take the rest, and with 45 minutes at each stop and runs of at most 2½ hours the
 * two villages (about 72 and 60 minutes there and back) no longer share a run.
 */
describe('runs: scheduled buses carry parcels, runs keep their duration (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;

  beforeAll(async () => {
    world = await startLogisticsWorld({ PLANNER_DWELL_MINUTES_PER_STOP: '45', PLANNER_MAX_RUN_MINUTES: '150' });
    county = await buildCounty(world);
  });

  afterAll(() => world.platform.stop());

  async function goodsAtHub(pointOrgId: string, grams: number): Promise<string> {
    const order = orderPaid({
      totalWeightGrams: grams,
      totalVolumeMl: 10_000,
      temperature: { class: TemperatureClass.Ambient, minC: null, maxC: null },
      destination: { servicePointOrgId: pointOrgId },
    });
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
    await receiveAtHub(world, county, shipment.id);
    return shipment.id;
  }

  it('puts the parcels for a bus stop on the bus while it has room, and plans the rest on runs', async () => {
    const bus = await createVehicle(world, {
      plate: '赣B·F2115',
      kind: 'bus',
      capacityKg: 100,
      capacityLitres: 1000,
      refrigerated: false,
    });
    await request(world.logistics)
      .post('/routes')
      .set(...bearer(world.staff))
      .send({
        vehicleId: bus.id,
        name: '115 路 信丰—安西—大塘 公交捎货',
        kind: 'scheduled_bus',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        nodeIds: [county.anxi.id, county.village.id],
        timetable: [
          { nodeId: county.anxi.id, departs: '07:00' },
          { nodeId: county.village.id, departs: '07:20' },
        ],
      })
      .expect(201);
    const onBus = await goodsAtHub(county.villageOperator.orgId!, 60_000);
    const tooMuchForTheBus = await goodsAtHub(county.villageOperator.orgId!, 50_000);
    const offTheLine = await goodsAtHub(county.coldVillageOperator.orgId!, 20_000);

    const { runs, unassigned } = (
      await request(world.logistics)
        .post('/runs/plan')
        .set(...bearer(world.staff))
        .send({ countyCode: '360722', date: today(world) })
        .expect(200)
    ).body as { runs: RunBody[]; unassigned: unknown[] };

    expect(unassigned).toEqual([]);
    const parcelsOf = (run: RunBody): string[] =>
      run.stops.flatMap((stop) => [...stop.drop, ...stop.collect].map((parcel) => parcel.shipmentId)).sort();
    const busRuns = runs.filter((run) => run.vehicleId === bus.id);
    expect(busRuns).toHaveLength(1);
    expect(busRuns[0].stops.map((stop) => stop.nodeId)).toEqual([county.village.id]);
    expect(parcelsOf(busRuns[0])).toEqual([onBus]);
    const vanRuns = runs.filter((run) => run.vehicleId !== bus.id);
    expect(vanRuns.flatMap(parcelsOf).sort()).toEqual([tooMuchForTheBus, offTheLine].sort());
    // 45 minutes at each stop: both villages on one run would take about 2¾ hours, more than the 2½ allowed
    expect(vanRuns.map((run) => run.stops.length)).toEqual([1, 1]);
  });
});
