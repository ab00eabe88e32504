import { Principal } from '@countyflow/auth';
import { EventName } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OrderStatus } from '../order/order-state';
import { assertBuyer } from '../order/order.access';
import { OrderRepository } from '../order/order.repository';
import {
  averageOf,
  mapRating,
  mapReview,
  ReviewCreateDto,
  ReviewResponseDto,
  ReviewSearchDto,
  SellerRatingResponseDto,
} from './review.dto';
import { ReviewRepository } from './review.repository';

/** One review per completed order; the seller's aggregate goes to catalog as review.posted. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly reviews: ReviewRepository,
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
  ) {}

  async post(
    principal: Principal,
    orderId: string,
    dto: ReviewCreateDto,
  ): Promise<ReviewResponseDto & SellerRatingResponseDto> {
    const order = await this.orders.find(orderId, this.db.manager);
    assertBuyer(principal, order, orderId);
    if (order.status !== OrderStatus.Completed) {
      throw new Problem(409, 'not-completed', `order ${orderId} is ${order.status}; completed orders are reviewed`);
    }
    const id = randomUUID();
    const aggregate = await this.db.withTransaction(async (manager) => {
      const inserted = await this.reviews.insert(manager, {
        id,
        orderId,
        buyerId: order.buyerId,
        sellerOrgId: order.sellerOrgId,
        rating: dto.rating,
        comment: dto.comment?.trim() ?? null,
      });
      if (!inserted) {
        return null;
      }
      const rating = await this.reviews.addToAggregate(manager, order.sellerOrgId, dto.rating);
      await this.events.publish(manager, EventName.ReviewPosted, {
        orderId,
        sellerOrgId: order.sellerOrgId,
        rating: dto.rating,
        sellerRatingCount: rating.ratingCount,
        sellerRatingAverage: averageOf(rating),
      });
      return rating;
    });
    if (!aggregate) {
      throw new Problem(409, 'already-reviewed', `order ${orderId} has been reviewed; a review is posted once`);
    }
    const review = (await this.reviews.findByOrder(orderId))!;
    return { ...mapReview(review), ...mapRating(order.sellerOrgId, aggregate), sellerOrgId: order.sellerOrgId };
  }

  async rating(sellerOrgId: string): Promise<SellerRatingResponseDto> {
    return mapRating(sellerOrgId, await this.reviews.rating(sellerOrgId));
  }

  async list(sellerOrgId: string, search: ReviewSearchDto): Promise<ReviewResponseDto[]> {
    return (await this.reviews.listForSeller(sellerOrgId, search.limit ?? 50, search.offset ?? 0)).map(mapReview);
  }
}
