import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A parcel handed to an express carrier for the city leg. */
@Entity('carrier_booking')
export class CarrierBooking {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @Column('text')
  carrier: string;

  @Column('text')
  waybillNo: string;

  @Column('text')
  status: 'booked' | 'delivered';

  @Column('timestamptz')
  bookedAt: Date;

  /** When the simulated carrier will confirm delivery (null for real carriers, which call us). */
  @Column('timestamptz', { nullable: true })
  confirmAfter: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  /**
   * When the carrier accepted the tracking subscription (the simulator needs none: at booking). Null: pending, made
   * after the hand-over commits and retried by the sweep until the carrier takes it.
   */
  @Column('timestamptz', { nullable: true })
  subscribedAt: Date | null;

  @Column('int', { default: 0 })
  subscribeAttempts: number;

  /** Why the last attempt to subscribe failed (the carrier's words), while pending. */
  @Column('text', { nullable: true })
  subscribeError: string | null;
}
