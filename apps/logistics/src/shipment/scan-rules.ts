import { CLOSED_STATUSES, CustodyKind, ScanKind, ShipmentStatus } from './shipment.entities';

/** The scans that move a parcel along its path; collection, carrier delivery and returns have their own guards. */
export type RouteScanKind = ScanKind.HandedIn | ScanKind.Arrived | ScanKind.Departed | ScanKind.HandedToCarrier;

export interface ScanState {
  status: ShipmentStatus;
  path: readonly string[];
  /** Index in `path` of the node the parcel is at or last left; -1 while the seller still has it. */
  position: number;
  custodyKind: CustodyKind;
  custodyNodeId: string | null;
  /** How the parcel enters the network: produce is handed in at a village point, goods arrive at the hub. */
  entryScan: ScanKind.HandedIn | ScanKind.Arrived;
  /** What follows the last node of the path. */
  ending: 'carrier' | 'pickup';
  lastScan: { kind: ScanKind; nodeId: string | null } | null;
}

export type ScanVerdict =
  { ok: true; position: number } | { ok: false; status: 409 | 422; code: string; reason: string };

const refuse = (status: 409 | 422, code: string, reason: string): ScanVerdict => ({ ok: false, status, code, reason });

/**
 * Decides whether a scan fits the parcel's route and custody: it must be at a node the parcel is routed through,
 * must not repeat the previous scan, and must be the next step — entry at the first node, departure from the node
 * that holds it, arrival only further along the path (a run may pass a town station without stopping), hand-over
 * to the carrier only at the end of a path that continues by express.
 */
export function judgeScan(
  state: ScanState,
  kind: RouteScanKind,
  nodeId: string,
  name: (id: string) => string,
): ScanVerdict {
  if (CLOSED_STATUSES.includes(state.status)) {
    return refuse(409, 'shipment-closed', `the shipment is ${state.status}; it takes no more scans`);
  }
  if (state.lastScan && state.lastScan.kind === kind && state.lastScan.nodeId === nodeId) {
    return refuse(
      409,
      'duplicate-scan',
      `the parcel was just scanned ${kind.replace(/_/g, ' ')} at ${name(nodeId)}; the same scan twice in a row is refused`,
    );
  }
  if (!state.path.includes(nodeId)) {
    const route = state.path.length > 0 ? state.path.map(name).join(' → ') : 'not routed yet';
    return refuse(422, 'not-on-route', `the parcel is not routed through ${name(nodeId)}; its route is ${route}`);
  }
  const last = state.path.length - 1;
  switch (state.custodyKind) {
    case CustodyKind.Seller: {
      if (kind === state.entryScan && nodeId === state.path[0]) {
        return { ok: true, position: 0 };
      }
      return refuse(
        409,
        'out-of-sequence',
        `the seller still has the parcel: the next scan is ${state.entryScan.replace(/_/g, ' ')} at ${name(state.path[0])}`,
      );
    }
    case CustodyKind.Node: {
      const here = state.custodyNodeId!;
      if (kind === ScanKind.Departed && nodeId === here && state.position < last) {
        return { ok: true, position: state.position };
      }
      if (
        kind === ScanKind.HandedToCarrier &&
        nodeId === here &&
        state.position === last &&
        state.ending === 'carrier' &&
        state.status === ShipmentStatus.AtNode
      ) {
        return { ok: true, position: state.position };
      }
      if (state.status === ShipmentStatus.ReadyForPickup) {
        return refuse(
          409,
          'out-of-sequence',
          `the parcel waits on the shelf at ${name(here)}; it leaves only when collected with its pickup code or returned`,
        );
      }
      const next =
        state.position < last
          ? `a departure from ${name(here)}`
          : state.ending === 'carrier'
            ? `the hand-over to the express carrier at ${name(here)}`
            : `collection at ${name(here)}`;
      return refuse(409, 'out-of-sequence', `the parcel is at ${name(here)}: the next scan is ${next}`);
    }
    case CustodyKind.Vehicle: {
      if (kind !== ScanKind.Arrived) {
        return refuse(409, 'out-of-sequence', `the parcel is on a vehicle: scan its arrival first`);
      }
      const target = state.path.indexOf(nodeId, state.position + 1);
      if (target > state.position) {
        return { ok: true, position: target };
      }
      const ahead = state.path.slice(state.position + 1).map(name);
      return refuse(
        409,
        'out-of-sequence',
        `the parcel left ${name(state.path[state.position])}; it can arrive only further along its route: ${ahead.join(', ')}`,
      );
    }
    default:
      return refuse(409, 'out-of-sequence', `the parcel is with the ${state.custodyKind}; it takes no network scans`);
  }
}
