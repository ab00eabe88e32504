import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { CommonConfig, CountyCodePipe } from '@countyflow/kernel';
import { PHOTO_UPLOAD_BODY, readUploadedFile } from '@countyflow/media';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
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
  ClaimCounterAnswerDto,
  ClaimCreateDto,
  ClaimDecisionDto,
  ClaimResponseDto,
  ClaimSearchDto,
  ClaimSellerResponseDto,
} from './claim.dto';
import { ClaimService } from './claim.service';

const uuid = new ParseUUIDPipe();

@ApiTags('claims')
@ApiBearerAuth()
@Controller()
export class ClaimController {
  constructor(
    private readonly service: ClaimService,
    private readonly config: CommonConfig,
  ) {}

  @Post('orders/:id/claim')
  @ApiOperation({
    summary: 'The buyer claims on a delivered order within the county window (reason, remedy); photos follow',
  })
  @ApiCreatedResponse({ type: ClaimResponseDto })
  open(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ClaimCreateDto,
  ): Promise<ClaimResponseDto> {
    return this.service.open(principal, id, dto);
  }

  @Get('claims/:id')
  @ApiOperation({ summary: 'A claim with everything done to it (the parties of its order, county staff)' })
  @ApiOkResponse({ type: ClaimResponseDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ClaimResponseDto> {
    return this.service.get(principal, id);
  }

  @Post('claims/:id/photos')
  @ApiOperation({
    summary:
      'The buyer adds an evidence photo to the open claim (at most 9; private, seen by the buyer, the seller and county staff through signed links)',
    description:
      'JPEG, PNG or WebP, checked by content, size and dimensions, stored as WebP without EXIF. 403 not-the-buyer; 409 claim-photos-full, claim-resolved; 404 claim-not-found.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_UPLOAD_BODY)
  @ApiCreatedResponse({ type: ClaimResponseDto })
  addPhoto(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ClaimResponseDto> {
    return this.service.addPhoto(principal, id, () => readUploadedFile(request, this.config.uploadLimitBytes));
  }

  @Post('claims/:id/response')
  @HttpCode(200)
  @ApiOperation({ summary: 'The seller accepts, declines (→ county staff) or counter-offers' })
  @ApiOkResponse({ type: ClaimResponseDto })
  respond(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ClaimSellerResponseDto,
  ): Promise<ClaimResponseDto> {
    return this.service.respond(principal, id, dto);
  }

  @Post('claims/:id/counter-answer')
  @HttpCode(200)
  @ApiOperation({ summary: "The buyer accepts the seller's counter-offer, or rejects it (→ county staff)" })
  @ApiOkResponse({ type: ClaimResponseDto })
  answerCounter(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ClaimCounterAnswerDto,
  ): Promise<ClaimResponseDto> {
    return this.service.answerCounter(principal, id, dto);
  }

  @Post('claims/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: "County staff of the order's county decide an escalated claim; a refund follows" })
  @ApiOkResponse({ type: ClaimResponseDto })
  decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ClaimDecisionDto,
  ): Promise<ClaimResponseDto> {
    return this.service.decide(principal, id, dto);
  }

  @Get('sellers/:orgId/claims')
  @ApiOperation({ summary: "A seller's claims (its owners and staff)" })
  @ApiOkResponse({ type: [ClaimResponseDto] })
  forSeller(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Query() search: ClaimSearchDto,
  ): Promise<ClaimResponseDto[]> {
    return this.service.forSeller(principal, orgId, search);
  }

  @Get('counties/:countyCode/claims')
  @ApiOperation({ summary: "A county's claims, e.g. status=escalated (its county staff)" })
  @ApiOkResponse({ type: [ClaimResponseDto] })
  forCounty(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Query() search: ClaimSearchDto,
  ): Promise<ClaimResponseDto[]> {
    return this.service.forCounty(principal, countyCode, search);
  }
}
