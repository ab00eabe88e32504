import { Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, searchKeys, SearchSort, searchTerms } from './search-query';
import { mapListingSummary, SearchDto, SearchResponseDto } from './search.dto';
import { SearchRepository } from './search.repository';

@Injectable()
export class SearchService {
  constructor(private readonly search: SearchRepository) {}

  /** Public listings only (published, seller verified): the search documents hold nothing else. */
  async find(query: SearchDto): Promise<SearchResponseDto> {
    const terms = searchTerms(query.q ?? '');
    // relevance needs words to be relevant to; without them the newest come first
    const sort =
      query.sort === SearchSort.Relevance && terms.length === 0
        ? SearchSort.Newest
        : (query.sort ?? (terms.length > 0 ? SearchSort.Relevance : SearchSort.Newest));
    if (query.minPriceFen !== undefined && query.maxPriceFen !== undefined && query.minPriceFen > query.maxPriceFen) {
      throw new Problem(
        400,
        'price-range-invalid',
        `minPriceFen ${query.minPriceFen} is above maxPriceFen ${query.maxPriceFen}`,
      );
    }
    const limit = query.limit ?? 20;
    const rows = await this.search.search({
      terms,
      keys: searchKeys(terms),
      countyCode: query.countyCode,
      categoryId: query.categoryId,
      direction: query.direction,
      minPriceFen: query.minPriceFen,
      maxPriceFen: query.maxPriceFen,
      temperatureClass: query.temperatureClass,
      certifications: query.certification,
      sellerOrgId: query.sellerOrgId,
      sort,
      after: query.cursor ? decodeCursor(query.cursor, sort) : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(mapListingSummary),
      nextCursor:
        rows.length > limit && last ? encodeCursor({ sort, value: last.sort_value, id: last.listing_id }) : null,
    };
  }
}
