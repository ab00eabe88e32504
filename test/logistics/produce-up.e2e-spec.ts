import { EventEnvelope, EventName, FlowDirection } from '@countyflow/contracts';
import { InboxWorker } from '@countyflow/messaging';
import { inboxTransactions } from '@countyflow/testing';
import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  bearer,
  buildCounty,
  buyer,
  County,
  deliver,
  driveRun,
  envelope,
  LogisticsWorld,
  orderPaid,
  outbox,
  planRunCollecting,
  recordLot,
  shipmentOfOrder,
  startLogisticsWorld,
} from './support';

const SECRET = 'test-carrier-webhook-secret-0001';

/** What the carrier does on its side: HMAC-SHA256 over "<timestamp>.<body as JSON with sorted keys>". */
function signAsCarrier(
  body: Record<string, string>,
  secret = SECRET,
  at = Date.now(),
): { timestamp: string; signature: string } {
  const timestamp = String(Math.floor(at / 1000));
  const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
  return {
    timestamp,
    signature: createHmac('sha256', secret)
      .update(`${timestamp}.${JSON.stringify(sorted)}`)
      .digest('hex'),
  };
}

/**
 * One shipment.created per order paid, each naming its own order.paid as cause and keeping its correlation id, and
 * the order.paid events handled in fewer inbox transactions than there were events (batches).
 */
async function expectCreatedByEachInBatches(db: Client, paid: EventEnvelope<EventName.OrderPaid>[]): Promise<void> {
  const { rows: created } = await db.query<{ order_id: string; causation_id: string; correlation_id: string }>(
    `SELECT payload->>'orderId' AS order_id, causation_id, correlation_id FROM logistics.outbox
      WHERE name = $1 AND payload->>'orderId' = ANY ($2)`,
    [EventName.ShipmentCreated, paid.map((event) => event.data.orderId)],
  );
  expect(created.map((row) => [row.order_id, row.causation_id, row.correlation_id]).sort()).toEqual(
    paid.map((event) => [event.data.orderId, event.id, event.correlationId]).sort(),
  );
  const transactions = await inboxTransactions(
    db,
    paid.map((event) => event.id),
    'logistics.processed_event',
  );
  expect(transactions).toBeLessThan(paid.length);
}

describe('produce up to a city buyer (orders simulated: order.paid is injected into the logistics inbox)', () => {
  let world: LogisticsWorld;
  let county: County;
  let cityBuyer: Actor;
  /** The cooperative's two lots of oranges (catalog's lot.recorded, delivered to logistics). */
  const coopId = randomUUID();
  let lot1: string;
  let lot2: string;

  beforeAll(async () => {
    world = await startLogisticsWorld({ CARRIER_WEBHOOK_SECRET: SECRET, SIMULATED_CARRIER_DELIVERY_MINUTES: '120' });
    county = await buildCounty(world);
    cityBuyer = await buyer(world);
    lot1 = await recordLot(world, { sellerOrgId: coopId });
    lot2 = await recordLot(world, { sellerOrgId: coopId });
  });

  afterAll(() => world.platform.stop());

  const orangesFor = (buyerId: string) =>
    orderPaid({
      buyerId,
      direction: FlowDirection.Up,
      sellerOrgId: coopId,
      sellerName: '安西镇脐橙专业合作社',
      originVillageCode: county.village.code,
      totalWeightGrams: 5000,
      weightToleranceGrams: 200,
      destination: {
        kind: 'address',
        address: {
          province: '广东省',
          city: '深圳市',
          district: '南山区',
          detail: '科技园路 1 号',
          postalCode: '518057',
        },
        recipientName: '陈晓',
      },
    });

  async function handInAndBringToHub(orderId: string): Promise<string> {
    const shipment = await shipmentOfOrder(world, orderId, world.staff);
    await request(world.logistics)
      .post(`/points/${county.village.id}/hand-ins`)
      .set(...bearer(county.villageOperator))
      .send({ parcelCode: shipment.parcelCode, weighedGrams: 5100, traceCodes: [lot1] })
      .expect(201);
    const run = await planRunCollecting(world, shipment.id);
    await driveRun(world, county, run.id);
    const handover = await request(world.logistics)
      .post(`/shipments/${shipment.id}/carrier-handover`)
      .set(...bearer(world.staff))
      .send({ nodeId: county.hub.id })
      .expect(201);
    return handover.body.waybillNo as string;
  }

  it('goes from the cooperative through the village point, a run and the hub to the carrier, delivered by a signed webhook', async () => {
    const order = orangesFor(cityBuyer.userId);
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, cityBuyer);
    expect(shipment.path.map((node) => node.code)).toEqual([county.village.code, county.anxi.code, county.hub.code]);
    expect(shipment.legs.map((leg) => leg.mode)).toEqual(['run', 'run', 'carrier']);

    // first kilometre: the scale says 5.4 kg against 5 kg ± 200 g
    const heavy = await request(world.logistics)
      .post(`/points/${county.village.id}/hand-ins`)
      .set(...bearer(county.villageOperator))
      .send({ parcelCode: shipment.parcelCode, weighedGrams: 5400, traceCodes: [lot1] })
      .expect(422);
    expect(heavy.body).toMatchObject({
      type: '/problems/weight-out-of-tolerance',
      differenceGrams: 400,
      toleranceGrams: 200,
    });
    // another point's operator cannot take it in here, nor at their own point
    await request(world.logistics)
      .post(`/points/${county.village.id}/hand-ins`)
      .set(...bearer(county.coldVillageOperator))
      .send({ parcelCode: shipment.parcelCode, weighedGrams: 5100, traceCodes: [lot1] })
      .expect(403);
    const elsewhere = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/hand-ins`)
      .set(...bearer(county.coldVillageOperator))
      .send({ parcelCode: shipment.parcelCode, weighedGrams: 5100, traceCodes: [lot1] })
      .expect(422);
    expect(elsewhere.body.type).toBe('/problems/not-on-route');

    const handIn = await request(world.logistics)
      .post(`/points/${county.village.id}/hand-ins`)
      .set(...bearer(county.villageOperator))
      .send({ parcelCode: shipment.parcelCode, weighedGrams: 4850, traceCodes: [lot1, lot2] })
      .expect(201);
    expect(handIn.body).toMatchObject({ differenceGrams: -150, status: 'at_node' });
    const waiting = await request(world.logistics)
      .get(`/points/${county.village.id}/outbound`)
      .set(...bearer(county.villageOperator))
      .expect(200);
    expect(waiting.body.map((parcel: { parcelCode: string }) => parcel.parcelCode)).toContain(shipment.parcelCode);
    const [handedIn] = await outbox(world, EventName.ShipmentScanned, { orderId: order.orderId, kind: 'handed_in' });
    expect(handedIn).toMatchObject({
      nodeCode: county.village.code,
      traceCodes: [lot1, lot2],
    });

    // the day's run collects it at the village point and brings it to the hub
    const run = await planRunCollecting(world, shipment.id);
    await request(world.logistics)
      .post(`/runs/${run.id}/stops/${county.village.id}/collect`)
      .set(...bearer(county.villageOperator))
      .send({})
      .expect(409);
    await request(world.logistics)
      .post(`/runs/${run.id}/dispatch`)
      .set(...bearer(world.staff))
      .send({})
      .expect(200);
    const collected = await request(world.logistics)
      .post(`/runs/${run.id}/stops/${county.village.id}/collect`)
      .set(...bearer(county.villageOperator))
      .send({})
      .expect(200);
    expect(collected.body.scanned).toEqual([shipment.parcelCode]);
    expect(await outbox(world, EventName.ShipmentDispatched, { orderId: order.orderId })).toHaveLength(1);
    const back = await request(world.logistics)
      .post(`/runs/${run.id}/complete`)
      .set(...bearer(world.staff))
      .send({})
      .expect(200);
    expect(back.body.run.status).toBe('completed');
    expect(back.body.scanned).toContain(shipment.parcelCode);

    const handover = await request(world.logistics)
      .post(`/shipments/${shipment.id}/carrier-handover`)
      .set(...bearer(world.staff))
      .send({ nodeId: county.hub.id })
      .expect(201);
    expect(handover.body.waybillNo).toMatch(/^SX\d{12}$/);
    const withCarrier = await shipmentOfOrder(world, order.orderId, cityBuyer);
    expect(withCarrier).toMatchObject({
      status: 'with_carrier',
      custody: { kind: 'carrier', waybillNo: handover.body.waybillNo },
    });

    const body = {
      waybillNo: handover.body.waybillNo,
      status: 'delivered',
      occurredAt: new Date().toISOString(),
      signedBy: '本人签收',
    };
    const forged = signAsCarrier(body, 'someone-elses-secret-0000000');
    const refused = await request(world.logistics)
      .post('/carrier/webhook')
      .set('x-carrier-timestamp', forged.timestamp)
      .set('x-carrier-signature', forged.signature)
      .send(body)
      .expect(401);
    expect(refused.body.type).toBe('/problems/bad-signature');
    await request(world.logistics).post('/carrier/webhook').send(body).expect(401);
    const old = signAsCarrier(body, SECRET, Date.now() - 3600_000);
    await request(world.logistics)
      .post('/carrier/webhook')
      .set('x-carrier-timestamp', old.timestamp)
      .set('x-carrier-signature', old.signature)
      .send(body)
      .expect(401);

    const signed = signAsCarrier(body);
    const accepted = await request(world.logistics)
      .post('/carrier/webhook')
      .set('x-carrier-timestamp', signed.timestamp)
      .set('x-carrier-signature', signed.signature)
      .send(body)
      .expect(200);
    expect(accepted.body).toEqual({ outcome: 'delivered', shipmentId: shipment.id });
    const again = await request(world.logistics)
      .post('/carrier/webhook')
      .set('x-carrier-timestamp', signed.timestamp)
      .set('x-carrier-signature', signed.signature)
      .send(body)
      .expect(200);
    expect(again.body.outcome).toBe('duplicate');

    expect(await outbox(world, EventName.ShipmentDelivered, { orderId: order.orderId })).toEqual([
      expect.objectContaining({ shipmentId: shipment.id, receipt: { method: 'carrier', collectedBy: 'carrier' } }),
    ]);
    const done = await shipmentOfOrder(world, order.orderId, cityBuyer);
    expect(done).toMatchObject({ status: 'delivered', custody: { kind: 'recipient' }, receipt: { method: 'carrier' } });
    expect(done.scans.map((scan) => scan.kind)).toEqual([
      'handed_in',
      'departed',
      'arrived',
      'handed_to_carrier',
      'carrier_delivered',
    ]);
    expect(done.legs.every((leg) => leg.status === 'done')).toBe(true);
  });

  it('lets the simulated carrier confirm on its own once its delivery time has come (clock moved, sweep run)', async () => {
    const order = orangesFor(cityBuyer.userId);
    await deliver(world, EventName.OrderPaid, order);
    await handInAndBringToHub(order.orderId);
    const early = await request(world.logistics)
      .post('/admin/sweeps/retention')
      .set(...bearer(world.admin))
      .expect(200);
    expect(early.body.carrierDelivered).toBe(0);
    world.clock.travel(121 * 60_000);
    try {
      const swept = await request(world.logistics)
        .post('/admin/sweeps/retention')
        .set(...bearer(world.admin))
        .expect(200);
      expect(swept.body.carrierDelivered).toBe(1);
    } finally {
      world.clock.reset();
    }
    expect(await shipmentOfOrder(world, order.orderId, cityBuyer)).toMatchObject({
      status: 'delivered',
      receipt: { method: 'carrier' },
    });
  });

  it('creates the shipments of orders paid at once in one inbox transaction, each shipment.created naming its cause', async () => {
    const paid = Array.from({ length: 6 }, () => envelope(EventName.OrderPaid, orangesFor(cityBuyer.userId)));
    const again = { ...paid[0], id: randomUUID() }; // the same order under a new event id
    const inbox = world.platform.apps.logistics!.get(InboxWorker);

    const outcomes = await Promise.all(
      [...paid, again].map((event) => inbox.handle(event as unknown as EventEnvelope)),
    );

    expect(outcomes).toEqual([...paid, again].map(() => 'handled'));
    const db = new Client({ connectionString: world.platform.db.url });
    await db.connect();
    try {
      const orderIds = paid.map((event) => event.data.orderId);
      const { rows: shipments } = await db.query<{ order_id: string; status: string }>(
        `SELECT order_id, status FROM logistics.shipment WHERE order_id = ANY ($1)`,
        [orderIds],
      );
      expect(shipments.map((row) => row.order_id).sort()).toEqual([...orderIds].sort());
      await expectCreatedByEachInBatches(db, paid);
    } finally {
      await db.end();
    }
  });

  it('creates twenty shipments paid at once — produce up, goods down, one cancelled before it was paid — each as it would be alone', async () => {
    const goodsDown = () =>
      orderPaid({ direction: FlowDirection.Down, destination: { servicePointOrgId: county.villageOperator.orgId! } });
    const up = Array.from({ length: 10 }, () => envelope(EventName.OrderPaid, orangesFor(cityBuyer.userId)));
    const down = Array.from({ length: 10 }, () => envelope(EventName.OrderPaid, goodsDown()));
    const cancelledFirst = down[9].data;
    await deliver(world, EventName.OrderCancelled, {
      orderId: cancelledFirst.orderId,
      sellerOrgId: cancelledFirst.sellerOrgId,
      reason: 'buyer',
      wasPaid: true,
      lines: [],
    });
    const inbox = world.platform.apps.logistics!.get(InboxWorker);

    const paid = [...up, ...down];
    const outcomes = await Promise.all(paid.map((event) => inbox.handle(event as unknown as EventEnvelope)));
    // the same routes, one order alone each
    const alone = [orangesFor(cityBuyer.userId), goodsDown()];
    for (const order of alone) {
      await deliver(world, EventName.OrderPaid, order);
    }

    expect(outcomes).toEqual(paid.map(() => 'handled'));
    const db = new Client({ connectionString: world.platform.db.url });
    await db.connect();
    try {
      const orderIds = [...paid, ...alone.map((data) => ({ data }))].map((event) => event.data.orderId);
      const { rows } = await db.query<{
        order_id: string;
        id: string;
        status: string;
        path: string[];
        routing_problem: string | null;
        legs: string[];
        consents: string[];
        cancellation_shipment: string | null;
      }>(
        `SELECT s.order_id, s.id, s.status, s.path::text[] AS path, s.routing_problem,
                ARRAY(SELECT status FROM logistics.shipment_leg l WHERE l.shipment_id = s.id ORDER BY seq) AS legs,
                ARRAY(SELECT kind FROM logistics.consent_record c WHERE c.shipment_id = s.id) AS consents,
                (SELECT shipment_id FROM logistics.order_cancellation c WHERE c.order_id = s.order_id) AS cancellation_shipment
           FROM logistics.shipment s WHERE s.order_id = ANY ($1)`,
        [orderIds],
      );
      const of = new Map(rows.map((row) => [row.order_id, row]));
      expect(of.size).toBe(22);
      const [upAlone, downAlone] = alone.map((order) => of.get(order.orderId)!);
      expect(upAlone).toMatchObject({ status: 'awaiting_handover', routing_problem: null, consents: [] });
      expect(upAlone.path[0]).toBe(county.village.id);
      expect(downAlone).toMatchObject({ status: 'awaiting_handover', routing_problem: null });
      expect(downAlone.consents).toEqual(['station_delivery']);
      for (const event of up) {
        expect(of.get(event.data.orderId)).toMatchObject({ path: upAlone.path, legs: upAlone.legs, consents: [] });
      }
      for (const event of down.slice(0, 9)) {
        expect(of.get(event.data.orderId)).toMatchObject({
          status: 'awaiting_handover',
          path: downAlone.path,
          legs: downAlone.legs,
          consents: ['station_delivery'],
        });
      }
      const born = of.get(cancelledFirst.orderId)!;
      expect(born).toMatchObject({ status: 'cancelled', path: downAlone.path, cancellation_shipment: born.id });
      expect(born.legs).toEqual(downAlone.legs.map(() => 'cancelled'));
      await expectCreatedByEachInBatches(db, paid);
    } finally {
      await db.end();
    }
  });

  it('leaves produce from a village with no service point unrouted, and routes it once the point exists', async () => {
    const order = orderPaid({
      direction: FlowDirection.Up,
      originVillageCode: '360722101209',
      destination: {
        kind: 'address',
        address: { province: '广东省', city: '广州市', district: '天河区', detail: '体育西路', postalCode: null },
      },
    });
    await deliver(world, EventName.OrderPaid, order);
    const unrouted = await shipmentOfOrder(world, order.orderId, world.staff);
    expect(unrouted.routingProblem).toMatch(/no village service point for the origin village 360722101209/);
    await request(world.logistics)
      .post(`/shipments/${unrouted.id}/reroute`)
      .set(...bearer(world.staff))
      .expect(422);
    await request(world.logistics)
      .post('/nodes')
      .set(...bearer(world.staff))
      .send({
        code: '360722101209',
        name: '新田村服务站',
        parentId: county.datang.id,
        latitude: 25.46,
        longitude: 114.78,
        hostType: 'village_shop',
        openingHours: '07:30-21:00',
        shelves: 2,
        layers: 2,
      })
      .expect(201);
    const rerouted = await request(world.logistics)
      .post(`/shipments/${unrouted.id}/reroute`)
      .set(...bearer(world.staff))
      .expect(200);
    expect(rerouted.body.routingProblem).toBeNull();
    expect(rerouted.body.path.map((node: { code: string }) => node.code)).toEqual([
      '360722101209',
      county.datang.code,
      county.hub.code,
    ]);
  });
});
