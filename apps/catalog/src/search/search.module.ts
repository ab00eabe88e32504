import { Module } from '@nestjs/common';
import { CatalogConfig } from '../catalog.config';
import { MemorySearchEngine } from './memory-search.engine';
import { SearchChanges } from './search-changes';
import { SearchController } from './search.controller';
import { SearchEngine } from './search.port';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';
import { SynonymService } from './synonym.service';

/**
 * The public search; other features keep its documents current through the repository. SEARCH_ENGINE picks what
 * serves searches: the in-process index (memory, the default) or PostgreSQL.
 */
@Module({
  controllers: [SearchController],
  providers: [
    SearchRepository,
    SearchChanges,
    MemorySearchEngine,
    {
      provide: SearchEngine,
      inject: [CatalogConfig, MemorySearchEngine, SearchRepository],
      useFactory: (config: CatalogConfig, memory: MemorySearchEngine, postgres: SearchRepository): SearchEngine =>
        config.searchEngine === 'postgres' ? postgres : memory,
    },
    SearchService,
    SynonymService,
  ],
  exports: [SearchRepository, MemorySearchEngine],
})
export class SearchModule {}
