import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  bearer,
  CatalogWorld,
  COUNTY,
  createListing,
  deliver,
  outbox,
  quickSeller,
  setSellerStatus,
  startCatalogWorld,
  verifiedSeller,
  VILLAGE,
} from './support';

const validListing = (sellerOrgId: string) => ({
  sellerOrgId,
  categoryId: 'citrus',
  title: '赣南脐橙 5斤装',
  temperature: { class: 'chilled' },
  skus: [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 10 }],
});

describe('listings, both directions', () => {
  let world: CatalogWorld;
  let seller: Actor;

  beforeAll(async () => {
    world = await startCatalogWorld();
    seller = await verifiedSeller(world, { name: '安西镇脐橙专业合作社' });
  });

  afterAll(() => world.stop());

  it('serves the category tree with directions: produce up, goods down', async () => {
    const tree = await request(world.catalog).get('/categories').expect(200);
    const fruit = tree.body.find((category: { id: string }) => category.id === 'fruit');
    expect(fruit).toMatchObject({ direction: 'up', name: '水果' });
    expect(fruit.children.map((child: { id: string }) => child.id)).toContain('citrus');
    const down = await request(world.catalog).get('/categories').query({ direction: 'down' }).expect(200);
    const inputs = down.body.find((category: { id: string }) => category.id === 'agri-inputs');
    expect(inputs.children.map((child: { id: string }) => child.id)).toEqual(
      expect.arrayContaining(['fertiliser', 'seed', 'pesticide', 'feed', 'farm-tools']),
    );
    expect(down.body.every((category: { direction: string }) => category.direction === 'down')).toBe(true);
  });

  it('takes a listing from draft to published to paused and back, publishing a growing snapshot each time', async () => {
    const { id, body: draftBody } = await createListing(world, seller, {}, { publish: false });
    expect(draftBody).toMatchObject({ status: 'draft', purchasable: false, direction: 'up', countyCode: COUNTY });
    await request(world.catalog).get(`/listings/${id}`).expect(404);

    const published = await request(world.catalog)
      .post(`/listings/${id}/publish`)
      .set(...bearer(seller))
      .expect(200);
    expect(published.body).toMatchObject({ status: 'published', purchasable: true });
    const publicView = await request(world.catalog).get(`/listings/${id}`).expect(200);
    expect(publicView.body.skus[0]).toMatchObject({ priceFen: 5990, weightGrams: 2500, available: 100 });

    const again = await request(world.catalog)
      .post(`/listings/${id}/publish`)
      .set(...bearer(seller))
      .expect(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ type: '/problems/illegal-transition', status: 409 });

    await request(world.catalog)
      .post(`/listings/${id}/pause`)
      .set(...bearer(seller))
      .expect(200);
    await request(world.catalog)
      .patch(`/skus/${published.body.skus[0].id}`)
      .set(...bearer(seller))
      .send({ priceFen: 6290 })
      .expect(200);
    await request(world.catalog)
      .post(`/listings/${id}/publish`)
      .set(...bearer(seller))
      .expect(200);

    const snapshots = await outbox(world, EventName.ListingChanged, `payload->>'listingId' = $2`, [id]);
    expect(snapshots.map((snapshot) => [snapshot.version, snapshot.status, snapshot.purchasable])).toEqual([
      [1, 'draft', false],
      [2, 'published', true],
      [3, 'paused', false],
      [4, 'paused', false],
      [5, 'published', true],
    ]);
    expect(snapshots[4]).toMatchObject({
      sellerOrgId: seller.orgId,
      sellerName: '安西镇脐橙专业合作社',
      countyCode: COUNTY,
      direction: 'up',
      title: '赣南脐橙 5斤装 产地直发',
      temperature: { class: 'ambient', minC: null, maxC: null },
      originVillageCode: VILLAGE,
      weightToleranceGrams: 200,
      skus: [expect.objectContaining({ spec: '5斤装', priceFen: 6290, weightGrams: 2500, volumeMl: 6000 })],
    });
  });

  it('lets the seller remove a listing for good, and county staff take one down with a reason', async () => {
    const { id } = await createListing(world, seller);
    await request(world.catalog)
      .post(`/listings/${id}/remove`)
      .set(...bearer(seller))
      .send({})
      .expect(200);
    const edit = await request(world.catalog)
      .patch(`/listings/${id}`)
      .set(...bearer(seller))
      .send({ title: '新标题' })
      .expect(409);
    expect(edit.body.type).toBe('/problems/listing-removed');
    await request(world.catalog)
      .post(`/listings/${id}/publish`)
      .set(...bearer(seller))
      .expect(409);

    const other = await createListing(world, seller, { title: '脐橙 次果 便宜卖' });
    const noReason = await request(world.catalog)
      .post(`/listings/${other.id}/take-down`)
      .set(...bearer(world.staff))
      .send({})
      .expect(400);
    expect(noReason.body.errors.map((error: { field: string }) => error.field)).toContain('reason');
    const taken = await request(world.catalog)
      .post(`/listings/${other.id}/take-down`)
      .set(...bearer(world.staff))
      .send({ reason: '标题与实物不符' })
      .expect(200);
    expect(taken.body).toMatchObject({ status: 'removed', statusReason: '标题与实物不符', purchasable: false });
    await request(world.catalog).get(`/listings/${other.id}`).expect(404);
    await request(world.catalog)
      .get(`/listings/${other.id}`)
      .set(...bearer(seller))
      .expect(200);
  });

  it('sells goods going down: a merchant lists fertiliser in the agricultural inputs', async () => {
    const merchant = await quickSeller(world, { name: '信丰县农资公司' });
    const { body } = await createListing(world, merchant, {
      title: '复合肥 45% 硫酸钾型 50kg',
      categoryId: 'fertiliser',
      certifications: [],
      skus: [{ spec: '50kg/袋', priceFen: 16800, weightGrams: 50000, volumeMl: 60000, initialStock: 200 }],
    });
    expect(body).toMatchObject({ direction: 'down', categoryId: 'fertiliser', purchasable: true });
  });

  it.each([
    ['an unknown category', { categoryId: 'durian-shop' }, 400, 'unknown-category'],
    ['a village outside the county', { originVillageCode: '360781100201' }, 400, 'village-not-in-county'],
    ['a malformed village code', { originVillageCode: '3607221002' }, 400, 'validation-failed'],
    [
      'a negative price',
      { skus: [{ spec: 'x', priceFen: -100, weightGrams: 500, volumeMl: 0 }] },
      400,
      'validation-failed',
    ],
    [
      'a fractional price',
      { skus: [{ spec: 'x', priceFen: 59.9, weightGrams: 500, volumeMl: 0 }] },
      400,
      'validation-failed',
    ],
    [
      'a zero-weight SKU',
      { skus: [{ spec: 'x', priceFen: 5990, weightGrams: 0, volumeMl: 0 }] },
      400,
      'validation-failed',
    ],
    [
      'a temperature range with min above max',
      { temperature: { class: 'range', minC: 14, maxC: 12 } },
      400,
      'temperature-range-invalid',
    ],
    [
      'self-declared certifications (a seller applies for a verified tag instead)',
      { certifications: ['green_food'] },
      400,
      'validation-failed',
    ],
    ['an unknown field', { discount: 50 }, 400, 'validation-failed'],
  ])('refuses %s, naming the problem and creating nothing', async (_, change, status, code) => {
    const before = (await world.db.query(`SELECT count(*)::int AS n FROM listing`)).rows[0].n;
    const response = await request(world.catalog)
      .post('/listings')
      .set(...bearer(seller))
      .send({ ...validListing(seller.orgId!), ...change })
      .expect(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.type).toBe(`/problems/${code}`);
    expect(response.body.detail.length).toBeGreaterThan(10);
    expect((await world.db.query(`SELECT count(*)::int AS n FROM listing`)).rows[0].n).toBe(before);
  });

  it('refuses bad edits naming the problem and leaves the listing as it was', async () => {
    const { id, skuIds } = await createListing(world, seller, { temperature: { class: 'range', minC: 12, maxC: 14 } });
    const before = (await request(world.catalog).get(`/listings/${id}`).expect(200)).body;
    const range = await request(world.catalog)
      .patch(`/listings/${id}`)
      .set(...bearer(seller))
      .send({ title: '香蕉', temperature: { class: 'range', minC: 15, maxC: 13 } })
      .expect(400);
    expect(range.body.type).toBe('/problems/temperature-range-invalid');
    const price = await request(world.catalog)
      .patch(`/skus/${skuIds[0]}`)
      .set(...bearer(seller))
      .send({ priceFen: 0 })
      .expect(400);
    expect(price.body.errors).toEqual([expect.objectContaining({ field: 'priceFen' })]);
    expect((await request(world.catalog).get(`/listings/${id}`).expect(200)).body).toEqual(before);
  });

  it('keeps a suspended seller from publishing and takes its listings out of every public view at once', async () => {
    const farm = await verifiedSeller(world, { name: '油山镇高山茶园' });
    const live = await createListing(world, farm, { title: '高山云雾绿茶 明前特级', categoryId: 'green-tea' });
    const draft = await createListing(
      world,
      farm,
      { title: '高山红茶 一级', categoryId: 'black-tea' },
      { publish: false },
    );
    await request(world.catalog).get('/search').query({ q: '云雾绿茶' }).expect(200);
    expect((await request(world.catalog).get('/search').query({ q: '云雾绿茶' })).body.items).toHaveLength(1);

    await setSellerStatus(world, farm.orgId!, 'suspend');

    await request(world.catalog).get(`/listings/${live.id}`).expect(404);
    expect((await request(world.catalog).get('/search').query({ q: '云雾绿茶' })).body.items).toHaveLength(0);
    const refused = await request(world.catalog)
      .post(`/listings/${draft.id}/publish`)
      .set(...bearer(farm))
      .expect(409);
    expect(refused.body).toMatchObject({ type: '/problems/seller-not-verified' });
    expect(refused.body.detail).toMatch(/suspended/);
    const [snapshot] = (await outbox(world, EventName.ListingChanged, `payload->>'listingId' = $2`, [live.id])).slice(
      -1,
    );
    expect(snapshot).toMatchObject({ status: 'published', purchasable: false });

    await setSellerStatus(world, farm.orgId!, 'verify');
    await waitFor(async () => (await request(world.catalog).get(`/listings/${live.id}`)).status === 200, {
      what: 'the listing to come back',
    });
    expect((await request(world.catalog).get('/search').query({ q: '云雾绿茶' })).body.items).toHaveLength(1);
  });

  it('runs a county storefront: staff create and open it, anyone browses sellers and featured listings', async () => {
    const { id } = await createListing(world, seller, { title: '赣南脐橙 特级 果径80mm' });
    const created = await request(world.catalog)
      .post('/storefronts')
      .set(...bearer(world.staff))
      .send({
        countyCode: COUNTY,
        name: '信丰县农特产品馆',
        introduction: '中国脐橙之乡',
        bannerUrl: 'https://img.example.cn/banner.jpg',
        featuredCategoryIds: ['citrus', 'tea'],
        featuredListingIds: [id],
      })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'draft', featuredListingIds: [id] });
    await request(world.catalog).get(`/storefronts/${COUNTY}`).expect(404);
    await request(world.catalog)
      .post('/storefronts')
      .set(...bearer(world.staff))
      .send({ countyCode: COUNTY, name: '重复' })
      .expect(409);
    const unknown = await request(world.catalog)
      .patch(`/storefronts/${COUNTY}`)
      .set(...bearer(world.staff))
      .send({ featuredCategoryIds: ['moon-cheese'] })
      .expect(400);
    expect(unknown.body.type).toBe('/problems/unknown-category');

    await request(world.catalog)
      .post(`/storefronts/${COUNTY}/open`)
      .set(...bearer(world.staff))
      .expect(200);
    await request(world.catalog)
      .post(`/storefronts/${COUNTY}/open`)
      .set(...bearer(world.staff))
      .expect(409);
    const view = await request(world.catalog).get(`/storefronts/${COUNTY}`).expect(200);
    expect(view.body).toMatchObject({ name: '信丰县农特产品馆', status: 'open' });
    expect(view.body.sellers.map((s: { orgId: string }) => s.orgId)).toContain(seller.orgId);
    expect(view.body.featuredCategories.map((c: { id: string }) => c.id)).toEqual(['citrus', 'tea']);
    expect(view.body.featuredListings).toEqual([expect.objectContaining({ id, sellerName: '安西镇脐橙专业合作社' })]);
    expect(view.body.newestListings.length).toBeGreaterThan(0);
    const listed = await request(world.catalog).get('/storefronts').expect(200);
    expect(listed.body.map((s: { countyCode: string }) => s.countyCode)).toContain(COUNTY);
  });

  it('shows the seller rating that orders computes from reviews, keeping the latest aggregate', async () => {
    await deliver(world, EventName.ReviewPosted, {
      orderId: randomUUID(),
      sellerOrgId: seller.orgId!,
      rating: 5,
      sellerRatingCount: 2,
      sellerRatingAverage: 4.5,
    });
    await deliver(world, EventName.ReviewPosted, {
      orderId: randomUUID(),
      sellerOrgId: seller.orgId!,
      rating: 4,
      sellerRatingCount: 1,
      sellerRatingAverage: 4,
    });
    const view = await request(world.catalog).get(`/sellers/${seller.orgId}`).expect(200);
    expect(view.body.rating).toEqual({ average: 4.5, count: 2 });
    const found = await request(world.catalog).get('/search').query({ sellerOrgId: seller.orgId }).expect(200);
    expect(found.body.items[0].sellerRating).toEqual({ average: 4.5, count: 2 });
  });
});
