import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { Campaign, ClaimStatus, Coupon } from './coupon.entities';
import { CouponFunder, CouponScope } from './coupon.rules';

const MAX_FEN = 100_000_000;

export class CampaignCreateDto {
  @ApiProperty({ example: '赣南脐橙丰收节' }) @IsString() @Length(1, 60) name: string;
  @ApiProperty({ format: 'date-time' }) @Type(() => Date) @IsDate() startsAt: Date;
  @ApiProperty({ format: 'date-time' }) @Type(() => Date) @IsDate() endsAt: Date;

  @ApiProperty({ example: 500_000, description: 'the most its coupons may take off orders, in fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  budgetFen: number;

  @ApiProperty({ type: [String], format: 'uuid', description: "the listings in the campaign (the county's)" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  listingIds: string[];
}

export class CampaignResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() countyCode: string;
  @ApiProperty() name: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() budgetFen: number;
  @ApiProperty({ description: 'taken off orders not cancelled; never more than the budget' }) spentFen: number;
  @ApiProperty({ type: [String] }) listingIds: string[];
  @ApiProperty({ nullable: true, type: Date, description: 'stopped: its coupons take no new claim' })
  stoppedAt: Date | null;
}

/** A campaign's new name or budget; the budget never below what its coupons spent (409 campaign-budget-below-spent). */
export class CampaignUpdateDto {
  @ApiPropertyOptional({ example: '赣南脐橙丰收节' }) @IsOptional() @IsString() @Length(1, 60) name?: string;

  @ApiPropertyOptional({ example: 800_000, description: 'the new budget in fen' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  budgetFen?: number;
}

export const mapCampaign = (campaign: Campaign): CampaignResponseDto => ({
  id: campaign.id,
  countyCode: campaign.countyCode,
  name: campaign.name,
  startsAt: campaign.startsAt,
  endsAt: campaign.endsAt,
  budgetFen: campaign.budgetFen,
  spentFen: campaign.spentFen,
  listingIds: campaign.listingIds,
  stoppedAt: campaign.stoppedAt,
});

export class CouponCreateDto {
  @ApiProperty({ example: '丰收节满100减20' }) @IsString() @Length(1, 40) title: string;

  @ApiProperty({ example: 10_000, description: 'eligible goods of at least this much…' })
  @IsInt()
  @Min(2)
  @Max(MAX_FEN)
  thresholdFen: number;

  @ApiProperty({ example: 2_000, description: '…take this much off (less than the threshold)' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  amountFen: number;

  @ApiProperty({ format: 'date-time' }) @Type(() => Date) @IsDate() validFrom: Date;
  @ApiProperty({ format: 'date-time' }) @Type(() => Date) @IsDate() validUntil: Date;

  @ApiProperty({ example: 1000, description: 'how many can be claimed in all' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  totalLimit: number;

  @ApiProperty({ example: 1, description: 'how many one buyer can claim' })
  @IsInt()
  @Min(1)
  @Max(100)
  perBuyerLimit: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'county coupons only: the campaign it belongs to (its listings only; its budget; within its dates)',
  })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export class CouponResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: CouponScope, enumName: 'CouponScope' }) scope: CouponScope;
  @ApiProperty({ enum: CouponFunder, enumName: 'CouponFunder', description: 'who pays for the discount' })
  funder: CouponFunder;
  @ApiProperty({ nullable: true, type: String }) countyCode: string | null;
  @ApiProperty({ nullable: true, type: String }) sellerOrgId: string | null;
  @ApiProperty({ nullable: true, type: String }) campaignId: string | null;
  @ApiProperty({ nullable: true, type: String }) campaignName: string | null;
  @ApiProperty() thresholdFen: number;
  @ApiProperty() amountFen: number;
  @ApiProperty() validFrom: Date;
  @ApiProperty() validUntil: Date;
  @ApiProperty() totalLimit: number;
  @ApiProperty() perBuyerLimit: number;
  @ApiProperty() issuedCount: number;
  @ApiProperty({ nullable: true, type: Date, description: 'stopped: no new claim; claimed ones stay usable' })
  stoppedAt: Date | null;
}

/**
 * What a coupon's runner changes. The title and the total limit (never below what was claimed) change at any time;
 * the terms — threshold, amount, dates, per-buyer limit — only while nobody has claimed one (409 coupon-terms-claimed).
 */
export class CouponUpdateDto {
  @ApiPropertyOptional({ example: '丰收节满100减20' }) @IsOptional() @IsString() @Length(1, 40) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(2) @Max(MAX_FEN) thresholdFen?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_FEN) amountFen?: number;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() validFrom?: Date;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() validUntil?: Date;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1_000_000) totalLimit?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) perBuyerLimit?: number;
}

export const mapCoupon = (coupon: Coupon, campaign: Campaign | null = null): CouponResponseDto => ({
  id: coupon.id,
  title: coupon.title,
  scope: coupon.scope,
  funder: coupon.funder,
  countyCode: coupon.countyCode,
  sellerOrgId: coupon.sellerOrgId,
  campaignId: coupon.campaignId,
  campaignName: campaign?.name ?? null,
  thresholdFen: coupon.thresholdFen,
  amountFen: coupon.amountFen,
  validFrom: coupon.validFrom,
  validUntil: coupon.validUntil,
  totalLimit: coupon.totalLimit,
  perBuyerLimit: coupon.perBuyerLimit,
  issuedCount: coupon.issuedCount,
  stoppedAt: coupon.stoppedAt,
});

export enum ClaimState {
  Available = 'available',
  Used = 'used',
  Expired = 'expired',
}

export class CouponClaimResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ClaimState, enumName: 'CouponClaimState', description: 'expired: unused past the validity' })
  state: ClaimState;
  @ApiProperty({ nullable: true, type: String }) orderGroupId: string | null;
  @ApiProperty() claimedAt: Date;
  @ApiProperty({ type: CouponResponseDto }) coupon: CouponResponseDto;
}

export const claimState = (status: ClaimStatus, coupon: Coupon, now: Date): ClaimState =>
  status === ClaimStatus.Used ? ClaimState.Used : coupon.validUntil <= now ? ClaimState.Expired : ClaimState.Available;

export class ClaimableCouponsQueryDto {
  @ApiPropertyOptional({ type: [String], description: 'listings shown (a listing page, a basket)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]) : [value]))
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  listingId?: string[];
}
