import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Min,
} from 'class-validator';
import { MAX_AMOUNT_FEN } from '../common/limits';
import { Claim, ClaimAction, ClaimStatus, Remedy, Resolution, ResolvedBy } from './claim.entities';

export class ClaimCreateDto {
  @ApiProperty({ example: '到货时樱桃已经腐烂，约三分之一不能吃' })
  @IsString()
  @Length(5, 2000)
  reason: string;

  @ApiPropertyOptional({
    type: [String],
    example: [],
    maxItems: 9,
    description: 'links to evidence elsewhere; photos taken with the phone go to POST /claims/{id}/photos instead',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { each: true, message: 'each photo must be an https URL' })
  photoUrls?: string[];

  @ApiProperty({ enum: Remedy })
  @IsEnum(Remedy)
  remedy: Remedy;

  @ApiPropertyOptional({ description: 'for partial_refund: how much, in fen', maximum: MAX_AMOUNT_FEN })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen?: number;
}

export class ClaimSellerResponseDto {
  @ApiProperty({ enum: ['accept', 'decline', 'counter'] })
  @IsIn(['accept', 'decline', 'counter'])
  decision: 'accept' | 'decline' | 'counter';

  @ApiPropertyOptional({ enum: Remedy, description: 'for counter: the remedy offered instead' })
  @IsOptional()
  @IsEnum(Remedy)
  remedy?: Remedy;

  @ApiPropertyOptional({ description: 'for a counter-offer of a partial refund', maximum: MAX_AMOUNT_FEN })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ClaimCounterAnswerDto {
  @ApiProperty({ description: 'true accepts the counter-offer; false sends the claim to county staff' })
  @IsBoolean()
  accept: boolean;
}

export class ClaimDecisionDto {
  @ApiProperty({ enum: Resolution })
  @IsEnum(Resolution)
  resolution: Resolution;

  @ApiPropertyOptional({ description: 'for partial_refund', maximum: MAX_AMOUNT_FEN })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_FEN)
  amountFen?: number;

  @ApiProperty({ example: '冷链记录显示途中温度超标，判定全额退款' })
  @IsString()
  @Length(2, 2000)
  note: string;
}

export class ClaimSearchDto {
  @ApiPropertyOptional({ enum: ClaimStatus })
  @IsOptional()
  @IsEnum(ClaimStatus)
  status?: ClaimStatus;
}

export class ClaimActionResponseDto {
  @ApiProperty() action: string;
  @ApiProperty() actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: Object }) detail: unknown;
  @ApiProperty() at: string;
}

export class ClaimPhotoDto {
  @ApiProperty({ description: 'signed link to the large size (up to 1600 px), valid for MEDIA_URL_TTL_SECONDS' })
  large: string;
  @ApiProperty({ description: 'signed link to the 400×400 thumbnail, valid for MEDIA_URL_TTL_SECONDS' })
  thumb: string;
}

export class ClaimResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() orderId: string;
  @ApiProperty() buyerId: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ enum: ClaimStatus }) status: ClaimStatus;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) photoUrls: string[];
  @ApiProperty({
    type: [ClaimPhotoDto],
    description:
      "the buyer's evidence photos by short-lived signed links: for the buyer, the seller and county staff only",
  })
  photos: ClaimPhotoDto[];
  @ApiProperty({ description: 'how many evidence photos the claim has (also for readers who get no links)' })
  photoCount: number;
  @ApiProperty({ enum: Remedy }) requestedRemedy: Remedy;
  @ApiProperty({ nullable: true, type: Number }) requestedAmountFen: number | null;
  @ApiProperty({ nullable: true, enum: Remedy }) counterRemedy: Remedy | null;
  @ApiProperty({ nullable: true, type: Number }) counterAmountFen: number | null;
  @ApiProperty({ nullable: true, type: String }) sellerNote: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the answer is due by then, or it escalates' })
  respondBy: string | null;
  @ApiProperty({ nullable: true, type: String }) escalatedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) escalationReason: string | null;
  @ApiProperty({ nullable: true, enum: Resolution }) resolution: Resolution | null;
  @ApiProperty({ nullable: true, type: Number }) resolutionAmountFen: number | null;
  @ApiProperty({ nullable: true, enum: ResolvedBy }) resolvedBy: ResolvedBy | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) refundId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [ClaimActionResponseDto] }) actions: ClaimActionResponseDto[];
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/**
 * A claim as a reader sees it; `photoLinks` signs links to its evidence photos, or is null for a reader who may
 * see the claim but not its evidence (a service point handling the order).
 */
export const mapClaim = (
  claim: Claim,
  actions: ClaimAction[],
  photoLinks: ((photoId: string) => ClaimPhotoDto) | null,
): ClaimResponseDto => ({
  id: claim.id,
  orderId: claim.orderId,
  buyerId: claim.buyerId,
  sellerOrgId: claim.sellerOrgId,
  countyCode: claim.countyCode,
  status: claim.status,
  reason: claim.reason,
  photoUrls: claim.photoUrls,
  photos: photoLinks ? claim.photoIds.map(photoLinks) : [],
  photoCount: claim.photoIds.length,
  requestedRemedy: claim.requestedRemedy,
  requestedAmountFen: claim.requestedAmountFen,
  counterRemedy: claim.counterRemedy,
  counterAmountFen: claim.counterAmountFen,
  sellerNote: claim.sellerNote,
  respondBy: iso(claim.respondBy),
  escalatedAt: iso(claim.escalatedAt),
  escalationReason: claim.escalationReason,
  resolution: claim.resolution,
  resolutionAmountFen: claim.resolutionAmountFen,
  resolvedBy: claim.resolvedBy,
  decisionNote: claim.decisionNote,
  resolvedAt: iso(claim.resolvedAt),
  refundId: claim.refundId,
  createdAt: claim.createdAt.toISOString(),
  actions: actions.map((action) => ({
    action: action.action,
    actorKind: action.actorKind,
    actorId: action.actorId,
    detail: action.detail ?? null,
    at: action.at.toISOString(),
  })),
});
