import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { LotCreateDto, LotResponseDto, PublicLotResponseDto, TraceResponseDto } from './lot.dto';
import { LotService, PUBLIC_LOT_LIMIT } from './lot.service';

const uuid = new ParseUUIDPipe();

@ApiTags('produce lots')
@Controller()
export class LotController {
  constructor(private readonly service: LotService) {}

  @ApiBearerAuth()
  @Post('listings/:id/lots')
  @ApiOperation({ summary: 'Record a harvested lot: issues a compliance certificate number and a trace code' })
  @ApiCreatedResponse({ type: LotResponseDto })
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
  @ApiOkResponse({ type: [LotResponseDto] })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<LotResponseDto[]> {
    return this.service.list(principal, id);
  }

  @Public()
  @Get('listings/:id/lots/public')
  @ApiOperation({
    summary: "The listing's current lots as a buyer sees them (anyone, while the listing is public)",
    description:
      `The ${PUBLIC_LOT_LIMIT} most recently issued lots, newest first: certificate number, harvest dates, lot size, ` +
      'grade, origin, producer, pledge, test results and issue date — what the printed certificate shows. Never the ' +
      'trace code (printed on the package, it opens the path of every parcel carrying the lot) nor the contact ' +
      'phone. 404 for a listing the caller may not see (as GET /listings/{id}); an empty list for goods.',
  })
  @ApiOkResponse({ type: [PublicLotResponseDto] })
  @ApiNotFoundResponse({ description: 'no such listing, or it is not public (problem listing-not-found)' })
  listPublic(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('id', uuid) id: string,
  ): Promise<PublicLotResponseDto[]> {
    return this.service.listPublic(principal, id);
  }

  @Public()
  @Get('trace/:code')
  @ApiOperation({ summary: 'Public trace page: the lot, its producer, listing, county, and where parcels have been' })
  @ApiOkResponse({ type: TraceResponseDto })
  trace(@Param('code') code: string): Promise<TraceResponseDto> {
    return this.service.trace(code);
  }
}
