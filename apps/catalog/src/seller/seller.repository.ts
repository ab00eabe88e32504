import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Seller } from './seller.entity';

@Injectable()
export class SellerRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Applies a status decision unless a later one is already recorded (events may arrive out of order). */
  async upsertIfNewer(manager: EntityManager, seller: Seller): Promise<void> {
    await manager.query(
      `INSERT INTO seller (org_id, kind, name, county_code, credit_code, status, status_reason, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (org_id) DO UPDATE SET
         kind = EXCLUDED.kind, name = EXCLUDED.name, county_code = EXCLUDED.county_code,
         credit_code = EXCLUDED.credit_code, status = EXCLUDED.status, status_reason = EXCLUDED.status_reason,
         status_changed_at = EXCLUDED.status_changed_at
       WHERE seller.status_changed_at <= EXCLUDED.status_changed_at`,
      [
        seller.orgId,
        seller.kind,
        seller.name,
        seller.countyCode,
        seller.creditCode,
        seller.status,
        seller.statusReason,
        seller.statusChangedAt,
      ],
    );
  }

  find(orgId: string): Promise<Seller | null> {
    return this.dataSource.getRepository(Seller).findOneBy({ orgId });
  }

  listByCounty(countyCode: string): Promise<Seller[]> {
    return this.dataSource.getRepository(Seller).find({ where: { countyCode }, order: { name: 'ASC' } });
  }
}
