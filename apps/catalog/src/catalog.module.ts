import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { CATALOG_MIGRATIONS } from '../../../migrations/catalog';
import { CatalogConfig } from './catalog.config';
import { SellerController } from './seller/seller.controller';
import { Seller } from './seller/seller.entity';
import { SellerRepository } from './seller/seller.repository';
import { SellerService } from './seller/seller.service';

export const CATALOG_ENTITIES = [Seller, ...MESSAGING_ENTITIES];

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
      controllers: [SellerController],
      providers: [SellerRepository, SellerService],
    };
  }
}
