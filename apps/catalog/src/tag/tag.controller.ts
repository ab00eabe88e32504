import { CurrentPrincipal, Principal, Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { CommonConfig } from '@countyflow/kernel';
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
import { FastifyRequest } from 'fastify';
import { TagApplyDto, TagRejectDto, TagResponseDto, TagReviewItemDto, TagReviewQueryDto } from './tag.dto';
import { TagService } from './tag.service';

const uuid = new ParseUUIDPipe();

@ApiTags('verified tags')
@ApiBearerAuth()
@Controller()
export class TagController {
  constructor(
    private readonly service: TagService,
    private readonly config: CommonConfig,
  ) {}

  @Post('listings/:id/tags')
  @ApiOperation({
    summary: 'Apply for a verified tag (地理标志, 绿色食品, 有机, 消费帮扶) with the certificate number',
    description:
      "The listing's seller's owners and staff. Then add the certificate's photo (POST /tags/{id}/photo); county " +
      'staff verify it before it shows. 409 tag-already-applied while another of the kind is pending or verified; ' +
      '400 tag-expiry-required (green_food, organic), tag-certificate-expired.',
  })
  @ApiCreatedResponse({ type: TagResponseDto })
  apply(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: TagApplyDto,
  ): Promise<TagResponseDto> {
    return this.service.apply(principal, id, dto);
  }

  @Post('tags/:tagId/photo')
  @ApiOperation({
    summary: "Add (or replace) the certificate's photo of a pending application; private, seen through signed links",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(PHOTO_UPLOAD_BODY)
  @ApiCreatedResponse({ type: TagResponseDto })
  addPhoto(
    @CurrentPrincipal() principal: Principal,
    @Param('tagId', uuid) tagId: string,
    @Req() request: FastifyRequest,
  ): Promise<TagResponseDto> {
    return this.service.addPhoto(principal, tagId, () => readUploadedFile(request, this.config.uploadLimitBytes));
  }

  @Get('listings/:id/tags')
  @ApiOperation({ summary: "A listing's tags and applications (its seller's members, county staff, platform admins)" })
  @ApiOkResponse({ type: [TagResponseDto] })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<TagResponseDto[]> {
    return this.service.list(principal, id);
  }

  @Post('tags/:tagId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The seller takes an application or a verified tag back' })
  @ApiOkResponse({ type: TagResponseDto })
  withdraw(@CurrentPrincipal() principal: Principal, @Param('tagId', uuid) tagId: string): Promise<TagResponseDto> {
    return this.service.withdraw(principal, tagId);
  }

  @Get('tags/review')
  @Roles(MembershipRole.CountyStaff, MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary:
      "The county's review queue: pending tag applications, oldest first, or (status=verified) its verified tags, " +
      'latest first (at most 100)',
  })
  @ApiOkResponse({ type: [TagReviewItemDto] })
  review(@CurrentPrincipal() principal: Principal, @Query() query: TagReviewQueryDto): Promise<TagReviewItemDto[]> {
    return this.service.review(principal, query.countyCode, query.status);
  }

  @Post('tags/:tagId/verify')
  @HttpCode(200)
  @Roles(MembershipRole.CountyStaff)
  @ApiOperation({
    summary: "County staff of the listing's county verify the certificate: the tag shows and counts in search",
    description: '409 tag-photo-missing without a photo, tag-certificate-expired, illegal-transition.',
  })
  @ApiOkResponse({ type: TagResponseDto })
  verify(@CurrentPrincipal() principal: Principal, @Param('tagId', uuid) tagId: string): Promise<TagResponseDto> {
    return this.service.verify(principal, tagId);
  }

  @Post('tags/:tagId/reject')
  @HttpCode(200)
  @Roles(MembershipRole.CountyStaff)
  @ApiOperation({ summary: "County staff of the listing's county reject the application with a reason" })
  @ApiOkResponse({ type: TagResponseDto })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('tagId', uuid) tagId: string,
    @Body() dto: TagRejectDto,
  ): Promise<TagResponseDto> {
    return this.service.reject(principal, tagId, dto.reason);
  }

  @Post('tags/:tagId/revoke')
  @HttpCode(200)
  @Roles(MembershipRole.CountyStaff)
  @ApiOperation({
    summary: "County staff of the listing's county revoke a verified tag with a reason the seller sees",
    description:
      'The tag leaves the listing (cards, listing and trace pages) and stops counting as a search facet at once. ' +
      '409 illegal-transition unless it is verified; the seller may apply again.',
  })
  @ApiOkResponse({ type: TagResponseDto })
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('tagId', uuid) tagId: string,
    @Body() dto: TagRejectDto,
  ): Promise<TagResponseDto> {
    return this.service.revoke(principal, tagId, dto.reason);
  }
}
