import { MediaModule } from '@countyflow/media';
import { forwardRef, Module } from '@nestjs/common';
import { CategoryModule } from '../category/category.module';
import { SearchModule } from '../search/search.module';
import { SellerModule } from '../seller/seller.module';
import { StockModule } from '../stock/stock.module';
import { ListingController } from './listing.controller';
import { ListingPublisher } from './listing.publisher';
import { ListingRepository } from './listing.repository';
import { ListingService } from './listing.service';

/**
 * Listings and their SKUs. A listing is created with its first stock and a stock change looks up its SKU's listing;
 * a listing belongs to a seller whose suspension republishes it: hence the forward references to stock and sellers.
 */
@Module({
  imports: [forwardRef(() => SellerModule), forwardRef(() => StockModule), CategoryModule, SearchModule, MediaModule],
  controllers: [ListingController],
  providers: [ListingRepository, ListingPublisher, ListingService],
  exports: [ListingRepository, ListingPublisher],
})
export class ListingModule {}
