import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimal } from '../decimal.validator';
import { RatingResponseDto } from '../seller/seller.dto';
import { Certification, Listing, ListingStatus, Sku } from './listing.entity';

/** A gallery entry: a photo uploaded to catalog (`POST /listings/{id}/photos`) or an image elsewhere on the web. */
const IMAGE_REF = /^(\/api\/catalog\/media\/public\/[0-9a-f-]{36}\/large\.webp|https?:\/\/[^\s/]+\.[^\s]+)$/;

export class TemperatureDto {
  @ApiProperty({
    enum: TemperatureClass,
    description: 'ambient; chilled 0–4 °C; frozen ≤ −18 °C; range: give minC/maxC',
  })
  @IsEnum(TemperatureClass)
  class: TemperatureClass;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 12, description: 'only with class "range"' })
  @IsOptional()
  @IsDecimal(1, { message: 'minC must be a number of °C with at most one decimal' })
  @Min(-60)
  @Max(60)
  minC?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 14, description: 'only with class "range"' })
  @IsOptional()
  @IsDecimal(1, { message: 'maxC must be a number of °C with at most one decimal' })
  @Min(-60)
  @Max(60)
  maxC?: number | null;
}

export class SkuCreateDto {
  @ApiProperty({ example: '5斤装 果径75mm+' })
  @IsString()
  @Length(1, 60)
  spec: string;

  @ApiProperty({ example: 5990, description: 'unit price in integer fen (5990 = ¥59.90)' })
  @IsInt({ message: 'priceFen must be a whole number of fen' })
  @Min(1, { message: 'priceFen must be at least 1 fen' })
  @Max(100_000_000)
  priceFen: number;

  @ApiProperty({ example: 2500, description: 'shipping weight in grams' })
  @IsInt({ message: 'weightGrams must be a whole number of grams' })
  @Min(1, { message: 'weightGrams must be at least 1 gram' })
  @Max(1_000_000)
  weightGrams: number;

  @ApiProperty({ example: 6000, description: 'packed volume in millilitres' })
  @IsInt({ message: 'volumeMl must be a whole number of millilitres' })
  @Min(0)
  @Max(10_000_000)
  volumeMl: number;

  @ApiPropertyOptional({ example: '6901234567892', nullable: true, type: String })
  @IsOptional()
  @Matches(/^\d{8,14}$/, { message: 'barcode must be 8 to 14 digits (EAN/GTIN)' })
  barcode?: string | null;

  @ApiPropertyOptional({ example: 100, default: 0, description: 'units in stock to start with (ledger: received)' })
  @IsOptional()
  @IsInt({ message: 'initialStock must be a whole number of units' })
  @Min(0, { message: 'initialStock cannot be negative' })
  @Max(10_000_000)
  initialStock?: number;
}

export class SkuUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 60)
  spec?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'priceFen must be a whole number of fen' })
  @Min(1, { message: 'priceFen must be at least 1 fen' })
  @Max(100_000_000)
  priceFen?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'weightGrams must be a whole number of grams' })
  @Min(1, { message: 'weightGrams must be at least 1 gram' })
  @Max(1_000_000)
  weightGrams?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'volumeMl must be a whole number of millilitres' })
  @Min(0)
  @Max(10_000_000)
  volumeMl?: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Matches(/^\d{8,14}$/, { message: 'barcode must be 8 to 14 digits (EAN/GTIN)' })
  barcode?: string | null;
}

class ListingFieldsDto {
  @ApiProperty({ example: '赣南脐橙 5斤装 产地直发' })
  @IsString()
  @Length(2, 60)
  title: string;

  @ApiPropertyOptional({ example: '信丰安西镇果园现摘，果肉细嫩化渣。' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['https://img.example.cn/orange-1.jpg'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @Matches(IMAGE_REF, { each: true, message: 'each image must be a photo uploaded here or an http(s) URL' })
  images?: string[];

  @ApiPropertyOptional({
    example: '360722100201',
    nullable: true,
    type: String,
    description: '12-digit village code in the seller’s county',
  })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'originVillageCode must be a 12-digit village code' })
  originVillageCode?: string | null;

  @ApiPropertyOptional({ example: 30, nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  shelfLifeDays?: number | null;

  @ApiProperty({ type: TemperatureDto })
  @ValidateNested()
  @Type(() => TemperatureDto)
  temperature: TemperatureDto;

  @ApiPropertyOptional({
    example: 200,
    nullable: true,
    type: Number,
    description: 'produce sold by weight: accepted difference between listed and packed weight, in grams',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  weightToleranceGrams?: number | null;
}

export class ListingCreateDto extends ListingFieldsDto {
  @ApiProperty({ description: 'the selling organisation; you must be its owner or staff' })
  @IsUUID()
  sellerOrgId: string;

  @ApiProperty({ example: 'citrus' })
  @IsString()
  @MaxLength(60)
  categoryId: string;

  @ApiPropertyOptional({ type: [SkuCreateDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SkuCreateDto)
  skus?: SkuCreateDto[];
}

export class ListingUpdateDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(60)
  categoryId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 60)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @Matches(IMAGE_REF, { each: true, message: 'each image must be a photo uploaded here or an http(s) URL' })
  images?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'originVillageCode must be a 12-digit village code' })
  originVillageCode?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  shelfLifeDays?: number | null;

  @ApiPropertyOptional({ type: TemperatureDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TemperatureDto)
  temperature?: TemperatureDto;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  weightToleranceGrams?: number | null;
}

export class ListingReasonDto {
  @ApiProperty({ example: '标题与实物不符' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class ListingRemoveDto {
  @ApiPropertyOptional({ example: '本季已售罄' })
  @IsOptional()
  @IsString()
  @Length(2, 500)
  reason?: string;
}

export class ListingListDto {
  @ApiProperty({ description: 'the selling organisation (members and county staff)' })
  @IsUUID()
  sellerOrgId: string;

  @ApiPropertyOptional({ enum: ListingStatus })
  @IsOptional()
  @IsEnum(ListingStatus)
  status?: ListingStatus;
}

export class SkuResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() spec: string;
  @ApiProperty({ description: 'fen' }) priceFen: number;
  @ApiProperty() weightGrams: number;
  @ApiProperty() volumeMl: number;
  @ApiProperty({ nullable: true, type: String }) barcode: string | null;
  @ApiProperty({ description: 'units that can be ordered now' }) available: number;
  @ApiProperty({ description: 'units sold in paid orders, net of units that came back (docs/catalog.md)' })
  salesCount: number;
}

export class TemperatureResponseDto {
  @ApiProperty({ enum: TemperatureClass }) class: TemperatureClass;
  @ApiProperty({ nullable: true, type: Number }) minC: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxC: number | null;
}

export class ListingResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() sellerName: string;
  @ApiProperty({ type: RatingResponseDto }) sellerRating: RatingResponseDto;
  @ApiProperty() countyCode: string;
  @ApiProperty() categoryId: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String] }) images: string[];
  @ApiProperty({ nullable: true, type: String }) originVillageCode: string | null;
  @ApiProperty({
    enum: Certification,
    isArray: true,
    description: 'verified, unexpired tags only (a seller applies for them: POST /listings/{id}/tags)',
  })
  certifications: Certification[];
  @ApiProperty({ nullable: true, type: Number }) shelfLifeDays: number | null;
  @ApiProperty({ type: TemperatureResponseDto }) temperature: TemperatureResponseDto;
  @ApiProperty({ nullable: true, type: Number }) weightToleranceGrams: number | null;
  @ApiProperty({ enum: ListingStatus }) status: ListingStatus;
  @ApiProperty({ nullable: true, type: String }) statusReason: string | null;
  @ApiProperty({ description: 'published and its seller verified: can be ordered now' }) purchasable: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [SkuResponseDto] }) skus: SkuResponseDto[];
  @ApiProperty({
    description: "units sold in paid orders, net of units that came back: the sum of its SKUs' (the card's 已售)",
  })
  salesCount: number;
}

export const mapSku = (sku: Sku): SkuResponseDto => ({
  id: sku.id,
  spec: sku.spec,
  priceFen: sku.priceFen,
  weightGrams: sku.weightGrams,
  volumeMl: sku.volumeMl,
  barcode: sku.barcode,
  available: sku.available,
  salesCount: sku.sold - sku.restocked,
});

export interface ListingView {
  listing: Listing;
  skus: Sku[];
  seller: { name: string; ratingAverage: number | null; ratingCount: number };
  purchasable: boolean;
}

export const mapListing = ({ listing, skus, seller, purchasable }: ListingView): ListingResponseDto => ({
  id: listing.id,
  sellerOrgId: listing.sellerOrgId,
  sellerName: seller.name,
  sellerRating: { average: seller.ratingAverage, count: seller.ratingCount },
  countyCode: listing.countyCode,
  categoryId: listing.categoryId,
  direction: listing.direction,
  title: listing.title,
  description: listing.description,
  images: listing.images,
  originVillageCode: listing.originVillageCode,
  certifications: listing.certifications,
  shelfLifeDays: listing.shelfLifeDays,
  temperature: { class: listing.temperatureClass, minC: listing.temperatureMinC, maxC: listing.temperatureMaxC },
  weightToleranceGrams: listing.weightToleranceGrams,
  status: listing.status,
  statusReason: listing.statusReason,
  purchasable,
  version: listing.version,
  publishedAt: listing.publishedAt?.toISOString() ?? null,
  createdAt: listing.createdAt.toISOString(),
  updatedAt: listing.updatedAt.toISOString(),
  skus: skus.map(mapSku),
  salesCount: skus.reduce((sum, sku) => sum + sku.sold - sku.restocked, 0),
});
