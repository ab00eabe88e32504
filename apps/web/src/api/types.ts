import type { components } from './schema';

/** The response and request DTOs of every service, by their merged names (`Schemas['CatalogListingResponseDto']`). */
export type Schemas = components['schemas'];
