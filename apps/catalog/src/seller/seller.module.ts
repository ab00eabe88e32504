import { forwardRef, Module } from '@nestjs/common';
import { ListingModule } from '../listing/listing.module';
import { SearchModule } from '../search/search.module';
import { SellerController } from './seller.controller';
import { SellerHandlers } from './seller.handlers';
import { SellerRepository } from './seller.repository';
import { SellerService } from './seller.service';

/**
 * Catalog's copy of identity's sellers, kept from `org.*`. A seller's suspension republishes its listings, and a
 * listing belongs to a seller, hence the forward reference both ways with listings.
 */
@Module({
  imports: [forwardRef(() => ListingModule), SearchModule],
  controllers: [SellerController],
  providers: [SellerRepository, SellerService, SellerHandlers],
  exports: [SellerRepository],
})
export class SellerModule {}
