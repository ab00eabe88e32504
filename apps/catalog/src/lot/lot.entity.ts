import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The producer's pledge on a compliance certificate; every item must be given for a certificate to be issued. */
export interface ProducerPledge {
  /** No banned pesticides or veterinary drugs were used. */
  noBannedSubstances: boolean;
  /** Safety intervals (days between last spraying or dosing and harvest) were kept. */
  safetyIntervalsKept: boolean;
  /** Pesticide and veterinary drug residues are within the national limits. */
  residuesWithinLimits: boolean;
}

export interface TestResult {
  item: string;
  result: string;
  passed: boolean;
  method: string | null;
  laboratory: string | null;
  testedOn: string | null;
}

const quantity = {
  to: (value: number): number => value,
  from: (value: string): number => Number(value),
};

/** How many photos a lot may carry (the harvest, the field, the packing). */
export const MAX_LOT_PHOTOS = 6;

/** A harvested lot of a listing's produce, with its compliance certificate (合格证) and public trace code. */
@Entity('produce_lot')
export class ProduceLot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('text')
  certificateNo: string;

  @Column('text')
  traceCode: string;

  @Column('text')
  productName: string;

  @Column('date')
  harvestFrom: string;

  @Column('date')
  harvestTo: string;

  @Column('numeric', { precision: 12, scale: 3, transformer: quantity })
  quantity: number;

  @Column('text')
  unit: string;

  @Column('text', { nullable: true })
  grade: string | null;

  @Column('char', { length: 12 })
  originVillageCode: string;

  @Column('text')
  producerName: string;

  @Column('text')
  contactPhone: string;

  @Column('jsonb')
  pledge: ProducerPledge;

  @Column('jsonb')
  testResults: TestResult[];

  @Column('date')
  issueDate: string;

  /** Not to be sent after this day (null: it keeps); logistics refuses hand-ins of an expired lot. */
  @Column('date', { nullable: true })
  bestBefore: string | null;

  /** Weighed off the lot at first-kilometre hand-ins (from logistics' `lot.taken`). */
  @Column('bigint', { default: 0, transformer: BIGINT_AS_NUMBER })
  takenGrams: number;

  /** Public photo URLs (`/api/catalog/media/public/<id>/large.webp`), at most `MAX_LOT_PHOTOS`, oldest first. */
  @Column('text', { array: true, default: () => "'{}'" })
  photos: string[];

  @Column('uuid')
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Where a parcel carrying the lot was scanned (from logistics' shipment.scanned). */
@Entity('lot_scan')
export class LotScan {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid')
  lotId: string;

  @Column('uuid')
  shipmentId: string;

  @Column('uuid')
  orderId: string;

  @Column('text')
  nodeCode: string;

  @Column('text')
  nodeName: string;

  @Column('text')
  kind: string;

  @Column('numeric', {
    precision: 5,
    scale: 2,
    nullable: true,
    transformer: { to: (v: unknown) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  temperatureC: number | null;

  @Column('timestamptz')
  at: Date;
}
