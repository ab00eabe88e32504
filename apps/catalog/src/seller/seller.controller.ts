import { Public } from '@countyflow/auth';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SellerResponseDto, SellerSearchDto } from './seller.dto';
import { SellerService } from './seller.service';

@ApiTags('sellers')
@Public()
@Controller('sellers')
export class SellerController {
  constructor(private readonly service: SellerService) {}

  @Get()
  @ApiOperation({ summary: 'Verified sellers of a county' })
  @ApiOkResponse({ type: [SellerResponseDto] })
  list(@Query() query: SellerSearchDto): Promise<SellerResponseDto[]> {
    return this.service.listVerified(query.countyCode);
  }

  @Get(':orgId')
  @ApiOperation({ summary: "A seller as the catalog knows it (its copy of identity's verification)" })
  @ApiOkResponse({ type: SellerResponseDto })
  get(@Param('orgId', new ParseUUIDPipe()) orgId: string): Promise<SellerResponseDto> {
    return this.service.get(orgId);
  }
}
