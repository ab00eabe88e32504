import { Principal } from '@countyflow/auth';
import { VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { MediaService, MediaVisibility } from '@countyflow/media';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CategoryService } from '../category/category.service';
import { SearchRepository } from '../search/search.repository';
import { Seller } from '../seller/seller.entity';
import { SellerRepository } from '../seller/seller.repository';
import { MovementKind } from '../stock/stock.entity';
import { StockRepository } from '../stock/stock.repository';
import {
  assertCanManageListing,
  canManageListing,
  canOverseeListing,
  listingNotFound,
  SELLER_ROLES,
} from './listing-access';
import {
  ListingCreateDto,
  ListingListDto,
  ListingResponseDto,
  ListingUpdateDto,
  mapListing,
  SkuCreateDto,
  SkuUpdateDto,
} from './listing.dto';
import { Listing, ListingStatus, MAX_LISTING_PHOTOS, Sku } from './listing.entity';
import { ListingPublisher } from './listing.publisher';
import { isPurchasable, ListingRepository } from './listing.repository';
import { ListingAction, nextListingStatus, resolveTemperature } from './listing.rules';

@Injectable()
export class ListingService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly listings: ListingRepository,
    private readonly sellers: SellerRepository,
    private readonly categories: CategoryService,
    private readonly stock: StockRepository,
    private readonly search: SearchRepository,
    private readonly events: ListingPublisher,
    private readonly media: MediaService,
  ) {}

  async create(principal: Principal, dto: ListingCreateDto): Promise<ListingResponseDto> {
    principal.assertMemberOf(dto.sellerOrgId, SELLER_ROLES);
    const seller = await this.sellers.find(dto.sellerOrgId, this.db.manager);
    if (!seller) {
      throw new Problem(
        409,
        'seller-not-verified',
        `organisation ${dto.sellerOrgId} is not yet a verified seller: county staff verify sellers before they list`,
      );
    }
    const category = await this.categories.require(dto.categoryId);
    assertVillageInCounty(dto.originVillageCode, seller.countyCode);
    const temperature = resolveTemperature(dto.temperature);
    const id = await this.db.withTransaction(async (manager) => {
      const listing = await this.listings.insert(manager, {
        sellerOrgId: seller.orgId,
        countyCode: seller.countyCode,
        categoryId: category.id,
        direction: category.direction,
        title: requireText(dto.title, 'title'),
        description: dto.description?.trim() ?? '',
        images: dto.images ?? [],
        originVillageCode: dto.originVillageCode ?? null,
        certifications: [],
        shelfLifeDays: dto.shelfLifeDays ?? null,
        temperatureClass: temperature.class,
        temperatureMinC: temperature.minC,
        temperatureMaxC: temperature.maxC,
        weightToleranceGrams: dto.weightToleranceGrams ?? null,
        status: ListingStatus.Draft,
        createdBy: principal.userId,
      });
      for (const sku of dto.skus ?? []) {
        await this.createSku(manager, principal, listing.id, sku);
      }
      await this.events.changed(manager, [listing.id]);
      return listing.id;
    });
    return this.view(id);
  }

  /** A listing: anyone may see a public one; the seller's members and the county's staff see it in any state. */
  async get(principal: Principal | undefined, id: string): Promise<ListingResponseDto> {
    const [found] = await this.listings.withSellers([id], this.db.manager);
    if (!found) {
      throw listingNotFound(id);
    }
    const purchasable = isPurchasable(found.listing, found.seller);
    if (!purchasable && !canManageListing(principal, found.listing) && !canOverseeListing(principal, found.listing)) {
      throw listingNotFound(id);
    }
    return mapListing({ ...found, purchasable });
  }

  /** Every listing of a seller, in any state (the seller's own view; county staff see it too). */
  async list(principal: Principal, query: ListingListDto): Promise<ListingResponseDto[]> {
    const seller = await this.sellers.find(query.sellerOrgId, this.db.manager);
    const allowed =
      principal.isMemberOf(query.sellerOrgId) || (seller !== null && canOverseeListing(principal, seller));
    if (!allowed) {
      throw new Problem(403, 'not-a-member', `you are not a member of organisation ${query.sellerOrgId}`);
    }
    const listings = await this.listings.listBySeller(query.sellerOrgId, query.status);
    const views = await this.listings.withSellers(
      listings.map((listing) => listing.id),
      this.db.manager,
    );
    return listings.map((listing) => {
      const view = views.find((candidate) => candidate.listing.id === listing.id)!;
      return mapListing({ ...view, purchasable: isPurchasable(view.listing, view.seller) });
    });
  }

  async update(principal: Principal, id: string, dto: ListingUpdateDto): Promise<ListingResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const listing = await this.lockForChange(manager, principal, id);
      const patch: Partial<Listing> = {};
      if (dto.categoryId != null) {
        const category = await this.categories.require(dto.categoryId);
        patch.categoryId = category.id;
        patch.direction = category.direction;
      }
      if (dto.title != null) {
        patch.title = requireText(dto.title, 'title');
      }
      if (dto.description != null) {
        patch.description = dto.description.trim();
      }
      if (dto.images != null) {
        patch.images = dto.images;
      }
      if (dto.originVillageCode !== undefined) {
        assertVillageInCounty(dto.originVillageCode, listing.countyCode);
        patch.originVillageCode = dto.originVillageCode;
      }
      if (dto.shelfLifeDays !== undefined) {
        patch.shelfLifeDays = dto.shelfLifeDays;
      }
      if (dto.temperature != null) {
        const temperature = resolveTemperature(dto.temperature);
        patch.temperatureClass = temperature.class;
        patch.temperatureMinC = temperature.minC;
        patch.temperatureMaxC = temperature.maxC;
      }
      if (dto.weightToleranceGrams !== undefined) {
        patch.weightToleranceGrams = dto.weightToleranceGrams;
      }
      await this.listings.update(manager, id, patch);
      await this.events.changed(manager, [id]);
    });
    return this.view(id);
  }

  /**
   * Adds an uploaded photo to the end of the listing's gallery. Who may, and the count, are checked before the upload
   * is read (a stranger or a full gallery costs no work) and the count again with the listing's row locked, so a
   * burst of uploads stops at nine; a photo refused there is removed again.
   */
  async addPhoto(principal: Principal, id: string, upload: () => Promise<Buffer>): Promise<ListingResponseDto> {
    await this.db.withTransaction(async (manager) =>
      assertRoomForPhoto(await this.lockForChange(manager, principal, id)),
    );
    await this.media.storeAndSave(await upload(), MediaVisibility.Public, (photo) =>
      this.db.withTransaction(async (manager) => {
        const listing = await this.lockForChange(manager, principal, id);
        assertRoomForPhoto(listing);
        await this.listings.update(manager, id, { images: [...listing.images, this.media.publicUrl(photo.id)] });
        await this.events.changed(manager, [id]);
      }),
    );
    return this.view(id);
  }

  /** A guarded status change; county staff take listings down, the seller's members do everything else. */
  async transition(
    principal: Principal,
    id: string,
    action: ListingAction,
    reason?: string,
  ): Promise<ListingResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const listing = await this.listings.findForUpdate(manager, id);
      if (!listing) {
        throw listingNotFound(id);
      }
      if (action === 'take-down') {
        this.assertCanTakeDown(principal, listing, await this.search.isPublic(manager, id));
      } else {
        assertCanManageListing(principal, listing, await this.search.isPublic(manager, id));
      }
      const status = nextListingStatus(listing.status, action);
      if (status === ListingStatus.Published) {
        await this.assertPublishable(manager, listing);
      }
      await this.listings.update(manager, id, {
        status,
        statusReason: status === ListingStatus.Removed ? (reason?.trim() ?? null) : null,
        publishedAt: listing.publishedAt ?? (status === ListingStatus.Published ? new Date() : null),
      });
      await this.events.changed(manager, [id]);
    });
    return this.view(id);
  }

  async addSku(principal: Principal, listingId: string, dto: SkuCreateDto): Promise<ListingResponseDto> {
    await this.db.withTransaction(async (manager) => {
      await this.lockForChange(manager, principal, listingId);
      await this.createSku(manager, principal, listingId, dto);
      await this.events.changed(manager, [listingId]);
    });
    return this.view(listingId);
  }

  async updateSku(principal: Principal, skuId: string, dto: SkuUpdateDto): Promise<ListingResponseDto> {
    const sku = await this.listings.findSku(skuId, this.db.manager);
    if (!sku) {
      throw new Problem(404, 'sku-not-found', `no SKU ${skuId}`);
    }
    await this.db.withTransaction(async (manager) => {
      await this.lockForChange(manager, principal, sku.listingId);
      const patch: Partial<Sku> = {};
      if (dto.spec != null) {
        patch.spec = requireText(dto.spec, 'spec', 1);
      }
      if (dto.priceFen != null) {
        patch.priceFen = dto.priceFen;
      }
      if (dto.weightGrams != null) {
        patch.weightGrams = dto.weightGrams;
      }
      if (dto.volumeMl != null) {
        patch.volumeMl = dto.volumeMl;
      }
      if (dto.barcode !== undefined) {
        patch.barcode = dto.barcode;
      }
      await this.listings.updateSku(manager, skuId, patch);
      await this.events.changed(manager, [sku.listingId]);
    });
    return this.view(sku.listingId);
  }

  private async createSku(
    manager: EntityManager,
    principal: Principal,
    listingId: string,
    dto: SkuCreateDto,
  ): Promise<void> {
    const sku = await this.listings.insertSku(manager, {
      listingId,
      spec: requireText(dto.spec, 'spec', 1),
      priceFen: dto.priceFen,
      weightGrams: dto.weightGrams,
      volumeMl: dto.volumeMl,
      barcode: dto.barcode ?? null,
      initialStock: 0,
    });
    if (dto.initialStock) {
      await this.stock.move(manager, MovementKind.Received, sku.id, dto.initialStock, {
        reason: 'initial stock',
        actorId: principal.userId,
      });
    }
  }

  /** Locks the listing for a change by one of its seller's members; a removed listing stays as it was. */
  private async lockForChange(manager: EntityManager, principal: Principal, id: string): Promise<Listing> {
    const listing = await this.listings.findForUpdate(manager, id);
    if (!listing) {
      throw listingNotFound(id);
    }
    assertCanManageListing(principal, listing, await this.search.isPublic(manager, id));
    if (listing.status === ListingStatus.Removed) {
      throw new Problem(409, 'listing-removed', `listing ${id} was removed; it can no longer be changed`);
    }
    return listing;
  }

  private assertCanTakeDown(principal: Principal, listing: Listing, isPublic: boolean): void {
    if (canOverseeListing(principal, listing)) {
      return;
    }
    if (!isPublic && !canManageListing(principal, listing)) {
      throw listingNotFound(listing.id);
    }
    throw new Problem(403, 'not-county-staff', `only county staff of county ${listing.countyCode} take listings down`);
  }

  private async assertPublishable(manager: EntityManager, listing: Listing): Promise<void> {
    const seller = (await this.sellers.find(listing.sellerOrgId, manager)) as Seller;
    if (seller.status !== VerificationStatus.Verified) {
      throw new Problem(
        409,
        'seller-not-verified',
        `${seller.name} is ${seller.status}${seller.statusReason ? ` (${seller.statusReason})` : ''}; ` +
          'only verified sellers can publish',
      );
    }
    if ((await this.listings.skusOf([listing.id], manager)).length === 0) {
      throw new Problem(409, 'listing-has-no-skus', 'add at least one SKU (spec, price, weight) before publishing');
    }
  }

  private async view(id: string): Promise<ListingResponseDto> {
    const [found] = await this.listings.withSellers([id], this.db.manager);
    return mapListing({ ...found, purchasable: isPurchasable(found.listing, found.seller) });
  }
}

function assertVillageInCounty(villageCode: string | null | undefined, countyCode: string): void {
  if (villageCode && !villageCode.startsWith(countyCode)) {
    throw new Problem(
      400,
      'village-not-in-county',
      `originVillageCode ${villageCode} is not a village of county ${countyCode} (village codes extend the county code)`,
    );
  }
}

function assertRoomForPhoto(listing: Listing): void {
  if (listing.images.length >= MAX_LISTING_PHOTOS) {
    throw new Problem(
      409,
      'listing-photos-full',
      `listing ${listing.id} has ${listing.images.length} photos; at most ${MAX_LISTING_PHOTOS}`,
      { limit: MAX_LISTING_PHOTOS },
    );
  }
}

function requireText(value: string, field: string, min = 2): string {
  const trimmed = value.trim();
  if ([...trimmed].length < min) {
    throw new Problem(400, 'validation-failed', `${field} must have at least ${min} characters besides spaces`);
  }
  return trimmed;
}
