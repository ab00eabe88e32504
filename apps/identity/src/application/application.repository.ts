import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Organisation } from '../organisation/organisation.entities';
import { ApplicationStatus, SellerApplication } from './application.entity';

export interface ApplicationView {
  application: SellerApplication;
  organisation: Organisation;
}

@Injectable()
export class ApplicationRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** The organisation's application with its row locked (take the organisation's row first: the lock order). */
  findForUpdate(manager: EntityManager, orgId: string): Promise<SellerApplication | null> {
    return manager.getRepository(SellerApplication).findOne({ where: { orgId }, lock: { mode: 'pessimistic_write' } });
  }

  find(orgId: string): Promise<SellerApplication | null> {
    return this.db.manager.getRepository(SellerApplication).findOneBy({ orgId });
  }

  save(manager: EntityManager, application: Partial<SellerApplication>): Promise<SellerApplication> {
    return manager.getRepository(SellerApplication).save(application);
  }

  /** A county's applications in one state, oldest submission first (the queue's order). */
  async queue(countyCode: string, status: ApplicationStatus, limit: number): Promise<ApplicationView[]> {
    const rows = await this.db.manager
      .getRepository(SellerApplication)
      .createQueryBuilder('a')
      .innerJoinAndMapOne('a.organisation', Organisation, 'o', 'o.id = a.orgId')
      .where('o.countyCode = :countyCode AND a.status = :status', { countyCode, status })
      .orderBy('a.submittedAt', 'ASC', 'NULLS LAST')
      .addOrderBy('a.createdAt', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((row) => {
      const { organisation, ...application } = row as SellerApplication & { organisation: Organisation };
      return { application, organisation };
    });
  }
}
