import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum ExceptionKind {
  Damaged = 'damaged',
  Missing = 'missing',
  OverWeight = 'over_weight',
  Refused = 'refused',
}

/** Something wrong with a parcel, recorded where it was found; it does not move custody. */
@Entity('node_exception')
export class NodeException {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  nodeId: string;

  @Column('uuid')
  shipmentId: string;

  @Column('text')
  kind: ExceptionKind;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('bigint', { nullable: true, transformer: BIGINT_AS_NUMBER })
  weighedGrams: number | null;

  @Column('uuid')
  recordedBy: string;

  @Column('timestamptz')
  at: Date;

  @Column('uuid', { nullable: true })
  resolvedBy: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @Column('text', { nullable: true })
  resolution: string | null;
}

export const NODE_ENTITIES = [NodeException];
