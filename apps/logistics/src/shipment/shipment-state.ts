import { Problem } from '@countyflow/kernel';
import { ShipmentStatus } from './shipment.entities';

/** Every change of a shipment's status has a name; nothing changes the status except one of these. */
export enum ShipmentTransition {
  /** handed in at the first kilometre, or scanned in at a node (not its own village point) */
  Receive = 'receive',
  /** departed from a node on a vehicle */
  Depart = 'depart',
  /** arrived at its own village point: on the shelf with a pickup code */
  Shelve = 'shelve',
  HandToCarrier = 'hand_to_carrier',
  /** a run came back with it: back in the custody of the node it left */
  BringBack = 'bring_back',
  /** the recipient (or their agent) collected it */
  Collect = 'collect',
  /** the carrier's signed confirmation */
  CarrierDeliver = 'carrier_deliver',
  /** retention ran out: off the shelf, going back */
  StartReturn = 'start_return',
  /** back at the hub */
  FinishReturn = 'finish_return',
  /** the order was cancelled before the parcel left a node */
  Cancel = 'cancel',
}

export interface ShipmentRule {
  from: readonly ShipmentStatus[];
  to: ShipmentStatus;
}

const S = ShipmentStatus;

export const SHIPMENT_TRANSITIONS: Readonly<Record<ShipmentTransition, ShipmentRule>> = {
  [ShipmentTransition.Receive]: { from: [S.AwaitingHandover, S.InTransit, S.AtNode], to: S.AtNode },
  [ShipmentTransition.Depart]: { from: [S.AtNode], to: S.InTransit },
  [ShipmentTransition.Shelve]: { from: [S.AwaitingHandover, S.InTransit, S.AtNode], to: S.ReadyForPickup },
  [ShipmentTransition.HandToCarrier]: { from: [S.AtNode], to: S.WithCarrier },
  [ShipmentTransition.BringBack]: { from: [S.InTransit], to: S.AtNode },
  [ShipmentTransition.Collect]: { from: [S.ReadyForPickup], to: S.Delivered },
  [ShipmentTransition.CarrierDeliver]: { from: [S.WithCarrier], to: S.Delivered },
  [ShipmentTransition.StartReturn]: { from: [S.ReadyForPickup], to: S.Returning },
  [ShipmentTransition.FinishReturn]: { from: [S.Returning], to: S.Returned },
  [ShipmentTransition.Cancel]: { from: [S.AwaitingHandover, S.AtNode], to: S.Cancelled },
};

export const TERMINAL_SHIPMENT_STATUSES: readonly ShipmentStatus[] = [S.Delivered, S.Returned, S.Cancelled];

export function canApplyShipment(status: ShipmentStatus, transition: ShipmentTransition): boolean {
  return SHIPMENT_TRANSITIONS[transition].from.includes(status);
}

export function illegalShipmentTransition(
  parcelCode: string,
  status: ShipmentStatus,
  transition: ShipmentTransition,
): Problem {
  return new Problem(
    409,
    'illegal-transition',
    `parcel ${parcelCode} is ${status}; "${transition}" applies only to ${SHIPMENT_TRANSITIONS[transition].from.join(', ')}`,
  );
}
