import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Certification } from '../listing/listing.entity';
import { RatingResponseDto } from '../seller/seller.dto';
import { SearchSort } from './search-query';
import { ListingSummaryRow } from './search.repository';

const toArray = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

export class SearchDto {
  @ApiPropertyOptional({ example: '脐橙', description: 'words to find in title, description, category and seller' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ example: '360722' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ example: 'fruit', description: 'the category or any of its sub-categories' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  categoryId?: string;

  @ApiPropertyOptional({ enum: FlowDirection })
  @IsOptional()
  @IsEnum(FlowDirection)
  direction?: FlowDirection;

  @ApiPropertyOptional({ example: 1000, description: 'some SKU costs at least this (fen)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minPriceFen must be a whole number of fen' })
  @Min(0)
  @Max(100_000_000)
  minPriceFen?: number;

  @ApiPropertyOptional({ example: 9900, description: 'some SKU costs at most this (fen)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'maxPriceFen must be a whole number of fen' })
  @Min(0)
  @Max(100_000_000)
  maxPriceFen?: number;

  @ApiPropertyOptional({ enum: TemperatureClass })
  @IsOptional()
  @IsEnum(TemperatureClass)
  temperatureClass?: TemperatureClass;

  @ApiPropertyOptional({
    enum: Certification,
    isArray: true,
    description: 'comma-separated; listings holding all of them',
  })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(Certification, { each: true })
  certification?: Certification[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  sellerOrgId?: string;

  @ApiPropertyOptional({ enum: SearchSort, description: 'default: relevance with q, newest without' })
  @IsOptional()
  @IsEnum(SearchSort)
  sort?: SearchSort;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ListingSummaryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String }) coverImage: string | null;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() sellerName: string;
  @ApiProperty({ type: RatingResponseDto }) sellerRating: RatingResponseDto;
  @ApiProperty() countyCode: string;
  @ApiProperty() categoryId: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ enum: TemperatureClass }) temperatureClass: TemperatureClass;
  @ApiProperty({ enum: Certification, isArray: true }) certifications: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) originVillageCode: string | null;
  @ApiProperty({ description: 'the cheapest SKU, fen' }) minPriceFen: number;
  @ApiProperty({ description: 'the dearest SKU, fen' }) maxPriceFen: number;
  @ApiProperty({ description: 'units sold, net of returns' }) salesCount: number;
  @ApiProperty() publishedAt: string;
}

export class SearchResponseDto {
  @ApiProperty({ type: [ListingSummaryResponseDto] }) items: ListingSummaryResponseDto[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'pass as cursor for the next page; null at the end',
  })
  nextCursor: string | null;
}

export const mapListingSummary = (row: ListingSummaryRow): ListingSummaryResponseDto => ({
  id: row.listing_id,
  title: row.title,
  coverImage: row.cover_image,
  sellerOrgId: row.seller_org_id,
  sellerName: row.seller_name,
  sellerRating: { average: row.rating_average === null ? null : Number(row.rating_average), count: row.rating_count },
  countyCode: row.county_code,
  categoryId: row.category_id,
  direction: row.direction,
  temperatureClass: row.temperature_class,
  certifications: row.certifications,
  originVillageCode: row.origin_village_code,
  minPriceFen: row.min_price_fen,
  maxPriceFen: row.max_price_fen,
  salesCount: row.sales_count,
  publishedAt: new Date(row.published_at).toISOString(),
});
