import { FlowDirection, TemperatureRequirement } from '@countyflow/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from '../common/columns';
import { OrgCopyStatus } from '../organisation/org-copy.entity';

/** Orders' own copy of a catalog listing, kept current by listing.changed (newer versions only). */
@Entity('listing_copy')
export class ListingCopy {
  @PrimaryColumn('uuid')
  listingId: string;

  @Column('int')
  version: number;

  @Column('uuid')
  sellerOrgId: string;

  @Column('text')
  sellerName: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  direction: FlowDirection;

  @Column('text')
  title: string;

  @Column('boolean')
  purchasable: boolean;

  @Column('text')
  status: string;

  @Column('jsonb')
  temperature: TemperatureRequirement;

  @Column('char', { length: 12, nullable: true })
  originVillageCode: string | null;

  @Column('int', { nullable: true })
  weightToleranceGrams: number | null;

  /** Catalog's category id (for the statistics export); null on copies made before events carried it. */
  @Column('text', { nullable: true })
  categoryId: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

@Entity('sku_copy')
export class SkuCopy {
  @PrimaryColumn('uuid')
  skuId: string;

  @Column('uuid')
  listingId: string;

  @Column('text')
  spec: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  priceFen: number;

  @Column('int')
  weightGrams: number;

  @Column('int')
  volumeMl: number;

  @Column('text', { nullable: true })
  barcode: string | null;

  /** No longer in the listing's latest version. */
  @Column('boolean', { default: false })
  removed: boolean;
}

/** A SKU with the listing it belongs to and the seller's standing (if identity told orders), as checkout needs it. */
export interface SkuOffer {
  sku: SkuCopy;
  listing: ListingCopy;
  seller: { name: string; villageCode: string | null; status: OrgCopyStatus } | null;
}
