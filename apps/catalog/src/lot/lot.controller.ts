import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LotCreateDto, LotResponseDto, TraceResponseDto } from './lot.dto';
import { LotService } from './lot.service';

const uuid = new ParseUUIDPipe();

@ApiTags('produce lots')
@Controller()
export class LotController {
  constructor(private readonly service: LotService) {}

  @ApiBearerAuth()
  @Post('listings/:id/lots')
  @ApiOperation({ summary: 'Record a harvested lot: issues a compliance certificate number and a trace code' })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: LotCreateDto,
  ): Promise<LotResponseDto> {
    return this.service.create(principal, id, dto);
  }

  @ApiBearerAuth()
  @Get('listings/:id/lots')
  @ApiOperation({ summary: "A listing's lots (its seller's members, county staff)" })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<LotResponseDto[]> {
    return this.service.list(principal, id);
  }

  @Public()
  @Get('trace/:code')
  @ApiOperation({ summary: 'Public trace page: the lot, its producer, listing, county, and where parcels have been' })
  trace(@Param('code') code: string): Promise<TraceResponseDto> {
    return this.service.trace(code);
  }
}
