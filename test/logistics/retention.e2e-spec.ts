import { EventName } from '@countyflow/contracts';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  bearer,
  buildCounty,
  buyer,
  County,
  driveRun,
  LogisticsWorld,
  orderPaid,
  outbox,
  planRunCollecting,
  shelveAtPoint,
  shipmentOfOrder,
  startLogisticsWorld,
} from './support';

const HOUR = 3600_000;

describe('retention at a village point (orders simulated; the clock is moved, the sweep triggered)', () => {
  let world: LogisticsWorld;
  let county: County;
  let villager: Actor;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    county = await buildCounty(world);
    villager = await buyer(world);
    await request(world.logistics)
      .put('/counties/360722/settings')
      .set(...bearer(world.staff))
      .send({ retentionDays: 3, reminderHoursBefore: 24 })
      .expect(200);
  });

  afterAll(() => world.platform.stop());

  const sweep = async () =>
    (
      await request(world.logistics)
        .post('/admin/sweeps/retention')
        .set(...bearer(world.admin))
        .expect(200)
    ).body as {
      reminded: number;
      returned: number;
    };

  it('reminds the recipient the day before, then sends the parcel back (shipment.returned) and it rides the next run up', async () => {
    const order = orderPaid({
      buyerId: villager.userId,
      destination: { servicePointOrgId: county.villageOperator.orgId!, recipientPhone: '13698765432' },
    });
    const { shipment, code } = await shelveAtPoint(world, county, order, {
      node: county.village,
      operator: county.villageOperator,
    });
    const shelved = await shipmentOfOrder(world, order.orderId, villager);
    const collectBy = Date.parse(shelved.pickup!.collectBy!);
    expect(collectBy - world.clock.now().getTime()).toBeGreaterThan(3 * 24 * HOUR - HOUR);

    try {
      expect(await sweep()).toMatchObject({ reminded: 0, returned: 0 });
      world.clock.travel(2 * 24 * HOUR + HOUR);
      expect(await sweep()).toMatchObject({ reminded: 1, returned: 0 });
      expect(await sweep()).toMatchObject({ reminded: 0, returned: 0 });
      const messages = await request(world.logistics)
        .get('/notifications')
        .query({ shipmentId: shipment.id })
        .set(...bearer(villager))
        .expect(200);
      expect(messages.body.map((message: { template: string }) => message.template)).toEqual([
        'parcel_dispatched',
        'ready_for_pickup',
        'pickup_reminder',
      ]);

      const dueSoon = await request(world.logistics)
        .get(`/points/${county.village.id}/overdue`)
        .set(...bearer(county.villageOperator))
        .expect(200);
      expect(dueSoon.body.dueSoon.map((parcel: { parcelCode: string }) => parcel.parcelCode)).toEqual([
        shipment.parcelCode,
      ]);

      world.clock.travel(24 * HOUR);
      expect(await sweep()).toMatchObject({ returned: 1 });
      expect(await outbox(world, EventName.ShipmentReturned, { orderId: order.orderId })).toEqual([
        expect.objectContaining({ shipmentId: shipment.id, reason: 'uncollected' }),
      ]);

      const returning = await shipmentOfOrder(world, order.orderId, villager);
      expect(returning).toMatchObject({
        status: 'returning',
        custody: { kind: 'node', node: { code: county.village.code } },
      });
      expect(returning.pickup!.code).toBeNull();
      expect(returning.legs.map((leg) => [leg.mode, leg.purpose, leg.status])).toEqual([
        ['run', 'forward', 'done'],
        ['run', 'forward', 'done'],
        ['pickup', 'forward', 'cancelled'],
        ['run', 'return', 'pending'],
        ['run', 'return', 'pending'],
      ]);
      const late = await request(world.logistics)
        .post(`/points/${county.village.id}/collections`)
        .set(...bearer(county.villageOperator))
        .send({ code, phoneLast4: '5432' })
        .expect(409);
      expect(late.body.detail).toMatch(/sent back/);
      const overdue = await request(world.logistics)
        .get(`/points/${county.village.id}/overdue`)
        .set(...bearer(county.villageOperator))
        .expect(200);
      expect(overdue.body.returning.map((parcel: { parcelCode: string }) => parcel.parcelCode)).toEqual([
        shipment.parcelCode,
      ]);

      // the next run collects the return at the village point and brings it back to the hub
      const run = await planRunCollecting(world, shipment.id);
      await driveRun(world, county, run.id);
      expect(await shipmentOfOrder(world, order.orderId, villager)).toMatchObject({
        status: 'returned',
        custody: { kind: 'node', node: { code: county.hub.code } },
      });
    } finally {
      world.clock.reset();
    }
  });
});
