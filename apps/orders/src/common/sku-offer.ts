import { Column, PrimaryColumn } from 'typeorm';

/**
 * What a seller's offer of one SKU on its own terms holds (a pre-sale, a group deal): the SKU, its listing and seller,
 * and the title and spec copied when the offer was made, as a buyer saw them.
 */
export abstract class SkuOffer {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('uuid')
  listingId: string;

  @Column('uuid')
  skuId: string;

  @Column('text')
  title: string;

  @Column('text')
  spec: string;
}
