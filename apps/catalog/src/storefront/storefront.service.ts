import { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { mapCategory } from '../category/category.dto';
import { CategoryService } from '../category/category.service';
import { SearchSort } from '../search/search-query';
import { mapListingSummary } from '../search/search.dto';
import { SearchRepository } from '../search/search.repository';
import { mapSeller } from '../seller/seller.dto';
import { SellerRepository } from '../seller/seller.repository';
import {
  mapStorefront,
  StorefrontCreateDto,
  StorefrontResponseDto,
  StorefrontUpdateDto,
  StorefrontViewResponseDto,
} from './storefront.dto';
import { Storefront, StorefrontStatus } from './storefront.entity';
import { StorefrontRepository } from './storefront.repository';

/** Legal status changes of a storefront: from → to. */
const TRANSITIONS: Record<'open' | 'close', { from: StorefrontStatus[]; to: StorefrontStatus }> = {
  open: { from: [StorefrontStatus.Draft, StorefrontStatus.Closed], to: StorefrontStatus.Open },
  close: { from: [StorefrontStatus.Open], to: StorefrontStatus.Closed },
};

@Injectable()
export class StorefrontService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly storefronts: StorefrontRepository,
    private readonly categories: CategoryService,
    private readonly sellers: SellerRepository,
    private readonly search: SearchRepository,
  ) {}

  /** County staff set up their county's storefront; it starts as a draft only they can see. */
  async create(principal: Principal, dto: StorefrontCreateDto): Promise<StorefrontResponseDto> {
    principal.assertCountyStaffOf(dto.countyCode);
    await this.checkFeatured(dto.countyCode, dto);
    const created = await this.storefronts.insert({
      countyCode: dto.countyCode,
      name: dto.name.trim(),
      introduction: dto.introduction?.trim() ?? '',
      bannerUrl: dto.bannerUrl ?? null,
      logoUrl: dto.logoUrl ?? null,
      featuredCategoryIds: dto.featuredCategoryIds ?? [],
      featuredListingIds: dto.featuredListingIds ?? [],
      status: StorefrontStatus.Draft,
      createdBy: principal.userId,
      updatedBy: principal.userId,
    });
    if (!created) {
      throw new Problem(
        409,
        'storefront-exists',
        `county ${dto.countyCode} already has a storefront; change it with PATCH`,
      );
    }
    return mapStorefront((await this.storefronts.find(dto.countyCode))!);
  }

  async update(principal: Principal, countyCode: string, dto: StorefrontUpdateDto): Promise<StorefrontResponseDto> {
    principal.assertCountyStaffOf(countyCode);
    await this.checkFeatured(countyCode, dto);
    await this.db.withTransaction(async (manager) => {
      await this.requireForUpdate(manager, countyCode);
      const patch: Partial<Storefront> = { updatedBy: principal.userId };
      if (dto.name != null) {
        patch.name = dto.name.trim();
      }
      if (dto.introduction != null) {
        patch.introduction = dto.introduction.trim();
      }
      if (dto.bannerUrl !== undefined) {
        patch.bannerUrl = dto.bannerUrl;
      }
      if (dto.logoUrl !== undefined) {
        patch.logoUrl = dto.logoUrl;
      }
      if (dto.featuredCategoryIds != null) {
        patch.featuredCategoryIds = dto.featuredCategoryIds;
      }
      if (dto.featuredListingIds != null) {
        patch.featuredListingIds = dto.featuredListingIds;
      }
      await this.storefronts.update(manager, countyCode, patch);
    });
    return mapStorefront((await this.storefronts.find(countyCode))!);
  }

  async transition(principal: Principal, countyCode: string, action: 'open' | 'close'): Promise<StorefrontResponseDto> {
    principal.assertCountyStaffOf(countyCode);
    await this.db.withTransaction(async (manager) => {
      const storefront = await this.requireForUpdate(manager, countyCode);
      const { from, to } = TRANSITIONS[action];
      if (!from.includes(storefront.status)) {
        throw new Problem(
          409,
          'illegal-transition',
          `the storefront is ${storefront.status}; it cannot be ${action === 'open' ? 'opened' : 'closed'}`,
        );
      }
      await this.storefronts.update(manager, countyCode, { status: to, updatedBy: principal.userId });
    });
    return mapStorefront((await this.storefronts.find(countyCode))!);
  }

  async listOpen(): Promise<StorefrontResponseDto[]> {
    return (await this.storefronts.listOpen()).map(mapStorefront);
  }

  /** The public storefront (county staff also see it while it is a draft or closed). */
  async view(principal: Principal | undefined, countyCode: string): Promise<StorefrontViewResponseDto> {
    const storefront = await this.storefronts.find(countyCode);
    if (!storefront || (storefront.status !== StorefrontStatus.Open && !principal?.isCountyStaffOf(countyCode))) {
      throw new Problem(404, 'storefront-not-found', `county ${countyCode} has no open storefront`);
    }
    const [sellers, featuredCategories, featuredListings, newest] = await Promise.all([
      this.sellers.listVerifiedByCounty(countyCode),
      this.categories.findMany(storefront.featuredCategoryIds),
      this.search.summaries(storefront.featuredListingIds),
      this.search.search({ match: [], countyCode, sort: SearchSort.Newest, limit: 20, facets: false }),
    ]);
    return {
      ...mapStorefront(storefront),
      sellers: sellers.map(mapSeller),
      featuredCategories: featuredCategories.map(mapCategory),
      featuredListings: featuredListings.map(mapListingSummary),
      newestListings: newest.rows.slice(0, 20).map(mapListingSummary),
    };
  }

  private async requireForUpdate(
    manager: Parameters<StorefrontRepository['findForUpdate']>[0],
    countyCode: string,
  ): Promise<Storefront> {
    const storefront = await this.storefronts.findForUpdate(manager, countyCode);
    if (!storefront) {
      throw new Problem(404, 'storefront-not-found', `county ${countyCode} has no storefront; create it first`);
    }
    return storefront;
  }

  private async checkFeatured(countyCode: string, dto: StorefrontUpdateDto): Promise<void> {
    if (dto.featuredCategoryIds?.length) {
      await this.categories.requireAll(dto.featuredCategoryIds);
    }
    if (dto.featuredListingIds?.length) {
      const found = await this.storefronts.listingCounties(dto.featuredListingIds);
      const foreign = dto.featuredListingIds.filter(
        (id) => !found.some((listing) => listing.id === id && listing.countyCode === countyCode),
      );
      if (foreign.length > 0) {
        throw new Problem(400, 'listing-not-in-county', `not listings of county ${countyCode}: ${foreign.join(', ')}`);
      }
    }
  }
}
