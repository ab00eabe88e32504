import { EventName, FlowDirection } from '@countyflow/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Actor, registerActor, relogin } from '../support/actors';
import {
  bearer,
  buildCounty,
  buyer,
  County,
  COUNTY,
  deliver,
  LogisticsWorld,
  orderPaid,
  outbox,
  pointOperator,
  recordLot,
  ShipmentBody,
  shipmentOfOrder,
  startLogisticsWorld,
  today,
} from './support';

// booting identity and logistics and building the county take a while on a shared machine
jest.setTimeout(180_000);

interface ManifestParcel {
  shipmentId: string;
  parcelCode: string;
  state: 'waiting' | 'on_board' | 'done';
}

interface RunBody {
  id: string;
  vehicleId: string;
  status: string;
  driverUserId: string | null;
  stops: { nodeId: string; drop: ManifestParcel[]; collect: ManifestParcel[] }[];
}

interface NodeParcel {
  parcelCode: string;
  nextMove: string;
  runId: string | null;
  cashFen: number | null;
}

/** How many scans the database holds for a shipment (what an idempotent repeat must not change). */
async function scanCount(world: LogisticsWorld, shipmentId: string): Promise<number> {
  const client = new Client({ connectionString: world.platform.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM logistics.scan WHERE shipment_id = $1',
      [shipmentId],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** What logistics' copy of a lot has left to hand in. */
async function gramsLeft(world: LogisticsWorld, traceCode: string): Promise<number> {
  const client = new Client({ connectionString: world.platform.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ left: string }>(
      'SELECT grams_left AS left FROM logistics.lot_copy WHERE trace_code = $1',
      [traceCode],
    );
    return Number(rows[0].left);
  } finally {
    await client.end();
  }
}

describe('the middle mile: node workspaces, hub moves, the driver, idempotent scans, labels (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;
  /** The owner of the hub's service-point organisation: the hub operator. */
  let hubOperator: Actor;
  let driver: Actor;
  let villager: Actor;
  let goods: ShipmentBody;
  let produce: ShipmentBody;
  let produceSeller: string;
  let run: RunBody;

  const api = () => request(world.logistics);
  const post = (path: string, as: Actor, body: object, key?: string) => {
    const call = api()
      .post(path)
      .set(...bearer(as));
    return (key ? call.set('idempotency-key', key) : call).send(body);
  };
  const get = (path: string, as: Actor) =>
    api()
      .get(path)
      .set(...bearer(as));

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
    villager = await buyer(world);
    // the hub is run by its own service-point organisation, whose drivers drive the county's vans
    hubOperator = await pointOperator(world, `${COUNTY}100203`, '县物流配送中心');
    await api()
      .patch(`/nodes/${county.hub.id}`)
      .set(...bearer(world.staff))
      .send({ operatorOrgId: hubOperator.orgId })
      .expect(200);
    const someone = await registerActor(world.identity, '司机');
    await request(world.identity)
      .post(`/organisations/${hubOperator.orgId}/members`)
      .set(...bearer(hubOperator))
      .send({ phone: someone.phone, role: 'driver' })
      .expect(201);
    driver = await relogin(world.identity, someone);

    const down = orderPaid({
      buyerId: villager.userId,
      payment: { method: 'cash_on_collection', amountFen: 12_800 },
      destination: { servicePointOrgId: county.villageOperator.orgId!, recipientPhone: '13912348000' },
    });
    await deliver(world, EventName.OrderPaid, down);
    goods = await shipmentOfOrder(world, down.orderId, world.staff);
    const up = orderPaid({
      direction: FlowDirection.Up,
      originVillageCode: county.village.code,
      sellerName: '大塘村合作社',
      destination: {
        kind: 'address',
        address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号', postalCode: null },
        recipientPhone: '13712345678',
      },
    });
    await deliver(world, EventName.OrderPaid, up);
    produce = await shipmentOfOrder(world, up.orderId, world.staff);
    produceSeller = up.sellerOrgId;
  });

  afterAll(() => world.platform.stop());

  it('lands the hub operator and the driver on their workplaces', async () => {
    const hub = await get('/me/workplaces', hubOperator).expect(200);
    expect(hub.body.nodes.map((node: { code: string; level: string }) => [node.code, node.level])).toEqual([
      [COUNTY, 'county_hub'],
    ]);
    const none = await get('/me/workplaces', driver).expect(200);
    expect(none.body).toEqual({ nodes: [], vehicles: [] });
    // a driver is not a hub operator: no workspace, no scans at the hub outside their runs
    await get(`/nodes/${county.hub.id}/workspace`, driver).expect(403);
    await get(`/nodes/${county.hub.id}/workspace`, county.villageOperator).expect(403);
  });

  it('scans goods in at the hub once per Idempotency-Key, even when the copies race', async () => {
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        post(`/nodes/${county.hub.id}/arrivals`, hubOperator, { parcelCode: goods.parcelCode, source: 'seller' }, key),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers['idempotent-replay'] === 'true')).toHaveLength(7);
    expect(await scanCount(world, goods.id)).toBe(1);
    // a new key is a new scan: refused as a duplicate, nothing written
    const again = await post(
      `/nodes/${county.hub.id}/arrivals`,
      hubOperator,
      { parcelCode: goods.parcelCode },
      randomUUID(),
    );
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/duplicate-scan');
    await post(`/nodes/${county.hub.id}/arrivals`, hubOperator, { parcelCode: goods.parcelCode }, 'short').expect(400);
    expect(await scanCount(world, goods.id)).toBe(1);
  });

  it('reuses no key across endpoints', async () => {
    const key = randomUUID();
    await post(
      `/nodes/${county.hub.id}/exceptions`,
      hubOperator,
      { parcelCode: goods.parcelCode, kind: 'damaged', note: '外箱压损' },
      key,
    ).expect(201);
    const reused = await post(`/nodes/${county.hub.id}/arrivals`, hubOperator, { parcelCode: goods.parcelCode }, key);
    expect(reused.status).toBe(409);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('refuses a hand-in naming a lot that does not exist, is another seller’s, expired or too small', async () => {
    const refused = async (traceCodes: string[], weighedGrams = 5_050) => {
      const response = await post(`/points/${county.village.id}/hand-ins`, county.villageOperator, {
        shipmentId: produce.id,
        weighedGrams,
        traceCodes,
      });
      expect(response.status).toBe(422);
      return response.body as { type: string; detail: string };
    };
    expect((await refused(['NOTAREALCODE123'])).type).toBe('/problems/lot-unknown');
    expect((await refused(['7KQ2M9XA7KQ2M9XA'])).type).toBe('/problems/lot-unknown');
    const stranger = await recordLot(world, { sellerOrgId: randomUUID() });
    expect((await refused([stranger])).type).toBe('/problems/lot-not-sellers');
    const stale = await recordLot(world, { sellerOrgId: produceSeller, bestBefore: '2020-01-01' });
    expect((await refused([stale])).type).toBe('/problems/lot-expired');
    const small = await recordLot(world, { sellerOrgId: produceSeller, quantity: 2 });
    const insufficient = await refused([small]);
    expect(insufficient.type).toBe('/problems/lot-insufficient');
    expect(insufficient.detail).toContain('2000 g left');
    // nothing was written: still waiting for its hand-in
    expect(await scanCount(world, produce.id)).toBe(0);
  });

  it('takes produce in at the village point, plans the day and gives the driver the run', async () => {
    // typed from the label: lower case, with a dash
    const lot = await recordLot(world, { sellerOrgId: produceSeller, quantity: 100 });
    const handIn = await post(`/points/${county.village.id}/hand-ins`, county.villageOperator, {
      shipmentId: produce.id,
      weighedGrams: 5_050,
      traceCodes: [`${lot.slice(0, 8).toLowerCase()}-${lot.slice(8)}`],
    }).expect(201);
    expect(handIn.body.traceCodes).toEqual([lot]);
    expect(await gramsLeft(world, lot)).toBe(94_950);
    expect(await outbox(world, EventName.LotTaken, { traceCode: lot })).toEqual([
      expect.objectContaining({ grams: 5_050, shipmentId: produce.id }),
    ]);
    const point = await get(`/nodes/${county.village.id}/workspace`, county.villageOperator).expect(200);
    expect(point.body.node.level).toBe('village_point');
    expect(point.body.mustGoOut.map((parcel: NodeParcel) => [parcel.parcelCode, parcel.nextMove])).toEqual([
      [produce.parcelCode, 'run'],
    ]);
    expect(point.body.day).toMatchObject({ handedIn: 1 });

    const plan = await post('/runs/plan', world.staff, { countyCode: COUNTY, date: today(world) }).expect(200);
    run = (plan.body.runs as RunBody[]).find((planned) =>
      planned.stops.some((stop) => stop.drop.some((parcel) => parcel.shipmentId === goods.id)),
    )!;
    expect(run.stops.flatMap((stop) => stop.collect.map((parcel) => parcel.shipmentId))).toContain(produce.id);
    const assigned = await api()
      .put(`/vehicles/${run.vehicleId}/driver`)
      .set(...bearer(world.staff))
      .send({ driverUserId: driver.userId })
      .expect(200);
    expect(assigned.body.driverUserId).toBe(driver.userId);
    await api()
      .put(`/vehicles/${run.vehicleId}/driver`)
      .set(...bearer(hubOperator))
      .send({ driverUserId: driver.userId })
      .expect(403);

    const mine = await get('/driver/runs', driver).expect(200);
    expect(mine.body.map((entry: RunBody) => entry.id)).toEqual([run.id]);
    expect(mine.body[0].stops[0].drop[0]).toMatchObject({ parcelCode: goods.parcelCode, state: 'waiting' });
    await get(`/runs/${run.id}`, driver).expect(200);
    const notDriver = await get('/driver/runs', hubOperator).expect(403);
    expect(notDriver.body.type).toBe('/problems/not-a-driver');

    const hub = await get(`/nodes/${county.hub.id}/workspace`, hubOperator).expect(200);
    expect(hub.body.atNode.map((parcel: NodeParcel) => [parcel.parcelCode, parcel.nextMove, parcel.runId])).toEqual([
      [goods.parcelCode, 'run', run.id],
    ]);
    expect(hub.body.dueIn.map((parcel: NodeParcel) => parcel.parcelCode)).toEqual([produce.parcelCode]);
    expect(hub.body.exceptions).toHaveLength(1);
    expect(hub.body.runs.map((entry: { id: string }) => entry.id)).toContain(run.id);
    expect(hub.body.day).toMatchObject({ arrived: 1, exceptions: 1 });
  });

  it('loads the van parcel by parcel: the wrong parcel is refused with its run', async () => {
    const wrong = await post(`/runs/${run.id}/load`, hubOperator, { parcelCode: produce.parcelCode });
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toBe('/problems/wrong-run');
    const outsider = await post(`/runs/${run.id}/load`, county.villageOperator, { parcelCode: goods.parcelCode });
    expect(outsider.status).toBe(403);

    const key = randomUUID();
    const loaded = await post(`/runs/${run.id}/load`, driver, { parcelCode: goods.parcelCode }, key).expect(200);
    expect(loaded.body).toMatchObject({ action: 'load', status: 'in_transit' });
    const repeat = await post(`/runs/${run.id}/load`, driver, { parcelCode: goods.parcelCode }, key).expect(200);
    expect(repeat.body).toEqual(loaded.body);
    expect(await scanCount(world, goods.id)).toBe(2);

    const dispatched = await post(`/runs/${run.id}/dispatch`, driver, {}).expect(200);
    expect(dispatched.body.scanned).toEqual([goods.parcelCode]);
    expect(dispatched.body.skipped).toEqual([]);
    expect(dispatched.body.run.status).toBe('dispatched');
  });

  it('drops at the stop (shelved with a code), collects produce there, and refuses the wrong stop', async () => {
    const wrongStop = await post(`/runs/${run.id}/stops/${county.coldVillage.id}/drops`, driver, {
      parcelCode: goods.parcelCode,
    });
    expect(wrongStop.status).toBe(422);
    expect(wrongStop.body.type).toBe('/problems/wrong-stop');
    const dropped = await post(`/runs/${run.id}/stops/${county.village.id}/drops`, driver, {
      parcelCode: goods.parcelCode,
    }).expect(200);
    expect(dropped.body).toMatchObject({ action: 'drop', status: 'ready_for_pickup' });
    expect(dropped.body.pickupCode).toMatch(/^\d+-\d+-\d{4}$/);

    // the village point hands the produce to the van from its own screen
    const handed = await post(`/runs/${run.id}/stops/${county.village.id}/collections`, county.villageOperator, {
      parcelCode: produce.parcelCode,
    }).expect(200);
    expect(handed.body.action).toBe('collect');
    const states = handed.body.run.stops.flatMap((stop: RunBody['stops'][number]) =>
      [...stop.drop, ...stop.collect].map((parcel) => [parcel.parcelCode, parcel.state]),
    );
    expect(states).toEqual(
      expect.arrayContaining([
        [goods.parcelCode, 'done'],
        [produce.parcelCode, 'on_board'],
      ]),
    );

    const point = await get(`/nodes/${county.village.id}/workspace`, county.villageOperator).expect(200);
    const shelved = (point.body.atNode as NodeParcel[]).find((parcel) => parcel.parcelCode === goods.parcelCode)!;
    expect(shelved).toMatchObject({ nextMove: 'pickup', cashFen: 12_800 });
    const collected = await post(`/points/${county.village.id}/collections`, county.villageOperator, {
      code: dropped.body.pickupCode,
      phoneLast4: '8000',
    }).expect(200);
    expect(collected.body.cash).toEqual({ amountFen: 12_800 });
  });

  it('receives the van back, hands produce to the carrier with its waybill, and completes the run', async () => {
    const ambient = await post(`/runs/${run.id}/temperatures`, driver, { readingC: 3 });
    expect(ambient.status).toBe(422);
    expect(ambient.body.type).toBe('/problems/not-a-cold-run');
    const unloaded = await post(`/runs/${run.id}/unload`, hubOperator, { parcelCode: produce.parcelCode }).expect(200);
    expect(unloaded.body.status).toBe('at_node');
    const hub = await get(`/nodes/${county.hub.id}/workspace`, hubOperator).expect(200);
    expect(hub.body.mustGoOut.map((parcel: NodeParcel) => [parcel.parcelCode, parcel.nextMove])).toEqual([
      [produce.parcelCode, 'carrier'],
    ]);

    const label = await get(`/parcels/${produce.parcelCode}/label`, hubOperator).expect(200);
    expect(label.body).toMatchObject({
      parcelCode: produce.parcelCode,
      barcode: produce.parcelCode,
      temperatureClass: 'ambient',
      destination: { kind: 'address', city: '广东省深圳市' },
      recipient: { phone: '137****5678' },
    });
    expect(JSON.stringify(label.body)).not.toContain('13712345678');
    const goodsLabel = await get(`/shipments/${goods.id}/label`, county.villageOperator).expect(200);
    expect(goodsLabel.body.destination).toMatchObject({ kind: 'point', nodeCode: county.village.code });
    expect(goodsLabel.body.destination.path.map((node: { code: string }) => node.code)).toEqual([
      county.hub.code,
      county.anxi.code,
      county.village.code,
    ]);
    await get(`/parcels/${produce.parcelCode}/label`, villager).expect(403);

    const handover = await post(`/nodes/${county.hub.id}/carrier-handovers`, hubOperator, {
      parcelCode: produce.parcelCode,
    }).expect(201);
    expect(handover.body.waybillNo).toEqual(expect.any(String));
    const notHub = await post(`/nodes/${county.village.id}/carrier-handovers`, county.villageOperator, {
      parcelCode: produce.parcelCode,
    });
    expect(notHub.status).toBe(422);

    const completed = await post(`/runs/${run.id}/complete`, driver, {}).expect(200);
    expect(completed.body.run.status).toBe('completed');
    const late = await post(`/runs/${run.id}/unload`, hubOperator, { parcelCode: produce.parcelCode });
    expect(late.status).toBe(409);
  });

  it('records and resolves exceptions at a node, refusing a parcel that does not pass it', async () => {
    const recorded = await post(`/nodes/${county.hub.id}/exceptions`, hubOperator, {
      parcelCode: produce.parcelCode,
      kind: 'over_weight',
      weighedGrams: 5_600,
    }).expect(201);
    expect(recorded.body).toMatchObject({ kind: 'over_weight', weighedGrams: 5_600, resolvedAt: null });
    const elsewhere = await post(`/nodes/${county.coldVillage.id}/exceptions`, county.coldVillageOperator, {
      parcelCode: produce.parcelCode,
      kind: 'missing',
    });
    expect(elsewhere.status).toBe(422);
    const bad = await post(`/nodes/${county.hub.id}/exceptions`, hubOperator, {
      parcelCode: produce.parcelCode,
      kind: 'lost-in-space',
    });
    expect(bad.status).toBe(400);
    await post(`/nodes/${county.hub.id}/exceptions/${recorded.body.id}/resolve`, hubOperator, {
      note: '复秤无误',
    }).expect(200);
    const twice = await post(`/nodes/${county.hub.id}/exceptions/${recorded.body.id}/resolve`, hubOperator, {});
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('/problems/already-resolved');
  });

  it('never overdraws a lot when its produce is handed in at once', async () => {
    // 12 parcels of 5 kg from one 25 kg lot, handed in concurrently: exactly 5 are taken in
    const seller = randomUUID();
    const lot = await recordLot(world, { sellerOrgId: seller, quantity: 25 });
    const parcels = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const order = orderPaid({
          direction: FlowDirection.Up,
          sellerOrgId: seller,
          originVillageCode: county.village.code,
          destination: {
            kind: 'address',
            address: { province: '广东省', city: '深圳市', district: '南山区', detail: '1 号', postalCode: null },
          },
        });
        await deliver(world, EventName.OrderPaid, order);
        return shipmentOfOrder(world, order.orderId, world.staff);
      }),
    );
    const answers = await Promise.all(
      parcels.map((parcel) =>
        post(`/points/${county.village.id}/hand-ins`, county.villageOperator, {
          shipmentId: parcel.id,
          weighedGrams: 5_000,
          traceCodes: [lot],
        }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(5).fill(201), ...Array(7).fill(422)]);
    expect(answers.filter((answer) => answer.status === 422).map((answer) => answer.body.type)).toEqual(
      Array(7).fill('/problems/lot-insufficient'),
    );
    expect(await gramsLeft(world, lot)).toBe(0);
    expect(await outbox(world, EventName.LotTaken, { traceCode: lot })).toHaveLength(5);
  });
});
