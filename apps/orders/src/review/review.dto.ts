import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';
import { Review, SellerRating } from './review.entities';

export class ReviewCreateDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({ example: '橙子很甜，包装结实' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  comment?: string;
}

export class ReviewSearchDto extends PageQueryDto {}

export class ReviewResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() orderId: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() rating: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() createdAt: string;
}

export class SellerRatingResponseDto {
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() ratingCount: number;
  @ApiProperty({ description: 'mean of the ratings, two decimals; 0 when there are none' }) ratingAverage: number;
}

export const averageOf = (rating: Pick<SellerRating, 'ratingCount' | 'ratingSum'> | null): number =>
  rating && rating.ratingCount > 0 ? Math.round((rating.ratingSum / rating.ratingCount) * 100) / 100 : 0;

export const mapReview = (review: Review): ReviewResponseDto => ({
  id: review.id,
  orderId: review.orderId,
  sellerOrgId: review.sellerOrgId,
  rating: review.rating,
  comment: review.comment,
  createdAt: review.createdAt.toISOString(),
});

export const mapRating = (sellerOrgId: string, rating: SellerRating | null): SellerRatingResponseDto => ({
  sellerOrgId,
  ratingCount: rating?.ratingCount ?? 0,
  ratingAverage: averageOf(rating),
});
