import { CatalogInit1763800000000 } from './1763800000000-catalog-init';
import { CatalogListings1764000000000 } from './1764000000000-catalog-listings';
import { Catalog64BitStock1765000000000 } from './1765000000000-catalog-64-bit-stock';
import { CatalogSellerHotline1765010241000 } from './1765010241000-catalog-seller-hotline';
import { CatalogSearchMatching1765500000000 } from './1765500000000-catalog-search-matching';
import { CatalogSearchCountySales1796549070549 } from './1796549070549-catalog-search-county-sales';
import { CatalogLotEvents1796549100000 } from './1796549100000-catalog-lot-events';
import { CatalogMessagingRetention1796578776232 } from './1796578776232-catalog-messaging-retention';
import { CatalogOutboxTraceParent1796578897519 } from './1796578897519-catalog-outbox-trace-parent';
import { CatalogLotPhotos1796600100000 } from './1796600100000-catalog-lot-photos';
import { CatalogListingTags1796700000000 } from './1796700000000-catalog-listing-tags';
import { CatalogTagRevoke1796700579777 } from './1796700579777-catalog-tag-revoke';
import { CatalogReserveBatch1796750000000 } from './1796750000000-catalog-reserve-batch';

/** Catalog's migrations, oldest first. */
export const CATALOG_MIGRATIONS = [
  CatalogInit1763800000000,
  CatalogListings1764000000000,
  Catalog64BitStock1765000000000,
  CatalogSellerHotline1765010241000,
  CatalogSearchMatching1765500000000,
  CatalogSearchCountySales1796549070549,
  CatalogLotEvents1796549100000,
  CatalogMessagingRetention1796578776232,
  CatalogOutboxTraceParent1796578897519,
  CatalogLotPhotos1796600100000,
  CatalogListingTags1796700000000,
  CatalogTagRevoke1796700579777,
  CatalogReserveBatch1796750000000,
];
