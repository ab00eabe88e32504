import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class StatisticsQueryDto {
  @ApiPropertyOptional({
    example: '360722',
    description: 'the county; platform admins may leave it out for every county',
  })
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @ApiProperty({ example: '2026-11-01', format: 'date', description: 'first day (China Standard Time), inclusive' })
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from: string;

  @ApiProperty({ example: '2026-11-30', format: 'date', description: 'last day, inclusive; at most 400 days' })
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to: string;
}

export class StatisticsGroupDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the day, county code, seller org id, 9-digit town code or category id; null when unknown',
  })
  key: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the seller’s name (by seller)' }) name: string | null;
  @ApiProperty({ type: String, nullable: true }) countyCode: string | null;
  @ApiProperty({ description: 'paid orders of produce going up to the cities' }) upOrders: number;
  @ApiProperty() upGmvFen: number;
  @ApiProperty({ description: 'paid orders of goods going down to the villages' }) downOrders: number;
  @ApiProperty() downGmvFen: number;
}

export class StatisticsClaimsDto {
  @ApiProperty({ enum: ['awaiting_seller', 'countered', 'escalated', 'resolved'] }) status: string;
  @ApiProperty({ type: String, nullable: true, enum: ['partial_refund', 'resend', 'full_refund', 'rejected'] })
  resolution: string | null;
  @ApiProperty() claims: number;
  @ApiProperty({ description: 'the amounts decided (refunds), in fen' }) amountFen: number;
}

export class StatisticsResponseDto {
  @ApiProperty({ type: String, nullable: true, example: '360722', description: 'null: every county' })
  countyCode: string | null;
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-30' }) to: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ type: [StatisticsGroupDto], description: 'every day of the period, oldest first (zeros included)' })
  byDay: StatisticsGroupDto[];
  @ApiProperty({ type: [StatisticsGroupDto] }) byCounty: StatisticsGroupDto[];
  @ApiProperty({ type: [StatisticsGroupDto], description: 'largest GMV first' }) bySeller: StatisticsGroupDto[];
  @ApiProperty({ type: [StatisticsGroupDto], description: "by the town of the seller's registered village" })
  byTown: StatisticsGroupDto[];
  @ApiProperty({
    type: [StatisticsGroupDto],
    description: 'goods value of the lines (unit price × quantity, no freight) by the listing’s category',
  })
  byCategory: StatisticsGroupDto[];
  @ApiProperty({ type: [StatisticsClaimsDto], description: 'claims opened in the period, by state and outcome' })
  claims: StatisticsClaimsDto[];
}
