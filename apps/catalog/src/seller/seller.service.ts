import { Principal } from '@countyflow/auth';
import { EventName, EventOf, MembershipRole, SELLER_KINDS, VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { ListingEvents } from '../listing/listing.events';
import { SearchRepository } from '../search/search.repository';
import { mapSeller, SellerResponseDto } from './seller.dto';
import { SellerRepository } from './seller.repository';

@Injectable()
export class SellerService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly sellers: SellerRepository,
    private readonly listingEvents: ListingEvents,
    private readonly search: SearchRepository,
  ) {}

  @OnEvent(EventName.OrgVerified)
  async handleOrgVerified(data: EventOf<EventName.OrgVerified>, context: EventContext): Promise<void> {
    await this.apply(data, VerificationStatus.Verified, context);
  }

  @OnEvent(EventName.OrgSuspended)
  async handleOrgSuspended(data: EventOf<EventName.OrgSuspended>, context: EventContext): Promise<void> {
    await this.apply(data, VerificationStatus.Suspended, context);
  }

  @OnEvent(EventName.ReviewPosted)
  async handleReviewPosted(data: EventOf<EventName.ReviewPosted>, context: EventContext): Promise<void> {
    await this.sellers.updateRating(
      context.manager,
      data.sellerOrgId,
      data.sellerRatingCount,
      data.sellerRatingAverage,
    );
    await this.search.refreshSellerRating(context.manager, data.sellerOrgId);
  }

  async get(orgId: string): Promise<SellerResponseDto> {
    const seller = await this.sellers.find(orgId, this.db.manager);
    if (!seller) {
      throw new Problem(404, 'seller-not-found', `no seller ${orgId} is known to the catalog (not yet verified?)`);
    }
    return mapSeller(seller);
  }

  /** The owners of a selling organisation publish its hotline (or withdraw it with null). */
  async setHotline(principal: Principal, orgId: string, hotline: string | null): Promise<SellerResponseDto> {
    if (!principal.isMemberOf(orgId, [MembershipRole.Owner])) {
      throw new Problem(403, 'not-a-member', `only owners of organisation ${orgId} publish its hotline`);
    }
    const seller = await this.sellers.setHotline(this.db.manager, orgId, hotline);
    if (!seller) {
      throw new Problem(404, 'seller-not-found', `no seller ${orgId} is known to the catalog (not yet verified?)`);
    }
    return mapSeller(seller);
  }

  async listVerified(countyCode: string): Promise<SellerResponseDto[]> {
    return (await this.sellers.listVerifiedByCounty(countyCode)).map(mapSeller);
  }

  /**
   * Records the decision and, in the same transaction, takes the seller's listings out of (or back into) every
   * public view and republishes their snapshots so that orders sees `purchasable` flip.
   */
  private async apply(
    data: EventOf<EventName.OrgVerified>,
    status: VerificationStatus,
    context: EventContext,
  ): Promise<void> {
    if (!SELLER_KINDS.includes(data.kind)) {
      return; // service points are verified too, but they do not sell
    }
    const applied = await this.sellers.upsertIfNewer(context.manager, {
      orgId: data.orgId,
      kind: data.kind,
      name: data.name,
      countyCode: data.countyCode,
      villageCode: data.villageCode,
      creditCode: data.creditCode,
      status,
      statusReason: data.reason,
      statusChangedAt: new Date(context.event.occurredAt),
    });
    if (applied) {
      await this.listingEvents.sellerChanged(context.manager, data.orgId);
    }
  }
}
