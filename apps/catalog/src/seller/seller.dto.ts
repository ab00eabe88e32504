import { OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Seller } from './seller.entity';

export class SellerSearchDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;
}

/** A mainland mobile, a landline with its area code, or a 400/800 service number. */
export const HOTLINE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[48]00-?\d{3}-?\d{4})$/;

export class SetHotlineDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '0797-3312345',
    description: 'the customer hotline to publish (mobile, landline with area code, or 400/800); null withdraws it',
  })
  @IsOptional()
  @Matches(HOTLINE, { message: 'hotline must be a mobile, a landline with its area code or a 400/800 number' })
  hotline: string | null;
}

export class RatingResponseDto {
  @ApiProperty({ nullable: true, type: Number, description: '1–5, null before the first review' })
  average: number | null;
  @ApiProperty() count: number;
}

export class SellerResponseDto {
  @ApiProperty() orgId: string;
  @ApiProperty({ enum: OrganisationKind }) kind: OrganisationKind;
  @ApiProperty() name: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ nullable: true, type: String }) villageCode: string | null;
  @ApiProperty({ enum: VerificationStatus }) status: VerificationStatus;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty() statusChangedAt: string;
  @ApiProperty({ type: RatingResponseDto }) rating: RatingResponseDto;
  @ApiProperty({ nullable: true, type: String, description: 'the customer hotline the seller publishes' })
  hotline: string | null;
}

export const mapRating = (seller: Pick<Seller, 'ratingAverage' | 'ratingCount'>): RatingResponseDto => ({
  average: seller.ratingAverage,
  count: seller.ratingCount,
});

export const mapSeller = (seller: Seller): SellerResponseDto => ({
  orgId: seller.orgId,
  kind: seller.kind,
  name: seller.name,
  countyCode: seller.countyCode,
  villageCode: seller.villageCode,
  status: seller.status,
  creditCode: seller.creditCode,
  statusChangedAt: seller.statusChangedAt.toISOString(),
  rating: mapRating(seller),
  hotline: seller.hotline,
});
