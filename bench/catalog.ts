/*
 * The catalog under load: `runCatalogBench()` builds a dedicated `countyflow_bench_catalog` database, generates
 * 100,000 public listings (plus drafts and a suspended seller's listings that search must skip) with set-based SQL,
 * builds their search documents with the service's own refresh statement, boots the real catalog app on it twice
 * (SEARCH_ENGINE=postgres and SEARCH_ENGINE=memory: the index's load time and memory) and measures
 *   1. for both engines in the same run, search latency through the HTTP pipeline (validation, query, mapping), p50/p95/p99 over a mix of queries:
 *      two-character and longer Chinese words, single characters, filters, sorts and cursor pages;
 *   2. from a listing change's commit to a search finding it (the index of the same process, of another one, and
 *      PostgreSQL);
 *   3. reservation throughput through the real order.placed handler (inbox row, order claimed, conditional
 *      UPDATE, ledger row, reservation row, stock.reserved in the outbox), against a plain-SQL loop of the same
 *      conditional UPDATE, at the same concurrency, and the ratio of the two. `InboxWorker.handle` puts the events
 *      in hand at once in one transaction (the batch handler, as the inbox worker does with its queue's jobs);
 *      the same handler one event per transaction (`handleOne`) is timed beside it.
 * Run on its own: `node dist/bench/catalog.js` after `node scripts/build.mjs`; only part 3, on a database kept
 * between runs: `BENCH_CATALOG_DATABASE=… node dist/bench/catalog.js --reservations [--rounds=N] [--handler-only]`.
 */
import { EventEnvelope, EventName, ServiceName } from '@countyflow/contracts';
import { InboxWorker } from '@countyflow/messaging';
import {
  migrateService,
  preparedStatementsSetting,
  preparesStatements,
  PreparingClient,
} from '@countyflow/persistence';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomInt, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { memoryUsage } from 'node:process';
import { Client, Pool } from 'pg';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createCatalogApp } from '../apps/catalog/src/catalog.app';
import { loadCatalogConfig } from '../apps/catalog/src/catalog.config';
import { IndexFigures, MemorySearchEngine } from '../apps/catalog/src/search/memory-search.engine';
import { SearchRepository } from '../apps/catalog/src/search/search.repository';
import { CATALOG_MIGRATIONS } from '../migrations/catalog';
import { cleanRedis } from './cluster';
import { processCpuSeconds } from './platform';
import { provinceCounties } from './province';

export interface Percentiles {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface CatalogBenchFigures {
  /** The bench shares the machine with whatever else runs: the 1-minute load average says how busy it was. */
  machine: { cpus: number; loadAverageBefore: number; loadAverageAfter: number };
  listings: BuildFigures;
  /** The in-process index (SEARCH_ENGINE=memory) loaded from the documents by a catalog app at boot. */
  index: IndexFigures & {
    /** The 1-minute load average while it loaded. */
    loadAverage: number;
    /** The bench process's resident memory with both apps up (the index and the PostgreSQL app), MiB. */
    rssMiB: number;
    /** How much the resident memory grew while the index loaded, MiB. */
    rssGrowthMiB: number;
    heapUsedGrowthMiB: number;
  };
  /** The same queries through both engines in the same run, alternating which goes first. */
  search: Record<Engine, EngineLatencies> & {
    /**
     * Baseline in the same run: after each pair of searches, one listing's summary by primary key in plain SQL on
     * the app's pool (the cheapest read there is), so that a busy machine's slowness can be told from the search's
     * own.
     */
    baseline: Percentiles;
  };
  /** From the commit of a listing's change (the listing service's own refresh) to a search finding it, ms. */
  changeSearchableMs: {
    /** The index of the process that made the change (applied right after the commit). */
    memorySameProcess: number;
    /** The index of another catalog process (LISTEN/NOTIFY). */
    memoryOtherProcess: number;
    postgres: number;
  };
  reservation?: {
    orders: number;
    concurrency: number;
    handlerPerSecond: number;
    plainSqlPerSecond: number;
    /** handler throughput / plain-SQL throughput */
    ratio: number;
    sequentialHandlerPerSecond: number;
    sequentialPlainSqlPerSecond: number;
    sequentialRatio: number;
    /** The handler at the same concurrency with one transaction per event (no batches), and its ratio. */
    oneByOnePerSecond: number;
    oneByOneRatio: number;
    /** CPU of this process (the catalog app and the bench's client) per order, µs: batched, one by one, plain. */
    cpuMicrosPerOrder: { handler: number; oneByOne: number; plainSql: number };
    /** CPU of the bench database's PostgreSQL backends per order, µs (/proc, 10 ms ticks). */
    postgresCpuMicrosPerOrder: { handler: number; oneByOne: number; plainSql: number };
  };
}

export type ReservationFigures = NonNullable<CatalogBenchFigures['reservation']>;

export type Engine = 'memory' | 'postgres';

export type EngineLatencies = Percentiles & {
  byKind: Record<string, Percentiles>;
  /** search p95 / baseline p95 */
  p95Ratio: number;
};

export interface CatalogBenchOptions {
  /** PostgreSQL server (any database on it); the bench creates and drops its own. */
  serverUrl?: string;
  redisUrl?: string;
  listings?: number;
  /** Counties the listings spread over (bench/province.ts): 10 for the 100k figure, 100 for a province. */
  counties?: number;
  /** Time reservations too (the 1M province run skips them: they do not depend on the number of listings). */
  reservations?: boolean;
  searches?: number;
  orders?: number;
  concurrency?: number;
  /** Keep the bench database afterwards (to look at plans). */
  keep?: boolean;
  /**
   * Keep the database between runs, and when it already holds a build of the same size measure again on it (after
   * applying any new migration) instead of generating anew: the province takes minutes to build.
   */
  reuse?: boolean;
  /** Its database's name (the province run has its own, so that both can be looked at). */
  database?: string;
  log?: (line: string) => void;
}

const BENCH_DATABASE = 'countyflow_bench_catalog';

/** [title word, category, temperature class, base price in fen]: what county sellers sell, both ways. */
const PRODUCTS: [string, string, string, number][] = [
  ['赣南脐橙', 'citrus', 'ambient', 5990],
  ['寻乌蜜桔', 'citrus', 'ambient', 3990],
  ['沙田柚', 'citrus', 'ambient', 4590],
  ['冰糖橙', 'citrus', 'ambient', 4990],
  ['红富士苹果', 'apple-pear', 'chilled', 6990],
  ['砀山酥梨', 'apple-pear', 'ambient', 3990],
  ['红心猕猴桃', 'kiwi', 'chilled', 7990],
  ['阳光玫瑰葡萄', 'berries', 'chilled', 9990],
  ['蓝莓', 'berries', 'chilled', 8990],
  ['麒麟西瓜', 'melons', 'ambient', 3590],
  ['香蕉', 'tropical-fruit', 'range', 2990],
  ['菠菜', 'leafy-greens', 'chilled', 1590],
  ['上海青', 'leafy-greens', 'chilled', 1290],
  ['红薯', 'root-vegetables', 'ambient', 1990],
  ['土豆', 'root-vegetables', 'ambient', 1590],
  ['西红柿', 'fruiting-vegetables', 'range', 1990],
  ['黄瓜', 'fruiting-vegetables', 'range', 1490],
  ['冬笋', 'bamboo-shoots', 'chilled', 3990],
  ['富硒大米', 'rice', 'ambient', 6900],
  ['丝苗大米', 'rice', 'ambient', 5900],
  ['小米', 'coarse-grains', 'ambient', 2990],
  ['绿豆', 'coarse-grains', 'ambient', 2490],
  ['菜籽油', 'edible-oil', 'ambient', 8990],
  ['山茶油', 'edible-oil', 'ambient', 19800],
  ['明前绿茶', 'green-tea', 'ambient', 25800],
  ['高山毛尖', 'green-tea', 'ambient', 16800],
  ['红茶', 'black-tea', 'ambient', 12800],
  ['白茶', 'oolong-tea', 'ambient', 15800],
  ['香菇', 'fresh-mushrooms', 'chilled', 2590],
  ['平菇', 'fresh-mushrooms', 'chilled', 1590],
  ['黑木耳', 'dried-fungi', 'ambient', 4990],
  ['土猪肉', 'pork', 'frozen', 6990],
  ['黄牛肉', 'beef-mutton', 'frozen', 12800],
  ['散养土鸡', 'poultry', 'frozen', 9800],
  ['土鸡蛋', 'eggs', 'chilled', 3990],
  ['草鱼', 'freshwater-fish', 'chilled', 4590],
  ['小龙虾', 'shrimp-crab', 'frozen', 8990],
  ['百花蜂蜜', 'honey', 'ambient', 6800],
  ['板栗', 'nuts-dried-fruit', 'ambient', 3990],
  ['腊肉', 'cured-meat', 'ambient', 7800],
  ['复合肥', 'fertiliser', 'ambient', 16800],
  ['尿素', 'fertiliser', 'ambient', 12800],
  ['有机肥', 'fertiliser', 'ambient', 5800],
  ['水稻种子', 'seed', 'ambient', 4800],
  ['玉米种子', 'seed', 'ambient', 3800],
  ['杀虫剂', 'pesticide', 'ambient', 2800],
  ['除草剂', 'pesticide', 'ambient', 3200],
  ['猪饲料', 'feed', 'ambient', 15800],
  ['鸡饲料', 'feed', 'ambient', 9800],
  ['锄头', 'farm-tools', 'ambient', 3500],
  ['电动喷雾器', 'farm-tools', 'ambient', 29800],
  ['洗衣液', 'cleaning', 'ambient', 3990],
  ['洗洁精', 'cleaning', 'ambient', 1290],
  ['牙膏', 'personal-care', 'ambient', 1590],
  ['洗发水', 'personal-care', 'ambient', 3990],
  ['不锈钢炒锅', 'kitchenware', 'ambient', 8990],
  ['电饭煲', 'kitchen-appliances', 'ambient', 19900],
  ['电磁炉', 'kitchen-appliances', 'ambient', 15900],
  ['电风扇', 'home-appliances', 'ambient', 12900],
  ['取暖器', 'home-appliances', 'ambient', 16900],
];
const SPECS = ['5斤装', '10斤装', '礼盒装', '家庭装', '2.5kg', '500g', '整箱', '散装'];
const QUALIFIERS = ['产地直发', '现摘现发', '农家自产', '新鲜', '包邮', '特级', '一级', '精选'];
const PHRASES = [
  '合作社统一种植，统一采收。',
  '坚持生态种植，不打膨大剂。',
  '冷链配送，全程可追溯。',
  '村级服务站收货，次日发出。',
  '精选大果，坏果包赔。',
  '乡村振兴帮扶产品。',
  '县城仓库直发，送货到村。',
  '正品保障，支持扫码验真。',
];

/** Every search the bench times: a name (for the breakdown) and its query string. */
export function searchMix(
  count: number,
  counties: [string, string][],
): { kind: string; query: Record<string, string> }[] {
  const words = PRODUCTS.map(([word]) => word);
  const twoChar = ['脐橙', '大米', '绿茶', '蜂蜜', '香菇', '猪肉', '复合', '饲料', '蜜桔', '鸡蛋', '茶油', '木耳'];
  const mix: { kind: string; query: Record<string, string> }[] = [];
  const pick = <T>(list: T[]): T => list[randomInt(list.length)];
  for (let index = 0; index < count; index++) {
    const [county] = pick(counties);
    switch (index % 12) {
      case 0:
        mix.push({ kind: 'two-character word', query: { q: pick(twoChar) } });
        break;
      case 1:
        mix.push({ kind: 'product name', query: { q: pick(words) } });
        break;
      case 2:
        mix.push({ kind: 'one character', query: { q: pick(['橙', '米', '茶', '肥', '鱼']) } });
        break;
      case 3:
        mix.push({ kind: 'two words', query: { q: `${pick(twoChar)} ${pick(SPECS)}` } });
        break;
      case 4:
        mix.push({ kind: 'word + county', query: { q: pick(twoChar), countyCode: county } });
        break;
      case 5:
        mix.push({ kind: 'word + price sort', query: { q: pick(twoChar), sort: 'price_asc' } });
        break;
      case 6:
        mix.push({
          kind: 'category browse, newest',
          query: { categoryId: pick(['fruit', 'tea', 'agri-inputs', 'citrus', 'rice']) },
        });
        break;
      case 7:
        mix.push({ kind: 'county browse, best selling', query: { countyCode: county, sort: 'sales' } });
        break;
      case 8:
        mix.push({
          kind: 'price range + certification',
          query: { minPriceFen: '3000', maxPriceFen: '6000', certification: 'organic', sort: 'price_asc' },
        });
        break;
      case 9:
        mix.push({ kind: 'direction + temperature', query: { direction: 'up', temperatureClass: 'frozen' } });
        break;
      case 10:
        mix.push({
          kind: 'category + county + word',
          query: { q: pick(twoChar), categoryId: 'fruit', countyCode: county },
        });
        break;
      default:
        mix.push({ kind: 'no match', query: { q: pick(['榴莲', '三文鱼', '咖啡豆']) } });
    }
  }
  return mix;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    count: sorted.length,
    p50Ms: round(at(50)),
    p95Ms: round(at(95)),
    p99Ms: round(at(99)),
    maxMs: round(at(100)),
  };
}

export const databaseUrl = (serverUrl: string, database: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

export async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Sellers and listings with set-based SQL: about a second per ten thousand listings on a laptop. */
/** Drops and creates `database` on the server and migrates catalog's schema into it; returns its URL. */
export async function freshCatalogDatabase(serverUrl: string, database: string): Promise<string> {
  const maintenance = databaseUrl(serverUrl, 'postgres');
  await admin(maintenance, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(maintenance, `CREATE DATABASE ${database}`);
  const url = databaseUrl(serverUrl, database);
  await migrateCatalog(url);
  return url;
}

/** Applies catalog's migrations that the database at `url` has not run yet. */
async function migrateCatalog(url: string): Promise<void> {
  await migrateService({ url, schema: 'catalog', migrations: [...CATALOG_MIGRATIONS] });
}

export async function generate(
  url: string,
  listings: number,
  countyList: [string, string][],
): Promise<{ hidden: number; skus: number }> {
  const client = new Client({ connectionString: url, options: '-c search_path=catalog,public' });
  await client.connect();
  try {
    const counties = JSON.stringify(countyList);
    const n = countyList.length;
    const products = JSON.stringify(PRODUCTS);
    const sellersPerCounty = 200;
    const hidden = Math.ceil(listings / 20);
    await client.query(
      `CREATE TEMP TABLE county AS
      SELECT c.n::int - 1 AS n, c.value->>0 AS code, c.value->>1 AS place
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS c (value, n)`,
      [counties],
    );
    await client.query(
      `CREATE TEMP TABLE product AS
      SELECT p.n::int - 1 AS n, p.value->>0 AS word, p.value->>1 AS category_id, p.value->>2 AS temperature,
             (p.value->>3)::int AS price, c.direction
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS p (value, n) JOIN category c ON c.id = p.value->>1`,
      [products],
    );
    // sellers: 200 verified per county; one more per county is suspended (its listings must never show)
    await client.query(
      `INSERT INTO seller (org_id, kind, name, county_code, village_code, credit_code, status, status_changed_at,
                           rating_count, rating_average)
       SELECT md5('seller' || s)::uuid, CASE WHEN s % 3 = 0 THEN 'merchant' ELSE 'cooperative' END,
              county.place || '县' || (ARRAY['安西镇','大塘埠镇','小江镇','油山镇','虎山乡'])[1 + s % 5] || '第' || s || '号'
                || CASE WHEN s % 3 = 0 THEN '农资商行' ELSE '果蔬专业合作社' END,
              county.code, county.code || lpad((100 + s % 20)::text, 3, '0') || '201', NULL,
              CASE WHEN s >= $1::int * ${n} THEN 'suspended' ELSE 'verified' END, now(), s % 50, 3 + (s % 21) / 10.0
         FROM generate_series(0, $1::int * ${n} + ${n - 1}) s JOIN county ON county.n = s % ${n}`,
      [sellersPerCounty],
    );
    // listings: the first $1 are published by verified sellers; then drafts, and the suspended sellers' listings
    await client.query(
      `INSERT INTO listing (id, seller_org_id, county_code, category_id, direction, title, description, images,
                            origin_village_code, certifications, shelf_life_days, temperature_class,
                            temperature_min_c, temperature_max_c, weight_tolerance_grams, status, version,
                            published_at, created_by, created_at, updated_at)
       SELECT md5('listing' || i)::uuid, md5('seller' || seller_n)::uuid, county.code, product.category_id,
              product.direction,
              county.place || product.word || ' ' || ($3::text[])[1 + (i / 7) % 8] || ' ' || ($4::text[])[1 + (i / 11) % 8],
              '产自' || county.place || '县。' || ($5::text[])[1 + i % 8] || ($5::text[])[1 + (i / 8) % 8],
              ARRAY['https://img.example.cn/' || i || '.jpg'], county.code || '100201',
              CASE i % 7 WHEN 0 THEN '{green_food}'::text[] WHEN 1 THEN '{organic}' WHEN 2 THEN '{geographical_indication}'
                         WHEN 3 THEN '{green_food,geographical_indication}' ELSE '{}' END,
              30, product.temperature,
              CASE WHEN product.temperature = 'range' THEN 12 WHEN product.temperature = 'chilled' THEN 0 END,
              CASE product.temperature WHEN 'range' THEN 15 WHEN 'chilled' THEN 4 WHEN 'frozen' THEN -18 END,
              CASE WHEN product.direction = 'up' THEN 200 END,
              CASE WHEN i <= $1::int OR i % 2 = 0 THEN 'published' ELSE 'draft' END, 1,
              now() - make_interval(secs => ((i::bigint * 7919) % (730 * 86400))::int), md5('seller' || seller_n)::uuid, now(), now()
         FROM generate_series(1, $1::int + $2::int) i
         CROSS JOIN LATERAL (SELECT CASE WHEN i <= $1::int OR i % 2 = 1 THEN (i * 31) % ($6::int * ${n})
                                         ELSE $6::int * ${n} + i % ${n} END AS seller_n) s
         JOIN county ON county.n = seller_n % ${n}
         JOIN product ON product.n = (i * 13 + i / 97) % ${PRODUCTS.length}`,
      [listings, hidden, SPECS, QUALIFIERS, PHRASES, sellersPerCounty],
    );
    // one to three SKUs each, with stock and past sales that keep the ledger identity
    const { rowCount } = await client.query(
      `INSERT INTO sku (id, listing_id, spec, price_fen, weight_grams, volume_ml, received, restocked, available,
                        reserved, sold)
       SELECT md5('sku' || i || '-' || k)::uuid, md5('listing' || i)::uuid, ($2::text[])[1 + (i + k) % 8],
              product.price * (1 + k) + (i % 100) * 10, 2500 * (1 + k), 6000 * (1 + k),
              1000 + (i * 7 + k) % 500, 0, 1000, 0, (i * 7 + k) % 500
         FROM generate_series(1, $1::int) i
         JOIN product ON product.n = (i * 13 + i / 97) % ${PRODUCTS.length}
         CROSS JOIN LATERAL generate_series(0, i % 3) k`,
      [listings + hidden, SPECS],
    );
    return { hidden, skus: rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

/**
 * The search documents, built by the service's own statements (SearchRepository.deriveDocuments and
 * writeDocuments, which its refresh runs in a change's transaction) over every listing, in batches: one connection
 * reads a batch's sources while Node derives them and another writes the batch before, so that the database and
 * Node work at the same time. The indexes of listing_search are dropped for the load and rebuilt from their own
 * definitions, as one would bulk-load.
 */
export async function buildSearchDocuments(app: NestFastifyApplication, url: string): Promise<number> {
  const connect = async () => {
    const client = new Client({ connectionString: url, options: '-c search_path=catalog,public' });
    await client.connect();
    return client;
  };
  const reader = await connect();
  const writer = await connect();
  const manager = (client: Client) => ({
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T,
  });
  try {
    const { rows: indexes } = await reader.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'catalog' AND tablename = 'listing_search'
          AND indexname <> 'listing_search_pkey'`,
    );
    for (const index of indexes) {
      await reader.query(`DROP INDEX catalog.${index.indexname}`);
    }
    await reader.query(`ANALYZE listing, sku, seller`);
    const search = app.get(SearchRepository);
    const { rows } = await reader.query<{ id: string }>(`SELECT id FROM listing ORDER BY id`);
    const ids = rows.map((row) => row.id);
    let written: Promise<void> = Promise.resolve();
    for (let start = 0; start < ids.length; start += 10_000) {
      const batch = ids.slice(start, start + 10_000);
      const documents = await search.deriveDocuments(manager(reader), batch);
      await written;
      written = search.writeDocuments(manager(writer), batch, documents);
    }
    await written;
    await writer.query(`SET maintenance_work_mem = '512MB'`);
    for (const index of indexes) {
      await writer.query(index.indexdef);
    }
    await writer.query(`VACUUM ANALYZE`);
    const [{ count }] = (await writer.query<{ count: number }>(`SELECT count(*)::int AS count FROM listing_search`))
      .rows;
    return count;
  } finally {
    await reader.end();
    await writer.end();
  }
}

async function timeSearches(
  apps: Record<Engine, NestFastifyApplication>,
  count: number,
  counties: [string, string][],
): Promise<CatalogBenchFigures['search']> {
  const run = async (engine: Engine, query: Record<string, string>) => {
    const fastify = apps[engine].getHttpAdapter().getInstance();
    const started = process.hrtime.bigint();
    const response = await fastify.inject({ method: 'GET', url: '/search', query });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.statusCode !== 200) {
      throw new Error(`search ${JSON.stringify(query)} (${engine}) answered ${response.statusCode}: ${response.body}`);
    }
    return { ms, body: response.json<{ nextCursor: string | null }>() };
  };
  const engines: Engine[] = ['memory', 'postgres'];
  for (const { query } of searchMix(200, counties)) {
    for (const engine of engines) {
      await run(engine, query); // warm the caches and the JIT
    }
  }
  const samples: Record<Engine, Map<string, number[]>> = { memory: new Map(), postgres: new Map() };
  const all: Record<Engine, number[]> = { memory: [], postgres: [] };
  const baseline: number[] = [];
  const dataSource = apps.postgres.get(DataSource);
  const record = (engine: Engine, kind: string, ms: number) => {
    all[engine].push(ms);
    samples[engine].set(kind, [...(samples[engine].get(kind) ?? []), ms]);
  };
  for (const [index, { kind, query }] of searchMix(count, counties).entries()) {
    // each engine goes first every other query, so that neither always meets the caches the other left
    for (const engine of index % 2 === 0 ? engines : [...engines].reverse()) {
      const { ms, body } = await run(engine, query);
      record(engine, kind, ms);
      if (body.nextCursor && index % 6 === 0) {
        record(engine, 'next page (cursor)', (await run(engine, { ...query, cursor: body.nextCursor })).ms);
      }
    }
    const started = process.hrtime.bigint();
    await dataSource.query(
      `SELECT ls.listing_id, l.title FROM listing_search ls JOIN listing l ON l.id = ls.listing_id
        WHERE ls.listing_id > gen_random_uuid() ORDER BY ls.listing_id LIMIT 1`,
    );
    baseline.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const plain = percentiles(baseline);
  const latencies = (engine: Engine): EngineLatencies => {
    const searches = percentiles(all[engine]);
    return {
      ...searches,
      byKind: Object.fromEntries([...samples[engine]].map(([kind, times]) => [kind, percentiles(times)])),
      p95Ratio: Math.round((searches.p95Ms / Math.max(plain.p95Ms, 0.01)) * 10) / 10,
    };
  };
  return { memory: latencies('memory'), postgres: latencies('postgres'), baseline: plain };
}

/**
 * Renames a listing the way the listing service does (the row and its search document in one transaction, through
 * `writer`'s repository), then searches `reader` for the new word until it is found: the time from commit to found.
 */
async function timeChangeToSearchable(writer: NestFastifyApplication, reader: NestFastifyApplication): Promise<number> {
  const dataSource = writer.get(DataSource);
  const search = writer.get(SearchRepository);
  const fastify = reader.getHttpAdapter().getInstance();
  const [{ id, title }] = await dataSource.query<{ id: string; title: string }[]>(
    `SELECT l.id, l.title FROM listing_search ls JOIN listing l ON l.id = ls.listing_id
      WHERE ls.listing_id > gen_random_uuid() ORDER BY ls.listing_id LIMIT 1`,
  );
  const rename = (to: string) =>
    dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE listing SET title = $2 WHERE id = $1`, [id, to]);
      await search.refresh(manager, [id]);
    });
  await rename(`${title} 紫皮百香果`);
  const committed = process.hrtime.bigint();
  try {
    for (;;) {
      const response = await fastify.inject({ method: 'GET', url: '/search', query: { q: 'zipibaixiangguo' } });
      if (response.json<{ items: { id: string }[] }>().items.some((item) => item.id === id)) {
        return Math.round((Number(process.hrtime.bigint() - committed) / 1e6) * 100) / 100;
      }
      if (Number(process.hrtime.bigint() - committed) > 30e9) {
        throw new Error('a renamed listing was not found within 30 s');
      }
      // a search that finds nothing reads nothing from a socket: without this turn of the event loop the polling
      // would starve the very connection that hears the change (LISTEN), as it did in the first runs
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await rename(title); // a database the next run reuses holds the word nowhere
  }
}

async function inParallel(
  total: number,
  concurrency: number,
  work: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        await work(next++);
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function timeReservations(
  app: NestFastifyApplication,
  url: string,
  orders: number,
  concurrency: number,
  { handlerOnly = false }: { handlerOnly?: boolean } = {},
): Promise<ReservationFigures> {
  const pool = new Pool({
    connectionString: url,
    max: concurrency,
    options: '-c search_path=catalog,public',
    // the plain loop on the same driver as the handler's: prepared statements when the app's are
    ...(preparesStatements({
      databaseUrl: url,
      databasePreparedStatements: preparedStatementsSetting(process.env.DATABASE_PREPARED_STATEMENTS),
    }) && { Client: PreparingClient }),
  });
  try {
    // 200 SKUs of public listings, with plenty of stock, so that neither side ever runs out
    const { rows: skus } = await pool.query<{ id: string; seller: string }>(
      `SELECT s.id, l.seller_org_id AS seller FROM sku s JOIN listing_search ls ON ls.listing_id = s.listing_id
         JOIN listing l ON l.id = s.listing_id ORDER BY s.id LIMIT 200`,
    );
    await pool.query(
      `UPDATE sku SET received = received + 10000000, available = available + 10000000 WHERE id = ANY ($1)`,
      [skus.map((sku) => sku.id)],
    );
    const inbox = app.get(InboxWorker);
    const placed = (index: number): EventEnvelope => {
      const sku = skus[index % skus.length];
      const envelope: EventEnvelope<EventName.OrderPlaced> = {
        id: randomUUID(),
        name: EventName.OrderPlaced,
        data: {
          orderId: randomUUID(),
          groupId: randomUUID(),
          buyerId: randomUUID(),
          sellerOrgId: sku.seller,
          lines: [{ skuId: sku.id, quantity: 1 }],
        },
        producer: ServiceName.Orders,
        occurredAt: new Date().toISOString(),
        correlationId: null,
        causationId: null,
      };
      return envelope as EventEnvelope;
    };
    const handler = (index: number) => inbox.handle(placed(index));
    const oneByOne = (index: number) => inbox.handleOne(placed(index));
    const plain = (index: number) =>
      pool.query(
        `UPDATE sku SET available = available - $2, reserved = reserved + $2 WHERE id = $1 AND available >= $2`,
        [skus[index % skus.length].id, 1],
      );
    for (let index = 0; index < 200; index++) {
      await handler(index);
      await plain(index);
    }
    // handlerOnly (for a CPU profile of the batched path): the other timings are left out and read as NaN
    const skipped = (): Promise<number> => Promise.resolve(NaN);
    const sequentialHandlerPerSecond = handlerOnly ? NaN : await inParallel(Math.ceil(orders / 4), 1, handler);
    const sequentialPlainSqlPerSecond = handlerOnly ? NaN : await inParallel(Math.ceil(orders / 4), 1, plain);
    // PostgreSQL's share: the CPU of every backend connected to the bench database (the app's pool, its relay and
    // listener, this pool), from /proc; a backend that closes in between is lost (the pools keep theirs open)
    const backendsCpu = async (): Promise<Map<number, number>> => {
      const { rows } = await pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
      );
      return new Map(rows.map(({ pid }) => [pid, processCpuSeconds(pid)]));
    };
    const cpuPerOrder = async (work: () => Promise<number>): Promise<[number, number, number]> => {
      const backendsBefore = await backendsCpu();
      const before = process.cpuUsage();
      const perSecond = await work();
      const used = process.cpuUsage(before);
      let postgresSeconds = 0;
      for (const [pid, cpu] of await backendsCpu()) postgresSeconds += cpu - (backendsBefore.get(pid) ?? 0);
      return [perSecond, (used.user + used.system) / orders, (postgresSeconds * 1e6) / orders];
    };
    const [handlerPerSecond, handlerCpu, handlerPostgres] = await cpuPerOrder(() =>
      inParallel(orders, concurrency, handler),
    );
    const [oneByOnePerSecond, oneByOneCpu, oneByOnePostgres] = await cpuPerOrder(() =>
      handlerOnly ? skipped() : inParallel(orders, concurrency, oneByOne),
    );
    const [plainSqlPerSecond, plainCpu, plainPostgres] = await cpuPerOrder(() =>
      handlerOnly ? skipped() : inParallel(orders, concurrency, plain),
    );
    const round = (value: number, places = 0) => Math.round(value * 10 ** places) / 10 ** places;
    return {
      orders,
      concurrency,
      handlerPerSecond: round(handlerPerSecond),
      plainSqlPerSecond: round(plainSqlPerSecond),
      ratio: round(handlerPerSecond / plainSqlPerSecond, 3),
      sequentialHandlerPerSecond: round(sequentialHandlerPerSecond),
      sequentialPlainSqlPerSecond: round(sequentialPlainSqlPerSecond),
      sequentialRatio: round(sequentialHandlerPerSecond / sequentialPlainSqlPerSecond, 3),
      oneByOnePerSecond: round(oneByOnePerSecond),
      oneByOneRatio: round(oneByOnePerSecond / plainSqlPerSecond, 3),
      cpuMicrosPerOrder: { handler: round(handlerCpu), oneByOne: round(oneByOneCpu), plainSql: round(plainCpu) },
      postgresCpuMicrosPerOrder: {
        handler: round(handlerPostgres),
        oneByOne: round(oneByOnePostgres),
        plainSql: round(plainPostgres),
      },
    };
  } finally {
    await pool.end();
  }
}

/** What building the bench database took, recorded in it so that a run that reuses it can report it. */
export interface BuildFigures {
  public: number;
  hidden: number;
  skus: number;
  generateSeconds: number;
  /** Building every search document and the indexes over them. */
  indexSeconds: number;
  /** The 1-minute load average when the document build started. */
  indexLoadAverage: number;
  builtAt: string;
  /** Whether this run measured on a database an earlier run built. */
  reused: boolean;
}

async function recordBuild(url: string, listings: number, counties: number, build: BuildFigures): Promise<void> {
  await admin(
    url,
    `CREATE TABLE public.bench_build AS SELECT ${listings} AS listings, ${counties} AS counties,
            '${JSON.stringify(build)}'::jsonb AS figures`,
  );
}

/** The build recorded in `database` when it holds one of this size, else null. */
async function previousBuild(
  serverUrl: string,
  database: string,
  listings: number,
  counties: number,
): Promise<BuildFigures | null> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, database) });
  try {
    await client.connect();
  } catch {
    return null; // no such database yet
  }
  try {
    const { rows } = await client.query<{ figures: BuildFigures }>(
      `SELECT figures FROM public.bench_build WHERE listings = $1 AND counties = $2`,
      [listings, counties],
    );
    return rows.length > 0 ? { ...rows[0].figures, reused: true } : null;
  } catch {
    return null; // a build that did not finish
  } finally {
    await client.end();
  }
}

export function bootBenchApp(
  url: string,
  redisUrl: string,
  queuePrefix: string,
  engine: Engine = 'postgres',
): Promise<NestFastifyApplication> {
  return createCatalogApp(
    loadCatalogConfig(
      {
        NODE_ENV: 'production',
        JWT_SECRET: randomUUID() + randomUUID(),
        MEDIA_SIGNING_SECRET: randomUUID() + randomUUID(),
        LOG_LEVEL: 'silent',
        SEARCH_ENGINE: engine,
      },
      // the direct URL too: the search index and the outbox relay LISTEN on it (by default a database named
      // countyflow, which a bench server need not have: the index then reloaded itself every second)
      {
        databaseUrl: url,
        databaseDirectUrl: url,
        redisUrl,
        queuePrefix: `${queuePrefix}-${engine}`,
        migrateOnBoot: false,
        port: 0,
      },
    ),
  );
}

const MiB = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/**
 * The bench database's listings: when `reuse` and the database already holds a build of this size, that build
 * (after applying any new migration); else a new one (minutes for 100,000 listings). Answers the app booted to
 * build the search documents, if one was.
 */
async function prepareBuild(
  serverUrl: string,
  database: string,
  listings: number,
  counties: ReturnType<typeof provinceCounties>,
  reuse: boolean,
  log: (line: string) => void,
  boot: () => Promise<NestFastifyApplication>,
): Promise<{ build: BuildFigures; app?: NestFastifyApplication }> {
  const url = databaseUrl(serverUrl, database);
  const previous = reuse ? await previousBuild(serverUrl, database, listings, counties.length) : null;
  if (previous) {
    log(`measuring again on the build of ${previous.builtAt} (${previous.public} public listings)…`);
    await migrateCatalog(url);
    return { build: previous };
  }
  await freshCatalogDatabase(serverUrl, database);
  log(`generating ${listings} public listings…`);
  let started = Date.now();
  const { hidden, skus } = await generate(url, listings, counties);
  const generateSeconds = (Date.now() - started) / 1000;
  const app = await boot();
  log('building search documents…');
  const buildLoad = loadavg()[0];
  started = Date.now();
  const publicListings = await buildSearchDocuments(app, url);
  const indexSeconds = (Date.now() - started) / 1000;
  const build = {
    public: publicListings,
    hidden,
    skus,
    generateSeconds,
    indexSeconds,
    indexLoadAverage: Math.round(buildLoad * 100) / 100,
    builtAt: new Date().toISOString(),
    reused: false,
  };
  await recordBuild(url, listings, counties.length, build);
  log(`documents built in ${indexSeconds} s (load ${build.indexLoadAverage})`);
  return { build, app };
}

/** The PostgreSQL server the search benches create their databases on: the option, else the environment's. */
export function benchServerUrl(explicit?: string): string {
  return (
    explicit ??
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** The Redis the search benches' apps use: the option, else the environment's. */
export function benchRedisUrl(explicit?: string): string {
  return explicit ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Builds the bench database, measures, and drops it again. Returns the figures; logs progress through `log`. */
export async function runCatalogBench(options: CatalogBenchOptions = {}): Promise<CatalogBenchFigures> {
  const serverUrl = benchServerUrl(options.serverUrl);
  const redisUrl = benchRedisUrl(options.redisUrl);
  const listings = options.listings ?? 100_000;
  const counties = provinceCounties(options.counties ?? 10);
  const log = options.log ?? ((line: string) => console.log(`[bench:catalog] ${line}`));
  const database = options.database ?? BENCH_DATABASE;
  const url = databaseUrl(serverUrl, database);
  const maintenance = databaseUrl(serverUrl, 'postgres');
  const loadBefore = loadavg()[0];
  const queuePrefix = `cf-bench-catalog-${process.pid}`;

  let app: NestFastifyApplication | undefined;
  let memoryApp: NestFastifyApplication | undefined;
  try {
    const prepared = await prepareBuild(serverUrl, database, listings, counties, options.reuse ?? false, log, () =>
      bootBenchApp(url, redisUrl, queuePrefix),
    );
    const build = prepared.build;
    app = prepared.app ?? (await bootBenchApp(url, redisUrl, queuePrefix));

    log('loading the in-process index…');
    const indexLoad = loadavg()[0];
    const before = memoryUsage();
    memoryApp = await bootBenchApp(url, redisUrl, queuePrefix, 'memory');
    const after = memoryUsage();
    const index = {
      ...memoryApp.get(MemorySearchEngine).stats()!,
      loadAverage: Math.round(indexLoad * 100) / 100,
      rssMiB: MiB(after.rss),
      rssGrowthMiB: MiB(after.rss - before.rss),
      heapUsedGrowthMiB: MiB(after.heapUsed - before.heapUsed),
    };
    log(
      `index of ${index.documents} documents loaded in ${index.loadMs} ms; RSS ${index.rssMiB} MiB (+${index.rssGrowthMiB})`,
    );

    log('timing searches, both engines…');
    const search = await timeSearches({ memory: memoryApp, postgres: app }, options.searches ?? 2400, counties);
    for (const engine of ['memory', 'postgres'] as const) {
      const { p50Ms, p95Ms, p99Ms } = search[engine];
      log(`${engine}: search p50 ${p50Ms} ms, p95 ${p95Ms} ms, p99 ${p99Ms} ms`);
      for (const [kind, figures] of Object.entries(search[engine].byKind)) {
        log(`  ${engine}, ${kind}: p50 ${figures.p50Ms} / p95 ${figures.p95Ms} / p99 ${figures.p99Ms} ms`);
      }
    }

    const changeSearchableMs = {
      memorySameProcess: await timeChangeToSearchable(memoryApp, memoryApp),
      memoryOtherProcess: await timeChangeToSearchable(app, memoryApp),
      postgres: await timeChangeToSearchable(app, app),
    };
    log(`a listing change was searchable after its commit: ${JSON.stringify(changeSearchableMs)} ms`);

    let reservation: CatalogBenchFigures['reservation'];
    if (options.reservations ?? true) {
      log('timing reservations…');
      const timed = await timeReservations(app, url, options.orders ?? 4000, options.concurrency ?? 8);
      log(
        `reservations: handler ${timed.handlerPerSecond}/s (one by one ${timed.oneByOnePerSecond}/s), plain SQL ` +
          `${timed.plainSqlPerSecond}/s, ratio ${timed.ratio} (one by one ${timed.oneByOneRatio})`,
      );
      reservation = timed;
    }
    return {
      machine: { cpus: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadavg()[0] },
      listings: build,
      index,
      search,
      changeSearchableMs,
      reservation,
    };
  } finally {
    await memoryApp?.close();
    await app?.close();
    await cleanRedis(redisUrl, `${queuePrefix}-memory`);
    await cleanRedis(redisUrl, `${queuePrefix}-postgres`);
    if (!options.keep && !options.reuse) {
      await admin(maintenance, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }
}

/**
 * Only the reservation timing (part 3), on a database kept between runs (built once, reused while it holds the same
 * build): seconds instead of minutes, to measure a change to the reservation path back to back with another build,
 * or under `node --cpu-prof`. `rounds` repeats the timing in the same process (the database and app warm).
 */
export async function runReservationBench(
  options: Pick<CatalogBenchOptions, 'serverUrl' | 'redisUrl' | 'orders' | 'concurrency' | 'database' | 'log'> & {
    rounds?: number;
    handlerOnly?: boolean;
  } = {},
): Promise<{ loadAverageBefore: number; loadAverageAfter: number; rounds: ReservationFigures[] }> {
  const serverUrl = benchServerUrl(options.serverUrl);
  const redisUrl = benchRedisUrl(options.redisUrl);
  const log = options.log ?? ((line: string) => console.log(`[bench:reservations] ${line}`));
  const database = options.database ?? BENCH_DATABASE;
  const url = databaseUrl(serverUrl, database);
  const queuePrefix = `cf-bench-reservations-${process.pid}`;
  const loadAverageBefore = loadavg()[0];
  let app: NestFastifyApplication | undefined;
  try {
    const boot = () => bootBenchApp(url, redisUrl, queuePrefix);
    app =
      (await prepareBuild(serverUrl, database, 100_000, provinceCounties(10), true, log, boot)).app ?? (await boot());
    const rounds: ReservationFigures[] = [];
    for (let round = 0; round < (options.rounds ?? 1); round++) {
      // every round starts as a fresh database's would: without the dead rows of the rounds and runs before (with
      // autovacuum off they pile up in the outbox's and the inbox's indexes, and the relay's poll reads them all)
      await admin(
        url,
        `VACUUM ANALYZE catalog.outbox, catalog.processed_event, catalog.order_stock, catalog.sku,
                        catalog.stock_movement, catalog.reservation`,
      );
      const timed = await timeReservations(app, url, options.orders ?? 4000, options.concurrency ?? 8, {
        handlerOnly: options.handlerOnly,
      });
      log(
        `handler ${timed.handlerPerSecond}/s (one by one ${timed.oneByOnePerSecond}/s), plain SQL ` +
          `${timed.plainSqlPerSecond}/s, ratio ${timed.ratio}; CPU µs per order ${JSON.stringify(timed.cpuMicrosPerOrder)}, ` +
          `PostgreSQL ${JSON.stringify(timed.postgresCpuMicrosPerOrder)}; ` +
          `load ${loadavg()[0].toFixed(2)}`,
      );
      rounds.push(timed);
    }
    return { loadAverageBefore, loadAverageAfter: loadavg()[0], rounds };
  } finally {
    await app?.close();
    await cleanRedis(redisUrl, `${queuePrefix}-postgres`);
  }
}

// `node dist/bench/catalog.js [--keep]`: the whole bench; `--reservations [--rounds=N] [--handler-only]`: only the
// reservation timing, on BENCH_CATALOG_DATABASE (built on the first run, then reused)
if (require.main === module) {
  const flag = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  const run = process.argv.includes('--reservations')
    ? runReservationBench({
        database: process.env.BENCH_CATALOG_DATABASE,
        rounds: Number(flag('rounds') ?? 1),
        orders: flag('orders') ? Number(flag('orders')) : undefined,
        handlerOnly: process.argv.includes('--handler-only'),
      })
    : runCatalogBench({ keep: process.argv.includes('--keep') });
  run
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
