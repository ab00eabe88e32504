import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MediaModule } from '@countyflow/media';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { CATALOG_MIGRATIONS } from '../../../migrations/catalog';
import { CatalogConfig } from './catalog.config';
import { Category } from './category/category.entity';
import { CategoryModule } from './category/category.module';
import { HistoryModule } from './history/history.module';
import { Listing, Sku } from './listing/listing.entity';
import { ListingModule } from './listing/listing.module';
import { LotScan, ProduceLot } from './lot/lot.entity';
import { LotModule } from './lot/lot.module';
import { PlaceModule } from './place/place.module';
import { SearchModule } from './search/search.module';
import { Seller } from './seller/seller.entity';
import { SellerModule } from './seller/seller.module';
import { OrderStock, Reservation, StockMovement } from './stock/stock.entity';
import { StockModule } from './stock/stock.module';
import { Storefront } from './storefront/storefront.entity';
import { StorefrontModule } from './storefront/storefront.module';
import { ListingTag } from './tag/tag.entity';
import { TagModule } from './tag/tag.module';

export const CATALOG_ENTITIES = [
  Seller,
  Category,
  Storefront,
  Listing,
  Sku,
  StockMovement,
  OrderStock,
  Reservation,
  ProduceLot,
  LotScan,
  ListingTag,
  ...MESSAGING_ENTITIES,
];

/**
 * Catalog's features, each a module exporting only what the others may use: what the app module imports, and what
 * a medium test builds on.
 */
export const CATALOG_FEATURES = [
  SellerModule,
  CategoryModule,
  StorefrontModule,
  ListingModule,
  StockModule,
  LotModule,
  SearchModule,
  PlaceModule,
  MediaModule,
  HistoryModule,
  TagModule,
];

@Module({})
export class CatalogModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: CatalogModule,
      imports: [
        KernelModule.forRoot(ServiceName.Catalog, config),
        PersistenceModule.forRoot({ schema: 'catalog', entities: CATALOG_ENTITIES, migrations: CATALOG_MIGRATIONS }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Catalog }),
        ...CATALOG_FEATURES,
      ],
    };
  }
}
