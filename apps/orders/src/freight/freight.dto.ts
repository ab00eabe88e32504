import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { FreightTemplate } from './freight.entity';

export class FreightRegionDto {
  @ApiProperty({ example: ['广东省', '广西壮族自治区'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(34)
  @IsString({ each: true })
  @Length(2, 20, { each: true })
  provinces: string[];

  @ApiProperty({ example: 1200 }) @IsInt() @Min(0) @Max(100_000) firstKgFen: number;
  @ApiProperty({ example: 600 }) @IsInt() @Min(0) @Max(100_000) additionalKgFen: number;
}

export class FreightTemplateUpdateDto {
  @ApiProperty({ example: 800, description: 'first kilogram, for provinces no region lists' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  firstKgFen: number;

  @ApiProperty({ example: 300, description: 'each further started kilogram' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  additionalKgFen: number;

  @ApiProperty({ type: [FreightRegionDto], description: 'other rates for the listed destination provinces' })
  @IsArray()
  @ArrayMaxSize(34)
  @ValidateNested({ each: true })
  @Type(() => FreightRegionDto)
  regions: FreightRegionDto[];

  @ApiPropertyOptional({
    example: 19_900,
    nullable: true,
    type: Number,
    description: 'goods of at least this much ship free',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  freeAboveFen?: number | null;

  @ApiProperty({ example: 1000, description: 'added for chilled, frozen and temperature-range orders' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  coldChainSurchargeFen: number;

  @ApiProperty({ example: 0, description: 'pickup at a village service point (0 = free)' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  pickupFeeFen: number;
}

export class FreightTemplateResponseDto extends FreightTemplateUpdateDto {
  @ApiProperty() sellerOrgId: string;
  @ApiProperty({ nullable: true, type: Number }) declare freeAboveFen: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: no template yet, the seller ships free' })
  updatedAt: string | null;
}

export const mapFreightTemplate = (template: FreightTemplate): FreightTemplateResponseDto => ({
  sellerOrgId: template.sellerOrgId,
  firstKgFen: template.firstKgFen,
  additionalKgFen: template.additionalKgFen,
  regions: template.regions,
  freeAboveFen: template.freeAboveFen,
  coldChainSurchargeFen: template.coldChainSurchargeFen,
  pickupFeeFen: template.pickupFeeFen,
  updatedAt: template.updatedAt.toISOString(),
});

export class SellerQuoteResponseDto {
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() sellerName: string;
  @ApiProperty() goodsFen: number;
  @ApiProperty() weightGrams: number;
  @ApiProperty() freightFen: number;
  @ApiProperty({
    description: 'taken off by the coupons picked (the shop’s own and its share of a platform/county one)',
  })
  discountFen: number;
  @ApiProperty({ description: 'goods + freight − discount: what this seller’s order will cost' }) totalFen: number;
}

export class QuoteResponseDto {
  @ApiProperty({ type: [SellerQuoteResponseDto] }) sellers: SellerQuoteResponseDto[];
  @ApiProperty() goodsFen: number;
  @ApiProperty() freightFen: number;
  @ApiProperty() discountFen: number;
  @ApiProperty() totalFen: number;
}
