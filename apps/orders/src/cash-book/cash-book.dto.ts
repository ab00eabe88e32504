import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CashHandover } from './cash-book.entity';
import { CashDay } from './cash-book.repository';

export class CashBookQueryDto {
  @ApiPropertyOptional({ example: '2026-12-06', description: 'the China Standard Time day (default: today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date?: string;
}

export class CashHandoverCreateDto {
  @ApiProperty({ example: 12_000, description: 'fen handed to the county office; at most the cash held' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountFen: number;

  @ApiPropertyOptional({ example: '交给乡镇站长带回县局' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class CashHandoverResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() pointOrgId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ enum: ['declared', 'confirmed'] }) status: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) confirmedAt: string | null;
}

export const mapHandover = (handover: CashHandover): CashHandoverResponseDto => ({
  id: handover.id,
  pointOrgId: handover.pointOrgId,
  amountFen: handover.amountFen,
  note: handover.note,
  status: handover.status,
  createdAt: handover.createdAt.toISOString(),
  confirmedAt: handover.confirmedAt?.toISOString() ?? null,
});

export class CashMovementResponseDto {
  @ApiProperty() postedAt: string;
  @ApiProperty({ enum: ['cash_received', 'cash_refunded', 'cash_handed_over'] }) kind: string;
  @ApiProperty({ nullable: true, type: String }) orderId: string | null;
  @ApiProperty({ description: 'into the drawer positive, out negative' }) amountFen: number;
}

export class CashRefundDueResponseDto {
  @ApiProperty() refundId: string;
  @ApiProperty() orderId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty() createdAt: string;
}

export class CashDayResponseDto {
  @ApiProperty() pointOrgId: string;
  @ApiProperty({ required: false }) name?: string;
  @ApiProperty({ description: 'cash held at the start of the day (ledger)' }) openingFen: number;
  @ApiProperty({ description: 'cash taken for cash-on-collection orders' }) takenFen: number;
  @ApiProperty({ description: 'refunds paid out in cash' }) refundedFen: number;
  @ApiProperty({ description: 'handed to the county office (confirmed by county staff)' }) handedOverFen: number;
  @ApiProperty({ description: 'opening + taken − refunded − handed over' }) closingFen: number;
  @ApiProperty({ description: 'declared handed over, not yet confirmed by the county' }) declaredFen: number;
}

export const mapDay = (day: CashDay, declaredFen: number, name?: string): CashDayResponseDto => ({
  pointOrgId: day.pointOrgId,
  ...(name ? { name } : {}),
  openingFen: day.openingFen,
  takenFen: day.takenFen,
  refundedFen: day.refundedFen,
  handedOverFen: day.handedOverFen,
  closingFen: day.closingFen,
  declaredFen,
});

export class CashBookResponseDto {
  @ApiProperty() date: string;
  @ApiProperty({ type: CashDayResponseDto }) day: CashDayResponseDto;
  @ApiProperty({ type: [CashMovementResponseDto] }) movements: CashMovementResponseDto[];
  @ApiProperty({ type: [CashHandoverResponseDto] }) handovers: CashHandoverResponseDto[];
  @ApiProperty({ type: [CashRefundDueResponseDto], description: 'claims on cash orders to pay in cash here' })
  refundsDue: CashRefundDueResponseDto[];
}

export class CountyCashBooksResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty() date: string;
  @ApiProperty({ type: [CashDayResponseDto] }) points: CashDayResponseDto[];
  @ApiProperty({ type: [CashHandoverResponseDto], description: 'declared by points, to be counted and confirmed' })
  toConfirm: CashHandoverResponseDto[];
}
