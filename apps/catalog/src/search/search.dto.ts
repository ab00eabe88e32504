import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsIn,
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
import { SynonymRow } from './synonym.service';

const toArray = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : value;

export class SearchDto {
  @ApiPropertyOptional({
    example: '脐橙',
    description:
      'words to find in title, description, category and seller: Chinese (simplified or traditional), full pinyin ' +
      '(qicheng), initials (qc), everyday words (橙子); with no match, words one character off',
  })
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

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'count the matches by category, county, certification, temperature class and price band; default: true with q',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  facets?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class ListingSummaryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) coverImage: string | null;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() sellerName: string;
  @ApiProperty({ type: RatingResponseDto }) sellerRating: RatingResponseDto;
  @ApiProperty() countyCode: string;
  @ApiProperty() categoryId: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ enum: TemperatureClass }) temperatureClass: TemperatureClass;
  @ApiProperty({ enum: Certification, isArray: true }) certifications: string[];
  @ApiProperty({ nullable: true, type: String }) originVillageCode: string | null;
  @ApiProperty({ description: 'the cheapest SKU, fen' }) minPriceFen: number;
  @ApiProperty({ description: 'the dearest SKU, fen' }) maxPriceFen: number;
  @ApiProperty({ description: 'units sold, net of returns' }) salesCount: number;
  @ApiProperty() publishedAt: string;
}

export class SearchHitResponseDto extends ListingSummaryResponseDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
    description: 'where the title matched: [start, end) UTF-16 offsets into title, in order',
  })
  highlights: [number, number][];
}

export class SearchFacetsResponseDto {
  @ApiProperty({
    description:
      'listings matched: every match from the in-process index (the default); with SEARCH_ENGINE=postgres counted up ' +
      'to 2,000, and above that `exact` is false',
  })
  total: number;
  @ApiProperty({ description: 'false when there were more matches than were counted' }) exact: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'category id → count' })
  category: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'county code → count' })
  county: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'certification → count' })
  certification: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  temperatureClass: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description:
      '"from-to" in fen of the cheapest SKU ("20000-" is open-ended) → count; use as minPriceFen/maxPriceFen',
  })
  priceBand: Record<string, number>;
}

export class SearchResponseDto {
  @ApiProperty({ type: [SearchHitResponseDto] }) items: SearchHitResponseDto[];
  @ApiProperty({ type: SearchFacetsResponseDto, nullable: true, description: 'null when not asked for' })
  facets: SearchFacetsResponseDto | null;
  @ApiProperty({
    type: [String],
    description:
      '你是不是要找…: the query as the listings found spell it, when it matched only by sound or with one character off',
  })
  suggestions: string[];
  @ApiProperty({
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

export class SynonymCreateDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;

  @ApiProperty({ example: '果子', description: 'the everyday word people type' })
  @IsString()
  @MaxLength(20)
  word: string;

  @ApiProperty({ example: ['脐橙', '水果'], description: 'the catalog words it stands for' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  expansions: string[];
}

export class SynonymResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() countyCode: string;
  @ApiProperty() word: string;
  @ApiProperty({ type: [String] }) expansions: string[];
  @ApiProperty() createdAt: string;
}

export class SynonymListResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    description: 'the list shipped with the platform',
  })
  platform: Record<string, string[]>;
  @ApiProperty({ type: [SynonymResponseDto], description: "the county's own words" }) county: SynonymResponseDto[];
}

export const mapSynonym = (row: SynonymRow): SynonymResponseDto => ({
  id: row.id,
  countyCode: row.county_code,
  word: row.word,
  expansions: row.expansions,
  createdAt: new Date(row.created_at).toISOString(),
});
