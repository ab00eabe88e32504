import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export class CountySettingUpdateDto {
  @ApiPropertyOptional({ example: 300, description: 'assisted-order commission in basis points (300 = 3%)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5000)
  commissionRateBp?: number;

  @ApiPropertyOptional({ example: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  claimWindowHours?: number;

  @ApiPropertyOptional({ example: 48 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  claimResponseHours?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowCrossCountyServicePoint?: boolean;

  @ApiPropertyOptional({ example: 3000, description: 'yearly GMV growth target in basis points (3000 = 30%)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  growthTargetBp?: number;

  @ApiPropertyOptional({ example: 7, description: 'receipt confirms itself this many days after delivery or pickup' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  autoConfirmDays?: number;
}

export class CountySettingResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty() commissionRateBp: number;
  @ApiProperty() claimWindowHours: number;
  @ApiProperty() claimResponseHours: number;
  @ApiProperty() allowCrossCountyServicePoint: boolean;
  @ApiProperty({ description: 'yearly GMV growth target in basis points (default 3000 = 30%)' })
  growthTargetBp: number;
  @ApiProperty({ description: 'receipt confirms itself this many days after delivery or pickup (default 7)' })
  autoConfirmDays: number;
  @ApiProperty({ enum: ['default', 'county'], description: 'whether the county set these or they are the defaults' })
  source: 'default' | 'county';
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
}
