import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ReviewCreateDto, ReviewResponseDto, ReviewSearchDto, SellerRatingResponseDto } from './review.dto';
import { ReviewService } from './review.service';

const uuid = new ParseUUIDPipe();

@ApiTags('reviews')
@ApiExtraModels(ReviewResponseDto, SellerRatingResponseDto)
@Controller()
export class ReviewController {
  constructor(private readonly service: ReviewService) {}

  @ApiBearerAuth()
  @Post('orders/:id/review')
  @ApiOperation({
    summary: 'The buyer rates a completed order once (1–5 stars) → review.posted with the seller rating',
  })
  @ApiCreatedResponse({
    schema: { allOf: [{ $ref: getSchemaPath(ReviewResponseDto) }, { $ref: getSchemaPath(SellerRatingResponseDto) }] },
  })
  post(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ReviewCreateDto,
  ): Promise<ReviewResponseDto & SellerRatingResponseDto> {
    return this.service.post(principal, id, dto);
  }

  @Public()
  @Get('sellers/:orgId/rating')
  @ApiOperation({ summary: "A seller's rating: count and average" })
  @ApiOkResponse({ type: SellerRatingResponseDto })
  rating(@Param('orgId', uuid) orgId: string): Promise<SellerRatingResponseDto> {
    return this.service.rating(orgId);
  }

  @Public()
  @Get('sellers/:orgId/reviews')
  @ApiOperation({ summary: "A seller's reviews, newest first" })
  @ApiOkResponse({ type: [ReviewResponseDto] })
  list(@Param('orgId', uuid) orgId: string, @Query() search: ReviewSearchDto): Promise<ReviewResponseDto[]> {
    return this.service.list(orgId, search);
  }
}
