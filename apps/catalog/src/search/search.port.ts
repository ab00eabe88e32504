import { EntityManager } from 'typeorm';
import { SearchPage, SearchPageRequest } from './search.repository';

/**
 * The search engine behind GET /search: the in-process index (MemorySearchEngine, SEARCH_ENGINE=memory, the default)
 * or PostgreSQL (SearchRepository, SEARCH_ENGINE=postgres), both over listing_search, which is kept in the
 * transaction of every listing change; a larger deployment could bind an OpenSearch or Meilisearch adapter here
 * instead — docs/catalog.md says when that is worth it. `refresh` is called inside the listing change's
 * transaction: an external adapter would write an outbox row there and index after commit.
 */
export abstract class SearchEngine {
  abstract refresh(manager: EntityManager, listingIds: string[]): Promise<void>;
  abstract search(request: SearchPageRequest): Promise<SearchPage>;
}
