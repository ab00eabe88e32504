import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CampaignCreateDto,
  CampaignResponseDto,
  CampaignUpdateDto,
  ClaimableCouponsQueryDto,
  CouponClaimResponseDto,
  CouponCreateDto,
  CouponResponseDto,
  CouponUpdateDto,
} from './coupon.dto';
import { CouponService } from './coupon.service';

const uuid = new ParseUUIDPipe();

@ApiTags('coupons')
@ApiBearerAuth()
@Controller()
export class CouponController {
  constructor(private readonly service: CouponService) {}

  @Post('counties/:countyCode/campaigns')
  @ApiOperation({ summary: "County staff start a campaign: name, dates, the county's listings in it, a budget in fen" })
  @ApiOkResponse({ type: CampaignResponseDto })
  createCampaign(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Body() dto: CampaignCreateDto,
  ): Promise<CampaignResponseDto> {
    return this.service.createCampaign(principal, countyCode, dto);
  }

  @Get('counties/:countyCode/campaigns')
  @ApiOperation({ summary: "The county's campaigns with what they spent of their budgets (county staff)" })
  @ApiOkResponse({ type: [CampaignResponseDto] })
  campaigns(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
  ): Promise<CampaignResponseDto[]> {
    return this.service.campaigns(principal, countyCode);
  }

  @Post('counties/:countyCode/coupons')
  @ApiOperation({
    summary: "County staff issue a county-funded coupon (满减) for the county's goods, or a campaign's listings",
  })
  @ApiOkResponse({ type: CouponResponseDto })
  createCountyCoupon(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Body() dto: CouponCreateDto,
  ): Promise<CouponResponseDto> {
    return this.service.createCountyCoupon(principal, countyCode, dto);
  }

  @Get('counties/:countyCode/coupons')
  @ApiOperation({ summary: "The county's coupons with how many were claimed (county staff)" })
  @ApiOkResponse({ type: [CouponResponseDto] })
  countyCoupons(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
  ): Promise<CouponResponseDto[]> {
    return this.service.countyCoupons(principal, countyCode);
  }

  @Post('sellers/:orgId/coupons')
  @ApiOperation({ summary: "A seller's own coupon for its shop, funded by the seller (its owners and staff)" })
  @ApiOkResponse({ type: CouponResponseDto })
  createSellerCoupon(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Body() dto: CouponCreateDto,
  ): Promise<CouponResponseDto> {
    return this.service.createSellerCoupon(principal, orgId, dto);
  }

  @Get('sellers/:orgId/coupons')
  @ApiOperation({ summary: "The seller's coupons with how many were claimed (its owners and staff)" })
  @ApiOkResponse({ type: [CouponResponseDto] })
  sellerCoupons(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<CouponResponseDto[]> {
    return this.service.sellerCoupons(principal, orgId);
  }

  @Post('platform/coupons')
  @ApiOperation({ summary: 'A platform admin issues a platform-funded coupon for every seller' })
  @ApiOkResponse({ type: CouponResponseDto })
  createPlatformCoupon(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CouponCreateDto,
  ): Promise<CouponResponseDto> {
    return this.service.createPlatformCoupon(principal, null, dto);
  }

  @Get('platform/coupons')
  @ApiOperation({ summary: 'The platform-funded coupons with how many were claimed (platform admins)' })
  @ApiOkResponse({ type: [CouponResponseDto] })
  platformCoupons(@CurrentPrincipal() principal: Principal): Promise<CouponResponseDto[]> {
    return this.service.platformCoupons(principal);
  }

  @Patch('coupons/:id')
  @ApiOperation({
    summary: "A coupon's runner edits it (its seller, its county's staff, platform admins for the platform's)",
    description:
      'Title and total limit at any time (409 `coupon-limit-below-issued` under what was claimed); threshold, ' +
      'amount, dates and per-buyer limit only before the first claim (409 `coupon-terms-claimed`); nothing once ' +
      'stopped (409 `coupon-stopped`).',
  })
  @ApiOkResponse({ type: CouponResponseDto })
  updateCoupon(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: CouponUpdateDto,
  ): Promise<CouponResponseDto> {
    return this.service.updateCoupon(principal, id, dto);
  }

  @Post('coupons/:id/stop')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stop a coupon: no claim from then on; coupons claimed before stay usable until they expire',
    description: 'Its runner only, as for editing. 409 `coupon-stopped` when it already was.',
  })
  @ApiOkResponse({ type: CouponResponseDto })
  stopCoupon(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<CouponResponseDto> {
    return this.service.stopCoupon(principal, id);
  }

  @Patch('campaigns/:id')
  @ApiOperation({
    summary:
      'County staff rename a campaign or change its budget (never below what it spent: 409 `campaign-budget-below-spent`)',
  })
  @ApiOkResponse({ type: CampaignResponseDto })
  updateCampaign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: CampaignUpdateDto,
  ): Promise<CampaignResponseDto> {
    return this.service.updateCampaign(principal, id, dto);
  }

  @Post('campaigns/:id/stop')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Stop a campaign: its coupons take no claim from then on; claimed ones stay usable within its budget',
  })
  @ApiOkResponse({ type: CampaignResponseDto })
  stopCampaign(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<CampaignResponseDto> {
    return this.service.stopCampaign(principal, id);
  }

  @Public()
  @Get('coupons/claimable')
  @ApiOperation({ summary: 'Coupons that can be claimed now for these listings (a listing page, a basket)' })
  @ApiOkResponse({ type: [CouponResponseDto] })
  claimable(@Query() query: ClaimableCouponsQueryDto): Promise<CouponResponseDto[]> {
    return this.service.claimable(query.listingId ?? []);
  }

  @Post('coupons/:id/claims')
  @ApiOperation({
    summary:
      '领券: the buyer claims one (409 `coupon-sold-out`, `coupon-claim-limit`, `coupon-not-valid-now`, `coupon-stopped`)',
  })
  @ApiOkResponse({ type: CouponClaimResponseDto })
  claim(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<CouponClaimResponseDto> {
    return this.service.claim(principal, id);
  }

  @Get('me/coupons')
  @ApiOperation({ summary: "The buyer's coupons: available, used or expired, newest first" })
  @ApiOkResponse({ type: [CouponClaimResponseDto] })
  mine(@CurrentPrincipal() principal: Principal): Promise<CouponClaimResponseDto[]> {
    return this.service.myClaims(principal);
  }
}
