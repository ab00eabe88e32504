import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrgCopy } from './org-copy.entity';

@Injectable()
export class OrgCopyRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async upsertIfNewer(manager: EntityManager, org: OrgCopy): Promise<void> {
    await manager.query(
      `INSERT INTO org_copy (org_id, kind, name, county_code, village_code, status, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (org_id) DO UPDATE SET
         kind = EXCLUDED.kind, name = EXCLUDED.name, county_code = EXCLUDED.county_code,
         village_code = EXCLUDED.village_code, status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at
       WHERE org_copy.status_changed_at <= EXCLUDED.status_changed_at`,
      [org.orgId, org.kind, org.name, org.countyCode, org.villageCode, org.status, org.statusChangedAt],
    );
  }

  find(orgId: string): Promise<OrgCopy | null> {
    return this.db.manager.getRepository(OrgCopy).findOneBy({ orgId });
  }
}
