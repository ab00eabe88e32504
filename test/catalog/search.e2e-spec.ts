import { EventName } from '@countyflow/contracts';
import request from 'supertest';
import { normalizeSearchText, searchKeys, searchTerms, textKeys } from '../../apps/catalog/src/search/search-query';
import { Actor } from '../support/actors';
import {
  CatalogWorld,
  createListing,
  deliver,
  orderPaid,
  orderPlaced,
  quickSeller,
  setSellerStatus,
  startCatalogWorld,
} from './support';

type Item = { id: string; title: string; minPriceFen: number };

describe('search over Chinese text', () => {
  let world: CatalogWorld;
  const ids: Record<string, string> = {};
  let orchard: Actor;
  let teaFarm: Actor;

  const search = async (query: Record<string, string | number>): Promise<Item[]> => {
    const response = await request(world.catalog).get('/search').query(query).expect(200);
    return response.body.items;
  };
  const titles = async (query: Record<string, string | number>): Promise<string[]> =>
    (await search(query)).map((item) => item.title).sort();

  beforeAll(async () => {
    world = await startCatalogWorld();
    orchard = await quickSeller(world, { name: '安西镇果蔬专业合作社' });
    teaFarm = await quickSeller(world, { name: '九曲河生态农业合作社' });
    const neighbour = await quickSeller(world, { name: '寻乌县果业合作社', countyCode: '360734' });
    const merchant = await quickSeller(world, { name: '信丰县农资公司' });
    const doomed = await quickSeller(world, { name: '被暂停的合作社' });
    const sku = (priceFen: number, spec = '标准装') => ({
      spec,
      priceFen,
      weightGrams: 2500,
      volumeMl: 6000,
      initialStock: 50,
    });

    const make = async (key: string, owner: Actor, input: Parameters<typeof createListing>[2], publish = true) => {
      ids[key] = (await createListing(world, owner, input, { publish })).id;
    };
    await make('navel', orchard, {
      title: '赣南脐橙 5斤装 产地直发',
      certifications: ['geographical_indication'],
      skus: [sku(5990, '5斤装'), sku(9990, '10斤装')],
    });
    await make('giftBox', orchard, {
      title: '脐橙礼盒 精选大果',
      certifications: ['organic', 'green_food'],
      temperature: { class: 'chilled' },
      skus: [sku(12800)],
    });
    await make('pork', orchard, {
      title: '土猪肉 五花 冷冻',
      categoryId: 'pork',
      certifications: [],
      temperature: { class: 'frozen' },
      skus: [sku(4800)],
    });
    await make('apple', orchard, {
      title: '有机苹果 XL大果',
      categoryId: 'apple-pear',
      certifications: [],
      skus: [sku(3600)],
    });
    await make('draft', orchard, { title: '脐橙 草稿 未发布' }, false);
    await make('rice', teaFarm, {
      title: '富硒大米 10kg',
      description: '产自信丰油山镇梯田，一年一季。',
      categoryId: 'rice',
      certifications: ['green_food'],
      skus: [sku(6900)],
    });
    await make('tea', teaFarm, {
      title: '高山云雾绿茶 明前',
      categoryId: 'green-tea',
      certifications: ['organic'],
      skus: [sku(25800)],
    });
    await make('tangerine', neighbour, {
      title: '寻乌蜜桔 脐橙混装',
      originVillageCode: '360734100201',
      certifications: [],
      skus: [sku(4500)],
    });
    await make('fertiliser', merchant, {
      title: '复合肥 45% 50kg',
      categoryId: 'fertiliser',
      certifications: [],
      skus: [sku(16800)],
    });
    await make('cooker', merchant, {
      title: '电饭煲 3L 家用',
      categoryId: 'kitchen-appliances',
      certifications: [],
      skus: [sku(19900)],
    });
    await make('suspended', doomed, { title: '赣南脐橙 农家自种', skus: [sku(3990)] });
    await setSellerStatus(world, doomed.orgId!, 'suspend');

    // sales: the gift box sells 7 units
    const giftSku = (await request(world.catalog).get(`/listings/${ids.giftBox}`)).body.skus[0].id;
    const order = orderPlaced(orchard.orgId!, [{ skuId: giftSku, quantity: 7 }]);
    await deliver(world, EventName.OrderPlaced, order);
    await deliver(world, EventName.OrderPaid, orderPaid(order.orderId, orchard.orgId!));
  });

  afterAll(() => world.stop());

  it('finds Chinese substrings in titles, of two characters, one character or several words', async () => {
    const navel = ['寻乌蜜桔 脐橙混装', '脐橙礼盒 精选大果', '赣南脐橙 5斤装 产地直发'];
    expect(await titles({ q: '脐橙' })).toEqual(navel);
    expect(await titles({ q: '橙' })).toEqual(navel);
    expect(await titles({ q: '赣南脐橙' })).toEqual(['赣南脐橙 5斤装 产地直发']);
    expect(await titles({ q: '脐橙 礼盒' })).toEqual(['脐橙礼盒 精选大果']);
    expect(await titles({ q: '榴莲' })).toEqual([]);
  });

  it('finds words in the description, the category and the seller name, whatever their width or case', async () => {
    expect(await titles({ q: '油山镇' })).toEqual(['富硒大米 10kg']);
    expect(await titles({ q: '绿茶' })).toEqual(['高山云雾绿茶 明前']);
    expect(await titles({ q: '九曲河' })).toEqual(['富硒大米 10kg', '高山云雾绿茶 明前']);
    expect(await titles({ q: '化肥' })).toEqual(['复合肥 45% 50kg']);
    expect(await titles({ q: 'ｘｌ' })).toEqual(['有机苹果 XL大果']);
  });

  it('ranks title matches first, a title that starts with the words above one that merely holds them', async () => {
    const items = await search({ q: '脐橙' });
    expect(items[0].title).toBe('脐橙礼盒 精选大果');
  });

  it('respects every filter', async () => {
    expect(await titles({ q: '脐橙', countyCode: '360722' })).toEqual(['脐橙礼盒 精选大果', '赣南脐橙 5斤装 产地直发']);
    expect(await titles({ categoryId: 'fruit' })).toEqual([
      '寻乌蜜桔 脐橙混装',
      '有机苹果 XL大果',
      '脐橙礼盒 精选大果',
      '赣南脐橙 5斤装 产地直发',
    ]);
    expect(await titles({ categoryId: 'citrus', countyCode: '360734' })).toEqual(['寻乌蜜桔 脐橙混装']);
    expect(await titles({ direction: 'down' })).toEqual(['复合肥 45% 50kg', '电饭煲 3L 家用']);
    // some SKU in the range: the 10斤 box at 99.90, not the gift box at 128.00
    expect(await titles({ minPriceFen: 9000, maxPriceFen: 10000 })).toEqual(['赣南脐橙 5斤装 产地直发']);
    expect(await titles({ maxPriceFen: 4800 })).toEqual(['土猪肉 五花 冷冻', '寻乌蜜桔 脐橙混装', '有机苹果 XL大果']);
    expect(await titles({ temperatureClass: 'frozen' })).toEqual(['土猪肉 五花 冷冻']);
    expect(await titles({ certification: 'organic' })).toEqual(['脐橙礼盒 精选大果', '高山云雾绿茶 明前']);
    expect(await titles({ certification: 'organic,green_food' })).toEqual(['脐橙礼盒 精选大果']);
    expect(await titles({ sellerOrgId: teaFarm.orgId! })).toEqual(['富硒大米 10kg', '高山云雾绿茶 明前']);
    const bad = await request(world.catalog).get('/search').query({ minPriceFen: 500, maxPriceFen: 100 }).expect(400);
    expect(bad.body.type).toBe('/problems/price-range-invalid');
    await request(world.catalog).get('/search').query({ minPriceFen: -1 }).expect(400);
    await request(world.catalog).get('/search').query({ certification: 'michelin' }).expect(400);
  });

  it('sorts by price, newest and sales', async () => {
    const byPrice = await search({ sort: 'price_asc', limit: 100 });
    expect(byPrice.map((item) => item.minPriceFen)).toEqual(
      [...byPrice.map((item) => item.minPriceFen)].sort((a, b) => a - b),
    );
    const dearFirst = await search({ sort: 'price_desc', limit: 100 });
    expect(dearFirst.map((item) => item.id)).toEqual([...byPrice].reverse().map((item) => item.id));
    const newest = await search({ sort: 'newest', limit: 100 });
    expect(newest[0].id).toBe(ids.cooker);
    const bestSelling = await request(world.catalog).get('/search').query({ sort: 'sales' }).expect(200);
    expect(bestSelling.body.items[0]).toMatchObject({ id: ids.giftBox, salesCount: 7 });
  });

  it('pages with a stable cursor: every listing once, in order, then no cursor', async () => {
    for (const sort of ['price_asc', 'newest', 'sales', 'relevance']) {
      const query: Record<string, string> = sort === 'relevance' ? { q: '果', sort } : { sort };
      const whole = (await search({ ...query, limit: 100 })).map((item) => item.id);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await request(world.catalog)
          .get('/search')
          .query({ ...query, limit: 3, ...(cursor && { cursor }) })
          .expect(200);
        paged.push(...page.body.items.map((item: Item) => item.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(paged).toEqual(whole);
      expect(whole.length).toBeGreaterThan(3);
    }
    const wrongSort = await request(world.catalog).get('/search').query({ sort: 'price_asc', limit: 2 }).expect(200);
    const reused = await request(world.catalog)
      .get('/search')
      .query({ sort: 'newest', cursor: wrongSort.body.nextCursor })
      .expect(400);
    expect(reused.body.type).toBe('/problems/invalid-cursor');
  });

  it('computes the same index keys as the database does', async () => {
    const text = '赣南脐橙 ５斤装 XL大果 😀🍊';
    const { rows } = await world.db.query<{ normalized: string; keys: number[] }>(
      `SELECT search_normalize($1) AS normalized, search_keys(search_normalize($1)) AS keys`,
      [text],
    );
    expect(rows[0].normalized).toBe(normalizeSearchText(text));
    const terms = searchTerms(text);
    expect(new Set(rows[0].keys)).toEqual(new Set([...rows[0].keys, ...searchKeys(terms)]));
    expect(searchKeys(terms).length).toBeGreaterThan(5);
    // documents get their keys from Node (textKeys): exactly the database's
    expect(new Set(textKeys(rows[0].normalized))).toEqual(new Set(rows[0].keys));
  });

  it('never shows a suspended seller’s listings, nor drafts', async () => {
    expect(await titles({ q: '农家自种' })).toEqual([]);
    expect(await titles({ q: '草稿' })).toEqual([]);
    const all = await search({ limit: 100 });
    expect(all.map((item) => item.id)).not.toContain(ids.suspended);
    expect(all.map((item) => item.id)).not.toContain(ids.draft);
    expect(all).toHaveLength(9);
  });
});
