/** Money is always an integer number of fen (1 CNY = 100 fen). */
export type Fen = number;
/** Weight is always an integer number of grams. */
export type Grams = number;

/** Which way goods travel through the county network. */
export enum FlowDirection {
  /** Agricultural products: village → town → county hub → city. */
  Up = 'up',
  /** Industrial goods: county hub → town → village service point. */
  Down = 'down',
}

export enum TemperatureClass {
  Ambient = 'ambient',
  Chilled = 'chilled',
  Frozen = 'frozen',
  /** Chilling-sensitive produce kept inside an explicit range (banana ≥ 13 °C). */
  Range = 'range',
}

export enum ServiceName {
  Gateway = 'gateway',
  Identity = 'identity',
  Catalog = 'catalog',
  Orders = 'orders',
  Logistics = 'logistics',
}

export enum OrganisationKind {
  Cooperative = 'cooperative',
  FamilyFarm = 'family_farm',
  Merchant = 'merchant',
  ServicePoint = 'service_point',
  CountyOffice = 'county_office',
  Platform = 'platform',
}

/** Organisation kinds that sell and therefore carry a verified unified social credit code. */
export const SELLER_KINDS: readonly OrganisationKind[] = [
  OrganisationKind.Cooperative,
  OrganisationKind.FamilyFarm,
  OrganisationKind.Merchant,
];

export enum MembershipRole {
  Owner = 'owner',
  Staff = 'staff',
  Operator = 'operator',
  /** Drives the county hub's vans (a member of the hub's service-point organisation). */
  Driver = 'driver',
  CountyStaff = 'county_staff',
  PlatformAdmin = 'platform_admin',
}

export enum VerificationStatus {
  Pending = 'pending',
  Verified = 'verified',
  Suspended = 'suspended',
}

const COUNTY_CODE = /^\d{6}$/;
const TOWN_CODE = /^\d{9}$/;
const VILLAGE_CODE = /^\d{12}$/;

/** Administrative codes: county 6 digits, town 9, village 12; each level extends its parent's code. */
export const RegionCode = {
  isCounty: (code: string): boolean => COUNTY_CODE.test(code),
  isTown: (code: string): boolean => TOWN_CODE.test(code),
  isVillage: (code: string): boolean => VILLAGE_CODE.test(code),
  extends: (child: string, parent: string): boolean => child.length > parent.length && child.startsWith(parent),
  countyOf: (code: string): string => code.slice(0, 6),
};

const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const isMainlandMobile = (phone: string): boolean => MAINLAND_MOBILE.test(phone);
