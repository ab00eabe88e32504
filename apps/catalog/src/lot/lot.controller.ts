import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { CommonConfig } from '@countyflow/kernel';
import { PHOTO_UPLOAD_BODY, readUploadedFile } from '@countyflow/media';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { LotCreateDto, LotResponseDto, PublicLotResponseDto, TraceResponseDto } from './lot.dto';
import { LotService, PUBLIC_LOT_LIMIT } from './lot.service';

const uuid = new ParseUUIDPipe();

@ApiTags('produce lots')
@Controller()
export class LotController {
  constructor(
    private readonly service: LotService,
    private readonly config: CommonConfig,
  ) {}

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
  @Post('lots/:lotId/photos')
  @ApiOperation({
    summary: 'Add a photo of the lot (at most 6; JPEG, PNG or WebP, stored as public WebP without EXIF)',
    description: "The listing's seller's members. 409 lot-photos-full when the lot has six; 404 lot-not-found.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_UPLOAD_BODY)
  @ApiCreatedResponse({ type: LotResponseDto })
  addPhoto(
    @CurrentPrincipal() principal: Principal,
    @Param('lotId', uuid) lotId: string,
    @Req() request: FastifyRequest,
  ): Promise<LotResponseDto> {
    return this.service.addPhoto(principal, lotId, () => readUploadedFile(request, this.config.uploadLimitBytes));
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
