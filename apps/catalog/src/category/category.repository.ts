import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Category } from './category.entity';

@Injectable()
export class CategoryRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  list(): Promise<Category[]> {
    return this.dataSource.getRepository(Category).find({ order: { sortOrder: 'ASC' } });
  }

  find(id: string): Promise<Category | null> {
    return this.dataSource.getRepository(Category).findOneBy({ id });
  }

  async findMany(ids: string[]): Promise<Category[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.dataSource
      .getRepository(Category)
      .createQueryBuilder('category')
      .where('category.id = ANY(:ids)', { ids })
      .orderBy('category.sort_order')
      .getMany();
  }
}
