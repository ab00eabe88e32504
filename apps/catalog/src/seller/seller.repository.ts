import { VerificationStatus } from '@countyflow/contracts';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Seller } from './seller.entity';

export type SellerDecision = Omit<Seller, 'ratingCount' | 'ratingAverage' | 'hotline'>;

@Injectable()
export class SellerRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Sets the published hotline; the seller after the change, or null when the catalog knows no such seller. */
  async setHotline(manager: EntityManager, orgId: string, hotline: string | null): Promise<Seller | null> {
    await manager.update(Seller, { orgId }, { hotline });
    return manager.findOneBy(Seller, { orgId });
  }

  /**
   * Applies a status decision unless a later one is already recorded (events may arrive out of order).
   * Returns whether it was applied.
   */
  async upsertIfNewer(manager: EntityManager, seller: SellerDecision): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO seller (org_id, kind, name, county_code, village_code, credit_code, status, status_reason,
                           status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (org_id) DO UPDATE SET
         kind = EXCLUDED.kind, name = EXCLUDED.name, county_code = EXCLUDED.county_code,
         village_code = EXCLUDED.village_code, credit_code = EXCLUDED.credit_code, status = EXCLUDED.status,
         status_reason = EXCLUDED.status_reason, status_changed_at = EXCLUDED.status_changed_at
       WHERE seller.status_changed_at <= EXCLUDED.status_changed_at
       RETURNING org_id`,
      [
        seller.orgId,
        seller.kind,
        seller.name,
        seller.countyCode,
        seller.villageCode,
        seller.creditCode,
        seller.status,
        seller.statusReason,
        seller.statusChangedAt,
      ],
    );
    return rows.length > 0;
  }

  /** Keeps the aggregate with the most reviews behind it, so a late, older review.posted changes nothing. */
  async updateRating(manager: EntityManager, orgId: string, count: number, average: number): Promise<void> {
    await manager.query(
      `UPDATE seller SET rating_count = $2, rating_average = $3 WHERE org_id = $1 AND rating_count < $2`,
      [orgId, count, average],
    );
  }

  find(orgId: string, manager: EntityManager): Promise<Seller | null> {
    return manager.getRepository(Seller).findOneBy({ orgId });
  }

  findMany(orgIds: string[]): Promise<Seller[]> {
    if (orgIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.db.manager
      .getRepository(Seller)
      .createQueryBuilder('seller')
      .where('seller.org_id = ANY(:orgIds)', { orgIds })
      .getMany();
  }

  listVerifiedByCounty(countyCode: string): Promise<Seller[]> {
    return this.db.manager
      .getRepository(Seller)
      .find({ where: { countyCode, status: VerificationStatus.Verified }, order: { name: 'ASC' } });
  }
}
