import { Public } from '@countyflow/auth';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CategorySearchDto, CategoryTreeResponseDto } from './category.dto';
import { CategoryService } from './category.service';

@ApiTags('categories')
@Public()
@Controller('categories')
export class CategoryController {
  constructor(private readonly service: CategoryService) {}

  @Get()
  @ApiOperation({ summary: 'The category tree: produce going up, goods going down' })
  @ApiOkResponse({ type: [CategoryTreeResponseDto] })
  tree(@Query() query: CategorySearchDto): Promise<CategoryTreeResponseDto[]> {
    return this.service.tree(query.direction);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One category with its sub-categories' })
  @ApiOkResponse({ type: CategoryTreeResponseDto })
  get(@Param('id') id: string): Promise<CategoryTreeResponseDto> {
    return this.service.get(id);
  }
}
