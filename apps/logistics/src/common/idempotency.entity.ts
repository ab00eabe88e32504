import { Column, Entity } from 'typeorm';

/** An idempotent request's first answer (common/idempotency.ts). */
@Entity('idempotent_request')
export class IdempotentRequest {
  @Column('uuid', { primary: true })
  callerId: string;

  @Column('text', { primary: true })
  key: string;

  @Column('text')
  scope: string;

  @Column('json', { nullable: true })
  response: unknown;

  @Column('timestamptz')
  createdAt: Date;
}
