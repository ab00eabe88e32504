import { EventName, TemperatureClass } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import {
  cityAddress,
  COUNTY,
  expectProblem,
  OrdersHarness,
  OTHER_COUNTY,
  outboxOf,
  servicePointDestination,
  TestActor,
  TestListing,
} from './support';

/**
 * Twenty requests of one buyer with one Idempotency-Key at once: one group placed, each of its orders' order.placed
 * written once, every answer that group — and no order.placed of an order that was not placed (the losers'
 * transactions fail on the key and write nothing, their outbox inserts included). The race is made sure of: the
 * test holds off every insert into order_group until at least two requests have read that the key is unused and
 * wait to insert.
 */
async function raceOneKey(h: OrdersHarness, buyer: TestActor, line: { skuId: string; quantity: number }) {
  const key = `race-${Date.now()}`;
  const body = { lines: [line], destination: cityAddress({ recipientPhone: '13800138001' }) };
  const gate = await h.db.connect();
  let responses;
  try {
    await gate.query('BEGIN');
    await gate.query('LOCK TABLE orders.order_group IN SHARE MODE');
    const requests = Promise.all(
      Array.from({ length: 20 }, () => h.post(buyer, '/checkout', body, { 'idempotency-key': key })),
    );
    await waitFor(
      async () => {
        const { rows } = await h.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].n >= 2;
      },
      { intervalMs: 20, what: 'two checkouts waiting to insert their group' },
    );
    await gate.query('COMMIT');
    responses = await requests;
  } finally {
    gate.release();
  }

  expect(responses.map((response) => response.status)).toEqual(responses.map(() => 202));
  expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
  const { rows } = await h.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM orders.order_group WHERE idempotency_key = $1',
    [key],
  );
  expect(rows[0].n).toBe(1);
  for (const order of responses[0].body.orders as { id: string }[]) {
    expect(await outboxOf(h.db, EventName.OrderPlaced, order.id)).toHaveLength(1);
  }
  const ghosts = await h.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM orders.outbox e
      WHERE e.name = $1 AND NOT EXISTS (SELECT 1 FROM orders.customer_order o WHERE o.id = (e.payload->>'orderId')::uuid)`,
    [EventName.OrderPlaced],
  );
  expect(ghosts.rows[0].n).toBe(0);
}

describe('checkout: validation, availability, destinations and the Idempotency-Key', () => {
  let h: OrdersHarness;
  let buyer: TestActor;
  let seller: string;
  let oranges: TestListing;

  beforeAll(async () => {
    h = await OrdersHarness.start();
    buyer = h.buyer();
    seller = await h.identity.seller();
    oranges = await h.catalog.listing(seller, { skus: [{ priceFen: 6800 }, { priceFen: 12_800 }] });
  });

  afterAll(() => h?.stop());

  const line = (quantity = 1, skuId = oranges.skus[0].skuId) => ({ skuId, quantity });

  it('needs a token', async () => {
    expectProblem(
      await h.post(null, '/checkout', { lines: [line()], destination: cityAddress() }),
      401,
      'unauthenticated',
    );
  });

  it.each([
    ['an empty basket', { lines: [] }, /the basket is empty/],
    [
      'a zero quantity',
      { lines: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 0 }] },
      /quantity must not be less than 1/,
    ],
    [
      'a huge quantity',
      { lines: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 100_000 }] },
      /quantity must not be greater than 999/,
    ],
    [
      'a fractional quantity',
      { lines: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 1.5 }] },
      /quantity must be an integer/,
    ],
    ['a sku id that is not a uuid', { lines: [{ skuId: 'oranges', quantity: 1 }] }, /skuId must be a UUID/],
    ['no destination', { destination: undefined }, /destination/],
    [
      'a landline recipient phone',
      { destination: cityAddress({ recipientPhone: '0797-8888888' }) },
      /recipientPhone must be a mainland/,
    ],
    [
      'an address without its city',
      { destination: cityAddress({ address: { province: '广东省', district: '南山区', detail: 'x' } }) },
      /city/,
    ],
    ['an unknown payment method', { paymentMethod: 'iou' }, /paymentMethod/],
    ['an unknown field', { coupon: 'FREE' }, /property coupon should not exist/],
  ])('refuses %s with 400 problem+json', async (_, override, detail) => {
    const response = await h.post(buyer, '/checkout', { lines: [line()], destination: cityAddress(), ...override });

    expectProblem(response, 400, 'validation-failed', detail);
  });

  it('refuses more than 50 lines, and the same SKU in two lines', async () => {
    const many = Array.from({ length: 51 }, () => line());
    expectProblem(await h.checkout(buyer, many), 400, 'validation-failed', /at most 50 lines/);
    expectProblem(await h.checkout(buyer, [line(1), line(2)]), 400, 'duplicate-line');
  });

  it('refuses unknown, removed and unavailable SKUs at once, naming each, and places nothing', async () => {
    const paused = await h.catalog.listing(seller, { title: '暂停的蜂蜜' });
    await h.catalog.change(paused, { status: 'paused', purchasable: false });
    const trimmed = await h.catalog.listing(seller, { title: '脐橙礼盒', skus: [{}, {}] });
    await h.catalog.change(trimmed, { skus: trimmed.state.skus.slice(0, 1) });
    const unknown = '00000000-0000-4000-8000-000000000001';
    const before = await h.db.query('SELECT count(*)::int AS n FROM orders.customer_order');

    const response = await h.checkout(buyer, [
      line(1, unknown),
      line(1, paused.skus[0].skuId),
      line(1, trimmed.skus[1].skuId),
      line(1, trimmed.skus[0].skuId),
    ]);

    expectProblem(response, 422, 'unavailable-skus');
    expect(response.body.lines).toEqual([
      { skuId: unknown, problem: 'unknown', detail: 'no such SKU is on sale' },
      { skuId: paused.skus[0].skuId, problem: 'not_purchasable', detail: "'暂停的蜂蜜' is paused, not on sale now" },
      { skuId: trimmed.skus[1].skuId, problem: 'removed', detail: expect.stringContaining('no longer sold') },
    ]);
    expect((await h.db.query('SELECT count(*)::int AS n FROM orders.customer_order')).rows).toEqual(before.rows);
  });

  it('refuses the goods of a suspended seller even before catalog unlists them', async () => {
    const doomed = await h.identity.seller({ name: '被暂停的合作社' });
    const listing = await h.catalog.listing(doomed);
    await h.identity.suspend(doomed, 'cooperative' as never);

    const response = await h.checkout(buyer, [line(1, listing.skus[0].skuId)]);

    expectProblem(response, 422, 'unavailable-skus', /suspended/);
  });

  it('applies only newer listing versions: an old event arriving late changes nothing', async () => {
    const listing = await h.catalog.listing(seller, { skus: [{ priceFen: 1000 }] });
    const newer = await h.catalog.change(listing, { skus: [{ ...listing.state.skus[0], priceFen: 1500 }] });
    const { deliver } = await import('./support');
    await deliver(h.inbox, EventName.ListingChanged, listing.state, 'catalog' as never);

    const response = await h.checkout(buyer, [line(1, newer.skus[0].skuId)]).expect(202);

    expect(response.body.orders[0].lines[0].unitPriceFen).toBe(1500);
  });

  it('keeps the title, spec and price each line was sold at, the strictest temperature, and the whole weight', async () => {
    const bananas = await h.catalog.listing(seller, {
      title: '香蕉',
      temperature: { class: TemperatureClass.Range, minC: 13, maxC: 20 },
      skus: [{ priceFen: 3000, weightGrams: 2000, spec: '2 kg' }],
    });
    const frozen = await h.catalog.listing(seller, {
      title: '冻肉',
      temperature: { class: TemperatureClass.Frozen, minC: null, maxC: -18 },
      skus: [{ priceFen: 5000, weightGrams: 1000, spec: '1 kg' }],
    });

    const response = await h
      .checkout(buyer, [line(3, bananas.skus[0].skuId), line(2, frozen.skus[0].skuId)])
      .expect(202);

    expect(response.body.orders).toHaveLength(1);
    expect(response.body.orders[0]).toMatchObject({
      status: 'placed',
      totalFen: 3 * 3000 + 2 * 5000,
      totalWeightGrams: 3 * 2000 + 2 * 1000,
      temperature: { class: 'frozen', maxC: -18 },
      lines: [
        { title: '香蕉', spec: '2 kg', quantity: 3, unitPriceFen: 3000 },
        { title: '冻肉', spec: '1 kg', quantity: 2, unitPriceFen: 5000 },
      ],
    });
    await h.catalog.change(bananas, { skus: [{ ...bananas.state.skus[0], priceFen: 9999 }] });
    const kept = await h.get(buyer, `/orders/${response.body.orders[0].id}`).expect(200);
    expect(kept.body.lines[0]).toMatchObject({ title: '香蕉', unitPriceFen: 3000 });
  });

  describe('service point destinations', () => {
    it('stores the consent to station delivery with its time and words', async () => {
      const point = await h.identity.servicePoint({ name: '安西镇圳下村服务站' });

      const response = await h
        .post(buyer, '/checkout', { lines: [line()], destination: servicePointDestination(point) })
        .expect(202);

      const order = response.body.orders[0];
      expect(order.destination).toMatchObject({ kind: 'service_point', servicePointOrgId: point, address: null });
      const detail = await h.get(buyer, `/orders/${order.id}`).expect(200);
      expect(detail.body.stationConsent).toEqual({
        servicePointOrgId: point,
        consentedBy: buyer.userId,
        recipientName: '李大爷',
        text: expect.stringContaining('安西镇圳下村服务站'),
        consentedAt: expect.any(String),
      });
    });

    it('refuses a service point without consent, an unknown or suspended point, and an address mixed in', async () => {
      const point = await h.identity.servicePoint();
      const suspended = await h.identity.servicePoint();
      await h.identity.suspend(suspended, 'service_point' as never);
      const unknown = '00000000-0000-4000-8000-000000000002';
      const place = (destination: object) => h.post(buyer, '/checkout', { lines: [line()], destination });

      expectProblem(
        await place(servicePointDestination(point, { consentToStationDelivery: false })),
        400,
        'validation-failed',
        /consentToStationDelivery must be true/,
      );
      expectProblem(await place(servicePointDestination(unknown)), 422, 'unknown-service-point');
      expectProblem(await place(servicePointDestination(suspended)), 422, 'service-point-suspended');
      expectProblem(
        await place(servicePointDestination(point, { address: cityAddress().address })),
        400,
        'destination-mismatch',
      );
    });

    it("refuses a point in another county unless the seller's county allows it (county staff decide)", async () => {
      const farPoint = await h.identity.servicePoint({ countyCode: OTHER_COUNTY });
      const place = () =>
        h.post(buyer, '/checkout', { lines: [line()], destination: servicePointDestination(farPoint) });

      expectProblem(await place(), 422, 'service-point-out-of-county', new RegExp(`county ${COUNTY}`));

      expectProblem(
        await h.put(h.countyStaff(OTHER_COUNTY), `/county-settings/${COUNTY}`, { allowCrossCountyServicePoint: true }),
        403,
        'not-county-staff',
      );
      const updated = await h
        .put(h.countyStaff(COUNTY), `/county-settings/${COUNTY}`, { allowCrossCountyServicePoint: true })
        .expect(200);
      expect(updated.body).toMatchObject({
        countyCode: COUNTY,
        allowCrossCountyServicePoint: true,
        source: 'county',
        claimWindowHours: 24,
      });
      await place().expect(202);
      await h
        .put(h.countyStaff(COUNTY), `/county-settings/${COUNTY}`, { allowCrossCountyServicePoint: false })
        .expect(200);
    });

    it('takes cash on collection only at a service point', async () => {
      expectProblem(
        await h.checkout(buyer, [line()], { paymentMethod: 'cash_on_collection' }),
        422,
        'cash-needs-service-point',
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same group for a retry, placing and publishing nothing more', async () => {
      const key = `checkout-${Date.now()}`;
      const body = { lines: [line(2)], destination: cityAddress({ recipientPhone: '13800138000' }) };

      const first = await h.post(buyer, '/checkout', body, { 'idempotency-key': key }).expect(202);
      const retry = await h.post(buyer, '/checkout', body, { 'idempotency-key': key }).expect(202);

      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.body.orders.map((order: { id: string }) => order.id)).toEqual(
        first.body.orders.map((order: { id: string }) => order.id),
      );
      expect(await outboxOf(h.db, EventName.OrderPlaced, first.body.orders[0].id)).toHaveLength(1);
      const { rows } = await h.db.query(
        'SELECT count(*)::int AS n FROM orders.order_group WHERE idempotency_key = $1',
        [key],
      );
      expect(rows[0].n).toBe(1);
    });

    it('places one group when the same request races itself', async () => {
      await raceOneKey(h, buyer, line(1));
    });

    it('refuses the same key with a different body (422), and keeps keys apart per buyer', async () => {
      const key = `reused-${Date.now()}`;
      await h.checkout(buyer, [line(1)], {}, { 'idempotency-key': key }).expect(202);

      expectProblem(await h.checkout(buyer, [line(3)], {}, { 'idempotency-key': key }), 422, 'idempotency-key-reused');
      await h.checkout(h.buyer(), [line(3)], {}, { 'idempotency-key': key }).expect(202);
      expectProblem(
        await h.checkout(buyer, [line(1)], {}, { 'idempotency-key': 'has spaces' }),
        400,
        'invalid-idempotency-key',
      );
    });
  });
});

describe('checkout behind a pooler: statements neither prepared nor sent ahead', () => {
  let h: OrdersHarness;

  beforeAll(async () => {
    h = await OrdersHarness.start({ DATABASE_PREPARED_STATEMENTS: 'off' });
  });

  afterAll(() => h?.stop());

  it('places one group when the same request races itself', async () => {
    const seller = await h.identity.seller();
    const oranges = await h.catalog.listing(seller, { skus: [{ priceFen: 6800 }] });

    await raceOneKey(h, h.buyer(), { skuId: oranges.skus[0].skuId, quantity: 1 });
  });
});
