import { OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Seller } from './seller.entity';

export class SellerSearchDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;
}

export class SellerResponseDto {
  @ApiProperty() orgId: string;
  @ApiProperty({ enum: OrganisationKind }) kind: OrganisationKind;
  @ApiProperty() name: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ enum: VerificationStatus }) status: VerificationStatus;
  @ApiPropertyOptional({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty() statusChangedAt: string;
}

export const mapSeller = (seller: Seller): SellerResponseDto => ({
  orgId: seller.orgId,
  kind: seller.kind,
  name: seller.name,
  countyCode: seller.countyCode,
  status: seller.status,
  creditCode: seller.creditCode,
  statusChangedAt: seller.statusChangedAt.toISOString(),
});
