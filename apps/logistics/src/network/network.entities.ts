import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum NodeLevel {
  CountyHub = 'county_hub',
  TownStation = 'town_station',
  VillagePoint = 'village_point',
}

/** What the node is built on ("one point, many functions"). */
export enum HostType {
  CountyWarehouse = 'county_warehouse',
  PostStation = 'post_station',
  ExpressStation = 'express_station',
  VillageShop = 'village_shop',
  YinongAgency = 'yinong_agency',
  VillageCommittee = 'village_committee',
  SupplyCoop = 'supply_coop',
  Other = 'other',
}

export enum VehicleKind {
  Van = 'van',
  Truck = 'truck',
  Bus = 'bus',
}

export enum RouteKind {
  /** A vehicle's loop from the hub, planned day by day. */
  Run = 'run',
  /** A scheduled passenger bus that carries parcels on its timetable. */
  ScheduledBus = 'scheduled_bus',
}

/** A place in the county network: the hub (6-digit code), a town station (9) or a village service point (12). */
@Entity('node')
export class NetworkNode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 12 })
  code: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  level: NodeLevel;

  @Column('text')
  name: string;

  @Column('uuid', { nullable: true })
  parentId: string | null;

  @Column('double precision')
  latitude: number;

  @Column('double precision')
  longitude: number;

  @Column('text')
  hostType: HostType;

  /** e.g. "08:00-20:00"; free text for irregular hours. */
  @Column('text')
  openingHours: string;

  /** The organisation (identity) whose operators run the node: a service point, or the county office for the hub. */
  @Column('uuid', { nullable: true })
  operatorOrgId: string | null;

  @Column('int')
  shelves: number;

  @Column('int')
  layers: number;

  /** How many parcels one shelf layer holds. */
  @Column('int')
  slotCapacity: number;

  @Column('boolean')
  coldStorage: boolean;

  @Column('int', { nullable: true })
  coldCapacityLitres: number | null;

  @Column('boolean')
  active: boolean;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}

@Entity('vehicle')
export class Vehicle {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  plate: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: VehicleKind;

  @Column('int')
  capacityKg: number;

  @Column('int')
  capacityLitres: number;

  @Column('boolean')
  refrigerated: boolean;

  @Column('boolean')
  active: boolean;

  /** The hub organisation's member (role `driver`) who drives it; they see and work its runs. */
  @Column('uuid', { nullable: true })
  driverUserId: string | null;

  @Column('timestamptz')
  createdAt: Date;
}

export interface TimetableEntry {
  nodeId: string;
  /** HH:MM, local time. */
  departs: string;
}

/** Which vehicle serves which towns and villages on which weekdays (a town covers its villages). */
@Entity('route')
export class Route {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('uuid')
  vehicleId: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: RouteKind;

  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  @Column('int', { array: true })
  weekdays: number[];

  @Column('uuid', { array: true })
  nodeIds: string[];

  @Column('jsonb', { nullable: true })
  timetable: TimetableEntry[] | null;

  @Column('boolean')
  active: boolean;

  @Column('timestamptz')
  createdAt: Date;
}

/** Rules that differ between counties (DOMAIN.md: retention 3–7 days, reminders, attempt limits). */
@Entity('county_settings')
export class CountySettings {
  @PrimaryColumn('char', { length: 6 })
  countyCode: string;

  @Column('int')
  retentionDays: number;

  @Column('int')
  reminderHoursBefore: number;

  @Column('int')
  pickupMaxAttempts: number;

  @Column('int')
  pickupWindowMinutes: number;

  @Column('int')
  pickupLockMinutes: number;

  @Column('uuid', { nullable: true })
  updatedBy: string | null;

  @Column('timestamptz')
  updatedAt: Date;
}

export const DEFAULT_COUNTY_SETTINGS = {
  retentionDays: 5,
  reminderHoursBefore: 24,
  pickupMaxAttempts: 5,
  pickupWindowMinutes: 60,
  pickupLockMinutes: 30,
} as const;

export const NETWORK_ENTITIES = [NetworkNode, Vehicle, Route, CountySettings];
