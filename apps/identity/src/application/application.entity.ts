import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ApplicationStatus {
  /** The applicant is filling it in (fields, licence photo, permits). */
  Draft = 'draft',
  /** Waiting in the county's review queue. */
  Submitted = 'submitted',
  /** County staff approved it: the organisation is verified. Final. */
  Approved = 'approved',
  /** County staff sent it back with a reason; the applicant may change it and submit again. */
  Rejected = 'rejected',
}

export enum PermitKind {
  /** 食品经营许可证: selling packaged food. */
  FoodBusinessLicence = 'food_business_licence',
  /** 农药经营许可证: selling pesticides. */
  PesticideOperationPermit = 'pesticide_operation_permit',
}

export interface Permit {
  kind: PermitKind;
  number: string | null;
  photoId: string | null;
}

/**
 * An organisation's application to sell (or to run a service point): who answers for it, its business licence
 * (营业执照) photo and the permits the categories it sells need. One per organisation; it goes round
 * draft → submitted → rejected → submitted … until it is approved.
 */
@Entity('seller_application')
export class SellerApplication {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { unique: true })
  orgId: string;

  @Column('text')
  status: ApplicationStatus;

  /** 法定代表人 (or the cooperative's 理事长, the farm's operator) as on the licence. */
  @Column('text')
  legalRepresentative: string;

  /** The catalog categories it means to sell; some need permits (see `requiredPermits`). */
  @Column('text', { array: true })
  categories: string[];

  /** A private photo: shown only through short-lived signed links. */
  @Column('uuid', { nullable: true })
  licencePhotoId: string | null;

  @Column('jsonb')
  permits: Permit[];

  /** Why it was rejected (the latest rejection). */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid')
  createdBy: string;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
