import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum MessageKind {
  ApplicationApproved = 'application_approved',
  ApplicationRejected = 'application_rejected',
}

/** A message to one person in the app (its words are the web app's, keyed by `kind` with `params`). */
@Entity('user_message')
export class UserMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  kind: MessageKind;

  @Column('jsonb')
  params: Record<string, string | null>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;
}
