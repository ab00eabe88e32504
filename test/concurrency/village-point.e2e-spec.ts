import { EventName } from '@countyflow/contracts';
import request from 'supertest';
import {
  bearer,
  buildCounty,
  County,
  deliver,
  LogisticsWorld,
  orderPaid,
  receiveAtHub,
  shipmentOfOrder,
  startLogisticsWorld,
} from '../logistics/support';
import { burst, queryRows, report } from './support';

const PARCELS = 16;

/*
 * Parcels reaching one village point at the same moment: each arrival locks the point (to choose a shelf slot and a
 * pickup number) and writes a scan that references the point. Taken in different orders, those locks deadlock.
 */
describe('concurrency: parcels arriving at one village point at once (orders simulated)', () => {
  let world: LogisticsWorld;
  let county: County;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world, { shelves: 4, layers: 4 });
  });

  afterAll(() => world?.platform.stop());

  it(`shelves ${PARCELS} parallel arrivals once each, with distinct pickup codes, no 5xx`, async () => {
    const shipmentIds: string[] = [];
    for (let index = 0; index < PARCELS; index++) {
      const order = orderPaid({ destination: { servicePointOrgId: county.villageOperator.orgId! } });
      await deliver(world, EventName.OrderPaid, order);
      const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
      await receiveAtHub(world, county, shipment.id);
      await request(world.logistics)
        .post(`/shipments/${shipment.id}/scans`)
        .set(...bearer(world.staff))
        .send({ kind: 'departed', nodeId: county.hub.id, vehicleId: county.van.id })
        .expect(201);
      shipmentIds.push(shipment.id);
    }

    const arrivals = await burst(
      shipmentIds.map(
        (shipmentId) => () =>
          request(world.logistics)
            .post(`/points/${county.village.id}/arrivals`)
            .set(...bearer(county.villageOperator))
            .send({ shipmentId }),
      ),
    );

    report(`${PARCELS} parallel arrivals at one village point`, arrivals.figures);
    expect(arrivals.figures.statuses).toEqual({ '201': PARCELS });
    const codes = arrivals.results.map((result) => result.response!.body.pickupCode as string);
    expect(new Set(codes).size).toBe(PARCELS);
    const shelves = await request(world.logistics)
      .get(`/points/${county.village.id}/shelves`)
      .set(...bearer(county.villageOperator))
      .expect(200);
    expect(shelves.body.waiting).toBe(PARCELS);

    // shelved once: one arrival scan per parcel, and a second arrival of the same parcels is refused, not repeated
    const again = await burst(
      shipmentIds.slice(0, 4).map(
        (shipmentId) => () =>
          request(world.logistics)
            .post(`/points/${county.village.id}/arrivals`)
            .set(...bearer(county.villageOperator))
            .send({ shipmentId }),
      ),
    );
    expect(Object.keys(again.figures.statuses).every((status) => status.startsWith('4'))).toBe(true);
    const [{ arrivals: scans }] = await queryRows<{ arrivals: number }>(
      world.platform.db.url,
      `SELECT count(*)::int AS arrivals FROM logistics.scan WHERE kind = 'arrived' AND node_id = $1`,
      [county.village.id],
    );
    expect(scans).toBe(PARCELS);
  }, 120_000);
});
