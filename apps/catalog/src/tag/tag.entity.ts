import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Certification } from '../listing/listing.entity';

export enum TagStatus {
  /** Declared by the seller before tags were verified (migrated); never shown, never counted. */
  Declared = 'declared',
  /** Applied for with a certificate number (and, before it can be verified, a photo of the certificate). */
  Pending = 'pending',
  Verified = 'verified',
  Rejected = 'rejected',
  /** The certificate's validity ended: the tag left the listing. */
  Expired = 'expired',
  /** The seller took the application or the tag back. */
  Withdrawn = 'withdrawn',
  /** County staff took a verified tag back, with a reason the seller sees. */
  Revoked = 'revoked',
}

/** A verified-tag application on a listing (地理标志, 绿色食品, 有机, 消费帮扶), with its certificate. */
@Entity('listing_tag')
export class ListingTag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  listingId: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  kind: Certification;

  @Column('text')
  status: TagStatus;

  @Column('text', { nullable: true })
  certificateNo: string | null;

  /** The last day the certificate is valid (China date); null for one without an end (a registered GI). */
  @Column('date', { nullable: true })
  expiresOn: string | null;

  /** The private photo of the certificate (libs/media), seen only through signed links. */
  @Column('uuid', { nullable: true })
  photoId: string | null;

  /** Why county staff rejected or revoked it. */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { nullable: true })
  appliedBy: string | null;

  @Column('timestamptz')
  appliedAt: Date;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;
}
