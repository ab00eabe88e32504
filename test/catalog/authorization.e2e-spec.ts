import request from 'supertest';
import { Actor, countyStaff, registerActor } from '../support/actors';
import {
  bearer,
  CatalogWorld,
  COUNTY,
  createListing,
  quickSeller,
  startCatalogWorld,
  verifiedSeller,
  VILLAGE,
} from './support';

interface WriteCall {
  name: string;
  method: 'post' | 'patch';
  path: () => string;
  body: () => object;
}

describe('only the right people write', () => {
  let world: CatalogWorld;
  let owner: Actor;
  let otherSeller: Actor;
  let otherCountyStaff: Actor;
  let buyer: Actor;
  let published: { id: string; skuIds: string[] };
  let draft: { id: string; skuIds: string[] };

  beforeAll(async () => {
    world = await startCatalogWorld();
    owner = await verifiedSeller(world, { name: '安西镇脐橙专业合作社' });
    otherSeller = await quickSeller(world, { name: '邻村果蔬合作社' });
    otherCountyStaff = await countyStaff(world.identity, world.admin, '360734');
    buyer = await registerActor(world.identity, '城市买家');
    published = await createListing(world, owner);
    draft = await createListing(world, owner, { title: '脐橙 草稿' }, { publish: false });
    await request(world.catalog)
      .post('/storefronts')
      .set(...bearer(world.staff))
      .send({ countyCode: COUNTY, name: '信丰县农特产品馆' })
      .expect(201);
  });

  afterAll(() => world.stop());

  const listingCalls = (target: () => { id: string; skuIds: string[] }): WriteCall[] => [
    {
      name: 'PATCH /listings/:id',
      method: 'patch',
      path: () => `/listings/${target().id}`,
      body: () => ({ title: '被篡改' }),
    },
    {
      name: 'POST /listings/:id/publish',
      method: 'post',
      path: () => `/listings/${target().id}/publish`,
      body: () => ({}),
    },
    {
      name: 'POST /listings/:id/pause',
      method: 'post',
      path: () => `/listings/${target().id}/pause`,
      body: () => ({}),
    },
    {
      name: 'POST /listings/:id/remove',
      method: 'post',
      path: () => `/listings/${target().id}/remove`,
      body: () => ({}),
    },
    {
      name: 'POST /listings/:id/take-down',
      method: 'post',
      path: () => `/listings/${target().id}/take-down`,
      body: () => ({ reason: '恶意下架' }),
    },
    {
      name: 'POST /listings/:id/skus',
      method: 'post',
      path: () => `/listings/${target().id}/skus`,
      body: () => ({ spec: '1斤', priceFen: 1, weightGrams: 500, volumeMl: 0 }),
    },
    {
      name: 'PATCH /skus/:id',
      method: 'patch',
      path: () => `/skus/${target().skuIds[0]}`,
      body: () => ({ priceFen: 1 }),
    },
    {
      name: 'POST /skus/:id/stock-adjustments',
      method: 'post',
      path: () => `/skus/${target().skuIds[0]}/stock-adjustments`,
      body: () => ({ delta: -100, reason: '清空库存' }),
    },
    {
      name: 'POST /listings/:id/lots',
      method: 'post',
      path: () => `/listings/${target().id}/lots`,
      body: () => ({
        harvestFrom: '2026-01-08',
        quantity: 100,
        unit: 'kg',
        contactPhone: '13800138000',
        issueDate: '2026-01-10',
        pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
      }),
    },
  ];

  const calls: WriteCall[] = [
    {
      name: 'POST /listings',
      method: 'post',
      path: () => '/listings',
      body: () => ({
        sellerOrgId: owner.orgId,
        categoryId: 'citrus',
        title: '冒名顶替的脐橙',
        originVillageCode: VILLAGE,
        temperature: { class: 'ambient' },
      }),
    },
    ...listingCalls(() => published),
    ...listingCalls(() => draft).map((call) => ({ ...call, name: `${call.name} (draft)` })),
    {
      name: 'POST /storefronts',
      method: 'post',
      path: () => '/storefronts',
      body: () => ({ countyCode: COUNTY, name: '冒名馆' }),
    },
    {
      name: 'PATCH /storefronts/:code',
      method: 'patch',
      path: () => `/storefronts/${COUNTY}`,
      body: () => ({ name: '冒名馆' }),
    },
    {
      name: 'POST /storefronts/:code/open',
      method: 'post',
      path: () => `/storefronts/${COUNTY}/open`,
      body: () => ({}),
    },
    {
      name: 'POST /storefronts/:code/close',
      method: 'post',
      path: () => `/storefronts/${COUNTY}/close`,
      body: () => ({}),
    },
  ];

  /** Everything a write could change, read as the people entitled to see it. */
  const state = async () => ({
    published: (
      await request(world.catalog)
        .get(`/listings/${published.id}`)
        .set(...bearer(owner))
    ).body,
    draft: (
      await request(world.catalog)
        .get(`/listings/${draft.id}`)
        .set(...bearer(owner))
    ).body,
    stock: (
      await request(world.catalog)
        .get(`/skus/${published.skuIds[0]}/stock`)
        .set(...bearer(owner))
    ).body,
    storefront: (
      await request(world.catalog)
        .get(`/storefronts/${COUNTY}`)
        .set(...bearer(world.staff))
    ).body,
    rows: (
      await world.db.query(
        `SELECT (SELECT count(*) FROM listing)::int AS listings, (SELECT count(*) FROM sku)::int AS skus,
                (SELECT count(*) FROM produce_lot)::int AS lots, (SELECT count(*) FROM stock_movement)::int AS moves,
                (SELECT count(*) FROM outbox)::int AS events`,
      )
    ).rows[0],
  });

  it.each(['another organisation’s member', 'another county’s staff', 'a buyer', 'an anonymous caller'])(
    'refuses every write by %s and changes nothing',
    async (who) => {
      const intruder = {
        'another organisation’s member': otherSeller,
        'another county’s staff': otherCountyStaff,
        'a buyer': buyer,
      }[who as 'a buyer'] as Actor | undefined;
      const before = await state();
      for (const call of calls) {
        const attempt = request(world.catalog)[call.method](call.path()).send(call.body());
        const response = await (intruder ? attempt.set(...bearer(intruder)) : attempt);
        const expected = intruder ? [403, 404] : [401];
        if (!expected.includes(response.status)) {
          throw new Error(
            `${call.name} by ${who}: expected ${expected.join('/')}, got ${response.status} ${JSON.stringify(response.body)}`,
          );
        }
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        if (intruder && call.name.endsWith('(draft)')) {
          expect(response.status).toBe(404); // the draft is nobody else's business, not even its existence
        }
      }
      expect(await state()).toEqual(before);
    },
  );

  it('keeps a seller’s private views to its members and its county’s staff', async () => {
    for (const intruder of [otherSeller, buyer, otherCountyStaff]) {
      await request(world.catalog)
        .get(`/skus/${published.skuIds[0]}/stock`)
        .set(...bearer(intruder))
        .expect(403);
      await request(world.catalog)
        .get(`/listings`)
        .query({ sellerOrgId: owner.orgId })
        .set(...bearer(intruder))
        .expect(403);
      await request(world.catalog)
        .get(`/listings/${draft.id}`)
        .set(...bearer(intruder))
        .expect(404);
      await request(world.catalog)
        .get(`/listings/${published.id}/lots`)
        .set(...bearer(intruder))
        .expect(403);
    }
    await request(world.catalog).get(`/listings/${draft.id}`).expect(404);
    await request(world.catalog).get(`/listings`).query({ sellerOrgId: owner.orgId }).expect(401);
    await request(world.catalog)
      .get(`/skus/${published.skuIds[0]}/stock`)
      .set(...bearer(world.staff))
      .expect(200);
    const own = await request(world.catalog)
      .get(`/listings`)
      .query({ sellerOrgId: owner.orgId })
      .set(...bearer(owner))
      .expect(200);
    expect(own.body.map((listing: { id: string }) => listing.id).sort()).toEqual([published.id, draft.id].sort());
  });

  it('lets the seller’s own members and the county’s staff do their part', async () => {
    await request(world.catalog)
      .patch(`/listings/${draft.id}`)
      .set(...bearer(owner))
      .send({ title: '脐橙 草稿 改' })
      .expect(200);
    await request(world.catalog)
      .patch(`/storefronts/${COUNTY}`)
      .set(...bearer(world.staff))
      .send({ introduction: '中国脐橙之乡' })
      .expect(200);
    const taken = await request(world.catalog)
      .post(`/listings/${draft.id}/take-down`)
      .set(...bearer(owner))
      .send({ reason: '自己下架' })
      .expect(403);
    expect(taken.body.type).toBe('/problems/not-county-staff');
  });
});
