import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SearchChanges } from './search-changes';
import { Alternative, TermMatch } from './search-match';
import { SearchCursor, SearchSort, textKeys } from './search-query';
import { deriveDocument } from './search-text';
import { SearchEngine } from './search.port';

export interface SearchFilters {
  /** Every word must match one of its alternatives (search-match.ts). */
  match: TermMatch[];
  countyCode?: string;
  categoryId?: string;
  direction?: FlowDirection;
  minPriceFen?: number;
  maxPriceFen?: number;
  temperatureClass?: TemperatureClass;
  certifications?: string[];
  sellerOrgId?: string;
}

export interface SearchPageRequest extends SearchFilters {
  sort: SearchSort;
  after?: SearchCursor;
  limit: number;
  /** Count the matches by category, county, certification, temperature class and price band. */
  facets: boolean;
}

/** Price bands of the facets, in fen: [from, to) with the last open-ended. */
export const PRICE_BANDS: [number, number | null][] = [
  [0, 2000],
  [2000, 5000],
  [5000, 10000],
  [10000, 20000],
  [20000, null],
];

/**
 * Facets count at most this many matches; above it they are a lower bound and `exact` is false, and the page comes
 * from the sort's index (SearchRepository.commonWordPage).
 */
export const FACET_LIMIT = 2_000;

export interface FacetCounts {
  total: number;
  exact: boolean;
  category: Record<string, number>;
  county: Record<string, number>;
  certification: Record<string, number>;
  temperatureClass: Record<string, number>;
  priceBand: Record<string, number>;
}

/** The derived forms of a batch of documents, column by column (as the statement that writes them takes them). */
export interface DocumentBatch {
  ids: string[];
  titleNorms: string[];
  searchTexts: string[];
  pinyins: string[];
  initials: string[];
  /** Every index key, as an int[] literal. */
  keys: string[];
}

export interface SearchPage {
  rows: ListingSummaryRow[];
  facets: FacetCounts | null;
  /** How far into the table the first matches were read (the first statement of a search with words). */
  estimate?: TableEstimate;
}

export interface TableEstimate {
  last_block: number;
  blocks: number;
  tuples: number;
}

// Points of relevance: how a word matched (in the title, or elsewhere in the text), then small nudges from sales,
// the seller's rating and freshness that order listings which match equally well. docs/catalog.md explains them.
export const TITLE_POINTS: Record<Alternative['kind'], number> = {
  literal: 200,
  segments: 170,
  synonym: 160,
  pinyin: 140,
  initials: 120,
  fuzzy: 100,
};
export const TEXT_POINTS: Partial<Record<Alternative['kind'], number>> = {
  literal: 60,
  synonym: 50,
  segments: 40,
  fuzzy: 30,
};
const STATIC_POINTS = `least(20, floor(ln(1 + ls.sales_count) * 3))::int
  + coalesce(greatest(0, least(10, round((ls.seller_rating - 3) * 5))), 0)::int
  + greatest(0, 15 - floor(extract(epoch FROM now() - ls.published_at) / 345600))::int`;

/** A row of listing_search as search results and storefronts show it. */
export interface ListingSummaryRow {
  listing_id: string;
  title: string;
  cover_image: string | null;
  seller_org_id: string;
  seller_name: string;
  rating_average: string | null;
  rating_count: number;
  county_code: string;
  category_id: string;
  direction: FlowDirection;
  temperature_class: TemperatureClass;
  certifications: string[];
  origin_village_code: string | null;
  min_price_fen: number;
  max_price_fen: number;
  sales_count: number;
  published_at: Date;
  sort_value: string;
}

const ORDER: Record<SearchSort, SortOrder> = {
  [SearchSort.Relevance]: { key: 'score', direction: 'DESC', value: 'score::text', cast: 'int', candidates: true },
  [SearchSort.PriceAsc]: { key: 'min_price_fen', direction: 'ASC', value: 'min_price_fen::text', cast: 'int' },
  [SearchSort.PriceDesc]: { key: 'min_price_fen', direction: 'DESC', value: 'min_price_fen::text', cast: 'int' },
  [SearchSort.Sales]: { key: 'sales_count', direction: 'DESC', value: 'sales_count::text', cast: 'int' },
  [SearchSort.Newest]: {
    key: 'published_at',
    direction: 'DESC',
    value: `to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: 'timestamptz',
  },
};

/** What a result shows, for the listings of a page (`page` holds their ids and sort values). */
const SUMMARY = `page.listing_id, l.title, l.images[1] AS cover_image, l.seller_org_id, se.name AS seller_name,
  se.rating_average, se.rating_count, l.county_code, l.category_id, l.direction, l.temperature_class,
  l.certifications, l.origin_village_code, page.min_price_fen, page.max_price_fen, page.sales_count,
  page.published_at`;

interface SortOrder {
  key: string;
  direction: 'ASC' | 'DESC';
  value: string;
  cast: string;
  /** Relevance: a common word's page comes from candidates (SearchRepository.commonWordPage). */
  candidates?: true;
}

/** Matches of a common word that relevance scores in full, from each of the sales and newest indexes. */
export const CANDIDATES = 100;

/**
 * The WHERE conditions of a request (its words through the key index, then its filters), its relevance score, and
 * the parameters both refer to by number.
 */
function matchConditions(request: SearchFilters): { sql: string; score: string; words: boolean; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const scores: string[] = [];
  for (const term of request.match) {
    const arms: string[] = [];
    const points: string[] = [];
    for (const alternative of term.alternatives) {
      const tests: string[] = [];
      const inTitle: string[] = [];
      if (alternative.text) {
        const needles = alternative.text.map((text) => param(text));
        tests.push(...needles.map((needle) => `strpos(ls.search_text, ${needle}) > 0`));
        inTitle.push(...needles.map((needle) => `strpos(ls.title_norm, ${needle}) > 0`));
      }
      if (alternative.like) {
        const like = param(alternative.like);
        tests.push(`ls.search_text LIKE ${like}`);
        inTitle.push(`ls.title_norm LIKE ${like}`);
      }
      // pinyin and initials are the title's own
      if (alternative.pinyin) {
        const test = `strpos(ls.pinyin, ${param(alternative.pinyin)}) > 0`;
        tests.push(test);
        inTitle.push(test);
      }
      if (alternative.initials) {
        const test = `strpos(ls.initials, ${param(alternative.initials)}) > 0`;
        tests.push(test);
        inTitle.push(test);
      }
      arms.push(`(ls.search_keys @> ${param(alternative.keys)}::int[] AND ${tests.join(' AND ')})`);
      const elsewhere = TEXT_POINTS[alternative.kind];
      points.push(
        `CASE WHEN ${inTitle.join(' AND ')} THEN ${TITLE_POINTS[alternative.kind]}` +
          (elsewhere && alternative.kind !== 'fuzzy' ? ` WHEN ${tests.join(' AND ')} THEN ${elsewhere}` : '') +
          (alternative.kind === 'fuzzy' ? ` ELSE ${elsewhere} END` : ' ELSE 0 END'),
      );
    }
    if (arms.length > 0) {
      where.push(`(${arms.join(' OR ')})`);
      scores.push(points.length === 1 ? points[0] : `greatest(${points.join(', ')})`);
    }
  }
  const words = where.length > 0;
  if (request.countyCode) {
    where.push(`ls.county_code = ${param(request.countyCode)}`);
  }
  if (request.categoryId) {
    where.push(`ls.category_ids @> ARRAY[${param(request.categoryId)}::text]`);
  }
  if (request.direction) {
    where.push(`ls.direction = ${param(request.direction)}`);
  }
  if (request.temperatureClass) {
    where.push(`ls.temperature_class = ${param(request.temperatureClass)}`);
  }
  if (request.certifications && request.certifications.length > 0) {
    where.push(`ls.certifications @> ${param(request.certifications)}::text[]`);
  }
  if (request.sellerOrgId) {
    where.push(`ls.seller_org_id = ${param(request.sellerOrgId)}`);
  }
  if (request.minPriceFen !== undefined || request.maxPriceFen !== undefined) {
    const min = param(request.minPriceFen ?? 0);
    const max = param(request.maxPriceFen ?? 2_147_483_647);
    // some SKU's price lies in the range; the bounds first, so that the index on min_price can help
    where.push(`ls.max_price_fen >= ${min}::int AND ls.min_price_fen <= ${max}::int`);
    where.push(`EXISTS (SELECT 1 FROM unnest(ls.prices) p WHERE p BETWEEN ${min}::int AND ${max}::int)`);
  }
  // integer, so that the cursor compares exactly: how each word matched, then sales, rating and freshness, then
  // shorter (more focused) titles
  const score = words
    ? [...scores, STATIC_POINTS, `(10 - least(char_length(ls.title_norm) / 6, 10))`].join(' + ')
    : '0';
  return { sql: where.length > 0 ? where.join(' AND ') : 'true', score, words, params };
}

/** The matches as the page and the facets read them: from `source` (the table itself, or a subquery of it). */
function matchesSql(conditions: string, score: string, source?: string, before?: string): string {
  // a source read in the table's order carries each row's position (ctid): its block says how far the scan went
  const block = source?.includes('ctid AS position') ? ', (ls.position::text::point)[0]::int AS block' : '';
  return `${before ? `${before}, ` : ''}matches AS ${source ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (
        SELECT ls.listing_id, ls.seller_org_id, ls.min_price_fen, ls.max_price_fen, ls.sales_count, ls.published_at,
               ls.county_code, ls.category_ids, ls.certifications, ls.temperature_class, ${score} AS score${block}
          FROM ${source ?? 'listing_search'} ls
         ${source ? '' : `WHERE ${conditions}`}
      )`;
}

const FACETS = `, counted AS MATERIALIZED (
    SELECT county_code, category_ids[cardinality(category_ids)] AS category_id, certifications,
           temperature_class, CASE ${PRICE_BANDS.map(
             ([from, to]) =>
               `WHEN min_price_fen >= ${from}${to === null ? '' : ` AND min_price_fen < ${to}`} THEN '${from}-${to ?? ''}'`,
           ).join(' ')} END AS price_band
      FROM matches LIMIT ${FACET_LIMIT}
  ), facets AS (
    SELECT json_build_object(
      'total', (SELECT count(*) FROM (SELECT FROM matches LIMIT ${FACET_LIMIT + 1}) more),
      'category', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT category_id v, count(*) n FROM counted GROUP BY 1) x),
      'county', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT county_code v, count(*) n FROM counted GROUP BY 1) x),
      'certification', (SELECT coalesce(json_object_agg(v, n), '{}')
                          FROM (SELECT c v, count(*) n FROM counted, unnest(certifications) c GROUP BY 1) x),
      'temperatureClass', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT temperature_class v, count(*) n FROM counted GROUP BY 1) x),
      'priceBand', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT price_band v, count(*) n FROM counted GROUP BY 1) x)
    ) AS facets
  )`;

/**
 * A page of `matches` in the sort's order after the cursor, with what a result shows, and the facets if asked; its
 * parameters are the conditions' (`params`, left as they are) and its own.
 */
function pageSql(page: {
  matches: string;
  order: SortOrder;
  after?: SearchCursor;
  limit: number;
  params: unknown[];
  facets: boolean;
  /** Also how far into the table the matches were read (a row even when the page is empty). */
  estimate?: boolean;
}): { sql: string; params: unknown[] } {
  const { order } = page;
  const params = [...page.params];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const comparison = order.direction === 'ASC' ? '>' : '<';
  const after = page.after
    ? `WHERE (${order.key}, listing_id) ${comparison} (${param(page.after.value)}::${order.cast}, ${param(page.after.id)}::uuid)`
    : '';
  const sql = `
      WITH ${page.matches}${page.facets ? FACETS : ''}, page AS MATERIALIZED (
        SELECT listing_id, seller_org_id, min_price_fen, max_price_fen, sales_count, published_at, score,
               ${order.value} AS sort_value
          FROM matches
        ${after}
        ORDER BY ${order.key} ${order.direction}, listing_id ${order.direction}
        LIMIT ${param(page.limit + 1)}
      )
      SELECT ${SUMMARY}, page.sort_value${page.facets ? ', (SELECT facets FROM facets) AS facets' : ''}
        ${
          page.estimate
            ? `, meta.last_block, meta.blocks, meta.tuples
        FROM (SELECT (SELECT max(block) FROM matches) AS last_block, c.relpages AS blocks, c.reltuples AS tuples
                FROM pg_class c WHERE c.oid = 'listing_search'::regclass) meta
        LEFT JOIN (page JOIN listing l ON l.id = page.listing_id JOIN seller se ON se.org_id = page.seller_org_id)
               ON true`
            : `FROM page JOIN listing l ON l.id = page.listing_id JOIN seller se ON se.org_id = page.seller_org_id`
        }
       ORDER BY page.${order.key} ${order.direction}, page.listing_id ${order.direction}`;
  return { sql, params };
}

/**
 * The search documents: one `listing_search` row per listing the public may see, rebuilt from the listing, its
 * SKUs, its category path and its seller inside the transaction of every change, and the queries over them.
 */
@Injectable()
export class SearchRepository implements SearchEngine {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly changes: SearchChanges,
  ) {}

  /**
   * Rebuilds the documents of these listings: inserted or updated when public, deleted otherwise. The folded text,
   * pinyin, initials and their keys are derived here (search-text.ts), in the same transaction as the change.
   */
  async refresh(manager: EntityManager, listingIds: string[]): Promise<void> {
    if (listingIds.length === 0) {
      return;
    }
    await this.writeDocuments(manager, listingIds, await this.deriveDocuments(manager, listingIds));
    await this.changes.record(manager, { listingIds, sellerOrgIds: [] });
  }

  /**
   * The derived forms of these listings' documents (those the public may see): read from the listing, its category
   * path and its seller, and derived in Node. A bulk build derives one batch while the database writes the last.
   */
  async deriveDocuments(manager: Pick<EntityManager, 'query'>, listingIds: string[]): Promise<DocumentBatch> {
    const sources = await manager.query<{ listing_id: string; title: string; body: string }[]>(
      `SELECT l.id AS listing_id, l.title,
              concat_ws(' ', l.title, left(l.description, 500), names.path_names, se.name) AS body
         FROM listing l
         JOIN seller se ON se.org_id = l.seller_org_id
         JOIN category c ON c.id = l.category_id
         CROSS JOIN LATERAL (SELECT string_agg(a.name, ' ') AS path_names
                               FROM category a WHERE a.id = ANY (string_to_array(c.path, '/'))) names
        WHERE l.id = ANY ($1) AND l.status = 'published' AND se.status = 'verified'`,
      [listingIds],
    );
    const derived = sources.map((source) => ({ id: source.listing_id, ...deriveDocument(source.title, source.body) }));
    return {
      ids: derived.map((doc) => doc.id),
      titleNorms: derived.map((doc) => doc.titleNorm),
      searchTexts: derived.map((doc) => doc.searchText),
      pinyins: derived.map((doc) => doc.pinyin),
      initials: derived.map((doc) => doc.initials),
      // the character keys (as the database's search_keys() computes them), then the pinyin and initials keys
      keys: derived.map((doc) => `{${[...textKeys(doc.searchText), ...doc.keys].join(',')}}`),
    };
  }

  /**
   * Writes the documents of these listings from their derived forms: inserted or updated when public, deleted
   * otherwise. The rest of each document (prices, sales, county, category path, rating) is read here.
   */
  async writeDocuments(
    manager: Pick<EntityManager, 'query'>,
    listingIds: string[],
    derived: DocumentBatch,
  ): Promise<void> {
    await manager.query(
      `WITH doc AS (
         SELECT l.id AS listing_id, l.seller_org_id, l.county_code, string_to_array(c.path, '/') AS category_ids,
                l.direction, l.temperature_class, l.certifications, k.min_price_fen, k.max_price_fen, k.prices,
                k.sales_count, coalesce(l.published_at, now()) AS published_at, se.rating_average AS seller_rating
           FROM listing l
           JOIN seller se ON se.org_id = l.seller_org_id
           JOIN category c ON c.id = l.category_id
           CROSS JOIN LATERAL (SELECT min(s.price_fen) AS min_price_fen, max(s.price_fen) AS max_price_fen,
                                      array_agg(s.price_fen ORDER BY s.price_fen) AS prices,
                                      coalesce(sum(s.sold - s.restocked), 0)::int AS sales_count
                                 FROM sku s WHERE s.listing_id = l.id) k
          WHERE l.id = ANY ($1) AND l.status = 'published' AND se.status = 'verified'
            AND k.min_price_fen IS NOT NULL
       ), gone AS (
         DELETE FROM listing_search ls
          WHERE ls.listing_id = ANY ($1) AND NOT EXISTS (SELECT 1 FROM doc WHERE doc.listing_id = ls.listing_id)
       )
       INSERT INTO listing_search (listing_id, seller_org_id, county_code, category_ids, direction,
                                   temperature_class, certifications, min_price_fen, max_price_fen, prices,
                                   sales_count, published_at, seller_rating, title_norm, search_text, pinyin,
                                   initials, search_keys)
       SELECT doc.listing_id, seller_org_id, county_code, category_ids, direction, temperature_class,
              certifications, min_price_fen, max_price_fen, prices, sales_count, published_at, seller_rating,
              d.title_norm, d.search_text, d.pinyin, d.initials, d.search_keys::int[]
         FROM doc
         -- the derived forms join the few documents, never the listing table: a join there let the planner
         -- scan every listing for each batch
         JOIN unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
              AS d (listing_id, title_norm, search_text, pinyin, initials, search_keys) ON d.listing_id = doc.listing_id
       ON CONFLICT (listing_id) DO UPDATE SET
         seller_org_id = EXCLUDED.seller_org_id, county_code = EXCLUDED.county_code,
         category_ids = EXCLUDED.category_ids, direction = EXCLUDED.direction,
         temperature_class = EXCLUDED.temperature_class, certifications = EXCLUDED.certifications,
         min_price_fen = EXCLUDED.min_price_fen, max_price_fen = EXCLUDED.max_price_fen, prices = EXCLUDED.prices,
         sales_count = EXCLUDED.sales_count, published_at = EXCLUDED.published_at,
         seller_rating = EXCLUDED.seller_rating, title_norm = EXCLUDED.title_norm,
         search_text = EXCLUDED.search_text, pinyin = EXCLUDED.pinyin, initials = EXCLUDED.initials,
         search_keys = EXCLUDED.search_keys`,
      [
        listingIds,
        derived.ids,
        derived.titleNorms,
        derived.searchTexts,
        derived.pinyins,
        derived.initials,
        derived.keys,
      ],
    );
  }

  /** Keeps the seller's rating in its documents current (it weighs in relevance). */
  async refreshSellerRating(manager: EntityManager, sellerOrgId: string): Promise<void> {
    await manager.query(
      `UPDATE listing_search ls SET seller_rating = se.rating_average FROM seller se
        WHERE se.org_id = $1 AND ls.seller_org_id = se.org_id
          AND ls.seller_rating IS DISTINCT FROM se.rating_average`,
      [sellerOrgId],
    );
    await this.changes.record(manager, { listingIds: [], sellerOrgIds: [sellerOrgId] });
  }

  /** Brings the sales figure of these listings' documents up to date (after a sale or a restock). */
  async refreshSales(manager: EntityManager, listingIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE listing_search ls SET sales_count = s.sales_count
         FROM (SELECT listing_id, sum(sold - restocked)::int AS sales_count
                 FROM sku WHERE listing_id = ANY ($1) GROUP BY listing_id) s
        WHERE ls.listing_id = s.listing_id AND ls.sales_count <> s.sales_count`,
      [listingIds],
    );
    await this.changes.record(manager, { listingIds, sellerOrgIds: [] });
  }

  /**
   * One page of public listings, `limit + 1` rows so the caller can tell whether another page follows.
   *
   * Without words the planner walks the sort's index and filters. With words, the first statement reads at most
   * {@link FACET_LIMIT} + 1 matches through the key index: when there are no more, they are all the matches, and
   * the page and the facets come from them exactly. When there are more (a common word: 橙 matches a tenth of a
   * province), scoring and sorting every match costs more than a page is worth, so the facets are those of the
   * matches read (a lower bound, `exact` false) and a second statement serves the page from the sort's own index
   * ({@link commonWordPage}).
   */
  async search(request: SearchPageRequest): Promise<SearchPage> {
    const { sql: conditions, score, words, params } = matchConditions(request);
    const order = ORDER[request.sort];
    const pageRequest = { order, after: request.after, limit: request.limit, params };
    if (!words) {
      const page = pageSql({ ...pageRequest, matches: matchesSql(conditions, score), facets: request.facets });
      return this.readPage(this.db.manager, page, request.facets);
    }
    const counted = `(SELECT ls.*, ls.ctid AS position FROM listing_search ls WHERE ${conditions}
                        LIMIT ${FACET_LIMIT + 1})`;
    const page = pageSql({
      ...pageRequest,
      matches: matchesSql(conditions, score, counted),
      facets: true,
      estimate: true,
    });
    const first = await this.readPage(this.db.manager, page, true);
    const facets = request.facets ? first.facets : null;
    if (first.facets!.exact) {
      return { rows: first.rows, facets };
    }
    // Documents lie in the table in no order of their content, and the key index returns matches in the table's
    // order: the first 2,001 matches ended `last_block` blocks in, so there are about 2,001 × blocks / last_block.
    // Walking a sort index costs about (rows wanted) × listings / matches; scoring every match costs the matches.
    const { last_block: lastBlock, blocks, tuples } = first.estimate!;
    const matches = ((FACET_LIMIT + 1) * Math.max(blocks, 1)) / (lastBlock + 1);
    const wanted = order.candidates ? 2 * CANDIDATES : request.limit + 1;
    // Prices follow the product (every 大米 costs about the same), so a price index holds a word's matches together
    // somewhere along it, and walking it from one end can pass half the table first: by price, score every match.
    if (order.key === 'min_price_fen' || (wanted * Math.max(tuples, 1)) / matches > matches) {
      const all = `(SELECT ls.* FROM listing_search ls WHERE ${conditions})`;
      const scored = pageSql({ ...pageRequest, matches: matchesSql(conditions, score, all), facets: false });
      return { rows: await this.readPlanned([], scored), facets };
    }
    const rows = await this.commonWordPage({ ...pageRequest, conditions, score, relevance: !!order.candidates });
    return { rows, facets };
  }

  /**
   * The page of a word with more than {@link FACET_LIMIT} matches. Sorted by price, sales or date, the planner
   * walks that sort's index (and the cursor's position in it) and tests each listing until the page is full: with
   * one match in every few hundred listings, a page costs a few thousand index entries, and the page is exact.
   * Sorted by relevance, the candidates are the {@link CANDIDATES} best-selling and the {@link CANDIDATES} newest
   * matches, each found the same way, and they are scored and sorted in full (top-k, then rerank): the blend of
   * text match, sales, rating and freshness is exact among them, and pages by cursor go on through them.
   * Bitmap scans are switched off for this statement only: the first statement has just shown the key index
   * would return more matches than a page needs.
   */
  private commonWordPage(page: {
    conditions: string;
    score: string;
    relevance: boolean;
    order: SortOrder;
    after?: SearchCursor;
    limit: number;
    params: unknown[];
  }): Promise<ListingSummaryRow[]> {
    const { conditions, score } = page;
    let matches = matchesSql(conditions, score);
    if (page.relevance) {
      const candidates = (key: string) =>
        `(SELECT ls.listing_id FROM listing_search ls WHERE ${conditions}
           ORDER BY ls.${key} DESC, ls.listing_id DESC LIMIT ${CANDIDATES})`;
      matches = matchesSql(
        'ls.listing_id IN (SELECT listing_id FROM candidates)',
        score,
        undefined,
        `candidates AS MATERIALIZED (${candidates('sales_count')} UNION ${candidates('published_at')})`,
      );
    }
    // a sort index, not the key index, and not the whole table either: the planner, which cannot tell how many
    // listings pass strpos, would otherwise read every listing and sort them (seconds over a million)
    return this.readPlanned(['enable_bitmapscan', 'enable_seqscan'], pageSql({ ...page, matches, facets: false }));
  }

  /**
   * A page read with these planner methods switched off, and without JIT compilation (its 100 ms or more of
   * compiling is what the planner's estimate of a large scan buys, and a page never needs it), for one statement.
   */
  private readPlanned(off: string[], statement: { sql: string; params: unknown[] }): Promise<ListingSummaryRow[]> {
    return this.db.withTransaction(async (manager) => {
      await manager.query(['jit', ...off].map((setting) => `SET LOCAL ${setting} = off`).join('; '));
      return (await this.readPage(manager, statement, false)).rows;
    });
  }

  private async readPage(
    manager: Pick<EntityManager, 'query'>,
    { sql, params }: { sql: string; params: unknown[] },
    facets: boolean,
  ): Promise<SearchPage> {
    const read = await manager.query<(ListingSummaryRow & { facets?: FacetCounts } & Partial<TableEstimate>)[]>(
      sql,
      params,
    );
    const rows = read.filter((row) => row.listing_id !== null);
    const estimate =
      read.length > 0 && read[0].blocks !== undefined
        ? { last_block: read[0].last_block ?? 0, blocks: Number(read[0].blocks), tuples: Number(read[0].tuples) }
        : undefined;
    if (!facets) {
      return { rows, facets: null, estimate };
    }
    if (read.length > 0 && read[0].facets) {
      const raw = read[0].facets;
      const counts = { ...raw, total: Math.min(raw.total, FACET_LIMIT), exact: raw.total <= FACET_LIMIT };
      return { rows, facets: counts, estimate };
    }
    const none = { category: {}, county: {}, certification: {}, temperatureClass: {}, priceBand: {} };
    return { rows, facets: { total: 0, exact: true, ...none }, estimate };
  }

  /** Public summaries of these listings (those not public are simply missing), in the order given. */
  async summaries(listingIds: string[]): Promise<ListingSummaryRow[]> {
    if (listingIds.length === 0) {
      return [];
    }
    const rows = await this.db.manager.query<ListingSummaryRow[]>(
      `SELECT ${SUMMARY}, '' AS sort_value
         FROM listing_search page JOIN listing l ON l.id = page.listing_id
         JOIN seller se ON se.org_id = page.seller_org_id
        WHERE page.listing_id = ANY ($1)`,
      [listingIds],
    );
    return listingIds.flatMap((id) => rows.filter((row) => row.listing_id === id));
  }

  async isPublic(manager: EntityManager, listingId: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(`SELECT 1 FROM listing_search WHERE listing_id = $1`, [listingId]);
    return rows.length > 0;
  }
}
