import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { CommonConfig } from '@countyflow/kernel';
import { PHOTO_UPLOAD_BODY, readUploadedFile } from '@countyflow/media';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ListingCreateDto,
  ListingListDto,
  ListingReasonDto,
  ListingRemoveDto,
  ListingResponseDto,
  ListingUpdateDto,
  SkuCreateDto,
  SkuUpdateDto,
} from './listing.dto';
import { ListingService } from './listing.service';

const uuid = new ParseUUIDPipe();

@ApiTags('listings')
@ApiBearerAuth()
@Controller()
export class ListingController {
  constructor(
    private readonly service: ListingService,
    private readonly config: CommonConfig,
  ) {}

  @Post('listings')
  @ApiOperation({ summary: 'Members of a verified seller create a draft listing (with SKUs) → listing.changed' })
  @ApiCreatedResponse({ type: ListingResponseDto })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: ListingCreateDto): Promise<ListingResponseDto> {
    return this.service.create(principal, dto);
  }

  @Get('listings')
  @ApiOperation({ summary: "A seller's listings in every state (its members, its county's staff)" })
  @ApiOkResponse({ type: [ListingResponseDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListingListDto): Promise<ListingResponseDto[]> {
    return this.service.list(principal, query);
  }

  @Public()
  @Get('listings/:id')
  @ApiOperation({
    summary: 'A listing: public when published by a verified seller, else to its seller and county staff',
  })
  @ApiOkResponse({ type: ListingResponseDto })
  get(
    @CurrentPrincipal() principal: Principal | undefined,
    @Param('id', uuid) id: string,
  ): Promise<ListingResponseDto> {
    return this.service.get(principal, id);
  }

  @Patch('listings/:id')
  @ApiOperation({ summary: 'Change title, description, images, category, origin, certifications, temperature…' })
  @ApiOkResponse({ type: ListingResponseDto })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ListingUpdateDto,
  ): Promise<ListingResponseDto> {
    return this.service.update(principal, id, dto);
  }

  @Post('listings/:id/photos')
  @ApiOperation({
    summary: 'Add a photo to the gallery (at most 9; JPEG, PNG or WebP, stored as WebP without EXIF)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_UPLOAD_BODY)
  @ApiCreatedResponse({ type: ListingResponseDto })
  addPhoto(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ListingResponseDto> {
    return this.service.addPhoto(principal, id, () => readUploadedFile(request, this.config.uploadLimitBytes));
  }

  @Post('listings/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft|paused → published (the seller must be verified and the listing have a SKU)' })
  @ApiOkResponse({ type: ListingResponseDto })
  publish(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ListingResponseDto> {
    return this.service.transition(principal, id, 'publish');
  }

  @Post('listings/:id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'published → paused' })
  @ApiOkResponse({ type: ListingResponseDto })
  pause(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ListingResponseDto> {
    return this.service.transition(principal, id, 'pause');
  }

  @Post('listings/:id/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'The seller removes the listing for good (any state → removed)' })
  @ApiOkResponse({ type: ListingResponseDto })
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ListingRemoveDto,
  ): Promise<ListingResponseDto> {
    return this.service.transition(principal, id, 'remove', dto.reason);
  }

  @Post('listings/:id/take-down')
  @HttpCode(200)
  @ApiOperation({ summary: "County staff of the listing's county take it down with a reason (→ removed)" })
  @ApiOkResponse({ type: ListingResponseDto })
  takeDown(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ListingReasonDto,
  ): Promise<ListingResponseDto> {
    return this.service.transition(principal, id, 'take-down', dto.reason);
  }

  @Post('listings/:id/skus')
  @ApiOperation({ summary: 'Add a SKU (spec, price in fen, weight in grams, volume, barcode, starting stock)' })
  @ApiCreatedResponse({ type: ListingResponseDto })
  addSku(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: SkuCreateDto,
  ): Promise<ListingResponseDto> {
    return this.service.addSku(principal, id, dto);
  }

  @Patch('skus/:skuId')
  @ApiOperation({ summary: "Change a SKU's spec, price, weight, volume or barcode (stock: stock-adjustments)" })
  @ApiOkResponse({ type: ListingResponseDto })
  updateSku(
    @CurrentPrincipal() principal: Principal,
    @Param('skuId', uuid) skuId: string,
    @Body() dto: SkuUpdateDto,
  ): Promise<ListingResponseDto> {
    return this.service.updateSku(principal, skuId, dto);
  }
}
