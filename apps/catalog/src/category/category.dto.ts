import { FlowDirection } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { Category } from './category.entity';

export class CategorySearchDto {
  @ApiPropertyOptional({ enum: FlowDirection, description: 'up = produce, down = goods' })
  @IsOptional()
  @IsEnum(FlowDirection)
  direction?: FlowDirection;
}

export class CategoryResponseDto {
  @ApiProperty({ example: 'citrus' }) id: string;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ example: '柑橘橙柚' }) name: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ example: 'fruit/citrus' }) path: string;
}

export class CategoryTreeResponseDto extends CategoryResponseDto {
  @ApiProperty({ type: () => [CategoryTreeResponseDto] }) children: CategoryTreeResponseDto[];
}

export const mapCategory = (category: Category): CategoryResponseDto => ({
  id: category.id,
  parentId: category.parentId,
  name: category.name,
  direction: category.direction,
  path: category.path,
});

/** Nests a flat list (parents listed before their children) into trees. */
export function buildCategoryTree(categories: Category[]): CategoryTreeResponseDto[] {
  const nodes = new Map<string, CategoryTreeResponseDto>();
  const roots: CategoryTreeResponseDto[] = [];
  for (const category of categories) {
    const node = { ...mapCategory(category), children: [] };
    nodes.set(category.id, node);
    const parent = category.parentId ? nodes.get(category.parentId) : undefined;
    if (parent) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}
