import { EventName, EventOf, SELLER_KINDS, VerificationStatus } from '@countyflow/contracts';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { ListingPublisher } from '../listing/listing.publisher';
import { SearchRepository } from '../search/search.repository';
import { SellerRepository } from './seller.repository';

/** Catalog's copy of each seller: its standing from identity's decisions and its rating from orders' reviews. */
@Injectable()
export class SellerHandlers {
  constructor(
    private readonly sellers: SellerRepository,
    private readonly listingPublisher: ListingPublisher,
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
      await this.listingPublisher.sellerChanged(context.manager, data.orgId);
    }
  }
}
