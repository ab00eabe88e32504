import { EventName } from '@countyflow/contracts';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An event written in the same transaction as the state change that caused it; the relay sends it on. */
@Entity('outbox')
export class OutboxEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Index({ unique: true })
  @Column('uuid')
  id: string;

  @Column('text')
  name: EventName;

  @Column('jsonb')
  payload: unknown;

  @Column('text', { nullable: true })
  correlationId: string | null;

  @Column('text', { nullable: true })
  causationId: string | null;

  /** The W3C `traceparent` of the span that published the event (null with tracing off). */
  @Column('text', { nullable: true })
  traceParent: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;
}

/** The inbox: one row per event a service has handled, written in the handler's own transaction. */
@Entity('processed_event')
export class ProcessedEvent {
  @PrimaryColumn('uuid')
  eventId: string;

  @Column('text')
  name: string;

  @Column('timestamptz', { default: () => 'now()' })
  processedAt: Date;
}

export enum DeadLetterStatus {
  Dead = 'dead',
  Replayed = 'replayed',
}

/** An event whose handler failed on every attempt; platform admins list and replay these. */
@Entity('dead_letter')
export class DeadLetter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  eventId: string;

  @Column('text')
  name: string;

  @Column('jsonb')
  envelope: unknown;

  @Column('text')
  error: string;

  @Column('int')
  attempts: number;

  @Column('text')
  status: DeadLetterStatus;

  @Column('int', { default: 0 })
  replayCount: number;

  @Column('timestamptz', { default: () => 'now()' })
  failedAt: Date;

  @Column('timestamptz', { nullable: true })
  replayedAt: Date | null;
}

export const MESSAGING_ENTITIES = [OutboxEntry, ProcessedEvent, DeadLetter];
