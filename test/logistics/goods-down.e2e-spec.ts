import { EventName, FlowDirection } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  bearer,
  buildCounty,
  buyer,
  County,
  deliver,
  enqueue,
  LogisticsWorld,
  orderPaid,
  outbox,
  receiveAtHub,
  shipmentOfOrder,
  startLogisticsWorld,
  today,
} from './support';

describe('goods down to a village point (orders simulated: order.paid is injected into the logistics inbox)', () => {
  let world: LogisticsWorld;
  let county: County;
  let villager: Actor;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
    villager = await buyer(world);
  });

  afterAll(() => world.platform.stop());

  it('carries fertiliser from the hub to the villager: legs, scans, shelf, pickup code, collection, shipment.delivered', async () => {
    const order = orderPaid({
      buyerId: villager.userId,
      destination: {
        servicePointOrgId: county.villageOperator.orgId!,
        recipientPhone: '13912348000',
        agentName: '李四',
        agentPhone: '13700001234',
      },
    });
    await enqueue(world, EventName.OrderPaid, order);
    const created = await shipmentOfOrder(world, order.orderId, villager);
    expect(created).toMatchObject({ status: 'awaiting_handover', custody: { kind: 'seller' }, routingProblem: null });
    expect(created.path.map((node) => node.code)).toEqual([county.hub.code, county.anxi.code, county.village.code]);
    expect(created.legs.map((leg) => [leg.from?.code, leg.to?.code ?? null, leg.mode])).toEqual([
      [county.hub.code, county.anxi.code, 'run'],
      [county.anxi.code, county.village.code, 'run'],
      [county.village.code, null, 'pickup'],
    ]);
    expect(created.consents.map((consent) => consent.kind)).toEqual(['station_delivery', 'named_agent']);
    expect(await outbox(world, EventName.ShipmentCreated, { orderId: order.orderId })).toHaveLength(1);

    // the same order paid twice (a second event, not a redelivery) is still one shipment
    await deliver(world, EventName.OrderPaid, order);
    expect(await outbox(world, EventName.ShipmentCreated, { orderId: order.orderId })).toHaveLength(1);

    await receiveAtHub(world, county, created.id);
    const plan = await request(world.logistics)
      .post('/runs/plan')
      .set(...bearer(world.staff))
      .send({ countyCode: '360722', date: today(world) })
      .expect(200);
    const run = plan.body.runs.find((candidate: { stops: { drop: { shipmentId: string }[] }[] }) =>
      candidate.stops.some((stop) => stop.drop.some((parcel) => parcel.shipmentId === created.id)),
    );
    expect(run).toBeDefined();
    expect(run.stops.map((stop: { nodeCode: string }) => stop.nodeCode)).toContain(county.village.code);

    const dispatched = await request(world.logistics)
      .post(`/runs/${run.id}/dispatch`)
      .set(...bearer(world.staff))
      .send({})
      .expect(200);
    expect(dispatched.body.scanned).toContain(created.parcelCode);
    expect(await outbox(world, EventName.ShipmentDispatched, { orderId: order.orderId })).toHaveLength(1);

    const arrival = await request(world.logistics)
      .post(`/points/${county.village.id}/arrivals`)
      .set(...bearer(county.villageOperator))
      .send({ parcelCode: created.parcelCode })
      .expect(201);
    expect(arrival.body).toMatchObject({
      status: 'ready_for_pickup',
      shelf: expect.any(Number),
      layer: expect.any(Number),
    });
    expect(arrival.body.pickupCode).toMatch(new RegExp(`^${arrival.body.shelf}-${arrival.body.layer}-\\d{4}$`));
    const code: string = arrival.body.pickupCode;

    const [ready] = await outbox(world, EventName.ShipmentReadyForPickup, { orderId: order.orderId });
    expect(ready).toMatchObject({ servicePointOrgId: county.villageOperator.orgId, collectBy: expect.any(String) });
    const messages = await request(world.logistics)
      .get('/notifications')
      .query({ shipmentId: created.id })
      .set(...bearer(villager))
      .expect(200);
    type Message = { template: string; recipientPhone: string; body: string };
    // the recipient was told when the parcel left the hub (the order's "shipped" message), then both are told the code
    const [shipped, ...readyMessages] = messages.body as Message[];
    expect(shipped).toMatchObject({ template: 'parcel_dispatched', body: expect.stringContaining(created.parcelCode) });
    expect(readyMessages.map((message) => [message.template, message.recipientPhone]).sort()).toEqual([
      ['ready_for_pickup', '13700001234'],
      ['ready_for_pickup', '13912348000'],
    ]);
    expect(readyMessages[0].body).toContain(code);

    const timeline = await shipmentOfOrder(world, order.orderId, villager);
    expect(timeline.pickup).toMatchObject({ code, shelf: arrival.body.shelf, layer: arrival.body.layer });
    expect(timeline.scans.map((scan) => [scan.kind, scan.nodeCode])).toEqual([
      ['arrived', county.hub.code],
      ['departed', county.hub.code],
      ['arrived', county.village.code],
    ]);
    expect(timeline.legs.filter((leg) => leg.mode === 'run').map((leg) => leg.status)).toEqual(['done', 'done']);

    const shelves = await request(world.logistics)
      .get(`/points/${county.village.id}/shelves`)
      .set(...bearer(county.villageOperator))
      .expect(200);
    const slot = shelves.body.slots.find(
      (candidate: { shelf: number; layer: number }) =>
        candidate.shelf === arrival.body.shelf && candidate.layer === arrival.body.layer,
    );
    expect(slot.parcels).toEqual([
      expect.objectContaining({ parcelCode: created.parcelCode, recipientName: '王**', recipientPhoneTail: '8000' }),
    ]);
    const arrivals = await request(world.logistics)
      .get(`/points/${county.village.id}/arrivals`)
      .set(...bearer(county.villageOperator))
      .expect(200);
    expect(arrivals.body.arrived.map((parcel: { parcelCode: string }) => parcel.parcelCode)).toContain(
      created.parcelCode,
    );

    const wrongPhone = await request(world.logistics)
      .post(`/points/${county.village.id}/collections`)
      .set(...bearer(county.villageOperator))
      .send({ code, phoneLast4: '0000' })
      .expect(422);
    expect(wrongPhone.headers['content-type']).toContain('application/problem+json');
    expect(wrongPhone.body).toMatchObject({ type: '/problems/pickup-code-mismatch', attemptsLeft: 4 });

    const collected = await request(world.logistics)
      .post(`/points/${county.village.id}/collections`)
      .set(...bearer(county.villageOperator))
      .send({ code, phoneLast4: '1234' })
      .expect(200);
    expect(collected.body).toMatchObject({ method: 'pickup_code', collectedBy: 'agent', collectorName: '李四' });
    const [delivered] = await outbox(world, EventName.ShipmentDelivered, { orderId: order.orderId });
    expect(delivered).toMatchObject({
      shipmentId: created.id,
      receipt: { method: 'pickup_code', collectedBy: 'agent' },
    });

    const done = await shipmentOfOrder(world, order.orderId, villager);
    expect(done).toMatchObject({
      status: 'delivered',
      custody: { kind: 'recipient' },
      receipt: { method: 'pickup_code', collectedBy: 'agent' },
    });
    expect(done.legs.every((leg) => leg.status === 'done')).toBe(true);

    const reused = await request(world.logistics)
      .post(`/points/${county.village.id}/collections`)
      .set(...bearer(county.villageOperator))
      .send({ code, phoneLast4: '1234' })
      .expect(409);
    expect(reused.body.type).toBe('/problems/pickup-code-used');
  });

  it('refuses scans off the route, twice in a row, out of sequence, with a temperature for ambient goods, or by another point', async () => {
    const order = orderPaid({
      buyerId: villager.userId,
      destination: { servicePointOrgId: county.villageOperator.orgId! },
    });
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, villager);
    const scan = (actor: Actor, body: object) =>
      request(world.logistics)
        .post(`/shipments/${shipment.id}/scans`)
        .set(...bearer(actor))
        .send(body);

    const offRoute = await scan(world.staff, { kind: 'arrived', nodeId: county.datang.id }).expect(422);
    expect(offRoute.body).toMatchObject({ type: '/problems/not-on-route' });
    expect(offRoute.body.detail).toContain('大塘埠镇站');
    const early = await scan(world.staff, { kind: 'arrived', nodeId: county.village.id }).expect(409);
    expect(early.body.type).toBe('/problems/out-of-sequence');
    const ambient = await scan(world.staff, { kind: 'arrived', nodeId: county.hub.id, temperatureC: 20 }).expect(400);
    expect(ambient.body.type).toBe('/problems/temperature-not-applicable');

    await scan(world.staff, { kind: 'arrived', nodeId: county.hub.id }).expect(201);
    const twice = await scan(world.staff, { kind: 'arrived', nodeId: county.hub.id }).expect(409);
    expect(twice.body.type).toBe('/problems/duplicate-scan');
    const noVehicle = await scan(world.staff, { kind: 'departed', nodeId: county.hub.id }).expect(400);
    expect(noVehicle.body.type).toBe('/problems/vehicle-required');
    await scan(world.staff, { kind: 'departed', nodeId: county.hub.id, vehicleId: county.van.id }).expect(201);

    // the operator of the other village point cannot act at this point, nor scan the parcel in at theirs
    const foreign = await request(world.logistics)
      .post(`/points/${county.village.id}/arrivals`)
      .set(...bearer(county.coldVillageOperator))
      .send({ parcelCode: shipment.parcelCode })
      .expect(403);
    expect(foreign.body.type).toBe('/problems/not-node-operator');
    const wrongPoint = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/arrivals`)
      .set(...bearer(county.coldVillageOperator))
      .send({ parcelCode: shipment.parcelCode })
      .expect(422);
    expect(wrongPoint.body.type).toBe('/problems/not-on-route');
    // a buyer cannot scan at all
    await scan(villager, { kind: 'arrived', nodeId: county.village.id }).expect(403);

    const timeline = await shipmentOfOrder(world, order.orderId, villager);
    expect(timeline.custody).toMatchObject({ kind: 'vehicle' });
    expect(timeline.status).toBe('in_transit');
    // another buyer sees nothing
    const stranger = await buyer(world);
    await request(world.logistics)
      .get(`/shipments/${shipment.id}`)
      .set(...bearer(stranger))
      .expect(403);
  });

  it('cancels a shipment that has not left, and only records a cancellation after dispatch', async () => {
    const early = orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId! } });
    const late = orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId! } });
    await deliver(world, EventName.OrderPaid, early);
    await deliver(world, EventName.OrderPaid, late);
    const lateShipment = await shipmentOfOrder(world, late.orderId, world.staff);
    await receiveAtHub(world, county, lateShipment.id);
    await request(world.logistics)
      .post(`/shipments/${lateShipment.id}/scans`)
      .set(...bearer(world.staff))
      .send({ kind: 'departed', nodeId: county.hub.id, vehicleId: county.van.id })
      .expect(201);

    for (const order of [early, late]) {
      await deliver(world, EventName.OrderCancelled, {
        orderId: order.orderId,
        sellerOrgId: order.sellerOrgId,
        reason: 'buyer',
        wasPaid: true,
        lines: [],
      });
    }
    expect(await shipmentOfOrder(world, early.orderId, world.staff)).toMatchObject({ status: 'cancelled' });
    const stillMoving = await shipmentOfOrder(world, late.orderId, world.staff);
    expect(stillMoving.status).toBe('in_transit');
    expect(stillMoving.note).toMatch(/after dispatch/);

    // cancelled before it was paid-for here (events out of order): the shipment is born cancelled
    const reordered = orderPaid({
      direction: FlowDirection.Down,
      destination: { servicePointOrgId: county.villageOperator.orgId! },
    });
    await deliver(world, EventName.OrderCancelled, {
      orderId: reordered.orderId,
      sellerOrgId: reordered.sellerOrgId,
      reason: 'buyer',
      wasPaid: true,
      lines: [],
    });
    await deliver(world, EventName.OrderPaid, reordered);
    await waitFor(async () => (await shipmentOfOrder(world, reordered.orderId, world.staff)).status === 'cancelled');
  });
});
