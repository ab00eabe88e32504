import { FlowDirection } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import { buildCategoryTree, CategoryTreeResponseDto } from './category.dto';
import { Category } from './category.entity';
import { CategoryRepository } from './category.repository';

@Injectable()
export class CategoryService {
  constructor(private readonly categories: CategoryRepository) {}

  async tree(direction?: FlowDirection): Promise<CategoryTreeResponseDto[]> {
    const all = await this.categories.list();
    return buildCategoryTree(direction ? all.filter((category) => category.direction === direction) : all);
  }

  async get(id: string): Promise<CategoryTreeResponseDto> {
    const all = await this.categories.list();
    const category = all.find((candidate) => candidate.id === id);
    if (!category) {
      throw new Problem(404, 'category-not-found', `no category ${id}`);
    }
    const below = all.filter(
      (candidate) => candidate.path === category.path || candidate.path.startsWith(`${category.path}/`),
    );
    return buildCategoryTree(below)[0];
  }

  /** The category a listing names, or a 400 naming it. */
  async require(id: string): Promise<Category> {
    const category = await this.categories.find(id);
    if (!category) {
      throw new Problem(400, 'unknown-category', `categoryId ${id} is not a category; see GET /categories`);
    }
    return category;
  }

  findMany(ids: string[]): Promise<Category[]> {
    return this.categories.findMany(ids);
  }

  /** Every given id must be a category, or a 400 naming the ones that are not. */
  async requireAll(ids: string[]): Promise<Category[]> {
    const found = await this.categories.findMany(ids);
    const missing = ids.filter((id) => !found.some((category) => category.id === id));
    if (missing.length > 0) {
      throw new Problem(400, 'unknown-category', `not categories: ${missing.join(', ')}; see GET /categories`);
    }
    return found;
  }
}
