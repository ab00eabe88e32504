import request from 'supertest';
import { CANDIDATES, FACET_LIMIT, FacetCounts } from '../../apps/catalog/src/search/search.repository';
import { CatalogWorld, createListing, quickSeller, startCatalogWorld } from './support';

type Hit = { id: string; title: string; minPriceFen: number; salesCount: number };
type Answer = { items: Hit[]; facets: FacetCounts | null; nextCursor: string | null };

/**
 * A word with more matches than PostgreSQL's search counts (FACET_LIMIT, SEARCH_ENGINE=postgres): the page comes from
 * the sort's index, not from scoring every match (SearchRepository.commonWordPage). The matches are copies of one listing made through the
 * API, with their own prices, sales and dates.
 */
describe('search for a word with thousands of matches', () => {
  let world: CatalogWorld;
  const copies = FACET_LIMIT + 500;

  const search = async (query: Record<string, string | number>): Promise<Answer> =>
    (await request(world.catalog).get('/search').query(query).expect(200)).body as Answer;

  beforeAll(async () => {
    // the documents are written here in SQL, around the listing service: PostgreSQL's search reads them as they are
    world = await startCatalogWorld({ officials: false, env: { SEARCH_ENGINE: 'postgres' } });
    const orchard = await quickSeller(world, { name: '安西镇果蔬专业合作社' });
    const { id } = await createListing(world, orchard, { title: '赣南脐橙 5斤装 产地直发' });
    await world.db.query(
      `INSERT INTO listing (id, seller_org_id, county_code, category_id, direction, title, description, images,
                            origin_village_code, certifications, shelf_life_days, temperature_class,
                            temperature_min_c, temperature_max_c, weight_tolerance_grams, status, version,
                            published_at, created_by, created_at, updated_at)
       SELECT md5($1::text || i)::uuid, seller_org_id, county_code, category_id, direction, title, description, images,
              origin_village_code, certifications, shelf_life_days, temperature_class, temperature_min_c,
              temperature_max_c, weight_tolerance_grams, status, version, published_at - make_interval(days => i),
              created_by, created_at, updated_at
         FROM listing, generate_series(1, $2::int) i WHERE id = $1::uuid`,
      [id, copies],
    );
    await world.db.query(
      `INSERT INTO sku (id, listing_id, spec, price_fen, weight_grams, volume_ml, received, restocked, available,
                        reserved, sold)
       SELECT md5('sku' || i)::uuid, md5($1::text || i)::uuid, '5斤装', 1000 + (i * 7919) % 50000, 2500, 6000,
              1000 + (i * 37) % 1000, 0, 1000, 0, (i * 37) % 1000
         FROM generate_series(1, $2::int) i`,
      [id, copies],
    );
    // each copy's document, as the listing service's refresh would write it: the original's text, its own figures
    await world.db.query(
      `INSERT INTO listing_search (listing_id, seller_org_id, county_code, category_ids, direction, temperature_class,
                                   certifications, min_price_fen, max_price_fen, prices, sales_count, published_at,
                                   title_norm, search_text, search_keys, pinyin, initials, seller_rating)
       SELECT l.id, ls.seller_org_id, ls.county_code, ls.category_ids, ls.direction, ls.temperature_class,
              ls.certifications, s.price_fen, s.price_fen, ARRAY[s.price_fen], s.sold, l.published_at,
              ls.title_norm, ls.search_text, ls.search_keys, ls.pinyin, ls.initials, ls.seller_rating
         FROM listing_search ls, listing l JOIN sku s ON s.listing_id = l.id
        WHERE ls.listing_id = $1::uuid AND l.id <> $1::uuid AND l.title = '赣南脐橙 5斤装 产地直发'`,
      [id],
    );
    await world.db.query(`ANALYZE listing_search`);
  });

  afterAll(() => world.stop());

  /** Every listing matching 脐橙, in `order` (SQL over listing_search), as ids. */
  const inOrder = async (order: string): Promise<string[]> =>
    (
      await world.db.query<{ id: string }>(
        `SELECT listing_id AS id FROM listing_search WHERE strpos(search_text, '脐橙') > 0 ORDER BY ${order}`,
      )
    ).rows.map((row) => row.id);

  it('counts the first matches and says there are more', async () => {
    const { facets, items } = await search({ q: '脐橙' });
    expect(facets).toMatchObject({ total: FACET_LIMIT, exact: false });
    expect(facets!.county).toEqual({ '360722': FACET_LIMIT });
    expect(items).toHaveLength(20);
  });

  it('pages through a price sort exactly, from the price index', async () => {
    const expected = (await inOrder('min_price_fen, listing_id')).slice(0, 60);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page++) {
      const answer: Answer = await search({ q: '脐橙', sort: 'price_asc', limit: 20, ...(cursor && { cursor }) });
      seen.push(...answer.items.map((item) => item.id));
      cursor = answer.nextCursor;
    }
    expect(seen).toEqual(expected);
    const newest = await search({ q: '脐橙', sort: 'newest', limit: 5 });
    expect(newest.items.map((item) => item.id)).toEqual(
      (await inOrder('published_at DESC, listing_id DESC')).slice(0, 5),
    );
  });

  it('ranks the best-selling and newest matches, and pages on through them', async () => {
    const first = await search({ q: '脐橙', limit: 20 });
    // the same text everywhere: the best sellers and the newest (freshness) rank first
    const bestSellers = new Set((await inOrder('sales_count DESC, listing_id DESC')).slice(0, CANDIDATES));
    const newest = new Set((await inOrder('published_at DESC, listing_id DESC')).slice(0, CANDIDATES));
    for (const item of first.items) {
      expect(bestSellers.has(item.id) || newest.has(item.id)).toBe(true);
    }
    const second = await search({ q: '脐橙', limit: 20, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(20);
    const ids = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(40);
  });
});
