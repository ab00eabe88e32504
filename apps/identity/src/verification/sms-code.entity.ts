import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SmsCodePurpose, SmsCodeStatus } from './sms-code-state';

/** A one-time code sent to a phone; only its HMAC is stored, and only the newest issued one per purpose counts. */
@Entity('sms_code')
export class SmsCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  phone: string;

  @Column('text')
  purpose: SmsCodePurpose;

  /** HMAC-SHA256 of purpose, phone and code under the service's secret. */
  @Column('text')
  codeHash: string;

  @Column('text')
  status: SmsCodeStatus;

  /** Guesses made against this code, right or wrong. */
  @Column('integer')
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;
}
