import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Review, SellerRating } from './review.entities';

@Injectable()
export class ReviewRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Inserts the review unless the order has one; returns whether it did. */
  async insert(manager: EntityManager, review: Omit<Review, 'createdAt'>): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO review (id, order_id, buyer_id, seller_org_id, rating, comment) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (order_id) DO NOTHING RETURNING id`,
      [review.id, review.orderId, review.buyerId, review.sellerOrgId, review.rating, review.comment],
    );
    return rows.length > 0;
  }

  /** Adds one rating to the seller's aggregate (one statement, so concurrent reviews all count). */
  async addToAggregate(manager: EntityManager, sellerOrgId: string, rating: number): Promise<SellerRating> {
    const [row] = await manager.query<{ rating_count: number; rating_sum: number; updated_at: Date }[]>(
      `INSERT INTO seller_rating (seller_org_id, rating_count, rating_sum) VALUES ($1, 1, $2)
       ON CONFLICT (seller_org_id) DO UPDATE SET rating_count = seller_rating.rating_count + 1,
         rating_sum = seller_rating.rating_sum + EXCLUDED.rating_sum, updated_at = now()
       RETURNING rating_count, rating_sum, updated_at`,
      [sellerOrgId, rating],
    );
    return { sellerOrgId, ratingCount: row.rating_count, ratingSum: row.rating_sum, updatedAt: row.updated_at };
  }

  findByOrder(orderId: string): Promise<Review | null> {
    return this.db.manager.getRepository(Review).findOneBy({ orderId });
  }

  rating(sellerOrgId: string): Promise<SellerRating | null> {
    return this.db.manager.getRepository(SellerRating).findOneBy({ sellerOrgId });
  }

  listForSeller(sellerOrgId: string, limit: number, offset: number): Promise<Review[]> {
    return this.db.manager
      .getRepository(Review)
      .find({ where: { sellerOrgId }, order: { createdAt: 'DESC' }, take: limit, skip: offset });
  }
}
