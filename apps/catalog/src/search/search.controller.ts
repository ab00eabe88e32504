import { Public } from '@countyflow/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SearchDto, SearchResponseDto } from './search.dto';
import { SearchService } from './search.service';

@ApiTags('search')
@Public()
@Controller('search')
export class SearchController {
  constructor(private readonly service: SearchService) {}

  @Get()
  @ApiOperation({
    summary: 'Search public listings: Chinese substrings, filters, sorts, cursor pages',
    description: 'q="脐橙" finds "赣南脐橙 5斤装 产地直发". Only published listings of verified sellers.',
  })
  search(@Query() query: SearchDto): Promise<SearchResponseDto> {
    return this.service.find(query);
  }
}
