import { MediaModule } from '@countyflow/media';
import { Module } from '@nestjs/common';
import { ListingModule } from '../listing/listing.module';
import { SearchModule } from '../search/search.module';
import { SellerModule } from '../seller/seller.module';
import { StorefrontModule } from '../storefront/storefront.module';
import { LotController } from './lot.controller';
import { LotHandlers } from './lot.handlers';
import { LotRepository } from './lot.repository';
import { LotService } from './lot.service';

/** Produce lots and their trace codes. */
@Module({
  imports: [ListingModule, SellerModule, StorefrontModule, SearchModule, MediaModule],
  controllers: [LotController],
  providers: [LotRepository, LotService, LotHandlers],
})
export class LotModule {}
