import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CampaignCreateDto,
  CampaignResponseDto,
  ClaimableCouponsQueryDto,
  CouponClaimResponseDto,
  CouponCreateDto,
  CouponResponseDto,
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

  @Public()
  @Get('coupons/claimable')
  @ApiOperation({ summary: 'Coupons that can be claimed now for these listings (a listing page, a basket)' })
  @ApiOkResponse({ type: [CouponResponseDto] })
  claimable(@Query() query: ClaimableCouponsQueryDto): Promise<CouponResponseDto[]> {
    return this.service.claimable(query.listingId ?? []);
  }

  @Post('coupons/:id/claims')
  @ApiOperation({
    summary: '领券: the buyer claims one (409 `coupon-sold-out`, `coupon-claim-limit`, `coupon-not-valid-now`)',
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
