import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { Category } from './category.entity';

@Injectable()
export class CategoryRepository {
  constructor(private readonly db: TransactionalConnection) {}

  list(): Promise<Category[]> {
    return this.db.manager.getRepository(Category).find({ order: { sortOrder: 'ASC' } });
  }

  find(id: string): Promise<Category | null> {
    return this.db.manager.getRepository(Category).findOneBy({ id });
  }

  async findMany(ids: string[]): Promise<Category[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.db.manager
      .getRepository(Category)
      .createQueryBuilder('category')
      .where('category.id = ANY(:ids)', { ids })
      .orderBy('category.sort_order')
      .getMany();
  }
}
