import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A buyer's rating of a completed order; one per order. */
@Entity('review')
export class Review {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  orderId: string;

  @Column('uuid')
  buyerId: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('int')
  rating: number;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

/** A seller's running rating, updated in the same statement that counts each review. */
@Entity('seller_rating')
export class SellerRating {
  @PrimaryColumn('uuid')
  sellerOrgId: string;

  @Column('int')
  ratingCount: number;

  @Column('int')
  ratingSum: number;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}
