import { EventName, EventOf } from '@countyflow/contracts';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { OrgCopyStatus } from './org-copy.entity';
import { OrgCopyRepository } from './org-copy.repository';

/** Keeps the service points orders can be delivered to, and the standing and names of sellers. */
@Injectable()
export class OrgCopyHandlers {
  constructor(private readonly orgs: OrgCopyRepository) {}

  @OnEvent(EventName.OrgVerified)
  async handleOrgVerified(data: EventOf<EventName.OrgVerified>, context: EventContext): Promise<void> {
    await this.apply(data, OrgCopyStatus.Verified, context);
  }

  @OnEvent(EventName.OrgSuspended)
  async handleOrgSuspended(data: EventOf<EventName.OrgSuspended>, context: EventContext): Promise<void> {
    await this.apply(data, OrgCopyStatus.Suspended, context);
  }

  private async apply(
    data: EventOf<EventName.OrgVerified>,
    status: OrgCopyStatus,
    context: EventContext,
  ): Promise<void> {
    await this.orgs.upsertIfNewer(context.manager, {
      orgId: data.orgId,
      kind: data.kind,
      name: data.name,
      countyCode: data.countyCode,
      villageCode: data.villageCode,
      status,
      statusChangedAt: new Date(context.event.occurredAt),
    });
  }
}
