import { EventName, OrganisationKind, TemperatureClass } from '@countyflow/contracts';
import request from 'supertest';
import { Actor, sellerOwner } from '../support/actors';
import {
  bearer,
  buildCounty,
  buyer,
  County,
  deliver,
  LogisticsWorld,
  orderPaid,
  outbox,
  shelveAtPoint,
  shipmentOfOrder,
  startLogisticsWorld,
  today,
} from './support';

const chilled = { class: TemperatureClass.Chilled, minC: null, maxC: null };

describe('the cold chain (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;
  let villager: Actor;
  let seller: Actor;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
    villager = await buyer(world);
    seller = await sellerOwner(world.identity, { kind: OrganisationKind.Merchant, name: '县冷链食品店' });
  });

  afterAll(() => world.platform.stop());

  it('records an excursion, publishes it and shows it to the buyer, the seller and county staff', async () => {
    const order = orderPaid({
      buyerId: villager.userId,
      sellerOrgId: seller.orgId!,
      temperature: chilled,
      destination: { servicePointOrgId: county.coldVillageOperator.orgId! },
    });
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, villager);
    const scan = (body: object) =>
      request(world.logistics)
        .post(`/shipments/${shipment.id}/scans`)
        .set(...bearer(world.staff))
        .send(body);

    const noReading = await scan({ kind: 'arrived', nodeId: county.hub.id }).expect(400);
    expect(noReading.body.type).toBe('/problems/temperature-required');
    await scan({ kind: 'arrived', nodeId: county.hub.id, temperatureC: 2.5 }).expect(201);
    const warmVan = await scan({
      kind: 'departed',
      nodeId: county.hub.id,
      vehicleId: county.van.id,
      temperatureC: 2.5,
    }).expect(422);
    expect(warmVan.body).toMatchObject({ type: '/problems/vehicle-not-refrigerated' });
    expect(warmVan.body.detail).toContain(county.van.plate);

    const plan = await request(world.logistics)
      .post('/runs/plan')
      .set(...bearer(world.staff))
      .send({ countyCode: '360722', date: today(world) })
      .expect(200);
    const run = plan.body.runs.find((candidate: { stops: { drop: { shipmentId: string }[] }[] }) =>
      candidate.stops.some((stop) => stop.drop.some((parcel) => parcel.shipmentId === shipment.id)),
    );
    expect(run).toMatchObject({ vehicleId: county.reefer.id, refrigerated: true, cold: true });
    await request(world.logistics)
      .post(`/runs/${run.id}/dispatch`)
      .set(...bearer(world.staff))
      .send({})
      .expect(400);
    await request(world.logistics)
      .post(`/runs/${run.id}/dispatch`)
      .set(...bearer(world.staff))
      .send({ temperatureC: 3 })
      .expect(200);

    // the reefer's compressor failed on the way: 8.5 °C on arrival
    await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/arrivals`)
      .set(...bearer(county.coldVillageOperator))
      .send({ shipmentId: shipment.id, temperatureC: 8.5 })
      .expect(201);
    expect(await outbox(world, EventName.ShipmentExcursion, { orderId: order.orderId })).toEqual([
      expect.objectContaining({
        shipmentId: shipment.id,
        nodeCode: county.coldVillage.code,
        readingC: 8.5,
        minC: 0,
        maxC: 4,
      }),
    ]);

    const buyerView = await shipmentOfOrder(world, order.orderId, villager);
    expect(buyerView.excursions).toEqual([expect.objectContaining({ readingC: 8.5, excursion: true })]);
    expect(buyerView.temperatures.map((reading) => reading.readingC)).toEqual([2.5, 3, 8.5]);
    expect(buyerView.note).toMatch(/excursion: 8.5 °C outside 0–4 °C/);
    expect(buyerView.pickup!.code).toMatch(/^\d-\d-\d{4}$/);

    const sellerView = await shipmentOfOrder(world, order.orderId, seller);
    expect(sellerView.excursions).toHaveLength(1);
    expect(sellerView.pickup!.code).toBeNull();

    const staffView = await request(world.logistics)
      .get('/excursions')
      .query({ countyCode: '360722' })
      .set(...bearer(world.staff))
      .expect(200);
    expect(staffView.body).toEqual([
      expect.objectContaining({ shipmentId: shipment.id, readingC: 8.5, parcelCode: shipment.parcelCode }),
    ]);
    await request(world.logistics)
      .get('/excursions')
      .query({ countyCode: '360722' })
      .set(...bearer(villager))
      .expect(403);
  });

  it('keeps cold goods out of points without cold storage and out of full cold storage; custody stays with the vehicle', async () => {
    const order = orderPaid({
      temperature: chilled,
      destination: { servicePointOrgId: county.villageOperator.orgId! },
    });
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
    await request(world.logistics)
      .post(`/shipments/${shipment.id}/scans`)
      .set(...bearer(world.staff))
      .send({ kind: 'arrived', nodeId: county.hub.id, temperatureC: 3 })
      .expect(201);
    await request(world.logistics)
      .post(`/shipments/${shipment.id}/scans`)
      .set(...bearer(world.staff))
      .send({ kind: 'departed', nodeId: county.hub.id, vehicleId: county.reefer.id, temperatureC: 3 })
      .expect(201);
    const refused = await request(world.logistics)
      .post(`/points/${county.village.id}/arrivals`)
      .set(...bearer(county.villageOperator))
      .send({ shipmentId: shipment.id, temperatureC: 3 })
      .expect(422);
    expect(refused.body.type).toBe('/problems/no-cold-storage');
    expect(await shipmentOfOrder(world, order.orderId, world.staff)).toMatchObject({
      status: 'in_transit',
      custody: { kind: 'vehicle' },
    });

    const bulky = orderPaid({
      temperature: chilled,
      totalVolumeMl: 600_000,
      destination: { servicePointOrgId: county.coldVillageOperator.orgId! },
    });
    await deliver(world, EventName.OrderPaid, bulky);
    const big = await shipmentOfOrder(world, bulky.orderId, world.staff);
    await request(world.logistics)
      .post(`/shipments/${big.id}/scans`)
      .set(...bearer(world.staff))
      .send({ kind: 'arrived', nodeId: county.hub.id, temperatureC: 3 })
      .expect(201);
    await request(world.logistics)
      .post(`/shipments/${big.id}/scans`)
      .set(...bearer(world.staff))
      .send({ kind: 'departed', nodeId: county.hub.id, vehicleId: county.reefer.id, temperatureC: 3 })
      .expect(201);
    const full = await request(world.logistics)
      .post(`/points/${county.coldVillage.id}/arrivals`)
      .set(...bearer(county.coldVillageOperator))
      .send({ shipmentId: big.id, temperatureC: 3 })
      .expect(422);
    expect(full.body.type).toBe('/problems/cold-storage-full');
  });

  it('takes logger readings for cold goods (frozen above −18 °C is an excursion) and none for ambient goods', async () => {
    const frozen = orderPaid({
      temperature: { class: TemperatureClass.Frozen, minC: null, maxC: null },
      destination: { servicePointOrgId: county.coldVillageOperator.orgId! },
    });
    const { shipment } = await shelveAtPoint(
      world,
      county,
      frozen,
      { node: county.coldVillage, operator: county.coldVillageOperator },
      {
        vehicleId: county.reefer.id,
        temperatureC: -20,
      },
    );
    const reading = await request(world.logistics)
      .post(`/shipments/${shipment.id}/temperatures`)
      .set(...bearer(county.coldVillageOperator))
      .send({ readingC: -12 })
      .expect(201);
    expect(reading.body.excursions).toEqual([expect.objectContaining({ readingC: -12, maxC: -18 })]);

    const ambient = orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId! } });
    const { shipment: rice } = await shelveAtPoint(world, county, ambient, {
      node: county.village,
      operator: county.villageOperator,
    });
    const refused = await request(world.logistics)
      .post(`/shipments/${rice.id}/temperatures`)
      .set(...bearer(county.villageOperator))
      .send({ readingC: 20 })
      .expect(400);
    expect(refused.body.type).toBe('/problems/temperature-not-applicable');
  });
});
