import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SearchCursor, SearchSort } from './search-query';

export interface SearchFilters {
  terms: string[];
  /** Index keys every match holds (see searchKeys). */
  keys: number[];
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
}

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
export class SearchRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Rebuilds the documents of these listings: inserted or updated when public, deleted otherwise. */
  async refresh(manager: EntityManager, listingIds: string[]): Promise<void> {
    if (listingIds.length === 0) {
      return;
    }
    await manager.query(
      `WITH doc AS (
         SELECT l.id AS listing_id, l.seller_org_id, l.county_code, string_to_array(c.path, '/') AS category_ids,
                l.direction, l.temperature_class, l.certifications, k.min_price_fen, k.max_price_fen, k.prices,
                k.sales_count, coalesce(l.published_at, now()) AS published_at,
                search_normalize(l.title) AS title_norm,
                search_normalize(concat_ws(' ', l.title, left(l.description, 500), names.path_names, se.name))
                  AS search_text
           FROM listing l
           JOIN seller se ON se.org_id = l.seller_org_id
           JOIN category c ON c.id = l.category_id
           CROSS JOIN LATERAL (SELECT string_agg(a.name, ' ') AS path_names
                                 FROM category a WHERE a.id = ANY (string_to_array(c.path, '/'))) names
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
                                   sales_count, published_at, title_norm, search_text, search_keys)
       SELECT listing_id, seller_org_id, county_code, category_ids, direction, temperature_class, certifications,
              min_price_fen, max_price_fen, prices, sales_count, published_at, title_norm, search_text,
              search_keys(search_text)
         FROM doc
       ON CONFLICT (listing_id) DO UPDATE SET
         seller_org_id = EXCLUDED.seller_org_id, county_code = EXCLUDED.county_code,
         category_ids = EXCLUDED.category_ids, direction = EXCLUDED.direction,
         temperature_class = EXCLUDED.temperature_class, certifications = EXCLUDED.certifications,
         min_price_fen = EXCLUDED.min_price_fen, max_price_fen = EXCLUDED.max_price_fen, prices = EXCLUDED.prices,
         sales_count = EXCLUDED.sales_count, published_at = EXCLUDED.published_at,
         title_norm = EXCLUDED.title_norm, search_text = EXCLUDED.search_text, search_keys = EXCLUDED.search_keys`,
      [listingIds],
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
  async search(request: SearchPageRequest): Promise<ListingSummaryRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (request.terms.length > 0) {
      where.push(`ls.search_keys @> ${param(request.keys)}::int[]`);
      for (const term of request.terms) {
        where.push(`strpos(ls.search_text, ${param(term)}) > 0`);
      }
    }
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
    if (request.terms.length > 0) {
      // integer, so that the cursor compares exactly: title hits weigh most, then how early the first word
      // appears in the title, then how short (focused) the title is
      const first = param(request.terms[0]);
      score = [
        ...request.terms.map((term) => `(CASE WHEN strpos(ls.title_norm, ${param(term)}) > 0 THEN 100 ELSE 0 END)`),
        `(CASE WHEN strpos(ls.title_norm, ${first}) > 0 THEN 60 - least(strpos(ls.title_norm, ${first}), 30) ELSE 0 END)`,
        `(20 - least(char_length(ls.title_norm) / 4, 20))`,
      ].join(' + ');
    }
    const order = ORDER[request.sort];
    const comparison = order.direction === 'ASC' ? '>' : '<';
    const after = request.after
      ? `WHERE (${order.key}, listing_id) ${comparison} (${param(request.after.value)}::${order.cast}, ${param(request.after.id)}::uuid)`
      : '';
    const limit = param(request.limit + 1);
    // With words, every match is found through the key index first and then sorted: the planner would
    // otherwise walk a sort index and test each row, which is slow whenever the matches sit late in that order.
    const sql = `
      WITH matches AS ${request.terms.length > 0 ? 'MATERIALIZED' : 'NOT MATERIALIZED'} (
        SELECT ls.listing_id, ls.seller_org_id, ls.min_price_fen, ls.max_price_fen, ls.sales_count, ls.published_at,
               ${score} AS score
          FROM listing_search ls
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ), page AS MATERIALIZED (
        SELECT *, ${order.value} AS sort_value FROM matches
        ${after}
        ORDER BY ${order.key} ${order.direction}, listing_id ${order.direction}
        LIMIT ${limit}
      )
      SELECT ${SUMMARY}, page.sort_value
        FROM page JOIN listing l ON l.id = page.listing_id JOIN seller se ON se.org_id = page.seller_org_id
       ORDER BY page.${order.key} ${order.direction}, page.listing_id ${order.direction}`;
    return this.dataSource.query<ListingSummaryRow[]>(sql, params);
  }

  /** Public summaries of these listings (those not public are simply missing), in the order given. */
  async summaries(listingIds: string[]): Promise<ListingSummaryRow[]> {
    if (listingIds.length === 0) {
      return [];
    }
    const rows = await this.dataSource.query<ListingSummaryRow[]>(
      `SELECT ${SUMMARY}, '' AS sort_value
         FROM listing_search page JOIN listing l ON l.id = page.listing_id
         JOIN seller se ON se.org_id = page.seller_org_id
        WHERE page.listing_id = ANY ($1)`,
      [listingIds],
    );
    return listingIds.flatMap((id) => rows.filter((row) => row.listing_id === id));
  }

  async isPublic(listingId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM listing_search WHERE listing_id = $1`, [
      listingId,
    ]);
    return rows.length > 0;
  }
}
