import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ListingRepository } from '../listing/listing.repository';
import {
  CampaignCreateDto,
  CampaignResponseDto,
  CampaignUpdateDto,
  claimState,
  ClaimState,
  CouponClaimResponseDto,
  CouponCreateDto,
  CouponResponseDto,
  CouponUpdateDto,
  mapCampaign,
  mapCoupon,
} from './coupon.dto';
import { Campaign, Coupon, OrderDiscount } from './coupon.entities';
import { CouponChanges, CouponRepository, termsOf } from './coupon.repository';
import { AppliedCoupon, applyCoupons, CouponFunder, CouponRefused, CouponScope, PricedLine } from './coupon.rules';

const SELLER_ROLES = [MembershipRole.Owner, MembershipRole.Staff];
const COUPON_TERMS = ['thresholdFen', 'amountFen', 'validFrom', 'validUntil', 'perBuyerLimit'] as const;

function assertPlatformAdmin(principal: Principal): void {
  if (!principal.isPlatformAdmin()) {
    throw new Problem(403, 'not-platform-admin', 'platform coupons are run by platform admins');
  }
}

/** Who runs a coupon decides its scope and who pays for it. */
type Runner =
  | { kind: 'seller'; sellerOrgId: string }
  | { kind: 'county'; countyCode: string }
  | { kind: 'platform'; countyCode: string | null };

/**
 * Campaigns and coupons (docs/orders.md "Coupons and campaigns"): county staff run campaigns and county coupons,
 * sellers their shop's coupons, platform admins platform-funded ones; buyers claim them and checkout spends them
 * through `priceBasket` and `spend`, its pricing step.
 */
@Injectable()
export class CouponService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly coupons: CouponRepository,
    private readonly listings: ListingRepository,
  ) {}

  async createCampaign(principal: Principal, countyCode: string, dto: CampaignCreateDto): Promise<CampaignResponseDto> {
    principal.assertCountyStaffOrAdmin(countyCode);
    if (dto.endsAt <= dto.startsAt) {
      throw new Problem(400, 'campaign-dates', 'a campaign ends after it starts');
    }
    const listingIds = [...new Set(dto.listingIds)];
    const found = await this.listings.findListings(listingIds);
    const foreign = listingIds.filter(
      (id) => !found.some((listing) => listing.listingId === id && listing.countyCode === countyCode),
    );
    if (foreign.length > 0) {
      throw new Problem(
        422,
        'campaign-listing-not-in-county',
        `listings not sold in county ${countyCode}: ${foreign.join(', ')}`,
        {
          listingIds: foreign,
        },
      );
    }
    return mapCampaign(
      await this.coupons.insertCampaign({
        id: randomUUID(),
        countyCode,
        name: dto.name.trim(),
        startsAt: dto.startsAt,
        endsAt: dto.endsAt,
        budgetFen: dto.budgetFen,
        listingIds,
        createdBy: principal.userId,
      }),
    );
  }

  async campaigns(principal: Principal, countyCode: string): Promise<CampaignResponseDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    return (await this.coupons.campaignsOf(countyCode)).map(mapCampaign);
  }

  /** County staff: a coupon the county funds for its sellers' goods (or a campaign's listings). */
  async createCountyCoupon(principal: Principal, countyCode: string, dto: CouponCreateDto): Promise<CouponResponseDto> {
    principal.assertCountyStaffOrAdmin(countyCode);
    return this.create(principal, { kind: 'county', countyCode }, dto);
  }

  /** A seller's own coupon for its shop, funded by the seller. */
  async createSellerCoupon(
    principal: Principal,
    sellerOrgId: string,
    dto: CouponCreateDto,
  ): Promise<CouponResponseDto> {
    principal.assertMemberOf(sellerOrgId, SELLER_ROLES);
    if (dto.campaignId) {
      throw new Problem(400, 'coupon-campaign-county-only', "a seller's coupon belongs to no campaign");
    }
    return this.create(principal, { kind: 'seller', sellerOrgId }, dto);
  }

  /** A platform admin: a platform-funded coupon for everything, or for one county's goods. */
  async createPlatformCoupon(
    principal: Principal,
    countyCode: string | null,
    dto: CouponCreateDto,
  ): Promise<CouponResponseDto> {
    assertPlatformAdmin(principal);
    return this.create(principal, { kind: 'platform', countyCode }, dto);
  }

  private async create(principal: Principal, runner: Runner, dto: CouponCreateDto): Promise<CouponResponseDto> {
    if (dto.amountFen >= dto.thresholdFen) {
      throw new Problem(400, 'coupon-amount-not-below-threshold', 'the amount off must be less than the threshold', {
        thresholdFen: dto.thresholdFen,
      });
    }
    if (dto.validUntil <= dto.validFrom) {
      throw new Problem(400, 'coupon-dates', 'a coupon is valid until after it is valid from');
    }
    let campaign: Campaign | null = null;
    if (dto.campaignId) {
      campaign = await this.coupons.findCampaign(dto.campaignId);
      if (!campaign || runner.kind === 'seller' || campaign.countyCode !== (runner.countyCode ?? campaign.countyCode)) {
        throw new Problem(404, 'campaign-not-found', `no campaign ${dto.campaignId} of this county`);
      }
      if (dto.validFrom < campaign.startsAt || dto.validUntil > campaign.endsAt) {
        throw new Problem(422, 'coupon-outside-campaign', "a campaign's coupon is valid within the campaign's dates", {
          startsAt: campaign.startsAt.toISOString(),
          endsAt: campaign.endsAt.toISOString(),
        });
      }
    }
    const countyCode = runner.kind === 'seller' ? null : (runner.countyCode ?? campaign?.countyCode ?? null);
    const coupon = await this.coupons.insertCoupon({
      id: randomUUID(),
      title: dto.title.trim(),
      scope: runner.kind === 'seller' ? CouponScope.Seller : countyCode ? CouponScope.County : CouponScope.Platform,
      funder: runner.kind as CouponFunder,
      countyCode,
      sellerOrgId: runner.kind === 'seller' ? runner.sellerOrgId : null,
      campaignId: campaign?.id ?? null,
      thresholdFen: dto.thresholdFen,
      amountFen: dto.amountFen,
      validFrom: dto.validFrom,
      validUntil: dto.validUntil,
      totalLimit: dto.totalLimit,
      perBuyerLimit: dto.perBuyerLimit,
      createdBy: principal.userId,
    });
    return mapCoupon(coupon, campaign);
  }

  async platformCoupons(principal: Principal): Promise<CouponResponseDto[]> {
    assertPlatformAdmin(principal);
    return (await this.coupons.couponsOf({ platform: true })).map((coupon) => mapCoupon(coupon));
  }

  /**
   * A coupon's runner changes it: the title and the total (never below what was claimed) at any time, the terms
   * (threshold, amount, dates, per-buyer limit) only while nobody has claimed one; nothing once it is stopped.
   */
  async updateCoupon(principal: Principal, couponId: string, dto: CouponUpdateDto): Promise<CouponResponseDto> {
    const changes: CouponChanges = Object.fromEntries(
      Object.entries({
        title: dto.title?.trim(),
        thresholdFen: dto.thresholdFen,
        amountFen: dto.amountFen,
        validFrom: dto.validFrom,
        validUntil: dto.validUntil,
        totalLimit: dto.totalLimit,
        perBuyerLimit: dto.perBuyerLimit,
      }).filter(([, value]) => value !== undefined),
    );
    const termsChange = COUPON_TERMS.some((key) => changes[key] !== undefined);
    await this.db.withTransaction(async (manager) => {
      const coupon = await this.runCoupon(manager, principal, couponId);
      const next = { ...coupon, ...changes };
      if (next.amountFen >= next.thresholdFen) {
        throw new Problem(400, 'coupon-amount-not-below-threshold', 'the amount off must be less than the threshold', {
          thresholdFen: next.thresholdFen,
        });
      }
      if (next.validUntil <= next.validFrom) {
        throw new Problem(400, 'coupon-dates', 'a coupon is valid until after it is valid from');
      }
      const campaign = coupon.campaignId ? await this.coupons.findCampaign(coupon.campaignId) : null;
      if (campaign && (next.validFrom < campaign.startsAt || next.validUntil > campaign.endsAt)) {
        throw new Problem(422, 'coupon-outside-campaign', "a campaign's coupon is valid within the campaign's dates", {
          startsAt: campaign.startsAt.toISOString(),
          endsAt: campaign.endsAt.toISOString(),
        });
      }
      if (termsChange && coupon.issuedCount > 0) {
        throw new Problem(409, 'coupon-terms-claimed', "buyers have claimed this coupon: its terms can't change", {
          issuedCount: coupon.issuedCount,
        });
      }
      if (next.totalLimit < coupon.issuedCount) {
        throw new Problem(409, 'coupon-limit-below-issued', 'more of this coupon were claimed already', {
          issuedCount: coupon.issuedCount,
        });
      }
      if (!(await this.coupons.updateCoupon(manager, couponId, changes, termsChange))) {
        throw new Problem(409, 'coupon-stopped', 'this coupon was stopped by whoever runs it');
      }
    });
    return this.couponView(couponId);
  }

  /** Stops a coupon: no claim from then on; the ones claimed before stay usable until they expire. */
  async stopCoupon(principal: Principal, couponId: string): Promise<CouponResponseDto> {
    await this.db.withTransaction(async (manager) => {
      await this.runCoupon(manager, principal, couponId);
      if (!(await this.coupons.stopCoupon(manager, couponId, principal.userId, new Date()))) {
        throw new Problem(409, 'coupon-stopped', 'this coupon was stopped by whoever runs it');
      }
    });
    return this.couponView(couponId);
  }

  /** A campaign's new name or budget (never below what it spent); nothing once it is stopped. */
  async updateCampaign(principal: Principal, campaignId: string, dto: CampaignUpdateDto): Promise<CampaignResponseDto> {
    return this.db.withTransaction(async (manager) => {
      const campaign = await this.runCampaign(manager, principal, campaignId);
      const changes = Object.fromEntries(
        Object.entries({ name: dto.name?.trim(), budgetFen: dto.budgetFen }).filter(([, value]) => value !== undefined),
      );
      if (dto.budgetFen !== undefined && dto.budgetFen < campaign.spentFen) {
        throw new Problem(409, 'campaign-budget-below-spent', 'its coupons have spent more than that already', {
          spentFen: campaign.spentFen,
        });
      }
      if (!(await this.coupons.updateCampaign(manager, campaignId, changes))) {
        throw new Problem(409, 'campaign-stopped', 'this campaign was stopped');
      }
      return mapCampaign((await this.coupons.lockCampaign(manager, campaignId))!);
    });
  }

  /** Stops a campaign: its coupons take no claim from then on; claimed ones stay usable within its budget. */
  async stopCampaign(principal: Principal, campaignId: string): Promise<CampaignResponseDto> {
    return this.db.withTransaction(async (manager) => {
      await this.runCampaign(manager, principal, campaignId);
      if (!(await this.coupons.stopCampaign(manager, campaignId, principal.userId, new Date()))) {
        throw new Problem(409, 'campaign-stopped', 'this campaign was stopped');
      }
      return mapCampaign((await this.coupons.lockCampaign(manager, campaignId))!);
    });
  }

  /** Locks the coupon and checks the caller runs it: its seller, its county's staff, or platform admins. */
  private async runCoupon(manager: EntityManager, principal: Principal, couponId: string): Promise<Coupon> {
    const coupon = await this.coupons.lockCoupon(manager, couponId);
    if (!coupon) {
      throw new Problem(404, 'coupon-not-found', `no coupon ${couponId}`);
    }
    if (coupon.funder === CouponFunder.Seller) {
      principal.assertMemberOf(coupon.sellerOrgId!, SELLER_ROLES);
    } else if (coupon.funder === CouponFunder.County) {
      principal.assertCountyStaffOrAdmin(coupon.countyCode!);
    } else {
      assertPlatformAdmin(principal);
    }
    return coupon;
  }

  private async runCampaign(manager: EntityManager, principal: Principal, campaignId: string): Promise<Campaign> {
    const campaign = await this.coupons.lockCampaign(manager, campaignId);
    if (!campaign) {
      throw new Problem(404, 'campaign-not-found', `no campaign ${campaignId}`);
    }
    principal.assertCountyStaffOrAdmin(campaign.countyCode);
    return campaign;
  }

  private async couponView(couponId: string): Promise<CouponResponseDto> {
    const coupon = (await this.coupons.findCoupon(couponId))!;
    return mapCoupon(coupon, coupon.campaignId ? await this.coupons.findCampaign(coupon.campaignId) : null);
  }

  async sellerCoupons(principal: Principal, sellerOrgId: string): Promise<CouponResponseDto[]> {
    principal.assertMemberOf(sellerOrgId, SELLER_ROLES);
    return (await this.coupons.couponsOf({ sellerOrgId })).map((coupon) => mapCoupon(coupon));
  }

  async countyCoupons(principal: Principal, countyCode: string): Promise<CouponResponseDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const campaigns = new Map((await this.coupons.campaignsOf(countyCode)).map((campaign) => [campaign.id, campaign]));
    return (await this.coupons.couponsOf({ countyCode })).map((coupon) =>
      mapCoupon(coupon, coupon.campaignId ? (campaigns.get(coupon.campaignId) ?? null) : null),
    );
  }

  /** Coupons a buyer can claim now for these listings (a listing page, a basket). */
  async claimable(listingIds: string[]): Promise<CouponResponseDto[]> {
    const listings = await this.listings.findListings([...new Set(listingIds)]);
    if (listings.length === 0) {
      return [];
    }
    const found = await this.coupons.claimable(
      {
        sellerOrgIds: [...new Set(listings.map((listing) => listing.sellerOrgId))],
        countyCodes: [...new Set(listings.map((listing) => listing.countyCode))],
        listingIds: listings.map((listing) => listing.listingId),
      },
      new Date(),
    );
    return found.map(({ coupon, campaign }) => mapCoupon(coupon, campaign));
  }

  /** 领券: within the total and the per-buyer limit, however many claim at once. */
  async claim(principal: Principal, couponId: string): Promise<CouponClaimResponseDto> {
    const now = new Date();
    const claim = await this.db.withTransaction(async (manager) => {
      const outcome = await this.coupons.claim(manager, couponId, principal.userId, now);
      if ('refused' in outcome) {
        switch (outcome.refused) {
          case 'unknown':
            throw new Problem(404, 'coupon-not-found', `no coupon ${couponId}`);
          case 'stopped':
            throw new Problem(409, 'coupon-stopped', 'this coupon was stopped by whoever runs it');
          case 'not-valid-now':
            throw new Problem(409, 'coupon-not-valid-now', 'this coupon cannot be claimed now', {
              validFrom: outcome.coupon!.validFrom.toISOString(),
              validUntil: outcome.coupon!.validUntil.toISOString(),
            });
          case 'sold-out':
            throw new Problem(409, 'coupon-sold-out', 'every one of these coupons has been claimed', {
              totalLimit: outcome.coupon!.totalLimit,
            });
          default:
            throw new Problem(409, 'coupon-claim-limit', 'you have claimed as many of these coupons as one buyer may', {
              perBuyerLimit: outcome.coupon!.perBuyerLimit,
            });
        }
      }
      return outcome.claimed;
    });
    const [view] = await this.coupons.claimsOf(principal.userId, [claim.id]);
    return this.mapClaim(view, now);
  }

  async myClaims(principal: Principal): Promise<CouponClaimResponseDto[]> {
    const now = new Date();
    return (await this.coupons.claimsOf(principal.userId)).map((view) => this.mapClaim(view, now));
  }

  private mapClaim(view: Awaited<ReturnType<CouponRepository['claimsOf']>>[number], now: Date): CouponClaimResponseDto {
    return {
      id: view.claim.id,
      state: claimState(view.claim.status, view.coupon, now),
      orderGroupId: view.claim.orderGroupId,
      claimedAt: view.claim.claimedAt,
      coupon: mapCoupon(view.coupon, view.campaign),
    };
  }

  /**
   * Checkout's pricing step: the buyer's claims, each available and valid now (a campaign's also within its dates),
   * priced over the basket (`applyCoupons`: stacking, thresholds, the split over lines). Problems are the buyer's.
   */
  async priceBasket(buyerId: string, claimIds: string[], lines: PricedLine[], now: Date): Promise<AppliedCoupon[]> {
    if (claimIds.length === 0) {
      return [];
    }
    const unique = [...new Set(claimIds)];
    const views = await this.coupons.claimsOf(buyerId, unique);
    const missing = unique.filter((id) => !views.some((view) => view.claim.id === id));
    if (missing.length > 0) {
      throw new Problem(404, 'coupon-claim-not-found', `no coupon of yours ${missing.join(', ')}`, {
        claimIds: missing,
      });
    }
    for (const view of views) {
      const state = claimState(view.claim.status, view.coupon, now);
      const campaignOver = view.campaign && (view.campaign.startsAt > now || view.campaign.endsAt <= now);
      if (state !== ClaimState.Available || view.coupon.validFrom > now || campaignOver) {
        throw new Problem(
          409,
          'coupon-not-usable',
          `coupon '${view.coupon.title}' is ${state === ClaimState.Available ? 'not valid now' : state}`,
          {
            claimId: view.claim.id,
            state: state === ClaimState.Available ? 'not_valid_now' : state,
          },
        );
      }
    }
    try {
      return applyCoupons(lines, views.map(termsOf));
    } catch (error) {
      if (error instanceof CouponRefused) {
        const { refusal } = error;
        throw refusal.code === 'coupon-stacking'
          ? new Problem(422, 'coupon-stacking', refusal.detail, refusal.params)
          : new Problem(422, 'coupon-threshold-not-met', refusal.detail, refusal.params);
      }
      throw error;
    }
  }

  /** Spends the priced claims on the placed orders, in checkout's transaction. */
  async spend(
    manager: EntityManager,
    groupId: string,
    applied: AppliedCoupon[],
    orderOfLine: (key: string) => string,
    now: Date,
  ): Promise<void> {
    if (applied.length === 0) {
      return;
    }
    const discounts: OrderDiscount[] = [];
    for (const { terms, shares } of applied) {
      const byOrder = new Map<string, number>();
      for (const [key, fen] of shares) {
        byOrder.set(orderOfLine(key), (byOrder.get(orderOfLine(key)) ?? 0) + fen);
      }
      for (const [orderId, amountFen] of byOrder) {
        if (amountFen > 0) {
          discounts.push({
            orderId,
            claimId: terms.claimId,
            couponId: terms.couponId,
            campaignId: terms.campaignId,
            funder: terms.funder,
            amountFen,
            released: false,
          });
        }
      }
    }
    const outcome = await this.coupons.spend(
      manager,
      groupId,
      applied.map((coupon) => coupon.terms.claimId),
      discounts,
      now,
    );
    if (outcome === 'claim-used') {
      throw new Problem(409, 'coupon-not-usable', 'a coupon picked was used by another checkout meanwhile', {
        state: 'used',
      });
    }
    if (outcome === 'budget-exhausted') {
      throw new Problem(409, 'campaign-budget-exhausted', "the campaign's budget is spent; pick another coupon");
    }
  }

  /**
   * Catalog reserved this order at other prices than checkout saw, now on its lines (docs/orders.md "Coupons and
   * campaigns"): each coupon it holds must still reach its 满 threshold at those prices (the group's other orders
   * count at their lines' prices). When one does not, the order's discounts are all dropped — released as on a
   * cancellation (a claim no other order holds goes back to the buyer, a campaign gets its spending back) — and the
   * caller charges the goods in full. Answers whether they were dropped; changes nothing otherwise.
   */
  async dropIfBelowThreshold(manager: EntityManager, orderId: string): Promise<boolean> {
    const { views, lines } = await this.coupons.heldBy(manager, orderId);
    if (views.length === 0) {
      return false;
    }
    try {
      applyCoupons(lines, views.map(termsOf));
      return false;
    } catch (error) {
      if (!(error instanceof CouponRefused) || error.refusal.code !== 'coupon-threshold-not-met') {
        throw error;
      }
    }
    await this.coupons.release(manager, orderId);
    return true;
  }

  /** An order was cancelled or rejected: its discounts go back (docs/orders.md). */
  release(manager: EntityManager, orderId: string): Promise<void> {
    return this.coupons.release(manager, orderId);
  }
}
