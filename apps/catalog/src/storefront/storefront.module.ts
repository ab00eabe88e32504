import { Module } from '@nestjs/common';
import { CategoryModule } from '../category/category.module';
import { SearchModule } from '../search/search.module';
import { SellerModule } from '../seller/seller.module';
import { StorefrontController } from './storefront.controller';
import { StorefrontRepository } from './storefront.repository';
import { StorefrontService } from './storefront.service';

@Module({
  imports: [CategoryModule, SellerModule, SearchModule],
  controllers: [StorefrontController],
  providers: [StorefrontRepository, StorefrontService],
  exports: [StorefrontRepository],
})
export class StorefrontModule {}
