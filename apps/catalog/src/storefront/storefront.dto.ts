import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { CategoryResponseDto } from '../category/category.dto';
import { ListingSummaryResponseDto } from '../search/search.dto';
import { SellerResponseDto } from '../seller/seller.dto';
import { Storefront, StorefrontStatus } from './storefront.entity';

const URL_OPTIONS = { protocols: ['https', 'http'], require_protocol: true };

class StorefrontFieldsDto {
  @ApiPropertyOptional({ example: '中国脐橙之乡，赣南脐橙核心产区。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  introduction?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'bannerUrl must be a URL' })
  bannerUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'logoUrl must be a URL' })
  logoUrl?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['citrus', 'tea'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsString({ each: true })
  featuredCategoryIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'listings of sellers in this county' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(24)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  featuredListingIds?: string[];
}

export class StorefrontUpdateDto extends StorefrontFieldsDto {
  @ApiPropertyOptional({ example: '信丰县农特产品馆' })
  @IsOptional()
  @IsString()
  @Length(2, 50)
  name?: string;
}

export class StorefrontCreateDto extends StorefrontFieldsDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;

  @ApiProperty({ example: '信丰县农特产品馆' })
  @IsString()
  @Length(2, 50)
  name: string;
}

export class StorefrontResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty() name: string;
  @ApiProperty() introduction: string;
  @ApiProperty({ nullable: true, type: String }) bannerUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) logoUrl: string | null;
  @ApiProperty({ type: [String] }) featuredCategoryIds: string[];
  @ApiProperty({ type: [String] }) featuredListingIds: string[];
  @ApiProperty({ enum: StorefrontStatus }) status: StorefrontStatus;
  @ApiProperty() updatedAt: string;
}

export class StorefrontViewResponseDto extends StorefrontResponseDto {
  @ApiProperty({ type: [SellerResponseDto], description: "the county's verified sellers" })
  sellers: SellerResponseDto[];
  @ApiProperty({ type: [CategoryResponseDto] }) featuredCategories: CategoryResponseDto[];
  @ApiProperty({ type: [ListingSummaryResponseDto], description: 'featured listings that are public now' })
  featuredListings: ListingSummaryResponseDto[];
  @ApiProperty({ type: [ListingSummaryResponseDto], description: "the county's newest public listings" })
  newestListings: ListingSummaryResponseDto[];
}

export const mapStorefront = (storefront: Storefront): StorefrontResponseDto => ({
  countyCode: storefront.countyCode,
  name: storefront.name,
  introduction: storefront.introduction,
  bannerUrl: storefront.bannerUrl,
  logoUrl: storefront.logoUrl,
  featuredCategoryIds: storefront.featuredCategoryIds,
  featuredListingIds: storefront.featuredListingIds,
  status: storefront.status,
  updatedAt: storefront.updatedAt.toISOString(),
});
