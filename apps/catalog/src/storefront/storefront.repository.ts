import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Listing } from '../listing/listing.entity';
import { Storefront, StorefrontStatus } from './storefront.entity';

@Injectable()
export class StorefrontRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Inserts the storefront; false when the county already has one. */
  async insert(storefront: Omit<Storefront, 'createdAt' | 'updatedAt'>): Promise<boolean> {
    const rows = await this.db.manager.query<unknown[]>(
      `INSERT INTO storefront (county_code, name, introduction, banner_url, logo_url, featured_category_ids,
                               featured_listing_ids, status, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (county_code) DO NOTHING RETURNING county_code`,
      [
        storefront.countyCode,
        storefront.name,
        storefront.introduction,
        storefront.bannerUrl,
        storefront.logoUrl,
        storefront.featuredCategoryIds,
        storefront.featuredListingIds,
        storefront.status,
        storefront.createdBy,
        storefront.updatedBy,
      ],
    );
    return rows.length > 0;
  }

  find(countyCode: string): Promise<Storefront | null> {
    return this.db.manager.getRepository(Storefront).findOneBy({ countyCode });
  }

  findForUpdate(manager: EntityManager, countyCode: string): Promise<Storefront | null> {
    return manager.getRepository(Storefront).findOne({ where: { countyCode }, lock: { mode: 'pessimistic_write' } });
  }

  async update(manager: EntityManager, countyCode: string, patch: Partial<Storefront>): Promise<void> {
    await manager.getRepository(Storefront).update({ countyCode }, patch);
  }

  listOpen(): Promise<Storefront[]> {
    return this.db.manager
      .getRepository(Storefront)
      .find({ where: { status: StorefrontStatus.Open }, order: { countyCode: 'ASC' } });
  }

  /** The county of each listing that exists (to check that featured listings belong to the county). */
  async listingCounties(listingIds: string[]): Promise<Pick<Listing, 'id' | 'countyCode'>[]> {
    if (listingIds.length === 0) {
      return [];
    }
    return this.db.manager
      .getRepository(Listing)
      .createQueryBuilder('listing')
      .select(['listing.id', 'listing.countyCode'])
      .where('listing.id = ANY(:listingIds)', { listingIds })
      .getMany();
  }
}
