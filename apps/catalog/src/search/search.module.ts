import { Module } from '@nestjs/common';
import { SearchController } from './search.controller';
import { SearchEngine } from './search.port';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';
import { SynonymService } from './synonym.service';

/** The public search; other features keep its index current through the repository. */
@Module({
  controllers: [SearchController],
  providers: [
    SearchRepository,
    { provide: SearchEngine, useExisting: SearchRepository },
    SearchService,
    SynonymService,
  ],
  exports: [SearchRepository],
})
export class SearchModule {}
