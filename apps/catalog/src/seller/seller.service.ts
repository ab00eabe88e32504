import { EventName, EventOf, SELLER_KINDS, VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { mapSeller, SellerResponseDto } from './seller.dto';
import { SellerRepository } from './seller.repository';

@Injectable()
export class SellerService {
  constructor(private readonly sellers: SellerRepository) {}

  @OnEvent(EventName.OrgVerified)
  async handleOrgVerified(data: EventOf<EventName.OrgVerified>, context: EventContext): Promise<void> {
    await this.apply(data, VerificationStatus.Verified, context);
  }

  @OnEvent(EventName.OrgSuspended)
  async handleOrgSuspended(data: EventOf<EventName.OrgSuspended>, context: EventContext): Promise<void> {
    await this.apply(data, VerificationStatus.Suspended, context);
  }

  async get(orgId: string): Promise<SellerResponseDto> {
    const seller = await this.sellers.find(orgId);
    if (!seller) {
      throw new Problem(404, 'seller-not-found', `no seller ${orgId} is known to the catalog (not yet verified?)`);
    }
    return mapSeller(seller);
  }

  async listVerified(countyCode: string): Promise<SellerResponseDto[]> {
    const sellers = await this.sellers.listByCounty(countyCode);
    return sellers.filter((seller) => seller.status === VerificationStatus.Verified).map(mapSeller);
  }

  private async apply(
    data: EventOf<EventName.OrgVerified>,
    status: VerificationStatus,
    context: EventContext,
  ): Promise<void> {
    if (!SELLER_KINDS.includes(data.kind)) {
      return; // service points are verified too, but they do not sell
    }
    await this.sellers.upsertIfNewer(context.manager, {
      orgId: data.orgId,
      kind: data.kind,
      name: data.name,
      countyCode: data.countyCode,
      creditCode: data.creditCode,
      status,
      statusReason: data.reason,
      statusChangedAt: new Date(context.event.occurredAt),
    });
  }
}
