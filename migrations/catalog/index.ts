import { CatalogInit1763800000000 } from './1763800000000-catalog-init';

/** Catalog's migrations, oldest first. */
export const CATALOG_MIGRATIONS = [CatalogInit1763800000000];
