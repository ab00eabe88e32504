import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ListingStatus {
  Draft = 'draft',
  Published = 'published',
  Paused = 'paused',
  Removed = 'removed',
}

/** A verified origin tag (see tag/): a listing's `certifications` are the kinds verified by county staff, unexpired. */
export enum Certification {
  GreenFood = 'green_food',
  Organic = 'organic',
  GeographicalIndication = 'geographical_indication',
  /** 消费帮扶: a product of the consumption-assistance programme (poverty-alleviation products list) */
  ConsumptionAssistance = 'consumption_assistance',
}

const decimal = {
  to: (value: number | null): number | null => value,
  from: (value: string | null): number | null => (value === null ? null : Number(value)),
};

/** A listing's gallery holds this many photos at most; the first is on every card. */
export const MAX_LISTING_PHOTOS = 9;

@Entity('listing')
export class Listing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  sellerOrgId: string;

  /** The seller's county: a listing belongs to the storefront of its seller's county. */
  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  categoryId: string;

  /** Taken from the category. */
  @Column('text')
  direction: FlowDirection;

  @Column('text')
  title: string;

  @Column('text')
  description: string;

  @Column('text', { array: true })
  images: string[];

  @Column('char', { length: 12, nullable: true })
  originVillageCode: string | null;

  @Column('text', { array: true })
  certifications: Certification[];

  @Column('int', { nullable: true })
  shelfLifeDays: number | null;

  @Column('text')
  temperatureClass: TemperatureClass;

  @Column('numeric', { precision: 4, scale: 1, nullable: true, transformer: decimal })
  temperatureMinC: number | null;

  @Column('numeric', { precision: 4, scale: 1, nullable: true, transformer: decimal })
  temperatureMaxC: number | null;

  /** Set for produce sold by weight: the accepted difference between listed and packed weight. */
  @Column('int', { nullable: true })
  weightToleranceGrams: number | null;

  @Column('text')
  status: ListingStatus;

  /** Why it was taken down (county staff) or removed. */
  @Column('text', { nullable: true })
  statusReason: string | null;

  /** Grows with every change; listing.changed carries it so consumers apply only newer snapshots. */
  @Column('int')
  version: number;

  /** When it was first published (the "newest" sort). */
  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @Column('uuid')
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A purchasable variant with its own price, weight and stock figures. */
@Entity('sku')
export class Sku {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('text')
  spec: string;

  @Column('int')
  priceFen: number;

  @Column('int')
  weightGrams: number;

  @Column('int')
  volumeMl: number;

  @Column('text', { nullable: true })
  barcode: string | null;

  /** Stock taken in, net of seller adjustments. */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  received: number;

  /** Sold units that came back (cancelled after payment, returned parcels). */
  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  restocked: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  available: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  reserved: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  sold: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
