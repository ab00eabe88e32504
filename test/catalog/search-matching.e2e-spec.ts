import request from 'supertest';
import { FacetCounts } from '../../apps/catalog/src/search/search.repository';
import { Actor, countyStaff, registerActor } from '../support/actors';
import { bearer, CatalogWorld, COUNTY, createListing, quickSeller, startCatalogWorld } from './support';

type Hit = { id: string; title: string; countyCode: string; highlights: [number, number][] };
type Answer = {
  items: Hit[];
  suggestions: string[];
  facets: FacetCounts | null;
};

describe('search finds what people mean', () => {
  let world: CatalogWorld;
  let orchard: Actor;
  const ids: Record<string, string> = {};

  const search = async (query: Record<string, string | number>): Promise<Answer> =>
    (await request(world.catalog).get('/search').query(query).expect(200)).body as Answer;
  const titles = async (query: Record<string, string | number>): Promise<string[]> =>
    (await search(query)).items.map((item) => item.title).sort();
  const sku = (priceFen: number) => ({ spec: '标准装', priceFen, weightGrams: 2500, volumeMl: 6000, initialStock: 50 });

  beforeAll(async () => {
    world = await startCatalogWorld();
    orchard = await quickSeller(world, { name: '安西镇果蔬专业合作社' });
    const neighbour = await quickSeller(world, { name: '寻乌县果业合作社', countyCode: '360734' });
    const merchant = await quickSeller(world, { name: '信丰县农资公司' });
    const make = async (key: string, owner: Actor, input: Parameters<typeof createListing>[2]) => {
      ids[key] = (await createListing(world, owner, input)).id;
    };
    await make('navel', orchard, {
      title: '赣南脐橙 5斤装 产地直发',
      certifications: ['geographical_indication'],
      skus: [sku(5990)],
    });
    await make('xinfeng', orchard, {
      title: '信丰脐橙 礼盒装',
      certifications: ['geographical_indication', 'organic'],
      skus: [sku(12800)],
    });
    await make('traditional', neighbour, {
      title: '尋烏臍橙 禮盒裝',
      certifications: [],
      originVillageCode: '360734100201',
      skus: [sku(4500)],
    });
    await make('kiwi', orchard, {
      title: '红心猕猴桃 3斤装',
      categoryId: 'kiwi',
      certifications: [],
      skus: [sku(3990)],
    });
    await make('fertiliser', merchant, {
      title: '复合肥 45% 50kg',
      categoryId: 'fertiliser',
      certifications: [],
      skus: [sku(16800)],
    });
  });

  afterAll(() => world.stop());

  const oranges = ['信丰脐橙 礼盒装', '尋烏臍橙 禮盒裝', '赣南脐橙 5斤装 产地直发'];

  it('finds the oranges by everyday word, pinyin, initials, traditional characters and a wrong character', async () => {
    expect(await titles({ q: '橙子' })).toEqual(oranges);
    expect(await titles({ q: 'qicheng' })).toEqual(oranges);
    expect(await titles({ q: 'Qi Cheng' })).toEqual(oranges);
    expect(await titles({ q: 'qc' })).toEqual(oranges);
    expect(await titles({ q: '臍橙' })).toEqual(oranges);
    expect(await titles({ q: '寻乌脐橙' })).toEqual(['尋烏臍橙 禮盒裝']);
    const typo = await search({ q: '信风脐橙' });
    expect(typo.items.map((item) => item.title)).toEqual(['信丰脐橙 礼盒装']);
    expect(typo.suggestions).toEqual(['信丰脐橙']);
    expect(await titles({ q: '榴莲' })).toEqual([]);
  });

  it('splits words run together, and ranks the words themselves above their sound', async () => {
    expect(await titles({ q: '脐橙礼盒' })).toEqual(['信丰脐橙 礼盒装', '尋烏臍橙 禮盒裝']);
    expect(await titles({ q: '化肥' })).toEqual(['复合肥 45% 50kg']);
    const navel = await search({ q: '赣南脐橙' });
    expect(navel.items[0].title).toBe('赣南脐橙 5斤装 产地直发');
  });

  it('allows one character off when nothing matches as typed, and says what it found instead', async () => {
    const answer = await search({ q: '猕猴挑' });
    expect(answer.items.map((item) => item.title)).toEqual(['红心猕猴桃 3斤装']);
    expect(answer.suggestions).toEqual(['猕猴桃']);
    expect((await search({ q: '猕猴桃' })).suggestions).toEqual([]);
  });

  it('marks where each title matched', async () => {
    const byPinyin = await search({ q: 'qicheng' });
    const navel = byPinyin.items.find((item) => item.id === ids.navel)!;
    expect(navel.highlights).toEqual([[2, 4]]);
    const bySynonym = await search({ q: '橙子 礼盒' });
    const box = bySynonym.items.find((item) => item.id === ids.xinfeng)!;
    expect(box.highlights).toEqual([
      [2, 4],
      [5, 7],
    ]);
  });

  it('counts the matches by category, county, certification, temperature class and price band', async () => {
    const { facets } = await search({ q: '脐橙' });
    expect(facets).toEqual({
      total: 3,
      exact: true,
      category: { citrus: 3 },
      county: { [COUNTY]: 2, '360734': 1 },
      certification: { geographical_indication: 2, organic: 1 },
      temperatureClass: { ambient: 3 },
      priceBand: { '2000-5000': 1, '5000-10000': 1, '10000-20000': 1 },
    });
    expect((await search({ q: '脐橙', countyCode: '360734' })).facets).toMatchObject({
      total: 1,
      county: { '360734': 1 },
    });
    expect((await search({ q: '脐橙', facets: 'false' })).facets).toBeNull();
    expect((await search({})).facets).toBeNull();
    expect((await search({ facets: 'true' })).facets).toMatchObject({ total: 5 });
    await request(world.catalog).get('/search').query({ facets: 'maybe' }).expect(400);
  });

  it('makes a change searchable in the transaction that makes it', async () => {
    const fresh = await createListing(world, orchard, { title: '紫香百香果 5斤装', categoryId: 'tropical-fruit' });
    expect((await search({ q: 'baixiangguo' })).items.map((item) => item.id)).toEqual([fresh.id]);
    await request(world.catalog)
      .patch(`/listings/${fresh.id}`)
      .set(...bearer(orchard))
      .send({ title: '紫香百香果 10斤装' })
      .expect(200);
    expect((await search({ q: '10斤' })).items.map((item) => item.id)).toEqual([fresh.id]);
  });

  it('lets county staff add everyday words for their county, and nobody else', async () => {
    expect(await titles({ q: '果子' })).toEqual([]);
    const added = await request(world.catalog)
      .post('/search/synonyms')
      .set(...bearer(world.staff))
      .send({ countyCode: COUNTY, word: '果子', expansions: ['脐橙', '猕猴桃'] })
      .expect(201);
    expect(added.body).toMatchObject({ countyCode: COUNTY, word: '果子', expansions: ['脐橙', '猕猴桃'] });
    expect(await titles({ q: '果子', countyCode: COUNTY })).toEqual([
      '信丰脐橙 礼盒装',
      '红心猕猴桃 3斤装',
      '赣南脐橙 5斤装 产地直发',
    ]);
    // another county's searches do not use it
    expect(await titles({ q: '果子', countyCode: '360734' })).toEqual([]);
    const list = await request(world.catalog).get(`/search/synonyms/${COUNTY}`).expect(200);
    expect(list.body.county.map((row: { word: string }) => row.word)).toEqual(['果子']);
    expect(list.body.platform['橙子']).toEqual(['脐橙', '橙']);

    const otherStaff = await countyStaff(world.identity, world.admin, '360734');
    const buyer = await registerActor(world.identity);
    const body = { countyCode: COUNTY, word: '果果', expansions: ['脐橙'] };
    const foreign = await request(world.catalog)
      .post('/search/synonyms')
      .set(...bearer(otherStaff))
      .send(body)
      .expect(403);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(world.catalog)
      .post('/search/synonyms')
      .set(...bearer(buyer))
      .send(body)
      .expect(403);
    await request(world.catalog).post('/search/synonyms').send(body).expect(401);
    await request(world.catalog)
      .delete(`/search/synonyms/${added.body.id}`)
      .set(...bearer(otherStaff))
      .expect(403);
    const invalid = await request(world.catalog)
      .post('/search/synonyms')
      .set(...bearer(world.staff))
      .send({ countyCode: COUNTY, word: '果子', expansions: ['果子'] })
      .expect(400);
    expect(invalid.body.type).toBe('/problems/synonym-invalid');
    const { rows } = await world.db.query(`SELECT word FROM search_synonym`);
    expect(rows).toEqual([{ word: '果子' }]);

    await request(world.catalog)
      .delete(`/search/synonyms/${added.body.id}`)
      .set(...bearer(world.staff))
      .expect(204);
    expect(await titles({ q: '果子' })).toEqual([]);
    await request(world.catalog)
      .delete(`/search/synonyms/${added.body.id}`)
      .set(...bearer(world.staff))
      .expect(404);
  });
});
