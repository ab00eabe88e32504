import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Alternative, TermMatch } from './search-match';
import { SearchCursor, SearchSort } from './search-query';
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

/** Facets count at most this many matches; above it they are a lower bound and `exact` is false. */
export const FACET_LIMIT = 20_000;

export interface FacetCounts {
  total: number;
  exact: boolean;
  category: Record<string, number>;
  county: Record<string, number>;
  certification: Record<string, number>;
  temperatureClass: Record<string, number>;
  priceBand: Record<string, number>;
}

export interface SearchPage {
  rows: ListingSummaryRow[];
  facets: FacetCounts | null;
}

// Points of relevance: how a word matched (in the title, or elsewhere in the text), then small nudges from sales,
// the seller's rating and freshness that order listings which match equally well. docs/catalog.md explains them.
const TITLE_POINTS: Record<Alternative['kind'], number> = {
  literal: 200,
  segments: 170,
  synonym: 160,
  pinyin: 140,
  initials: 120,
  fuzzy: 100,
};
const TEXT_POINTS: Partial<Record<Alternative['kind'], number>> = { literal: 60, synonym: 50, segments: 40, fuzzy: 30 };
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

const ORDER: Record<SearchSort, { key: string; direction: 'ASC' | 'DESC'; value: string; cast: string }> = {
  [SearchSort.Relevance]: { key: 'score', direction: 'DESC', value: 'score::text', cast: 'int' },
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

/**
 * The search documents: one `listing_search` row per listing the public may see, rebuilt from the listing, its
 * SKUs, its category path and its seller inside the transaction of every change, and the queries over them.
 */
@Injectable()
export class SearchRepository implements SearchEngine {
  constructor(private readonly db: TransactionalConnection) {}

  /**
   * Rebuilds the documents of these listings: inserted or updated when public, deleted otherwise. The folded text,
   * pinyin, initials and their keys are derived here (search-text.ts), in the same transaction as the change.
   */
  async refresh(manager: EntityManager, listingIds: string[]): Promise<void> {
    if (listingIds.length === 0) {
      return;
    }
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
              d.title_norm, d.search_text, d.pinyin, d.initials, search_keys(d.search_text) || d.extra_keys::int[]
         FROM doc
         -- the derived forms join the few documents, never the listing table: a join there let the planner
         -- scan every listing for each batch
         JOIN unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
              AS d (listing_id, title_norm, search_text, pinyin, initials, extra_keys) ON d.listing_id = doc.listing_id
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
        derived.map((doc) => doc.id),
        derived.map((doc) => doc.titleNorm),
        derived.map((doc) => doc.searchText),
        derived.map((doc) => doc.pinyin),
        derived.map((doc) => doc.initials),
        derived.map((doc) => `{${doc.keys.join(',')}}`),
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
  }

  /** One page of public listings, `limit + 1` rows so the caller can tell whether another page follows. */
  async search(request: SearchPageRequest): Promise<SearchPage> {
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

    let score = '0';
    if (words) {
      // integer, so that the cursor compares exactly: how each word matched, then sales, rating and freshness,
      // then shorter (more focused) titles
      score = [...scores, STATIC_POINTS, `(10 - least(char_length(ls.title_norm) / 6, 10))`].join(' + ');
    }
    const order = ORDER[request.sort];
    const comparison = order.direction === 'ASC' ? '>' : '<';
    const after = request.after
      ? `WHERE (${order.key}, listing_id) ${comparison} (${param(request.after.value)}::${order.cast}, ${param(request.after.id)}::uuid)`
      : '';
    const limit = param(request.limit + 1);
    const bands = PRICE_BANDS.map(
      ([from, to]) =>
        `WHEN min_price_fen >= ${from}${to === null ? '' : ` AND min_price_fen < ${to}`} THEN '${from}-${to ?? ''}'`,
    ).join(' ');
    const facets = request.facets
      ? `, counted AS MATERIALIZED (
          SELECT county_code, category_ids[cardinality(category_ids)] AS category_id, certifications,
                 temperature_class, CASE ${bands} END AS price_band
            FROM matches LIMIT ${FACET_LIMIT + 1}
        ), facets AS (
          SELECT json_build_object(
            'total', (SELECT count(*) FROM counted),
            'category', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT category_id v, count(*) n FROM counted GROUP BY 1) x),
            'county', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT county_code v, count(*) n FROM counted GROUP BY 1) x),
            'certification', (SELECT coalesce(json_object_agg(v, n), '{}')
                                FROM (SELECT c v, count(*) n FROM counted, unnest(certifications) c GROUP BY 1) x),
            'temperatureClass', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT temperature_class v, count(*) n FROM counted GROUP BY 1) x),
            'priceBand', (SELECT coalesce(json_object_agg(v, n), '{}') FROM (SELECT price_band v, count(*) n FROM counted GROUP BY 1) x)
          ) AS facets
        )`
      : '';
    // With words, every match is found through the key index first and then sorted: the planner would
    // otherwise walk a sort index and test each row, which is slow whenever the matches sit late in that order.
    const sql = `
      WITH matches AS ${words ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (
        SELECT ls.listing_id, ls.seller_org_id, ls.min_price_fen, ls.max_price_fen, ls.sales_count, ls.published_at,
               ls.county_code, ls.category_ids, ls.certifications, ls.temperature_class,
               ${score} AS score
          FROM listing_search ls
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      )${facets}, page AS MATERIALIZED (
        SELECT listing_id, seller_org_id, min_price_fen, max_price_fen, sales_count, published_at, score,
               ${order.value} AS sort_value
          FROM matches
        ${after}
        ORDER BY ${order.key} ${order.direction}, listing_id ${order.direction}
        LIMIT ${limit}
      )
      SELECT ${SUMMARY}, page.sort_value${request.facets ? ', (SELECT facets FROM facets) AS facets' : ''}
        FROM page JOIN listing l ON l.id = page.listing_id JOIN seller se ON se.org_id = page.seller_org_id
       ORDER BY page.${order.key} ${order.direction}, page.listing_id ${order.direction}`;
    const rows = await this.db.manager.query<(ListingSummaryRow & { facets?: FacetCounts })[]>(sql, params);
    let counts: FacetCounts | null = null;
    if (request.facets) {
      if (rows.length > 0 && rows[0].facets) {
        const raw = rows[0].facets;
        counts = { ...raw, total: Math.min(raw.total, FACET_LIMIT), exact: raw.total <= FACET_LIMIT };
      } else {
        counts = {
          total: 0,
          exact: true,
          category: {},
          county: {},
          certification: {},
          temperatureClass: {},
          priceBand: {},
        };
      }
    }
    return { rows, facets: counts };
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
