import { Principal } from '@countyflow/auth';
import { EventName, FlowDirection } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { MediaService, MediaVisibility } from '@countyflow/media';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  assertCanManageListing,
  canManageListing,
  canOverseeListing,
  listingNotFound,
} from '../listing/listing-access';
import { ListingStatus } from '../listing/listing.entity';
import { isPurchasable, ListingRepository } from '../listing/listing.repository';
import { SearchRepository } from '../search/search.repository';
import { SellerRepository } from '../seller/seller.repository';
import { StorefrontRepository } from '../storefront/storefront.repository';
import {
  LotCreateDto,
  LotResponseDto,
  mapLot,
  mapPublicLot,
  mapTestResult,
  PublicLotResponseDto,
  TraceResponseDto,
} from './lot.dto';
import { LotScan, MAX_LOT_PHOTOS, ProduceLot } from './lot.entity';
import { LotRepository } from './lot.repository';
import { certificateNumber, newTraceCode, normalizeTraceCode } from './trace-code';

/** How many lots the listing page shows: the ones most likely to be in the boxes on sale now. */
export const PUBLIC_LOT_LIMIT = 5;

/** Today's date in China, where certificates are issued. */
export const chinaToday = (): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

@Injectable()
export class LotService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly lots: LotRepository,
    private readonly listings: ListingRepository,
    private readonly sellers: SellerRepository,
    private readonly storefronts: StorefrontRepository,
    private readonly search: SearchRepository,
    private readonly events: EventPublisher,
    private readonly media: MediaService,
  ) {}

  /** Records a harvested lot and issues its compliance certificate number and trace code. */
  async create(principal: Principal, listingId: string, dto: LotCreateDto): Promise<LotResponseDto> {
    const listing = await this.listings.find(listingId, this.db.manager);
    if (!listing) {
      throw listingNotFound(listingId);
    }
    assertCanManageListing(principal, listing, await this.search.isPublic(this.db.manager, listingId));
    if (listing.status === ListingStatus.Removed) {
      throw new Problem(409, 'listing-removed', `listing ${listingId} was removed; record lots on a current listing`);
    }
    if (listing.direction !== FlowDirection.Up) {
      throw new Problem(
        400,
        'lot-needs-produce',
        'produce lots and certificates are for produce (categories going up)',
      );
    }
    const seller = (await this.sellers.find(listing.sellerOrgId, this.db.manager))!;
    const harvestTo = dto.harvestTo ?? dto.harvestFrom;
    const issueDate = dto.issueDate ?? chinaToday();
    if (harvestTo < dto.harvestFrom) {
      throw new Problem(
        400,
        'harvest-range-invalid',
        `harvestTo ${harvestTo} is before harvestFrom ${dto.harvestFrom}`,
      );
    }
    if (issueDate > chinaToday()) {
      throw new Problem(400, 'issue-date-in-future', `issueDate ${issueDate} is in the future`);
    }
    if (harvestTo > issueDate) {
      throw new Problem(
        400,
        'harvest-after-issue',
        `the harvest (${harvestTo}) cannot end after the certificate is issued (${issueDate})`,
      );
    }
    const missing = Object.entries(dto.pledge)
      .filter(([, given]) => given !== true)
      .map(([item]) => item);
    if (missing.length > 0) {
      throw new Problem(
        400,
        'pledge-incomplete',
        `a certificate needs the producer's whole pledge; not given: ${missing.join(', ')}`,
        { missing },
      );
    }
    const originVillageCode = dto.originVillageCode ?? listing.originVillageCode ?? seller.villageCode;
    if (!originVillageCode) {
      throw new Problem(
        400,
        'origin-required',
        'give originVillageCode: neither the listing nor the seller names a village',
      );
    }
    if (!originVillageCode.startsWith(listing.countyCode)) {
      throw new Problem(
        400,
        'village-not-in-county',
        `originVillageCode ${originVillageCode} is not a village of county ${listing.countyCode}`,
      );
    }
    if (dto.bestBefore && dto.bestBefore < harvestTo) {
      throw new Problem(
        400,
        'best-before-before-harvest',
        `bestBefore ${dto.bestBefore} is before the harvest ended (${harvestTo})`,
      );
    }
    const certificateNo = certificateNumber(listing.countyCode, issueDate, await this.lots.nextCertificateSequence());
    const lot = await this.db.withTransaction(async (manager) => {
      const recorded = await this.lots.insert(manager, {
        listingId,
        sellerOrgId: listing.sellerOrgId,
        certificateNo,
        traceCode: newTraceCode(),
        productName: listing.title,
        harvestFrom: dto.harvestFrom,
        harvestTo,
        quantity: dto.quantity,
        unit: dto.unit,
        grade: dto.grade?.trim() ?? null,
        originVillageCode,
        producerName: dto.producerName?.trim() ?? seller.name,
        contactPhone: dto.contactPhone,
        pledge: {
          noBannedSubstances: dto.pledge.noBannedSubstances,
          safetyIntervalsKept: dto.pledge.safetyIntervalsKept,
          residuesWithinLimits: dto.pledge.residuesWithinLimits,
        },
        testResults: (dto.testResults ?? []).map((result) => ({
          item: result.item,
          result: result.result,
          passed: result.passed,
          method: result.method ?? null,
          laboratory: result.laboratory ?? null,
          testedOn: result.testedOn ?? null,
        })),
        issueDate,
        bestBefore: dto.bestBefore ?? null,
        takenGrams: 0,
        photos: [],
        createdBy: principal.userId,
      });
      // logistics keeps a copy to check first-kilometre hand-ins against (lot.recorded, through the outbox)
      await this.events.publish(manager, EventName.LotRecorded, {
        lotId: recorded.id,
        traceCode: recorded.traceCode,
        sellerOrgId: recorded.sellerOrgId,
        listingId: recorded.listingId,
        quantity: recorded.quantity,
        unit: recorded.unit,
        bestBefore: recorded.bestBefore,
        recordedAt: recorded.createdAt.toISOString(),
      });
      return recorded;
    });
    return mapLot(lot);
  }

  /**
   * Adds a photo of the lot (taken with the seller's phone), public like the listing's gallery. Who may, and whether
   * there is room, are checked before the upload is read and again with the lot's row locked, so a burst stops at
   * `MAX_LOT_PHOTOS` (a photo refused there is removed again). The photo is processed outside any transaction.
   */
  async addPhoto(principal: Principal, lotId: string, upload: () => Promise<Buffer>): Promise<LotResponseDto> {
    await this.db.withTransaction(async (manager) =>
      assertRoomForPhoto(await this.lockForChange(manager, principal, lotId)),
    );
    const lot = await this.media.storeAndSave(await upload(), MediaVisibility.Public, (photo) =>
      this.db.withTransaction(async (manager) => {
        const locked = await this.lockForChange(manager, principal, lotId);
        assertRoomForPhoto(locked);
        locked.photos = [...locked.photos, this.media.publicUrl(photo.id)];
        await manager.update(ProduceLot, lotId, { photos: locked.photos });
        return locked;
      }),
    );
    return mapLot(lot);
  }

  private async lockForChange(manager: EntityManager, principal: Principal, lotId: string): Promise<ProduceLot> {
    const lot = await this.lots.findForUpdate(manager, lotId);
    const listing = lot ? await this.listings.find(lot.listingId, manager) : null;
    if (!lot || !listing) {
      throw new Problem(404, 'lot-not-found', `there is no produce lot ${lotId}`);
    }
    assertCanManageListing(principal, listing, await this.search.isPublic(manager, listing.id));
    return lot;
  }

  async list(principal: Principal, listingId: string): Promise<LotResponseDto[]> {
    const listing = await this.listings.find(listingId, this.db.manager);
    if (!listing) {
      throw listingNotFound(listingId);
    }
    if (!canManageListing(principal, listing) && !canOverseeListing(principal, listing)) {
      assertCanManageListing(principal, listing, await this.search.isPublic(this.db.manager, listingId));
    }
    return (await this.lots.listByListing(listingId)).map(mapLot);
  }

  /**
   * The most recent lots of a listing as the buyer may see them (the certificate without its trace code), to whoever
   * may see the listing: anyone while it is published by a verified seller, else its seller's members and county
   * staff, and 404 to everyone else, as `GET /listings/{id}`. Goods (going down) have no lots: an empty list.
   */
  async listPublic(principal: Principal | undefined, listingId: string): Promise<PublicLotResponseDto[]> {
    const listing = await this.listings.find(listingId, this.db.manager);
    const seller = listing ? await this.sellers.find(listing.sellerOrgId, this.db.manager) : null;
    if (!listing || !seller) {
      throw listingNotFound(listingId);
    }
    const visible =
      isPurchasable(listing, seller) || canManageListing(principal, listing) || canOverseeListing(principal, listing);
    if (!visible) {
      throw listingNotFound(listingId);
    }
    if (listing.direction !== FlowDirection.Up) {
      return [];
    }
    return (await this.lots.recentByListing(listingId, PUBLIC_LOT_LIMIT)).map(mapPublicLot);
  }

  /**
   * The public trace page behind the code on a package. It stays readable after the seller is suspended: a buyer
   * holding the produce needs its origin most when something went wrong.
   */
  async trace(code: string): Promise<TraceResponseDto> {
    const traceCode = normalizeTraceCode(code);
    const lot = traceCode ? await this.lots.findByTraceCode(traceCode) : null;
    if (!lot) {
      throw new Problem(404, 'trace-code-not-found', `no produce lot has the trace code ${code}`);
    }
    const [{ listing, seller }] = await this.listings.withSellers([lot.listingId], this.db.manager);
    const storefront = await this.storefronts.find(listing.countyCode);
    return {
      traceCode: lot.traceCode,
      certificateNo: lot.certificateNo,
      productName: lot.productName,
      harvestFrom: lot.harvestFrom,
      harvestTo: lot.harvestTo,
      quantity: lot.quantity,
      unit: lot.unit,
      grade: lot.grade,
      originVillageCode: lot.originVillageCode,
      issueDate: lot.issueDate,
      producerName: lot.producerName,
      pledge: lot.pledge,
      testResults: lot.testResults.map(mapTestResult),
      photos: lot.photos,
      producer: {
        orgId: seller.orgId,
        name: seller.name,
        countyCode: seller.countyCode,
        villageCode: seller.villageCode,
        status: seller.status,
        hotline: seller.hotline,
      },
      listing: {
        id: listing.id,
        title: listing.title,
        direction: listing.direction,
        certifications: listing.certifications,
        purchasable: isPurchasable(listing, seller),
      },
      county: { code: listing.countyCode, storefrontName: storefront?.name ?? null },
      journeys: groupJourneys(await this.lots.scansOf(lot.id)),
    };
  }
}

function assertRoomForPhoto(lot: ProduceLot): void {
  if (lot.photos.length >= MAX_LOT_PHOTOS) {
    throw new Problem(
      409,
      'lot-photos-full',
      `lot ${lot.id} has ${lot.photos.length} photos; at most ${MAX_LOT_PHOTOS}`,
      { limit: MAX_LOT_PHOTOS },
    );
  }
}

function groupJourneys(scans: LotScan[]): TraceResponseDto['journeys'] {
  const journeys = new Map<string, TraceResponseDto['journeys'][number]>();
  for (const scan of scans) {
    const journey = journeys.get(scan.shipmentId) ?? { shipmentId: scan.shipmentId, scans: [] };
    journey.scans.push({
      at: scan.at.toISOString(),
      nodeCode: scan.nodeCode,
      nodeName: scan.nodeName,
      kind: scan.kind,
      temperatureC: scan.temperatureC,
    });
    journeys.set(scan.shipmentId, journey);
  }
  return [...journeys.values()];
}
