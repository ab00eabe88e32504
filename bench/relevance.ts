/*
 * How well search finds what people mean: the relevance set (bench/relevance-set.ts) run against the real catalog
 * app over the demo county's listings (seeds/demo-county-catalog.ts) and a generated province of 30,000 listings in
 * 100 counties (bench/province.ts), in a database of its own. Reports, over the queries with any relevant listing:
 *   precision@5 — relevant results among the first five, out of min(5, relevant listings that exist);
 *   recall@10 — relevant results among the first ten, out of min(10, relevant listings that exist);
 *   mustHave@5 — the demo-county listings a query names that are among its first five.
 * Run on its own: `node dist/bench/relevance.js` after `node scripts/build.mjs`.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import 'reflect-metadata';
import { SELLERS } from '../seeds/demo-county-catalog';
import {
  admin,
  benchRedisUrl,
  benchServerUrl,
  bootBenchApp,
  buildSearchDocuments,
  databaseUrl,
  Engine,
  freshCatalogDatabase,
  generate,
} from './catalog';
import { cleanRedis } from './cluster';
import { provinceCounties } from './province';
import { RELEVANCE_SET, RelevanceKind, RelevanceQuery, XINFENG } from './relevance-set';

export interface RelevanceScores {
  queries: number;
  precisionAt5: number;
  recallAt10: number;
  mustHaveAt5: number;
}

export interface RelevanceFigures extends RelevanceScores {
  listings: number;
  /** Queries whose relevant listings do not exist in the corpus (left out of the scores). */
  unjudged: number;
  byKind: Partial<Record<RelevanceKind, RelevanceScores>>;
  /** The queries that lost most, with what came first: where to look next. */
  worst: string[];
  /** The same set through SEARCH_ENGINE=postgres (the figures above are the in-process index's, the default). */
  postgres: RelevanceScores;
}

const BENCH_DATABASE = 'countyflow_bench_relevance';

/** The demo county's sellers and listings, inserted as published with their SKUs and some past sales. */
export async function insertDemoCounty(url: string): Promise<void> {
  const client = new Client({ connectionString: url, options: '-c search_path=catalog,public' });
  await client.connect();
  try {
    for (const [s, seller] of SELLERS.entries()) {
      const orgId = randomUUID();
      await client.query(
        `INSERT INTO seller (org_id, kind, name, county_code, village_code, status, status_changed_at, rating_count,
                             rating_average)
         VALUES ($1, $2, $3, $4, $5, 'verified', now(), $6, $7)`,
        [orgId, seller.kind, seller.name, XINFENG, seller.villageCode, 5 + (s % 30), 4 + (s % 10) / 10],
      );
      for (const [index, listing] of seller.listings.entries()) {
        const temperature = listing.temperature as { class: string; minC?: number | null; maxC?: number | null };
        const {
          rows: [{ id }],
        } = await client.query<{ id: string }>(
          `INSERT INTO listing (seller_org_id, county_code, category_id, direction, title, description,
                                origin_village_code, certifications, shelf_life_days, temperature_class,
                                temperature_min_c, temperature_max_c, status, published_at, created_by)
           SELECT $1, $2, c.id, c.direction, $3, $4, $5, $6, $7, $8, $9, $10, 'published',
                  now() - make_interval(days => $11), $1
             FROM category c WHERE c.id = $12
           RETURNING id`,
          [
            orgId,
            XINFENG,
            listing.title,
            listing.description,
            listing.originVillageCode,
            listing.certifications,
            listing.shelfLifeDays,
            temperature.class,
            temperature.minC ?? { range: 12, chilled: 0 }[temperature.class] ?? null,
            temperature.maxC ?? { range: 15, chilled: 4, frozen: -18, ambient: null }[temperature.class] ?? null,
            (index * 17) % 90,
            listing.categoryId,
          ],
        );
        for (const [k, sku] of listing.skus.entries()) {
          const sold = (index * 37 + k * 11) % 200;
          await client.query(
            `INSERT INTO sku (listing_id, spec, price_fen, weight_grams, volume_ml, received, restocked, available,
                              reserved, sold)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 0, $8)`,
            [
              id,
              sku.spec,
              sku.priceFen,
              sku.weightGrams,
              sku.volumeMl,
              sku.initialStock + sold,
              sku.initialStock,
              sold,
            ],
          );
        }
      }
    }
  } finally {
    await client.end();
  }
}

interface Hit {
  title: string;
  countyCode: string;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function score(results: { query: RelevanceQuery; hits: Hit[]; exist: number }[]): RelevanceScores {
  const judged = results.filter((result) => result.exist > 0);
  const relevant = (query: RelevanceQuery, hit: Hit) =>
    query.relevant.test(hit.title) && (!query.county || hit.countyCode === query.county);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 1);
  const withMust = judged.filter((result) => (result.query.mustHave ?? []).length > 0);
  return {
    queries: judged.length,
    precisionAt5: round(
      mean(judged.map((r) => r.hits.slice(0, 5).filter((hit) => relevant(r.query, hit)).length / Math.min(5, r.exist))),
    ),
    recallAt10: round(
      mean(
        judged.map((r) => r.hits.slice(0, 10).filter((hit) => relevant(r.query, hit)).length / Math.min(10, r.exist)),
      ),
    ),
    mustHaveAt5: round(
      mean(
        withMust.map((r) => {
          const top = new Set(r.hits.slice(0, 5).map((hit) => hit.title));
          const must = r.query.mustHave ?? [];
          return must.filter((title) => top.has(title)).length / must.length;
        }),
      ),
    ),
  };
}

export async function runRelevanceBench(
  options: { serverUrl?: string; redisUrl?: string; listings?: number; log?: (line: string) => void } = {},
): Promise<RelevanceFigures> {
  const serverUrl = benchServerUrl(options.serverUrl);
  const redisUrl = benchRedisUrl(options.redisUrl);
  const log = options.log ?? ((line: string) => console.log(`[bench:relevance] ${line}`));
  const url = databaseUrl(serverUrl, BENCH_DATABASE);
  const maintenance = databaseUrl(serverUrl, 'postgres');
  const queuePrefix = `cf-bench-relevance-${process.pid}`;
  await freshCatalogDatabase(serverUrl, BENCH_DATABASE);
  let app: NestFastifyApplication | undefined;
  let memoryApp: NestFastifyApplication | undefined;
  try {
    log('generating the province and the demo county…');
    await generate(url, options.listings ?? 30_000, provinceCounties(100));
    await insertDemoCounty(url);
    const boot = (engine: Engine) => bootBenchApp(url, redisUrl, queuePrefix, engine);
    app = await boot('postgres');
    const listings = await buildSearchDocuments(app, url);
    memoryApp = await boot('memory');

    const client = new Client({ connectionString: url, options: '-c search_path=catalog,public' });
    await client.connect();
    const corpus = (
      await client
        .query<Hit>(
          `SELECT l.title, l.county_code AS "countyCode" FROM listing_search ls JOIN listing l ON l.id = ls.listing_id`,
        )
        .finally(() => client.end())
    ).rows;

    log(`running ${RELEVANCE_SET.length} queries over ${listings} listings, through both engines…`);
    const runAll = async (through: NestFastifyApplication) => {
      const fastify = through.getHttpAdapter().getInstance();
      const results: { query: RelevanceQuery; hits: Hit[]; exist: number }[] = [];
      for (const query of RELEVANCE_SET) {
        const response = await fastify.inject({
          method: 'GET',
          url: '/search',
          query: { q: query.q, limit: '10', ...query.filters },
        });
        if (response.statusCode !== 200) {
          throw new Error(`search ${query.q} answered ${response.statusCode}: ${response.body}`);
        }
        const hits = response.json<{ items: Hit[] }>().items;
        const inScope = (hit: Hit) => !query.filters?.countyCode || hit.countyCode === query.filters.countyCode;
        const exist = corpus.filter(
          (hit) => inScope(hit) && query.relevant.test(hit.title) && (!query.county || hit.countyCode === query.county),
        ).length;
        results.push({ query, hits, exist });
      }
      return results;
    };
    // the in-process index serves by default; PostgreSQL's figures beside them
    const results = await runAll(memoryApp);
    const postgres = score(await runAll(app));
    const kinds = [...new Set(RELEVANCE_SET.map((query) => query.kind))];
    const worst = results
      .filter((r) => r.exist > 0)
      .map((r) => ({ r, p: score([r]).precisionAt5 + score([r]).mustHaveAt5 }))
      .sort((a, b) => a.p - b.p)
      .slice(0, 12)
      .map(
        ({ r }) =>
          `${r.query.q} → ${
            r.hits
              .slice(0, 3)
              .map((hit) => hit.title)
              .join(' / ') || '(nothing)'
          }`,
      );
    const figures: RelevanceFigures = {
      listings,
      ...score(results),
      unjudged: results.filter((r) => r.exist === 0).length,
      byKind: Object.fromEntries(kinds.map((kind) => [kind, score(results.filter((r) => r.query.kind === kind))])),
      worst,
      postgres,
    };
    log(`precision@5 ${figures.precisionAt5}, recall@10 ${figures.recallAt10}, mustHave@5 ${figures.mustHaveAt5}`);
    log(`PostgreSQL: precision@5 ${postgres.precisionAt5}, recall@10 ${postgres.recallAt10}`);
    return figures;
  } finally {
    await memoryApp?.close();
    await app?.close();
    await cleanRedis(redisUrl, `${queuePrefix}-memory`);
    await cleanRedis(redisUrl, `${queuePrefix}-postgres`);
    await admin(maintenance, `DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  }
}

if (require.main === module) {
  runRelevanceBench()
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
