import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FreightTemplateResponseDto, FreightTemplateUpdateDto } from './freight.dto';
import { FreightService } from './freight.service';

const uuid = new ParseUUIDPipe();

@ApiTags('freight')
@ApiBearerAuth()
@Controller('sellers/:orgId/freight-template')
export class FreightController {
  constructor(private readonly service: FreightService) {}

  @Get()
  @ApiOperation({
    summary: "The seller's freight template (its owners and staff); `updatedAt: null` = none, ships free",
  })
  @ApiOkResponse({ type: FreightTemplateResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<FreightTemplateResponseDto> {
    return this.service.get(principal, orgId);
  }

  @Put()
  @ApiOperation({
    summary: 'The seller sets its freight: first and additional kg by province, free above, cold chain, pickup',
  })
  @ApiOkResponse({ type: FreightTemplateResponseDto })
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Body() dto: FreightTemplateUpdateDto,
  ): Promise<FreightTemplateResponseDto> {
    return this.service.save(principal, orgId, dto);
  }
}
