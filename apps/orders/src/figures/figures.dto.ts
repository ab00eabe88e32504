export { CountyFiguresParamDto, FiguresQueryDto } from '@countyflow/kernel';
import { ApiProperty } from '@nestjs/swagger';

export class OrderFigureDto {
  @ApiProperty({ example: 12 }) orders: number;
  @ApiProperty({ example: 81600, description: 'sum of the orders’ totals in fen, refunds not deducted' })
  gmvFen: number;
}

export class DirectionFiguresDto {
  @ApiProperty({ type: OrderFigureDto, description: 'produce going up to the cities' }) up: OrderFigureDto;
  @ApiProperty({ type: OrderFigureDto, description: 'goods going down to the villages' }) down: OrderFigureDto;
  @ApiProperty({ type: OrderFigureDto, description: 'both directions' }) all: OrderFigureDto;
}

export class DayFiguresDto extends DirectionFiguresDto {
  @ApiProperty({ example: '2026-11-01' }) date: string;
}

export class PeriodFiguresDto extends DirectionFiguresDto {
  @ApiProperty({ example: '2025-11-01' }) from: string;
  @ApiProperty({ example: '2025-11-30' }) to: string;
}

export class GrowthDto {
  @ApiProperty({ type: Number, nullable: true, example: 0.35, description: 'null when last year had none' })
  orders: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.3512 }) gmv: number | null;
}

export class DirectionGrowthDto {
  @ApiProperty({ type: GrowthDto }) up: GrowthDto;
  @ApiProperty({ type: GrowthDto }) down: GrowthDto;
  @ApiProperty({ type: GrowthDto }) all: GrowthDto;
}

export class GrowthTargetDto {
  @ApiProperty({ example: 0.3, description: "the county's yearly GMV growth target as a ratio (county setting)" })
  targetRatio: number;
  @ApiProperty({ enum: ['default', 'county'] }) source: 'default' | 'county';
  @ApiProperty({ type: Number, nullable: true, example: 0.3512, description: 'GMV growth of both directions' })
  actualRatio: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1.1707,
    description: 'actual ÷ target growth (1 = exactly on target); null without a last-year figure or a zero target',
  })
  attainment: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'actual ≥ target; null without a last-year figure' })
  met: boolean | null;
}

export class OrderFiguresResponseDto {
  @ApiProperty({ example: '360722' }) countyCode: string;
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-30' }) to: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ type: [DayFiguresDto], description: 'every day of the period, oldest first (zeros included)' })
  days: DayFiguresDto[];
  @ApiProperty({ type: PeriodFiguresDto }) totals: PeriodFiguresDto;
  @ApiProperty({ type: PeriodFiguresDto, description: 'the same days one year earlier' })
  lastYear: PeriodFiguresDto;
  @ApiProperty({ type: DirectionGrowthDto, description: '(this period − last year) ÷ last year' })
  growth: DirectionGrowthDto;
  @ApiProperty({ type: GrowthTargetDto }) target: GrowthTargetDto;
}
