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
}

export class CountySettingResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty() commissionRateBp: number;
  @ApiProperty() claimWindowHours: number;
  @ApiProperty() claimResponseHours: number;
  @ApiProperty() allowCrossCountyServicePoint: boolean;
  @ApiProperty({ enum: ['default', 'county'], description: 'whether the county set these or they are the defaults' })
  source: 'default' | 'county';
  @ApiPropertyOptional({ nullable: true, type: String }) updatedAt: string | null;
}
