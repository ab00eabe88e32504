import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SellerResponseDto, SellerSearchDto, SetHotlineDto } from './seller.dto';
import { SellerService } from './seller.service';

@ApiTags('sellers')
@Controller('sellers')
export class SellerController {
  constructor(private readonly service: SellerService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Verified sellers of a county' })
  @ApiOkResponse({ type: [SellerResponseDto] })
  list(@Query() query: SellerSearchDto): Promise<SellerResponseDto[]> {
    return this.service.listVerified(query.countyCode);
  }

  @Get(':orgId')
  @Public()
  @ApiOperation({ summary: "A seller as the catalog knows it (its copy of identity's verification)" })
  @ApiOkResponse({ type: SellerResponseDto })
  get(@Param('orgId', new ParseUUIDPipe()) orgId: string): Promise<SellerResponseDto> {
    return this.service.get(orgId);
  }

  @Put(':orgId/hotline')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Publish (or withdraw) the seller’s customer hotline',
    description:
      'Owners of the selling organisation. The hotline is the only phone number the public trace page shows; ' +
      'without one it shows none (the certificate’s contact phone is often a personal mobile).',
  })
  @ApiOkResponse({ type: SellerResponseDto })
  @ApiForbiddenResponse({ description: 'not an owner of the organisation (problem not-a-member)' })
  setHotline(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', new ParseUUIDPipe()) orgId: string,
    @Body() dto: SetHotlineDto,
  ): Promise<SellerResponseDto> {
    return this.service.setHotline(principal, orgId, dto.hotline ?? null);
  }
}
