import { MediaModule } from '@countyflow/media';
import { Module } from '@nestjs/common';
import { ListingModule } from '../listing/listing.module';
import { SearchModule } from '../search/search.module';
import { TagController } from './tag.controller';
import { TagRepository } from './tag.repository';
import { TagService } from './tag.service';

/** Verified origin tags on listings: applications, the county's review, expiry. */
@Module({
  imports: [ListingModule, SearchModule, MediaModule],
  controllers: [TagController],
  providers: [TagRepository, TagService],
})
export class TagModule {}
