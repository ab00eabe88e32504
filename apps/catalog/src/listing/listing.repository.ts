import { VerificationStatus } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Seller } from '../seller/seller.entity';
import { Listing, ListingStatus, Sku } from './listing.entity';

export type ListingInsert = Omit<
  Listing,
  'id' | 'version' | 'publishedAt' | 'createdAt' | 'updatedAt' | 'statusReason'
>;
export type SkuInsert = Pick<Sku, 'listingId' | 'spec' | 'priceFen' | 'weightGrams' | 'volumeMl' | 'barcode'> & {
  initialStock: number;
};

export interface ListingWithSeller {
  listing: Listing;
  seller: Seller;
  skus: Sku[];
}

@Injectable()
export class ListingRepository {
  constructor(private readonly db: TransactionalConnection) {}

  insert(manager: EntityManager, listing: ListingInsert): Promise<Listing> {
    return manager.getRepository(Listing).save({ ...listing, version: 0, statusReason: null, publishedAt: null });
  }

  /** A new SKU with its starting stock counted as received. */
  insertSku(manager: EntityManager, sku: SkuInsert): Promise<Sku> {
    const { initialStock, ...fields } = sku;
    return manager.getRepository(Sku).save({
      ...fields,
      received: initialStock,
      available: initialStock,
      restocked: 0,
      reserved: 0,
      sold: 0,
    });
  }

  find(id: string, manager: EntityManager): Promise<Listing | null> {
    return manager.getRepository(Listing).findOneBy({ id });
  }

  /** Locks the listing for the rest of the transaction: edits, status changes and SKU changes take turns. */
  findForUpdate(manager: EntityManager, id: string): Promise<Listing | null> {
    return manager.getRepository(Listing).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(manager: EntityManager, id: string, patch: Partial<Listing>): Promise<void> {
    if (Object.keys(patch).length > 0) {
      await manager.getRepository(Listing).update({ id }, patch);
    }
  }

  async updateSku(manager: EntityManager, id: string, patch: Partial<Sku>): Promise<void> {
    if (Object.keys(patch).length > 0) {
      await manager.getRepository(Sku).update({ id }, patch);
    }
  }

  findSku(id: string, manager: EntityManager): Promise<Sku | null> {
    return manager.getRepository(Sku).findOneBy({ id });
  }

  async skusOf(listingIds: string[], manager: EntityManager): Promise<Sku[]> {
    if (listingIds.length === 0) {
      return [];
    }
    return manager
      .getRepository(Sku)
      .createQueryBuilder('sku')
      .where('sku.listing_id = ANY(:listingIds)', { listingIds })
      .orderBy('sku.created_at')
      .addOrderBy('sku.id')
      .getMany();
  }

  listBySeller(sellerOrgId: string, status?: ListingStatus): Promise<Listing[]> {
    return this.db.manager.getRepository(Listing).find({
      where: { sellerOrgId, ...(status && { status }) },
      order: { createdAt: 'DESC' },
      take: 500,
    });
  }

  /** The seller's listings whose public state depends on the seller (everything not removed). */
  async idsOfSeller(manager: EntityManager, sellerOrgId: string): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM listing WHERE seller_org_id = $1 AND status <> 'removed' ORDER BY id`,
      [sellerOrgId],
    );
    return rows.map((row) => row.id);
  }

  /** Bumps the version of each listing (in id order, so that two bumpers never wait on each other in a cycle). */
  async bumpVersions(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(
      `UPDATE listing SET version = version + 1, updated_at = now()
        WHERE id IN (SELECT id FROM listing WHERE id = ANY($1) ORDER BY id FOR UPDATE)`,
      [ids],
    );
  }

  /** Listings with their seller and SKUs, read through `manager` (inside a transaction: after its writes). */
  async withSellers(ids: string[], manager: EntityManager): Promise<ListingWithSeller[]> {
    if (ids.length === 0) {
      return [];
    }
    const listings = await manager
      .getRepository(Listing)
      .createQueryBuilder('listing')
      .where('listing.id = ANY(:ids)', { ids })
      .getMany();
    const sellerIds = [...new Set(listings.map((listing) => listing.sellerOrgId))];
    const sellers = await manager
      .getRepository(Seller)
      .createQueryBuilder('seller')
      .where('seller.org_id = ANY(:sellerIds)', { sellerIds })
      .getMany();
    const skus = await this.skusOf(ids, manager);
    return listings.map((listing) => ({
      listing,
      seller: sellers.find((seller) => seller.orgId === listing.sellerOrgId)!,
      skus: skus.filter((sku) => sku.listingId === listing.id),
    }));
  }
}

export const isPurchasable = (listing: Pick<Listing, 'status'>, seller: Pick<Seller, 'status'>): boolean =>
  listing.status === ListingStatus.Published && seller.status === VerificationStatus.Verified;
