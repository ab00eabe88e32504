import { Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { markTitle } from './search-highlight';
import { canReach, planQuery, queryTerms, Reach } from './search-match';
import { decodeCursor, encodeCursor, SearchSort } from './search-query';
import { mapListingSummary, SearchDto, SearchResponseDto } from './search.dto';
import { SearchEngine } from './search.port';
import { SearchPageRequest } from './search.repository';
import { SynonymService } from './synonym.service';

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchEngine,
    private readonly synonyms: SynonymService,
  ) {}

  /** Public listings only (published, seller verified): the search documents hold nothing else. */
  async find(query: SearchDto): Promise<SearchResponseDto> {
    const terms = queryTerms(query.q ?? '');
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
    const synonyms = await this.synonyms.lookup(query.countyCode);
    const request: SearchPageRequest = {
      match: planQuery(terms, synonyms),
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
      facets: query.facets ? query.facets === 'true' : terms.length > 0,
    };
    let found = await this.search.search(request);
    // nothing as typed: match Chinese words by sound, then with one character off, and say what was found instead
    for (const reach of [1, 2] as Reach[]) {
      if (found.rows.length > 0 || !canReach(terms)) {
        break;
      }
      request.match = planQuery(terms, synonyms, reach);
      found = await this.search.search(request);
    }
    const page = found.rows.slice(0, limit);
    const last = page[page.length - 1];
    const marks = page.map((row) => markTitle(row.title, request.match));
    const suggestions = new Set<string>();
    for (const { corrections } of marks.slice(0, 3)) {
      if (corrections.size > 0) {
        suggestions.add(terms.map((term) => corrections.get(term) ?? term).join(' '));
      }
    }
    return {
      items: page.map((row, index) => ({ ...mapListingSummary(row), highlights: marks[index].ranges })),
      facets: found.facets,
      suggestions: [...suggestions],
      nextCursor:
        found.rows.length > limit && last ? encodeCursor({ sort, value: last.sort_value, id: last.listing_id }) : null,
    };
  }
}
