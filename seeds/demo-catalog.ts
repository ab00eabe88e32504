import { chinaDate } from '@countyflow/kernel';
import sharp from 'sharp';
import type { ListingCreateDto, ListingResponseDto } from '../apps/catalog/src/listing/listing.dto';
import { Certification, ListingStatus } from '../apps/catalog/src/listing/listing.entity';
import type { LotCreateDto, LotResponseDto, LotUnit } from '../apps/catalog/src/lot/lot.dto';
import type { SellerResponseDto } from '../apps/catalog/src/seller/seller.dto';
import type { StorefrontResponseDto } from '../apps/catalog/src/storefront/storefront.dto';
import { StorefrontStatus } from '../apps/catalog/src/storefront/storefront.entity';
import type { TagResponseDto } from '../apps/catalog/src/tag/tag.dto';
import { TagStatus } from '../apps/catalog/src/tag/tag.entity';
import { waitUntil } from './demo-check';
import { ListingPlan, LotPlan, PRODUCE_SELLERS, SellerPlan, SELLERS, STOREFRONT } from './demo-county-catalog';
import { DEMO_COUNTY, ownerOf, sellerOrgIdOf, VERIFIED_SELLER_ORG_IDS } from './demo-identity';
import { Api, inPool, login } from './demo-services';

export interface CatalogReport {
  listings: number;
  published: number;
  lots: number;
  /** origin tags verified by county staff */
  tags: number;
  storefront: boolean;
}

const DAY_MS = 24 * 3600 * 1000;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The harvest window of a lot: the latest season (starting on its month and day) that began before today, cut off
 * at yesterday; batch 1 is the window before batch 0, and so on. Relative to the day the seed runs, so that a
 * certificate is never issued for a harvest in the future.
 */
export function harvestWindow(lot: LotPlan, today: string): { harvestFrom: string; harvestTo: string } {
  const [month, day, days] = lot.season;
  const yesterday = addDays(today, -1);
  const mmdd = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  let from = `${today.slice(0, 4)}-${mmdd}`;
  if (from > yesterday) {
    from = `${Number(today.slice(0, 4)) - 1}-${mmdd}`;
  }
  let to = addDays(from, days - 1) < yesterday ? addDays(from, days - 1) : yesterday;
  for (let batch = 0; batch < lot.batch; batch++) {
    to = addDays(from, -1);
    from = addDays(to, -(days - 1));
  }
  return { harvestFrom: from, harvestTo: to };
}

function listingDto(seller: SellerPlan, plan: ListingPlan): ListingCreateDto {
  return {
    sellerOrgId: sellerOrgIdOf(seller.key),
    categoryId: plan.categoryId,
    title: plan.title,
    description: plan.description,
    originVillageCode: plan.originVillageCode,
    shelfLifeDays: plan.shelfLifeDays,
    temperature: plan.temperature,
    weightToleranceGrams: plan.weightToleranceGrams,
    skus: plan.skus.map((sku) => ({ ...sku })),
  };
}

function lotDto(seller: SellerPlan, lot: LotPlan, today: string): LotCreateDto {
  const { harvestFrom, harvestTo } = harvestWindow(lot, today);
  return {
    harvestFrom,
    harvestTo,
    // an earlier harvest was usually the smaller one
    quantity: Math.round(lot.quantity * (1 - 0.2 * lot.batch)),
    unit: lot.unit as LotUnit,
    grade: lot.grade,
    contactPhone: ownerOf(seller.key).phone,
    pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
    testResults: lot.testResults.map((result) => ({ ...result, testedOn: harvestTo })),
  };
}

/**
 * One seller's listings. They are looked up as county staff (who may see every listing of their county's sellers,
 * in any state, and their lots), by title; only when something is missing does the seed log in as the seller's owner
 * to write: a missing listing is created with its SKUs and starting stock, a draft is published (a paused or
 * removed listing is the seller's decision and stays so), and a produce listing gets the lots it lacks, each with
 * the certificate number and trace code the catalog issues.
 */
async function seedSeller(
  staff: Api,
  asOwner: () => Promise<Api>,
  seller: SellerPlan,
  report: CatalogReport,
  today: string,
): Promise<ListingResponseDto[]> {
  const sellerOrgId = sellerOrgIdOf(seller.key);
  const existing = await staff.get<ListingResponseDto[]>('/listings', { sellerOrgId });
  const result: ListingResponseDto[] = [];
  for (const plan of seller.listings) {
    let listing = existing.find((candidate) => candidate.title === plan.title);
    let lotCount = 0;
    if (!listing) {
      listing = await (await asOwner()).post<ListingResponseDto>('/listings', listingDto(seller, plan));
      report.listings += 1;
    } else if (plan.lots.length > 0 && listing.status !== ListingStatus.Removed) {
      lotCount = (await staff.get<LotResponseDto[]>(`/listings/${listing.id}/lots`)).length;
    }
    if (listing.status === ListingStatus.Draft) {
      listing = await (await asOwner()).post<ListingResponseDto>(`/listings/${listing.id}/publish`);
      report.published += 1;
    }
    if (listing.status !== ListingStatus.Removed) {
      await seedTags(staff, asOwner, listing.id, plan.certifications as Certification[], report);
      for (const lot of plan.lots.slice(lotCount)) {
        await (await asOwner()).post<LotResponseDto>(`/listings/${listing.id}/lots`, lotDto(seller, lot, today));
        report.lots += 1;
      }
    }
    result.push(listing);
  }
  return result;
}

/** A certificate number of the shape each kind's issuer prints (made up, fixed per listing and kind). */
const certificateNo = (listingId: string, kind: Certification): string =>
  `${{ geographical_indication: 'AGI', green_food: 'LB-18', organic: 'OF-2026', consumption_assistance: 'XFBF' }[kind]}-` +
  listingId.replace(/-/g, '').slice(0, 10).toUpperCase();

/**
 * The listing's origin tags as a seller would get them: applied for with the certificate number and a photo of the
 * certificate, then verified by county staff. A tag already applied for or verified is left alone.
 */
async function seedTags(
  staff: Api,
  asOwner: () => Promise<Api>,
  listingId: string,
  kinds: Certification[],
  report: CatalogReport,
): Promise<void> {
  const held = await staff.get<TagResponseDto[]>(`/listings/${listingId}/tags`);
  for (const kind of kinds) {
    let tag = held.find(
      (candidate) => candidate.kind === kind && [TagStatus.Pending, TagStatus.Verified].includes(candidate.status),
    );
    if (!tag) {
      const owner = await asOwner();
      tag = await owner.post<TagResponseDto>(`/listings/${listingId}/tags`, {
        kind,
        certificateNo: certificateNo(listingId, kind),
        ...(kind === Certification.GreenFood || kind === Certification.Organic ? { expiresOn: '2029-06-30' } : {}),
      });
      tag = await owner.upload<TagResponseDto>(`/tags/${tag.id}/photo`, await certificatePhoto());
    }
    if (tag.status === TagStatus.Pending) {
      await staff.post(`/tags/${tag.id}/verify`);
      report.tags += 1;
    }
  }
}

let certificateImage: Promise<Buffer> | undefined;
/** A plain stand-in for the photo of a certificate (a pale page). */
const certificatePhoto = (): Promise<Buffer> =>
  (certificateImage ??= sharp({ create: { width: 800, height: 600, channels: 3, background: '#f4efe1' } })
    .jpeg({ quality: 70 })
    .toBuffer());

/**
 * The county's catalog through catalog's own API: waits until catalog knows every verified seller (it learns of
 * them from identity's `org.verified` events, like any other), sets up the county storefront as county staff, then
 * each seller's listings (written as that seller's owner), and finally features one listing of each producer and
 * opens the storefront.
 */
export async function seedCatalog(
  catalog: Api,
  identity: Api,
  staffToken: string,
  log: (message: string) => void,
): Promise<CatalogReport> {
  const report: CatalogReport = { listings: 0, published: 0, lots: 0, tags: 0, storefront: false };
  await waitUntil('catalog to learn of every verified seller (org.verified from identity)', async () => {
    const known = new Set(
      (await catalog.get<SellerResponseDto[]>('/sellers', { countyCode: DEMO_COUNTY.code })).map(
        (seller) => seller.orgId,
      ),
    );
    return VERIFIED_SELLER_ORG_IDS.every((orgId) => known.has(orgId));
  });

  const staff = catalog.as(staffToken);
  let storefront = await staff.find<StorefrontResponseDto>(`/storefronts/${STOREFRONT.countyCode}`);
  if (!storefront) {
    storefront = await staff.post<StorefrontResponseDto>('/storefronts', {
      countyCode: STOREFRONT.countyCode,
      name: STOREFRONT.name,
      introduction: STOREFRONT.introduction,
      featuredCategoryIds: STOREFRONT.featuredCategoryIds,
    });
    report.storefront = true;
  }

  const today = chinaDate(new Date());
  const firstListings = new Map<string, ListingResponseDto | undefined>();
  // A few sellers at a time, each as its own owner: more would only queue for the same database and CPUs.
  await inPool(SELLERS, 4, async (seller) => {
    let owner: Promise<Api> | undefined;
    const asOwner = (): Promise<Api> =>
      (owner ??= login(identity, ownerOf(seller.key).phone).then((token) => catalog.as(token)));
    firstListings.set(seller.key, (await seedSeller(staff, asOwner, seller, report, today))[0]);
  });
  const featured = PRODUCE_SELLERS.map((seller) => firstListings.get(seller.key))
    .filter((listing) => listing?.status === ListingStatus.Published)
    .map((listing) => listing!.id);

  if (storefront.status === StorefrontStatus.Draft) {
    if (storefront.featuredListingIds.length === 0) {
      await staff.patch(`/storefronts/${STOREFRONT.countyCode}`, { featuredListingIds: featured.slice(0, 24) });
    }
    await staff.post(`/storefronts/${STOREFRONT.countyCode}/open`);
    report.storefront = true;
  }
  log(
    `catalog: ${report.listings} new listings, ${report.published} published, ${report.lots} new lots` +
      `${report.storefront ? ', storefront set up' : ''}`,
  );
  return report;
}
