import { EventName, FlowDirection } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { FakeKuaidi100 } from '../support/fake-kuaidi100';
import {
  bearer,
  buildCounty,
  buyer,
  County,
  deliver,
  LogisticsWorld,
  orderPaid,
  outbox,
  recordLot,
  shipmentOfOrder,
  startLogisticsWorld,
} from './support';

/** Where 快递100 is told to push: the platform's public address; the fake reaches it on the local port. */
const PUBLIC_CALLBACK = 'https://countyflow.example.cn/api/logistics/carrier/kuaidi100/push';

/**
 * The express carrier through 快递100's published tracking push (CARRIER=kuaidi100), against a local 快递100 that
 * speaks the protocol, with a key and a salt made for this test: the hub scans the carrier's waybill number, it is
 * subscribed with our callback URL and salt, and the signed push of 签收 delivers the parcel — once.
 */
describe('the express carrier through 快递100 (subscription and signed push)', () => {
  const key = randomBytes(16).toString('hex');
  const salt = randomBytes(16).toString('hex');
  let fake: FakeKuaidi100;
  let world: LogisticsWorld;
  let county: County;
  const coopId = randomUUID();
  let lot: string;

  beforeAll(async () => {
    fake = new FakeKuaidi100(key, (url) => url.replace(/^https:\/\/[^/]+\/api\/logistics/, world.logistics));
    await fake.start();
    world = await startLogisticsWorld({
      CARRIER: 'kuaidi100',
      KUAIDI100_KEY: key,
      KUAIDI100_COMPANY: 'zhongtong',
      KUAIDI100_POLL_URL: fake.pollUrl,
      KUAIDI100_CALLBACK_URL: PUBLIC_CALLBACK,
      KUAIDI100_SALT: salt,
    });
    county = await buildCounty(world);
    lot = await recordLot(world, { sellerOrgId: coopId });
  });

  afterAll(async () => {
    await world?.platform.stop();
    await fake?.stop();
  });

  /** A city buyer's oranges, handed in at the village point and brought to the hub on the van. */
  async function orangesAtHub(): Promise<{ orderId: string; shipmentId: string; parcelCode: string }> {
    const cityBuyer = await buyer(world);
    const order = orderPaid({
      buyerId: cityBuyer.userId,
      direction: FlowDirection.Up,
      sellerOrgId: coopId,
      sellerName: '安西镇脐橙专业合作社',
      originVillageCode: county.village.code,
      totalWeightGrams: 5000,
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
    await deliver(world, EventName.OrderPaid, order);
    const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
    await request(world.logistics)
      .post(`/points/${county.village.id}/hand-ins`)
      .set(...bearer(county.villageOperator))
      .send({ parcelCode: shipment.parcelCode, weighedGrams: 5000, traceCodes: [lot] })
      .expect(201);
    for (const scan of [
      { kind: 'departed', nodeId: county.village.id, vehicleId: county.van.id },
      { kind: 'arrived', nodeId: county.hub.id },
    ]) {
      await request(world.logistics)
        .post(`/shipments/${shipment.id}/scans`)
        .set(...bearer(world.staff))
        .send(scan)
        .expect(201);
    }
    return { orderId: order.orderId, shipmentId: shipment.id, parcelCode: shipment.parcelCode };
  }

  /** The booking's subscription state, as stored. */
  async function booking(waybillNo: string): Promise<{ subscribed: boolean; attempts: number; error: string | null }> {
    const client = new Client({ connectionString: world.platform.db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ subscribed: boolean; attempts: number; error: string | null }>(
        `SELECT subscribed_at IS NOT NULL AS subscribed, subscribe_attempts AS attempts, subscribe_error AS error
           FROM logistics.carrier_booking WHERE waybill_no = $1`,
        [waybillNo],
      );
      return rows[0];
    } finally {
      await client.end();
    }
  }

  /** Waits for what the platform does after its answer (the subscription follows the hand-over's commit). */
  const until = (what: string, condition: () => Promise<boolean> | boolean) =>
    waitFor(async () => (await condition()) || undefined, { what, timeoutMs: 30_000 });

  const sweep = () =>
    request(world.logistics)
      .post('/admin/sweeps/retention')
      .set(...bearer(world.admin))
      .expect(200);

  const handOver = (parcelCode: string, waybillNo?: string) =>
    request(world.logistics)
      .post(`/nodes/${county.hub.id}/carrier-handovers`)
      .set(...bearer(world.staff))
      .send({ parcelCode, ...(waybillNo && { waybillNo }) });

  it('subscribes the scanned waybill and delivers on the signed 签收 push, once', async () => {
    const parcel = await orangesAtHub();
    // 快递100 issues no numbers: the hand-over names the carrier's waybill, or it is refused and nothing moves
    const unnamed = await handOver(parcel.parcelCode).expect(422);
    expect(unnamed.body).toMatchObject({ code: 'waybill-required' });
    expect(fake.subscriptions.size).toBe(0);

    const handover = await handOver(parcel.parcelCode, '75312345678901').expect(201);
    expect(handover.body).toMatchObject({ carrier: 'kuaidi100', waybillNo: '75312345678901' });
    await until('the booking is subscribed', async () => (await booking('75312345678901')).subscribed);
    expect(fake.subscriptions.get('75312345678901')).toEqual({
      company: 'zhongtong',
      number: '75312345678901',
      key,
      to: '广东省深圳市南山区',
      phone: undefined,
      callbackurl: PUBLIC_CALLBACK,
      salt,
    });
    expect(await shipmentOfOrder(world, parcel.orderId, world.staff)).toMatchObject({
      status: 'with_carrier',
      custody: { kind: 'carrier', waybillNo: '75312345678901' },
    });

    // on its way: taken, nothing changes
    const moving = await fake.push('75312345678901', '0', [
      { context: '【深圳市】快件已到达 深圳转运中心', ftime: '2026-12-07 06:10:00' },
    ]);
    expect(moving).toEqual({ status: 200, body: { result: true, returnCode: '200', message: '成功' } });
    expect((await shipmentOfOrder(world, parcel.orderId, world.staff)).status).toBe('with_carrier');

    // a forged push (another salt) and a tampered one (param changed after signing) are refused
    const signedFor = [
      { context: '【深圳市】已签收，签收人凭取货码签收', ftime: '2026-12-07 15:42:00' },
      { context: '【深圳市】快件已到达 深圳转运中心', ftime: '2026-12-07 06:10:00' },
    ];
    const forged = await fake.push('75312345678901', '3', signedFor, { salt: randomBytes(16).toString('hex') });
    expect(forged).toMatchObject({ status: 401, body: { code: 'bad-signature' } });
    const tampered = await fake.push('75312345678901', '0', signedFor, {
      tamper: (param) => param.replace('"state":"0"', '"state":"3"'),
    });
    expect(tampered).toMatchObject({ status: 401, body: { code: 'bad-signature' } });
    expect((await shipmentOfOrder(world, parcel.orderId, world.staff)).status).toBe('with_carrier');

    // 签收: delivered at the time of the track's newest line (China time); pushed again, taken and not applied again
    for (let attempt = 0; attempt < 2; attempt++) {
      const taken = await fake.push('75312345678901', '3', signedFor);
      expect(taken).toEqual({ status: 200, body: { result: true, returnCode: '200', message: '成功' } });
    }
    const delivered = await outbox(world, EventName.ShipmentDelivered, { orderId: parcel.orderId });
    expect(delivered).toEqual([
      expect.objectContaining({
        shipmentId: parcel.shipmentId,
        receipt: { method: 'carrier', collectedBy: 'carrier' },
      }),
    ]);
    const done = await shipmentOfOrder(world, parcel.orderId, world.staff);
    expect(done).toMatchObject({ status: 'delivered', custody: { kind: 'recipient' } });
    const last = done.scans[done.scans.length - 1];
    expect(last.kind).toBe('carrier_delivered');
    expect(new Date(last.at).toISOString()).toBe('2026-12-07T07:42:00.000Z');
  });

  it('commits the hand-over without waiting for 快递100, and retries a failed subscription until it is taken', async () => {
    const parcel = await orangesAtHub();
    // a slow 快递100: the hand-over answers while its subscription is still unanswered
    const requestsBefore = fake.subscribeRequests;
    const release = fake.holdNext();
    fake.refuseNext('500', '服务器错误');
    const handover = await handOver(parcel.parcelCode, '75333333333333').expect(201);
    expect(handover.body).toMatchObject({ carrier: 'kuaidi100', waybillNo: '75333333333333' });
    await until('快递100 is asked', () => fake.subscribeRequests > requestsBefore);
    expect(await booking('75333333333333')).toEqual({ subscribed: false, attempts: 0, error: null });
    expect(await shipmentOfOrder(world, parcel.orderId, world.staff)).toMatchObject({
      status: 'with_carrier',
      custody: { kind: 'carrier', waybillNo: '75333333333333' },
    });

    // it then refuses: the booking stays pending with its reason, the parcel with the carrier
    release();
    await until('the failed attempt is recorded', async () => (await booking('75333333333333')).attempts === 1);
    expect(await booking('75333333333333')).toMatchObject({ subscribed: false, error: expect.stringContaining('500') });
    expect(fake.subscriptions.has('75333333333333')).toBe(false);

    // the sweep retries it; 快递100 takes it; the next sweep has nothing left to do
    const retried = await sweep();
    expect(retried.body).toMatchObject({ ran: true, carrierSubscribed: 1 });
    expect(await booking('75333333333333')).toEqual({ subscribed: true, attempts: 1, error: null });
    expect(fake.subscriptions.get('75333333333333')).toMatchObject({ number: '75333333333333', salt });
    const requestsAfter = fake.subscribeRequests;
    expect((await sweep()).body).toMatchObject({ carrierSubscribed: 0 });
    expect(fake.subscribeRequests).toBe(requestsAfter);

    // the track is pushed as for any other waybill
    const taken = await fake.push('75333333333333', '3', [
      { context: '【深圳市】已签收', ftime: '2026-12-08 10:00:00' },
    ]);
    expect(taken.status).toBe(200);
    expect((await shipmentOfOrder(world, parcel.orderId, world.staff)).status).toBe('delivered');
  });

  it('keeps a subscription 快递100 already has (501) as taken, and refuses unsigned pushes', async () => {
    const parcel = await orangesAtHub();
    fake.refuseNext('501', '重复订阅');
    await handOver(parcel.parcelCode, '75322222222222').expect(201);
    await until('the booking is subscribed', async () => (await booking('75322222222222')).subscribed);
    expect(await booking('75322222222222')).toEqual({ subscribed: true, attempts: 0, error: null });

    const unsigned = await request(world.logistics)
      .post('/carrier/kuaidi100/push')
      .type('form')
      .send({ param: JSON.stringify({ lastResult: { state: '3', nu: '75322222222222', data: [] } }) })
      .expect(401);
    expect(unsigned.body.code).toBe('unsigned-webhook');
    expect(unsigned.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('loses no subscription while 快递100 cannot be reached: the sweep makes it once 快递100 is back', async () => {
    const parcel = await orangesAtHub();
    await fake.stop();
    await handOver(parcel.parcelCode, '75344444444444').expect(201);
    await until('the failed attempt is recorded', async () => (await booking('75344444444444')).attempts === 1);
    expect((await sweep()).body).toMatchObject({ carrierSubscribed: 0 });
    expect(await booking('75344444444444')).toMatchObject({ subscribed: false, attempts: 2 });
    expect((await shipmentOfOrder(world, parcel.orderId, world.staff)).status).toBe('with_carrier');

    await fake.start();
    expect((await sweep()).body).toMatchObject({ carrierSubscribed: 1 });
    expect(fake.subscriptions.has('75344444444444')).toBe(true);
  });
});
