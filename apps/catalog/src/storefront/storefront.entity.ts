import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum StorefrontStatus {
  Draft = 'draft',
  Open = 'open',
  Closed = 'closed',
}

/** A county's own shop window, run by its county staff. */
@Entity('storefront')
export class Storefront {
  @PrimaryColumn('char', { length: 6 })
  countyCode: string;

  @Column('text')
  name: string;

  @Column('text')
  introduction: string;

  @Column('text', { nullable: true })
  bannerUrl: string | null;

  @Column('text', { nullable: true })
  logoUrl: string | null;

  @Column('text', { array: true })
  featuredCategoryIds: string[];

  @Column('uuid', { array: true })
  featuredListingIds: string[];

  @Column('text')
  status: StorefrontStatus;

  @Column('uuid')
  createdBy: string;

  @Column('uuid')
  updatedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
