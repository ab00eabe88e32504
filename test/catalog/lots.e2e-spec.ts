import { EventName } from '@countyflow/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  bearer,
  CatalogWorld,
  COUNTY,
  createListing,
  deliver,
  quickSeller,
  setSellerStatus,
  startCatalogWorld,
  VILLAGE,
} from './support';

const lot = (overrides: object = {}) => ({
  harvestFrom: '2026-01-08',
  harvestTo: '2026-01-10',
  quantity: 500,
  unit: 'kg',
  grade: '特级',
  contactPhone: '13800138000',
  pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
  testResults: [
    {
      item: '农药残留（速测）',
      result: '抑制率 12%',
      passed: true,
      laboratory: '信丰县农检站',
      testedOn: '2026-01-10',
    },
  ],
  issueDate: '2026-01-12',
  ...overrides,
});

describe('produce lots and the public trace page', () => {
  let world: CatalogWorld;
  let seller: Actor;
  let listingId: string;

  beforeAll(async () => {
    world = await startCatalogWorld({ officials: false });
    seller = await quickSeller(world, { name: '安西镇脐橙专业合作社' });
    listingId = (await createListing(world, seller)).id;
  });

  afterAll(() => world.stop());

  it('issues a certificate number and an unguessable trace code, and shows the lot to anyone holding the code', async () => {
    const created = await request(world.catalog)
      .post(`/listings/${listingId}/lots`)
      .set(...bearer(seller))
      .send(lot())
      .expect(201);
    expect(created.body).toMatchObject({
      certificateNo: expect.stringMatching(/^HGZ-360722-20260112-\d{6}$/),
      traceCode: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{16}$/),
      productName: '赣南脐橙 5斤装 产地直发',
      originVillageCode: VILLAGE,
      producerName: '安西镇脐橙专业合作社',
      harvestFrom: '2026-01-08',
      harvestTo: '2026-01-10',
      quantity: 500,
    });
    const second = await request(world.catalog)
      .post(`/listings/${listingId}/lots`)
      .set(...bearer(seller))
      .send(lot())
      .expect(201);
    expect(second.body.traceCode).not.toBe(created.body.traceCode);
    expect(second.body.certificateNo).not.toBe(created.body.certificateNo);

    const trace = await request(world.catalog).get(`/trace/${created.body.traceCode.toLowerCase()}`).expect(200);
    expect(trace.body).toMatchObject({
      certificateNo: created.body.certificateNo,
      pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
      testResults: [expect.objectContaining({ item: '农药残留（速测）', passed: true })],
      producer: { orgId: seller.orgId, name: '安西镇脐橙专业合作社', countyCode: COUNTY, status: 'verified' },
      listing: { id: listingId, title: '赣南脐橙 5斤装 产地直发', purchasable: true },
      county: { code: COUNTY, storefrontName: null },
      journeys: [],
    });
    const lots = await request(world.catalog)
      .get(`/listings/${listingId}/lots`)
      .set(...bearer(seller))
      .expect(200);
    expect(lots.body).toHaveLength(2);
    await request(world.catalog).get('/trace/0000000000000000').expect(404);
    await request(world.catalog).get('/trace/not-a-code').expect(404);
  });

  it('adds every scan of a parcel carrying the lot to its trace, once', async () => {
    const { body } = await request(world.catalog)
      .post(`/listings/${listingId}/lots`)
      .set(...bearer(seller))
      .send(lot())
      .expect(201);
    const shipmentId = randomUUID();
    const orderId = randomUUID();
    const scan = (nodeCode: string, nodeName: string, kind: string, at: string) => ({
      shipmentId,
      orderId,
      at,
      nodeCode,
      nodeName,
      kind,
      traceCodes: [body.traceCode, 'ZZZZZZZZZZZZZZZZ'],
      temperatureC: 6.5,
    });
    const handedIn = scan(VILLAGE, '安西镇坪石村服务点', 'handed_in', '2026-01-12T08:00:00.000Z');
    await deliver(world, EventName.ShipmentScanned, handedIn);
    await deliver(
      world,
      EventName.ShipmentScanned,
      scan('360722000000', '信丰县物流中心', 'arrived', '2026-01-12T15:30:00.000Z'),
    );
    await deliver(world, EventName.ShipmentScanned, handedIn); // the same scan again, under a new event id
    await deliver(world, EventName.ShipmentScanned, { ...handedIn, traceCodes: [] });

    const trace = await request(world.catalog).get(`/trace/${body.traceCode}`).expect(200);
    expect(trace.body.journeys).toEqual([
      {
        shipmentId,
        scans: [
          {
            at: '2026-01-12T08:00:00.000Z',
            nodeCode: VILLAGE,
            nodeName: '安西镇坪石村服务点',
            kind: 'handed_in',
            temperatureC: 6.5,
          },
          {
            at: '2026-01-12T15:30:00.000Z',
            nodeCode: '360722000000',
            nodeName: '信丰县物流中心',
            kind: 'arrived',
            temperatureC: 6.5,
          },
        ],
      },
    ]);
  });

  it.each([
    [
      'an incomplete pledge',
      { pledge: { noBannedSubstances: true, safetyIntervalsKept: false, residuesWithinLimits: true } },
      'pledge-incomplete',
    ],
    [
      'a harvest range that ends before it starts',
      { harvestFrom: '2026-01-10', harvestTo: '2026-01-08' },
      'harvest-range-invalid',
    ],
    ['a harvest after the issue date', { harvestTo: '2026-01-20' }, 'harvest-after-issue'],
    ['an issue date in the future', { issueDate: '2999-01-01' }, 'issue-date-in-future'],
    ['a village outside the county', { originVillageCode: '360734100201' }, 'village-not-in-county'],
    ['a date that does not exist', { harvestFrom: '2026-02-30' }, 'validation-failed'],
    ['a zero quantity', { quantity: 0 }, 'validation-failed'],
    ['an unknown unit', { unit: 'truckload' }, 'validation-failed'],
  ])('refuses %s, naming the problem', async (_, change, code) => {
    const response = await request(world.catalog)
      .post(`/listings/${listingId}/lots`)
      .set(...bearer(seller))
      .send(lot(change))
      .expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.type).toBe(`/problems/${code}`);
  });

  it('records lots only for produce', async () => {
    const merchant = await quickSeller(world, { name: '信丰县农资公司' });
    const { id } = await createListing(world, merchant, {
      title: '复合肥 50kg',
      categoryId: 'fertiliser',
      certifications: [],
    });
    const response = await request(world.catalog)
      .post(`/listings/${id}/lots`)
      .set(...bearer(merchant))
      .send(lot())
      .expect(400);
    expect(response.body.type).toBe('/problems/lot-needs-produce');
  });

  it('shows no phone on the trace page until the producer publishes a hotline, and then only that', async () => {
    const farm = await quickSeller(world, { name: '嘉定镇热线家庭农场' });
    const other = await quickSeller(world, { name: '别家合作社' });
    const listing = await createListing(world, farm, { title: '信丰红瓜子 500g' });
    const { body } = await request(world.catalog)
      .post(`/listings/${listing.id}/lots`)
      .set(...bearer(farm))
      .send(lot({ contactPhone: '13912345678' }))
      .expect(201);
    const trace = () => request(world.catalog).get(`/trace/${body.traceCode}`).expect(200);
    const before = await trace();
    expect(before.body.producer.hotline).toBeNull();
    expect(JSON.stringify(before.body)).not.toContain('13912345678');

    // only its owners publish it, and only a phone number
    await request(world.catalog)
      .put(`/sellers/${farm.orgId}/hotline`)
      .set(...bearer(other))
      .send({ hotline: '0797-3312345' })
      .expect(403);
    const refused = await request(world.catalog)
      .put(`/sellers/${farm.orgId}/hotline`)
      .set(...bearer(farm))
      .send({ hotline: 'call us' })
      .expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'hotline', rule: 'matches' })]);
    const set = await request(world.catalog)
      .put(`/sellers/${farm.orgId}/hotline`)
      .set(...bearer(farm))
      .send({ hotline: '0797-3312345' })
      .expect(200);
    expect(set.body.hotline).toBe('0797-3312345');
    expect((await trace()).body.producer.hotline).toBe('0797-3312345');

    // a later verification decision keeps it; null withdraws it
    await setSellerStatus(world, farm.orgId!, 'suspend');
    await setSellerStatus(world, farm.orgId!, 'verify');
    expect((await trace()).body.producer.hotline).toBe('0797-3312345');
    await request(world.catalog)
      .put(`/sellers/${farm.orgId}/hotline`)
      .set(...bearer(farm))
      .send({ hotline: null })
      .expect(200);
    expect((await trace()).body.producer.hotline).toBeNull();
  });

  it('keeps the trace page readable after the seller is suspended, saying so', async () => {
    const farm = await quickSeller(world, { name: '油山镇高山茶园' });
    const tea = await createListing(world, farm, { title: '高山云雾绿茶', categoryId: 'green-tea' });
    const { body } = await request(world.catalog)
      .post(`/listings/${tea.id}/lots`)
      .set(...bearer(farm))
      .send(lot())
      .expect(201);
    await setSellerStatus(world, farm.orgId!, 'suspend');
    const trace = await request(world.catalog).get(`/trace/${body.traceCode}`).expect(200);
    expect(trace.body.producer.status).toBe('suspended');
    expect(trace.body.listing.purchasable).toBe(false);
  });
});

describe('the public lot summary of a listing', () => {
  let world: CatalogWorld;
  let seller: Actor;
  let listingId: string;

  beforeAll(async () => {
    world = await startCatalogWorld({ officials: false });
    seller = await quickSeller(world, { name: '大塘埠镇脐橙场' });
    listingId = (await createListing(world, seller)).id;
  });

  afterAll(() => world.stop());

  it('shows an anonymous buyer the most recent certificates, without trace codes or the contact phone', async () => {
    const empty = await request(world.catalog).get(`/listings/${listingId}/lots/public`).expect(200);
    expect(empty.body).toEqual([]);

    const traceCodes: string[] = [];
    for (let day = 1; day <= 7; day += 1) {
      const date = `2026-01-${String(day).padStart(2, '0')}`;
      const { body } = await request(world.catalog)
        .post(`/listings/${listingId}/lots`)
        .set(...bearer(seller))
        .send(lot({ harvestFrom: date, harvestTo: date, issueDate: date, grade: day === 7 ? '一级' : '特级' }))
        .expect(201);
      traceCodes.push(body.traceCode as string);
    }

    const response = await request(world.catalog).get(`/listings/${listingId}/lots/public`).expect(200);
    expect(response.body).toHaveLength(5);
    expect(response.body.map((item: { issueDate: string }) => item.issueDate)).toEqual([
      '2026-01-07',
      '2026-01-06',
      '2026-01-05',
      '2026-01-04',
      '2026-01-03',
    ]);
    expect(response.body[0]).toEqual({
      certificateNo: expect.stringMatching(/^HGZ-360722-20260107-\d{6}$/),
      productName: '赣南脐橙 5斤装 产地直发',
      harvestFrom: '2026-01-07',
      harvestTo: '2026-01-07',
      quantity: 500,
      unit: 'kg',
      grade: '一级',
      originVillageCode: VILLAGE,
      producerName: '大塘埠镇脐橙场',
      pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
      // no photos of this lot were taken
      photos: [],
      testResults: [
        {
          item: '农药残留（速测）',
          result: '抑制率 12%',
          passed: true,
          method: null,
          laboratory: '信丰县农检站',
          testedOn: '2026-01-10',
        },
      ],
      issueDate: '2026-01-07',
    });
    const text = JSON.stringify(response.body);
    for (const code of traceCodes) {
      expect(text).not.toContain(code);
    }
    expect(text).not.toContain('traceCode');
    expect(text).not.toContain('13800138000');

    // the seller's own list still carries the trace codes
    const own = await request(world.catalog)
      .get(`/listings/${listingId}/lots`)
      .set(...bearer(seller))
      .expect(200);
    expect(own.body[0].traceCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });

  it('is a 404 problem for a draft, an unknown listing and a suspended seller; an empty list for goods', async () => {
    const draft = await createListing(world, seller, { title: '赣南脐橙 10斤装' }, { publish: false });
    await request(world.catalog)
      .post(`/listings/${draft.id}/lots`)
      .set(...bearer(seller))
      .send(lot())
      .expect(201);
    const hidden = await request(world.catalog).get(`/listings/${draft.id}/lots/public`).expect(404);
    expect(hidden.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(hidden.body.type).toBe('/problems/listing-not-found');
    // the seller previewing the draft sees it, as with GET /listings/{id}
    const preview = await request(world.catalog)
      .get(`/listings/${draft.id}/lots/public`)
      .set(...bearer(seller))
      .expect(200);
    expect(preview.body).toHaveLength(1);
    expect(preview.body[0]).not.toHaveProperty('traceCode');

    const unknown = await request(world.catalog).get(`/listings/${randomUUID()}/lots/public`).expect(404);
    expect(unknown.body.type).toBe('/problems/listing-not-found');
    await request(world.catalog).get('/listings/not-a-uuid/lots/public').expect(400);

    const merchant = await quickSeller(world, { name: '信丰县农资门市' });
    const goods = await createListing(world, merchant, {
      title: '复合肥 50kg',
      categoryId: 'fertiliser',
      certifications: [],
    });
    const none = await request(world.catalog).get(`/listings/${goods.id}/lots/public`).expect(200);
    expect(none.body).toEqual([]);

    const farm = await quickSeller(world, { name: '油山镇茶场' });
    const tea = await createListing(world, farm, { title: '高山云雾绿茶', categoryId: 'green-tea' });
    await request(world.catalog)
      .post(`/listings/${tea.id}/lots`)
      .set(...bearer(farm))
      .send(lot())
      .expect(201);
    await request(world.catalog).get(`/listings/${tea.id}/lots/public`).expect(200);
    await setSellerStatus(world, farm.orgId!, 'suspend');
    await request(world.catalog).get(`/listings/${tea.id}/lots/public`).expect(404);
  });
});
