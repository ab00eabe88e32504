import { EventName, EventOf } from '@countyflow/contracts';
import { LOGGER } from '@countyflow/kernel';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ListingRepository } from './listing.repository';

/** Keeps orders' copy of what is on sale, so checkout can refuse an unknown or unavailable SKU at once. */
@Injectable()
export class ListingHandlers {
  constructor(
    private readonly listings: ListingRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnEvent(EventName.ListingChanged)
  async handleListingChanged(data: EventOf<EventName.ListingChanged>, context: EventContext): Promise<void> {
    const applied = await this.listings.applyIfNewer(context.manager, data);
    if (!applied) {
      this.logger.debug({ listingId: data.listingId, version: data.version }, 'older listing version ignored');
    }
  }
}
