import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { CATALOG_MIGRATIONS } from '../../../migrations/catalog';
import { CatalogConfig } from './catalog.config';
import { CategoryController } from './category/category.controller';
import { Category } from './category/category.entity';
import { CategoryRepository } from './category/category.repository';
import { CategoryService } from './category/category.service';
import { ListingController } from './listing/listing.controller';
import { Listing, Sku } from './listing/listing.entity';
import { ListingEvents } from './listing/listing.events';
import { ListingRepository } from './listing/listing.repository';
import { ListingService } from './listing/listing.service';
import { LotController } from './lot/lot.controller';
import { LotScan, ProduceLot } from './lot/lot.entity';
import { LotRepository } from './lot/lot.repository';
import { LotService } from './lot/lot.service';
import { PlaceNames } from './place/place-names';
import { PlaceController } from './place/place.controller';
import { SearchController } from './search/search.controller';
import { SearchEngine } from './search/search.port';
import { SearchRepository } from './search/search.repository';
import { SearchService } from './search/search.service';
import { SynonymService } from './search/synonym.service';
import { SellerController } from './seller/seller.controller';
import { Seller } from './seller/seller.entity';
import { SellerRepository } from './seller/seller.repository';
import { SellerService } from './seller/seller.service';
import { ReservationService } from './stock/reservation.service';
import { StockController } from './stock/stock.controller';
import { OrderStock, Reservation, StockMovement } from './stock/stock.entity';
import { StockRepository } from './stock/stock.repository';
import { StockService } from './stock/stock.service';
import { StorefrontController } from './storefront/storefront.controller';
import { Storefront } from './storefront/storefront.entity';
import { StorefrontRepository } from './storefront/storefront.repository';
import { StorefrontService } from './storefront/storefront.service';

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
  ...MESSAGING_ENTITIES,
];

/** Catalog's services and repositories: the module's providers, also what a medium test builds on. */
export const CATALOG_PROVIDERS = [
  PlaceNames,
  SellerRepository,
  SellerService,
  CategoryRepository,
  CategoryService,
  StorefrontRepository,
  StorefrontService,
  ListingRepository,
  ListingEvents,
  ListingService,
  StockRepository,
  StockService,
  ReservationService,
  LotRepository,
  LotService,
  SearchRepository,
  { provide: SearchEngine, useExisting: SearchRepository },
  SearchService,
  SynonymService,
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
      ],
      controllers: [
        SellerController,
        PlaceController,
        CategoryController,
        StorefrontController,
        ListingController,
        StockController,
        LotController,
        SearchController,
      ],
      providers: CATALOG_PROVIDERS,
    };
  }
}
