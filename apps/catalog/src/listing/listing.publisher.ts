import { EventName, ListingChanged } from '@countyflow/contracts';
import { EventPublisher } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SearchRepository } from '../search/search.repository';
import { isPurchasable, ListingRepository, ListingWithSeller } from './listing.repository';

export const toListingChanged = ({ listing, seller, skus }: ListingWithSeller): ListingChanged => ({
  listingId: listing.id,
  version: listing.version,
  sellerOrgId: listing.sellerOrgId,
  sellerName: seller.name,
  countyCode: listing.countyCode,
  direction: listing.direction,
  title: listing.title,
  purchasable: isPurchasable(listing, seller),
  status: listing.status,
  temperature: { class: listing.temperatureClass, minC: listing.temperatureMinC, maxC: listing.temperatureMaxC },
  originVillageCode: listing.originVillageCode,
  weightToleranceGrams: listing.weightToleranceGrams,
  categoryId: listing.categoryId,
  skus: skus.map((sku) => ({
    skuId: sku.id,
    spec: sku.spec,
    priceFen: sku.priceFen,
    weightGrams: sku.weightGrams,
    volumeMl: sku.volumeMl,
    barcode: sku.barcode,
  })),
});

/**
 * What follows every change to a listing, inside the change's transaction: a new version, the search document
 * rebuilt (or dropped when the listing stops being public) and a listing.changed snapshot in the outbox.
 */
@Injectable()
export class ListingPublisher {
  constructor(
    private readonly listings: ListingRepository,
    private readonly search: SearchRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async changed(manager: EntityManager, listingIds: string[]): Promise<void> {
    if (listingIds.length === 0) {
      return;
    }
    await this.listings.bumpVersions(manager, listingIds);
    await this.search.refresh(manager, listingIds);
    for (const view of await this.listings.withSellers(listingIds, manager)) {
      await this.publisher.publish(manager, EventName.ListingChanged, toListingChanged(view));
    }
  }

  /** The seller was verified, suspended or renamed: every listing of theirs changes with it. */
  async sellerChanged(manager: EntityManager, sellerOrgId: string): Promise<void> {
    await this.changed(manager, await this.listings.idsOfSeller(manager, sellerOrgId));
  }
}
