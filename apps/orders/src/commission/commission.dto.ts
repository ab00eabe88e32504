import { ApiProperty } from '@nestjs/swagger';
import { Commission, CommissionStatus } from './commission.entity';

export class CommissionResponseDto {
  @ApiProperty() orderId: string;
  @ApiProperty() operatorUserId: string;
  @ApiProperty() rateBp: number;
  @ApiProperty() baseFen: number;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: CommissionStatus }) status: CommissionStatus;
  @ApiProperty() createdAt: string;
}

export class CommissionSummaryResponseDto {
  @ApiProperty() servicePointOrgId: string;
  @ApiProperty({ description: 'owed for completed orders' }) earnedFen: number;
  @ApiProperty({ description: 'for orders still under way' }) pendingFen: number;
  @ApiProperty({ type: [CommissionResponseDto] }) items: CommissionResponseDto[];
}

export const mapCommission = (commission: Commission): CommissionResponseDto => ({
  orderId: commission.orderId,
  operatorUserId: commission.operatorUserId,
  rateBp: commission.rateBp,
  baseFen: commission.baseFen,
  amountFen: commission.amountFen,
  status: commission.status,
  createdAt: commission.createdAt.toISOString(),
});
