import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { FreightTemplate } from './freight.entity';

@Injectable()
export class FreightRepository {
  constructor(private readonly db: TransactionalConnection) {}

  find(sellerOrgId: string): Promise<FreightTemplate | null> {
    return this.db.manager.getRepository(FreightTemplate).findOneBy({ sellerOrgId });
  }

  /** The templates of these sellers, by seller (sellers without one ship free). */
  async ofSellers(sellerOrgIds: string[]): Promise<Map<string, FreightTemplate>> {
    const templates = sellerOrgIds.length
      ? await this.db.manager.getRepository(FreightTemplate).findBy({ sellerOrgId: In(sellerOrgIds) })
      : [];
    return new Map(templates.map((template) => [template.sellerOrgId, template]));
  }

  async save(template: Omit<FreightTemplate, 'updatedAt'>): Promise<FreightTemplate> {
    const repository = this.db.manager.getRepository(FreightTemplate);
    await repository.upsert({ ...template, updatedAt: new Date() }, ['sellerOrgId']);
    return repository.findOneByOrFail({ sellerOrgId: template.sellerOrgId });
  }
}
