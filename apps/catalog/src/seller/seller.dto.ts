import { OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Seller } from './seller.entity';

export class SellerSearchDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;
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
});
