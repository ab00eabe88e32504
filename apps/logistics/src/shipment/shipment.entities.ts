import { Destination, FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum ShipmentStatus {
  /** Created; the seller still has it (produce not yet handed in, goods not yet at the hub). */
  AwaitingHandover = 'awaiting_handover',
  AtNode = 'at_node',
  InTransit = 'in_transit',
  ReadyForPickup = 'ready_for_pickup',
  WithCarrier = 'with_carrier',
  Delivered = 'delivered',
  /** Not collected in time: on its way back to the sender. */
  Returning = 'returning',
  /** Back at the hub for the sender. */
  Returned = 'returned',
  Cancelled = 'cancelled',
}

export const CLOSED_STATUSES: readonly ShipmentStatus[] = [
  ShipmentStatus.Delivered,
  ShipmentStatus.Returned,
  ShipmentStatus.Cancelled,
];

/** Who holds the parcel right now. Exactly one, always. */
export enum CustodyKind {
  Seller = 'seller',
  Node = 'node',
  Vehicle = 'vehicle',
  Carrier = 'carrier',
  Recipient = 'recipient',
}

export enum ScanKind {
  /** First kilometre: the cooperative hands produce in at its village point (weighed, trace codes scanned). */
  HandedIn = 'handed_in',
  Arrived = 'arrived',
  Departed = 'departed',
  HandedToCarrier = 'handed_to_carrier',
  /** The recipient (or their agent) collected it at the village point. */
  Collected = 'collected',
  CarrierDelivered = 'carrier_delivered',
  /** A run came back with a parcel it could not drop: back into the custody of the node it left. */
  BroughtBack = 'brought_back',
  /** Retention ran out: the parcel left the shelf to go back to the sender. */
  ReturnStarted = 'return_started',
}

export interface ShipmentLine {
  skuId: string;
  listingId: string;
  title: string;
  quantity: number;
  weightGrams: number;
  volumeMl: number;
}

/** One order's parcel on its way through the network. */
@Entity('shipment')
export class Shipment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orderId: string;

  @Column('uuid')
  groupId: string;

  @Column('uuid')
  buyerId: string;

  @Column('uuid')
  sellerOrgId: string;

  @Column('text')
  sellerName: string;

  @Column('char', { length: 6 })
  countyCode: string;

  @Column('text')
  direction: FlowDirection;

  @Column('text')
  status: ShipmentStatus;

  /** What is printed on the parcel's label and scanned. */
  @Column('text')
  parcelCode: string;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  weightGrams: number;

  @Column('bigint', { transformer: BIGINT_AS_NUMBER })
  volumeMl: number;

  @Column('text')
  temperatureClass: TemperatureClass;

  @Column('double precision', { nullable: true })
  minC: number | null;

  @Column('double precision', { nullable: true })
  maxC: number | null;

  @Column('int', { nullable: true })
  weightToleranceGrams: number | null;

  @Column('varchar', { length: 12, nullable: true })
  originVillageCode: string | null;

  @Column('uuid', { nullable: true })
  originNodeId: string | null;

  @Column('jsonb')
  destination: Destination;

  /** The village point where the recipient collects, when the destination is a service point. */
  @Column('uuid', { nullable: true })
  destinationNodeId: string | null;

  @Column('jsonb')
  lines: ShipmentLine[];

  @Column('jsonb')
  payment: { method: string; amountFen: number };

  /** The nodes the parcel passes, in order (the return trip is appended when it goes back). */
  @Column('uuid', { array: true })
  path: string[];

  /** Index in `path` of the node the parcel is at or last left; -1 before it enters the network. */
  @Column('int')
  position: number;

  @Column('text')
  custodyKind: CustodyKind;

  @Column('uuid', { nullable: true })
  custodyNodeId: string | null;

  @Column('uuid', { nullable: true })
  custodyVehicleId: string | null;

  @Column('uuid', { nullable: true })
  custodyRunId: string | null;

  @Column('timestamptz')
  custodySince: Date;

  /** Why the shipment could not be routed (e.g. no service point for the seller's village yet). */
  @Column('text', { nullable: true })
  routingProblem: string | null;

  @Column('text', { array: true })
  traceCodes: string[];

  @Column('int', { nullable: true })
  handedInWeightGrams: number | null;

  @Column('int', { nullable: true })
  shelf: number | null;

  @Column('int', { nullable: true })
  layer: number | null;

  @Column('char', { length: 4, nullable: true })
  pickupNumber: string | null;

  @Column('text', { nullable: true })
  pickupCode: string | null;

  @Column('timestamptz', { nullable: true })
  shelvedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  collectBy: Date | null;

  @Column('timestamptz', { nullable: true })
  reminderSentAt: Date | null;

  @Column('text', { nullable: true })
  carrier: string | null;

  @Column('text', { nullable: true })
  waybillNo: string | null;

  @Column('timestamptz', { nullable: true })
  dispatchedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  returnedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  cancelledAt: Date | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  updatedAt: Date;
}

export enum LegMode {
  Run = 'run',
  Carrier = 'carrier',
  Pickup = 'pickup',
}

export enum LegStatus {
  Pending = 'pending',
  Done = 'done',
  Cancelled = 'cancelled',
}

/** One hop of a shipment along the node tree (or to the carrier / the recipient at the end). */
@Entity('shipment_leg')
export class ShipmentLeg {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @Column('int')
  seq: number;

  /** Index in the shipment's path of the node this hop leaves; null for the final carrier or pickup leg. */
  @Column('int', { nullable: true })
  hop: number | null;

  @Column('uuid', { nullable: true })
  fromNodeId: string | null;

  @Column('uuid', { nullable: true })
  toNodeId: string | null;

  @Column('text')
  mode: LegMode;

  @Column('text')
  purpose: 'forward' | 'return';

  @Column('text')
  status: LegStatus;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}

/** A hand-over: who, where, when, and for cold goods the temperature at that moment. */
@Entity('scan')
export class Scan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @Column('int')
  seq: number;

  @Column('text')
  kind: ScanKind;

  @Column('uuid', { nullable: true })
  nodeId: string | null;

  @Column('text', { nullable: true })
  nodeCode: string | null;

  @Column('text', { nullable: true })
  nodeName: string | null;

  /** The user who scanned; null for the carrier's webhook and the system's sweep. */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  actorKind: 'user' | 'carrier' | 'system';

  @Column('timestamptz')
  at: Date;

  @Column('double precision', { nullable: true })
  temperatureC: number | null;

  @Column('uuid', { nullable: true })
  vehicleId: string | null;

  @Column('uuid', { nullable: true })
  runId: string | null;

  @Column('jsonb', { nullable: true })
  details: Record<string, unknown> | null;
}

/** Every temperature reading of cold goods; those outside the range are excursions, kept as claim evidence. */
@Entity('temperature_reading')
export class TemperatureReading {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @Column('uuid', { nullable: true })
  scanId: string | null;

  @Column('uuid', { nullable: true })
  nodeId: string | null;

  @Column('text', { nullable: true })
  nodeCode: string | null;

  @Column('uuid', { nullable: true })
  vehicleId: string | null;

  @Column('double precision')
  readingC: number;

  @Column('double precision', { nullable: true })
  minC: number | null;

  @Column('double precision', { nullable: true })
  maxC: number | null;

  @Column('boolean')
  excursion: boolean;

  @Column('uuid', { nullable: true })
  recordedBy: string | null;

  @Column('timestamptz')
  at: Date;
}

/** The recipient's consent to station delivery, and any agent they named (Express Market Management Measures). */
@Entity('consent_record')
export class ConsentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @Column('text')
  kind: 'station_delivery' | 'named_agent';

  @Column('text')
  subjectName: string;

  @Column('text')
  subjectPhone: string;

  /** The buyer who gave it. */
  @Column('uuid')
  givenBy: string;

  @Column('text')
  source: string;

  @Column('timestamptz')
  at: Date;
}

/** What proves the hand-over: the code and phone digits entered, a signature image id, the carrier's waybill… */
export type ReceiptEvidence = Record<string, string | number | boolean | null>;

/** How receipt was confirmed, by whom, kept with the shipment. */
@Entity('receipt_record')
export class ReceiptRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  shipmentId: string;

  @Column('text')
  method: 'pickup_code' | 'signature' | 'carrier';

  @Column('text')
  collectedBy: 'recipient' | 'agent' | 'carrier';

  @Column('text', { nullable: true })
  collectorName: string | null;

  @Column('uuid', { nullable: true })
  nodeId: string | null;

  @Column('uuid', { nullable: true })
  operatorId: string | null;

  @Column('jsonb', { nullable: true })
  evidence: ReceiptEvidence | null;

  @Column('timestamptz')
  at: Date;
}

/** Every order.cancelled logistics received and what it did about it. */
@Entity('order_cancellation')
export class OrderCancellation {
  @PrimaryColumn('uuid')
  orderId: string;

  @Column('text')
  reason: string;

  @Column('boolean')
  wasPaid: boolean;

  @Column('text')
  outcome: 'cancelled' | 'ignored_dispatched' | 'ignored_closed' | 'before_shipment';

  @Column('uuid', { nullable: true })
  shipmentId: string | null;

  @Column('timestamptz')
  receivedAt: Date;
}

export const SHIPMENT_ENTITIES = [
  Shipment,
  ShipmentLeg,
  Scan,
  TemperatureReading,
  ConsentRecord,
  ReceiptRecord,
  OrderCancellation,
];
