import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum RunStatus {
  Planned = 'planned',
  Dispatched = 'dispatched',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = [RunStatus.Planned, RunStatus.Dispatched];

/** A vehicle's loop on a date: from the hub through its stops and back. A vehicle may make several trips a day. */
@Entity('run')
export class Run {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('date')
  runDate: string;

  @Column('uuid')
  vehicleId: string;

  @Column('int')
  trip: number;

  @Column('text')
  status: RunStatus;

  @Column('boolean')
  cold: boolean;

  @Column('double precision')
  distanceKm: number;

  @Column('uuid', { nullable: true })
  plannedBy: string | null;

  @Column('timestamptz')
  plannedAt: Date;

  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}

@Entity('run_stop')
export class RunStop {
  @PrimaryColumn('uuid')
  runId: string;

  @PrimaryColumn('int')
  seq: number;

  @Column('uuid')
  nodeId: string;
}

/** A parcel on a run: dropped at or collected from a stop. */
@Entity('run_item')
export class RunItem {
  @PrimaryColumn('uuid')
  runId: string;

  @PrimaryColumn('uuid')
  shipmentId: string;

  @PrimaryColumn('text')
  action: 'drop' | 'collect';

  @Column('uuid')
  nodeId: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  weightGrams: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  volumeMl: number;

  @Column('boolean')
  cold: boolean;
}

export const RUN_ENTITIES = [Run, RunStop, RunItem];
