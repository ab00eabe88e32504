import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createCatalogApp } from '../../apps/catalog/src/catalog.app';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { MemorySearchEngine } from '../../apps/catalog/src/search/memory-search.engine';
import { SearchRepository } from '../../apps/catalog/src/search/search.repository';
import { buildSearchDocuments, generate } from '../../bench/catalog';
import { provinceCounties } from '../../bench/province';
import { insertDemoCounty } from '../../bench/relevance';
import { RELEVANCE_SET } from '../../bench/relevance-set';
import { Platform, startPlatform } from '../support/platform';

type Answer = {
  items: { id: string; title: string; highlights: unknown }[];
  facets: { total: number; exact: boolean } | null;
  suggestions: string[];
  nextCursor: string | null;
};

/**
 * The in-process index (SEARCH_ENGINE=memory) and PostgreSQL (SEARCH_ENGINE=postgres) over the same documents: a
 * small generated province and the demo county, every query of the relevance set through both apps, and a
 * change made in one process found by the other's index.
 */
describe('search from the in-process index, as from PostgreSQL', () => {
  let platform: Platform;
  let postgres: NestFastifyApplication;
  let memory: NestFastifyApplication;
  let db: Client;

  const search = async (app: NestFastifyApplication, query: Record<string, string>): Promise<Answer> => {
    const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/search', query });
    expect(response.statusCode).toBe(200);
    return response.json<Answer>();
  };

  beforeAll(async () => {
    platform = await startPlatform({ services: ['catalog'], env: { SEARCH_ENGINE: 'postgres' } });
    postgres = platform.apps.catalog!;
    await generate(platform.db.url, 1_500, provinceCounties(100));
    await insertDemoCounty(platform.db.url);
    await buildSearchDocuments(postgres, platform.db.url);
    memory = await createCatalogApp(loadCatalogConfig({ ...platform.env, SEARCH_ENGINE: 'memory' }, { port: 0 }));
    db = new Client({ connectionString: platform.db.url, options: '-c search_path=catalog,public' });
    await db.connect();
    // a province of its own to generate and index: longer than a hook's default on a busy machine
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await memory?.close();
    await platform?.stop();
  });

  it('loads every public listing', async () => {
    const [{ count }] = (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM listing_search`)).rows;
    expect(memory.get(MemorySearchEngine).stats()).toMatchObject({ documents: count, deadSlots: 0 });
    expect(count).toBeGreaterThan(1_500);
  });

  it('answers every query of the relevance set with the same listings in the same order', async () => {
    for (const query of RELEVANCE_SET) {
      const request = { q: query.q, limit: '10', ...query.filters };
      const [fromMemory, fromPostgres] = [await search(memory, request), await search(postgres, request)];
      expect({ q: query.q, items: fromMemory.items }).toEqual({ q: query.q, items: fromPostgres.items });
      expect(fromMemory.suggestions).toEqual(fromPostgres.suggestions);
      // PostgreSQL counts up to FACET_LIMIT; the index counts every match
      if (fromPostgres.facets?.exact) {
        expect(fromMemory.facets).toEqual(fromPostgres.facets);
      }
    }
  });

  it('filters, sorts and pages alike', async () => {
    const [{ seller }] = (
      await db.query<{ seller: string }>(
        `SELECT seller_org_id AS seller FROM listing_search GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      )
    ).rows;
    const queries: Record<string, string>[] = [
      { q: '脐橙', sort: 'price_asc' },
      { q: '大米', sort: 'price_desc', countyCode: '360734' },
      { q: '茶', sort: 'sales', certification: 'organic' },
      { q: '蜜桔', sort: 'newest', minPriceFen: '3000', maxPriceFen: '6000' },
      { categoryId: 'fruit', sort: 'newest' },
      { countyCode: '360781', sort: 'sales', facets: 'true' },
      { direction: 'up', temperatureClass: 'frozen' },
      { q: '米', countyCode: '360722' },
      // browsing without words walks a sort's order (or passes over the shortest filter list when that is cheaper)
      { sort: 'price_asc', minPriceFen: '3000', maxPriceFen: '6000', certification: 'organic' },
      { sort: 'price_desc', countyCode: '360734' },
      { sort: 'sales' },
      { categoryId: 'citrus', sort: 'price_desc', direction: 'up' },
      { sellerOrgId: seller, sort: 'newest' },
    ];
    for (const query of queries) {
      const pages = async (app: NestFastifyApplication) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 3; page++) {
          const answer: Answer = await search(app, { ...query, limit: '7', ...(cursor && { cursor }) });
          ids.push(...answer.items.map((item) => item.id));
          cursor = answer.nextCursor;
          if (!cursor) {
            break;
          }
        }
        return ids;
      };
      const expected = await pages(postgres);
      expect(expected.length).toBeGreaterThan(0);
      expect({ query, ids: await pages(memory) }).toEqual({ query, ids: expected });
    }
  });

  it('confirms words from title runs and from the text alike, and scores ways that other ways cover', async () => {
    const queries: Record<string, string>[] = [
      // three characters in every title that has them: proven by the titles' runs of three
      { q: '礼盒装' },
      { q: '脐橙 家庭装', sort: 'price_asc' },
      // three characters in descriptions and seller names only: each candidate's text is read
      { q: '合作社' },
      { q: '县城仓', sort: 'newest' },
      // the word itself is not tested for the matches (its segments or its word cover it), only for the points
      { q: '赣南脐橙' },
      { q: '红心猕猴桃' },
      { q: '猪肉' },
      { q: '产地直发 脐橙' },
    ];
    for (const query of queries) {
      const request = { ...query, limit: '30' };
      const [fromMemory, fromPostgres] = [await search(memory, request), await search(postgres, request)];
      expect(fromPostgres.items.length).toBeGreaterThan(0);
      expect({ query, items: fromMemory.items }).toEqual({ query, items: fromPostgres.items });
      // the cursor holds the last item's score: the same only when each word matched the same way
      expect({ query, nextCursor: fromMemory.nextCursor }).toEqual({ query, nextCursor: fromPostgres.nextCursor });
      expect(fromPostgres.facets?.exact).toBe(true);
      expect({ query, facets: fromMemory.facets }).toEqual({ query, facets: fromPostgres.facets });
    }
  });

  it('finds a change as soon as it commits, in this process and from another', async () => {
    const [{ id, title }] = (
      await db.query<{ id: string; title: string }>(
        `SELECT l.id, l.title FROM listing_search ls JOIN listing l ON l.id = ls.listing_id ORDER BY l.id LIMIT 1`,
      )
    ).rows;
    const found = async (word: string) => (await search(memory, { q: word })).items.some((item) => item.id === id);
    // through the memory app's own repository, in its transaction: applied before the commit returns
    await memory.get(DataSource).transaction(async (manager) => {
      await manager.query(`UPDATE listing SET title = $2 WHERE id = $1`, [id, `${title} 紫皮百香果`]);
      await memory.get(SearchRepository).refresh(manager, [id]);
    });
    expect(await found('百香果')).toBe(true);
    // another catalog process (here the PostgreSQL app) takes it down: its NOTIFY tells this index
    await postgres.get(DataSource).transaction(async (manager) => {
      await manager.query(`UPDATE listing SET status = 'draft' WHERE id = $1`, [id]);
      await postgres.get(SearchRepository).refresh(manager, [id]);
    });
    const started = Date.now();
    while ((await found('百香果')) && Date.now() - started < 1_000) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await found('百香果')).toBe(false);
  });

  it('keeps no index in a worker process, whose changes still reach the index of the process that serves', async () => {
    const worker = await createCatalogApp(
      loadCatalogConfig({ ...platform.env, SEARCH_ENGINE: 'memory', SERVICE_ROLE: 'worker' }, { port: 0 }),
    );
    try {
      expect(worker.get(MemorySearchEngine).stats()).toBeUndefined();
      const [{ id, title }] = (
        await db.query<{ id: string; title: string }>(
          `SELECT l.id, l.title FROM listing_search ls JOIN listing l ON l.id = ls.listing_id ORDER BY l.id DESC LIMIT 1`,
        )
      ).rows;
      await worker.get(DataSource).transaction(async (manager) => {
        await manager.query(`UPDATE listing SET title = $2 WHERE id = $1`, [id, `${title} 黄皮百香果`]);
        await worker.get(SearchRepository).refresh(manager, [id]);
      });
      const found = async () => (await search(memory, { q: '黄皮百香果' })).items.some((item) => item.id === id);
      const started = Date.now();
      while (!(await found()) && Date.now() - started < 2_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await found()).toBe(true);
    } finally {
      await worker.close();
    }
  });

  it('reuses the slots of removed listings for new ones and still answers alike', async () => {
    const engine = memory.get(MemorySearchEngine);
    const settled = async (check: () => boolean | Promise<boolean>) => {
      const started = Date.now();
      while (!(await check()) && Date.now() - started < 2_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await check()).toBe(true);
    };
    const publicCount = async () =>
      (await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM listing_search`)).rows[0].count;
    // the test before unpublished a listing from another process: once the index has heard it, its slot is free
    const before = await publicCount();
    await settled(() => engine.stats()!.documents === before);
    const { slots, deadSlots } = engine.stats()!;
    const listings = (
      await db.query<{ id: string; title: string }>(
        `SELECT l.id, l.title FROM listing_search ls JOIN listing l ON l.id = ls.listing_id
          ORDER BY ls.sales_count DESC, l.id LIMIT 20`,
      )
    ).rows;
    const [hidden, renamed] = [listings.slice(0, 10), listings.slice(10)];
    // another catalog process changes them; the index hears it by NOTIFY
    const change = (sql: string, ids: string[]) =>
      postgres.get(DataSource).transaction(async (manager) => {
        await manager.query(sql, [ids]);
        await postgres.get(SearchRepository).refresh(manager, ids);
      });
    const hiddenIds = hidden.map(({ id }) => id);
    await change(`UPDATE listing SET status = 'draft' WHERE id = ANY ($1)`, hiddenIds);
    await change(
      `UPDATE listing SET title = title || ' 紫皮百香果' WHERE id = ANY ($1)`,
      renamed.map(({ id }) => id),
    );
    await settled(() => engine.stats()!.deadSlots === deadSlots + 10);
    await settled(async () => {
      const found = new Set((await search(memory, { q: '紫皮百香果', limit: '50' })).items.map(({ id }) => id));
      return renamed.every(({ id }) => found.has(id));
    });
    // published again: new to the index, they take the free slots
    await change(`UPDATE listing SET status = 'published' WHERE id = ANY ($1)`, hiddenIds);
    await settled(() => engine.stats()!.deadSlots === deadSlots);
    expect(engine.stats()!.slots).toBe(slots);
    expect(engine.stats()!.documents).toBe(before);
    const queries: Record<string, string>[] = [
      { q: '紫皮百香果', limit: '50' },
      { sort: 'sales', limit: '30' },
      { sort: 'price_desc', limit: '30' },
      { sort: 'newest', limit: '30', facets: 'true' },
      { q: '脐橙', sort: 'sales' },
    ];
    for (const query of queries) {
      expect({ query, items: (await search(memory, query)).items }).toEqual({
        query,
        items: (await search(postgres, query)).items,
      });
    }
  });
});
