import { OrganisationKind } from '@countyflow/contracts';
import { uniquePhone } from '@countyflow/testing';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { changedTables, Snapshots } from '../authz/support';
import {
  CARRIER_SECRET,
  cityAddress,
  COUNTY,
  expectStatus,
  expectStock,
  listProduct,
  PAYMENT_SECRET,
  person,
  placeWhenKnown,
  signedCarrierWebhook,
  startWorld,
  verifiedSeller,
  World,
} from '../journeys/support';
import { Actor, smsCode } from '../support/actors';

/*
 * Hostile input through the gateway, against every service (issue 11, items 4–6). Each case is a request an
 * attacker or a broken client could send; each must be refused with the exact status, problem type and named field,
 * and leave every table of every schema as it was.
 */

jest.setTimeout(180_000);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { type?: string; detail?: string; errors?: { field: string }[] } | undefined;
}

interface Case {
  name: string;
  send: () => PromiseLike<Answer>;
  status: number;
  type: string;
  /** The field the problem must name (`errors[].field`). */
  field: string;
}

let world: World;
let snapshots: Snapshots;
let buyer: Actor;
let seller: Actor;

const NUL = 'ab\u0000cd';
const LONE = 'ab\ud800cd';
const api = () => request(world.api);
const bearer = (actor: Actor) => `Bearer ${actor.token}`;

/** A JSON object nested `levels` deep: `{"a":{"a":…{}}}`. */
const nested = (levels: number): string => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);

/** Sends bytes exactly as given (supertest would serialise a Buffer as JSON). */
async function sendBytes(path: string, bytes: Buffer): Promise<Answer> {
  const response = await fetch(`${world.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: bytes,
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: (await response.json()) as Answer['body'],
  };
}

function paymentWebhook(data: Record<string, unknown>): { body: string; headers: Record<string, string> } {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    type: 'payment.succeeded',
    created: timestamp,
    data: { paymentId: 'sim_pay_unknown', transactionId: 'sim_txn_1', amountFen: 100, currency: 'CNY', ...data },
  });
  const signature = createHmac('sha256', PAYMENT_SECRET).update(`${timestamp}.${body}`).digest('hex');
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-simulator-signature': `t=${timestamp},v1=${signature}` },
  };
}

const carrierBody = (waybillNo: string) => ({
  waybillNo,
  status: 'delivered',
  occurredAt: new Date().toISOString(),
});

beforeAll(async () => {
  world = await startWorld();
  snapshots = await Snapshots.open(world.platform);
  buyer = await person(world, '城里买家');
  seller = await verifiedSeller(world, {
    kind: OrganisationKind.Cooperative,
    name: '安西镇脐橙专业合作社',
    ownerName: '合作社理事长',
  });
  expect(CARRIER_SECRET).toBeTruthy();
});

afterAll(async () => {
  await snapshots?.close();
  await world?.stop();
});

/** Sends the case and checks the answer, then that no table of any schema changed. */
async function expectRefused(hostile: Case): Promise<void> {
  const before = await snapshots.settled();
  const response = await hostile.send();
  const summary = `${hostile.name}: ${response.status} ${JSON.stringify(response.body)?.slice(0, 400)}`;
  expect({ summary, status: response.status }).toEqual({ summary, status: hostile.status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: `/problems/${hostile.type}`, status: hostile.status });
  if (hostile.type !== 'malformed-webhook') {
    expect(response.body?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: hostile.field })]));
  }
  expect(response.body?.detail).toContain(hostile.field);
  const after = await snapshots.settled();
  expect(changedTables(before, after)).toEqual([]);
}

describe('text: NUL and lone surrogates are refused with 400 invalid-text naming the field', () => {
  const cases: Case[] = [
    {
      name: 'catalog search, no login, NUL in q',
      send: () => api().get('/api/catalog/search?q=ab%00cd'),
      status: 400,
      type: 'invalid-text',
      field: 'q',
    },
    {
      name: 'catalog listing, NUL in the path parameter',
      send: () => api().get('/api/catalog/listings/ab%00cd'),
      status: 400,
      type: 'invalid-text',
      field: 'id',
    },
    {
      name: 'registration, NUL in the name',
      send: () =>
        api().post('/api/identity/auth/register').send({ phone: uniquePhone(), password: 'harvest-2026', name: NUL }),
      status: 400,
      type: 'invalid-text',
      field: 'name',
    },
    {
      name: 'registration, a lone surrogate in the name (would be stored as U+FFFD)',
      send: () =>
        api().post('/api/identity/auth/register').send({ phone: uniquePhone(), password: 'harvest-2026', name: LONE }),
      status: 400,
      type: 'invalid-text',
      field: 'name',
    },
    {
      name: 'registration, bytes that are not UTF-8 in the name',
      send: () =>
        sendBytes(
          '/api/identity/auth/register',
          Buffer.concat([
            Buffer.from(`{"phone":"${uniquePhone()}","password":"harvest-2026","name":"ab`),
            Buffer.from([0xed, 0xa0, 0x80]),
            Buffer.from('"}'),
          ]),
        ),
      status: 400,
      type: 'invalid-text',
      field: 'name',
    },
    {
      name: 'organisation, NUL in a key of the body',
      send: () =>
        api()
          .post('/api/identity/organisations')
          .set('authorization', bearer(buyer))
          .send({ kind: 'service_point', name: '大塘村服务站', countyCode: COUNTY, ['na\u0000me']: 'x' }),
      status: 400,
      type: 'invalid-text',
      field: 'na\\u0000me',
    },
    {
      name: 'listing, NUL in the title',
      send: () =>
        api()
          .post('/api/catalog/listings')
          .set('authorization', bearer(seller))
          .send({ sellerOrgId: seller.orgId, categoryId: randomUUID(), title: NUL, description: '赣南脐橙' }),
      status: 400,
      type: 'invalid-text',
      field: 'title',
    },
    {
      name: 'checkout, a lone surrogate deep in the address',
      send: () =>
        api()
          .post('/api/orders/checkout')
          .set('authorization', bearer(buyer))
          .set('idempotency-key', randomUUID())
          .send({
            lines: [{ skuId: randomUUID(), quantity: 1 }],
            destination: { ...cityAddress('李女士'), address: { ...cityAddress('x').address, detail: LONE } },
          }),
      status: 400,
      type: 'invalid-text',
      field: 'destination.address.detail',
    },
    {
      name: 'cancellation, NUL in the reason',
      send: () =>
        api()
          .post(`/api/orders/orders/${randomUUID()}/cancel`)
          .set('authorization', bearer(buyer))
          .send({ reason: NUL }),
      status: 400,
      type: 'invalid-text',
      field: 'reason',
    },
    {
      name: 'payment webhook, correctly signed, NUL in the transaction id',
      send: () => {
        const webhook = paymentWebhook({ transactionId: `sim_txn_${NUL}` });
        return api().post('/api/orders/payments/webhook').set(webhook.headers).send(webhook.body);
      },
      status: 400,
      type: 'invalid-text',
      field: 'data.transactionId',
    },
    {
      name: 'carrier webhook, correctly signed, NUL in the waybill number',
      send: () => {
        const body = carrierBody(`SX${NUL}`);
        return api().post('/api/logistics/carrier/webhook').set(signedCarrierWebhook(body)).send(body);
      },
      status: 400,
      type: 'invalid-text',
      field: 'waybillNo',
    },
  ];

  it.each(cases.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    await expectRefused(hostile);
  });

  it('accepts text that is merely unusual: emoji (surrogate pairs), U+FFFD itself, CJK', async () => {
    const name = '王🍊\uFFFD大塘';
    const phone = uniquePhone();
    const code = await smsCode(`${world.api}/api/identity`, phone);
    const registered = await api()
      .post('/api/identity/auth/register')
      .send({ phone, password: 'harvest-2026', name, code });
    expect(registered.status).toBe(201);
    expect(registered.body.name).toBe(name);
  });
});

describe('depth: a deeply nested JSON body is refused by the parser, before anything walks it', () => {
  it.each([
    ['10,000 levels', 10_000],
    ['33 levels, one past the default limit', 33],
  ])('login with a body nested %s → 400 json-too-deep', async (_name, levels) => {
    await expectRefused({
      name: `login nested ${levels}`,
      send: () =>
        api()
          .post('/api/identity/auth/login')
          .set('content-type', 'application/json')
          .send(`{"phone":"13800138000","password":${nested(levels - 1)}}`),
      status: 400,
      type: 'json-too-deep',
      field: 'body',
    });
  });

  it('a body exactly at the limit reaches validation, which names the field', async () => {
    const response = await api()
      .post('/api/identity/auth/login')
      .set('content-type', 'application/json')
      .send(`{"phone":"13800138000","password":${nested(31)}}`);
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('/problems/validation-failed');
    expect(response.body?.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });

  it('brackets inside strings do not count as nesting', async () => {
    const response = await api()
      .post('/api/identity/auth/login')
      .send({ phone: '13800138000', password: '['.repeat(100) + '{"\\"'.repeat(50) });
    expect(response.body.type).not.toBe('/problems/json-too-deep');
    expect(response.status).toBeLessThan(500);
  });
});

describe('numbers: amounts and counters past 2^31 work; past their limits a 400 names the field and the limit', () => {
  it('offset=1e308 → 400 naming offset and its maximum', async () => {
    await expectRefused({
      name: 'orders list, offset 1e308',
      send: () => api().get('/api/orders/orders?offset=1e308').set('authorization', bearer(buyer)),
      status: 400,
      type: 'validation-failed',
      field: 'offset',
    });
  });

  it('a correctly signed payment webhook with amountFen 2^63 → 400 malformed-webhook naming data.amountFen', async () => {
    await expectRefused({
      name: 'payment webhook, amountFen 2^63',
      send: () => {
        const webhook = paymentWebhook({ amountFen: 0 });
        const body = webhook.body.replace('"amountFen":0', '"amountFen":9223372036854775808');
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = createHmac('sha256', PAYMENT_SECRET).update(`${timestamp}.${body}`).digest('hex');
        return api()
          .post('/api/orders/payments/webhook')
          .set({ 'content-type': 'application/json', 'x-simulator-signature': `t=${timestamp},v1=${signature}` })
          .send(body);
      },
      status: 400,
      type: 'malformed-webhook',
      field: 'data.amountFen',
    });
  });

  it('the 215th delivery of 10,000,000 units is taken in: stock counts past 2^31', async () => {
    const listing = await listProduct(world, seller, {
      categoryId: 'citrus',
      title: '赣南脐橙 批发 整仓',
      description: '合作社冷库整仓批发，按件计。',
      sku: { spec: '整件', priceFen: 100, weightGrams: 1000, volumeMl: 1000, initialStock: 0 },
    });
    for (let delivery = 1; delivery <= 215; delivery++) {
      expectStatus(
        await api()
          .post(`/api/catalog/skus/${listing.skuId}/stock-adjustments`)
          .set('authorization', bearer(seller))
          .send({ delta: 10_000_000, reason: `第 ${delivery} 批入库`, kind: 'received' }),
        201,
        `delivery ${delivery}`,
      );
    }
    const stock = await expectStock(world, seller, listing.skuId, { received: 2_150_000_000 });
    expect(stock.available).toBe(2_150_000_000);
    expect(stock.received).toBeGreaterThan(2 ** 31);
  });

  it('999 units of a SKU of 10,000 L: its total volume passes 2^31 ml and is accepted', async () => {
    const listing = await listProduct(world, seller, {
      categoryId: 'citrus',
      title: '赣南脐橙 冷柜整箱',
      description: '整柜发货。',
      sku: { spec: '整柜', priceFen: 100_000_000, weightGrams: 1_000_000, volumeMl: 10_000_000, initialStock: 999 },
    });
    const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
      lines: [{ skuId: listing.skuId, quantity: 999 }],
      destination: cityAddress('陈晓', buyer.phone),
    });
    expect(group.totalFen).toBe(99_900_000_000);
    const order = await api().get(`/api/orders/orders/${group.orders[0].id}`).set('authorization', bearer(buyer));
    expect(order.status).toBe(200);
    expect(order.body.totalFen).toBe(99_900_000_000);
  });
});
