import type { Schemas } from './types';

/*
 * The catalog service's shared response types, by the names the areas use, from the generated schema (schema.d.ts:
 * apps/catalog/src DTOs via `npm run web:client`). Area-only request bodies and views stay in the area's api.ts.
 */

export type Listing = Schemas['CatalogListingResponseDto'];
export type Place = Schemas['CatalogPlaceResponseDto'];
export type PlaceWithPath = Schemas['CatalogPlaceWithPathResponseDto'];
export type ListingSummary = Schemas['CatalogListingSummaryResponseDto'];
/**
 * A search result: a listing and where its title matched ([start, end) offsets into the title; OpenAPI 3.0 cannot
 * say "pair", so the schema's number[][] is narrowed here).
 */
export type SearchHit = Omit<Schemas['CatalogSearchHitResponseDto'], 'highlights'> & { highlights: [number, number][] };
/** A page of `/search`. */
export type SearchPage = Omit<Schemas['CatalogSearchResponseDto'], 'items'> & { items: SearchHit[] };
/** Counts of the matches (`/search` with words); `exact` is false when there were more than were counted. */
export type SearchFacets = Schemas['CatalogSearchFacetsResponseDto'];
export type Sku = Schemas['CatalogSkuResponseDto'];
export type Rating = Schemas['CatalogRatingResponseDto'];
export type Temperature = Schemas['CatalogTemperatureResponseDto'];
export type Category = Schemas['CatalogCategoryTreeResponseDto'];
/** The producer's pledge on a compliance certificate (合格证). */
export type LotPledge = Schemas['CatalogPledgeResponseDto'];
export type LotTestResult = Schemas['CatalogTestResultResponseDto'];
/**
 * One of a listing's current lots as anyone may see it (`GET /listings/{id}/lots/public`, the 5 most recently issued,
 * newest first): the certificate without its trace code or contact phone.
 */
export type PublicLot = Schemas['CatalogPublicLotResponseDto'];
export type CatalogSeller = Schemas['CatalogSellerResponseDto'];
export type Storefront = Schemas['CatalogStorefrontResponseDto'];
export type StorefrontView = Schemas['CatalogStorefrontViewResponseDto'];

export type Direction = Listing['direction'];
export type TemperatureClass = Temperature['class'];
export type Certification = Listing['certifications'][number];
export type ListingStatus = Listing['status'];
export type StorefrontStatus = Storefront['status'];

export const CERTIFICATIONS: Certification[] = [
  'geographical_indication',
  'green_food',
  'organic',
  'consumption_assistance',
];
export const TEMPERATURE_CLASSES: TemperatureClass[] = ['ambient', 'chilled', 'frozen', 'range'];
