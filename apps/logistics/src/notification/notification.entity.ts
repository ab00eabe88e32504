import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum NotificationStatus {
  /** Kept in the table only (development channel). */
  Stored = 'stored',
  /** Waiting for the SMS gateway. */
  Pending = 'pending',
  Sent = 'sent',
  Failed = 'failed',
}

@Entity('notification')
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  shipmentId: string | null;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  channel: 'store' | 'sms';

  @Column('text')
  recipientPhone: string;

  /** ready_for_pickup, pickup_reminder, returned… */
  @Column('text')
  template: string;

  /** The template's variables (SMS providers fill them into the approved template). */
  @Column('jsonb')
  params: Record<string, string>;

  @Column('text')
  body: string;

  @Column('text')
  status: NotificationStatus;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;
}
