import type { OrganisationKind, VerificationStatus } from './identity';

/*
 * The catalog service's shared response types (apps/catalog/src: search, listing, seller, storefront, category
 * DTOs), used by more than one area. Area-only request bodies and views stay in the area's api.ts.
 */

export type Direction = 'up' | 'down';
export type TemperatureClass = 'ambient' | 'chilled' | 'frozen' | 'range';
export type Certification = 'green_food' | 'organic' | 'geographical_indication';
export type ListingStatus = 'draft' | 'published' | 'paused' | 'removed';
export type StorefrontStatus = 'draft' | 'open' | 'closed';

export const CERTIFICATIONS: Certification[] = ['green_food', 'organic', 'geographical_indication'];
export const TEMPERATURE_CLASSES: TemperatureClass[] = ['ambient', 'chilled', 'frozen', 'range'];

export interface Rating {
  average: number | null;
  count: number;
}

export interface Temperature {
  class: TemperatureClass;
  minC: number | null;
  maxC: number | null;
}

export interface Category {
  id: string;
  parentId: string | null;
  name: string;
  direction: Direction;
  path: string;
  children: Category[];
}

export interface ListingSummary {
  id: string;
  title: string;
  coverImage: string | null;
  sellerOrgId: string;
  sellerName: string;
  sellerRating: Rating;
  countyCode: string;
  categoryId: string;
  direction: Direction;
  temperatureClass: TemperatureClass;
  certifications: Certification[];
  originVillageCode: string | null;
  minPriceFen: number;
  maxPriceFen: number;
  salesCount: number;
  publishedAt: string;
}

/** A search result: a listing and where its title matched ([start, end) offsets into the title). */
export interface SearchHit extends ListingSummary {
  highlights: [number, number][];
}

/** Counts of the matches (`/search` with words); `exact` is false when there were more than were counted. */
export interface SearchFacets {
  total: number;
  exact: boolean;
  category: Record<string, number>;
  county: Record<string, number>;
  certification: Partial<Record<Certification, number>>;
  temperatureClass: Partial<Record<TemperatureClass, number>>;
  /** "from-to" in fen ("20000-" has no upper bound) → count */
  priceBand: Record<string, number>;
}

/** A page of `/search`. */
export interface SearchPage {
  items: SearchHit[];
  facets: SearchFacets | null;
  /** The query as the listings found spell it (你是不是要找…), when it matched only by sound or one character off. */
  suggestions: string[];
  nextCursor: string | null;
}

export interface Sku {
  id: string;
  spec: string;
  priceFen: number;
  weightGrams: number;
  volumeMl: number;
  barcode: string | null;
  available: number;
}

export interface Listing {
  id: string;
  sellerOrgId: string;
  sellerName: string;
  sellerRating: Rating;
  countyCode: string;
  categoryId: string;
  direction: Direction;
  title: string;
  description: string;
  images: string[];
  originVillageCode: string | null;
  certifications: Certification[];
  shelfLifeDays: number | null;
  temperature: Temperature;
  weightToleranceGrams: number | null;
  status: ListingStatus;
  statusReason: string | null;
  purchasable: boolean;
  version: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  skus: Sku[];
}

/** The producer's pledge on a compliance certificate (合格证). */
export interface LotPledge {
  noBannedSubstances: boolean;
  safetyIntervalsKept: boolean;
  residuesWithinLimits: boolean;
}

export interface LotTestResult {
  item: string;
  result: string;
  passed: boolean;
  method: string | null;
  laboratory: string | null;
  testedOn: string | null;
}

/**
 * One of a listing's current lots as anyone may see it (`GET /listings/{id}/lots/public`, the 5 most recently issued,
 * newest first): the certificate without its trace code or contact phone.
 */
export interface PublicLot {
  certificateNo: string;
  productName: string;
  harvestFrom: string;
  harvestTo: string;
  quantity: number;
  unit: string;
  grade: string | null;
  originVillageCode: string;
  producerName: string;
  pledge: LotPledge;
  testResults: LotTestResult[];
  issueDate: string;
}

export interface CatalogSeller {
  orgId: string;
  kind: OrganisationKind;
  name: string;
  countyCode: string;
  villageCode: string | null;
  status: VerificationStatus;
  creditCode: string | null;
  statusChangedAt: string;
  rating: Rating;
}

export interface Storefront {
  countyCode: string;
  name: string;
  introduction: string;
  bannerUrl: string | null;
  logoUrl: string | null;
  featuredCategoryIds: string[];
  featuredListingIds: string[];
  status: StorefrontStatus;
  updatedAt: string;
}

export interface StorefrontView extends Storefront {
  sellers: CatalogSeller[];
  featuredCategories: Category[];
  featuredListings: ListingSummary[];
  newestListings: ListingSummary[];
}
