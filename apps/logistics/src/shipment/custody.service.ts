import { EventName, FlowDirection } from '@countyflow/contracts';
import { Problem, SmsTemplate } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NetworkNode, NodeLevel, Vehicle } from '../network/network.entities';
import { NetworkRepository } from '../network/network.repository';
import { NotificationPort } from '../notification/notification.port';
import { ShelvingService } from '../point/shelving.service';
import { describeRange, isExcursion, needsColdChain, rangeFor } from './cold-chain';
import { judgeScan, RouteScanKind, ScanState } from './scan-rules';
import { ShipmentTransition } from './shipment-state';
import {
  CustodyKind,
  LegMode,
  LegStatus,
  ReceiptEvidence,
  ReceiptRecord,
  Scan,
  ScanKind,
  Shipment,
  ShipmentLeg,
  ShipmentStatus,
} from './shipment.entities';
import { ShipmentRepository } from './shipment.repository';

export interface ScanInput {
  kind: RouteScanKind;
  node: NetworkNode;
  actorId: string | null;
  at: Date;
  temperatureC?: number | null;
  /** For departures: the vehicle that takes the parcel (and the run, when it is on one). */
  vehicle?: Vehicle | null;
  runId?: string | null;
  details?: Record<string, unknown>;
}

/** Scans that hand a parcel over at a node; cold goods need a temperature reading at each of them. */
const HAND_OVERS: readonly ScanKind[] = [
  ScanKind.HandedIn,
  ScanKind.Arrived,
  ScanKind.Departed,
  ScanKind.HandedToCarrier,
];

export const nodeLabel = (node: Pick<NetworkNode, 'name' | 'code'>): string => `${node.name} (${node.code})`;

/**
 * The one place custody changes. Every change is a scan row written with the shipment's row locked, the custody
 * fields updated in the same transaction (so a parcel is never without a holder), and `shipment.scanned` (plus
 * dispatched / ready for pickup / delivered / returned / excursion where they apply) written to the outbox.
 */
@Injectable()
export class CustodyService {
  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly network: NetworkRepository,
    private readonly shelving: ShelvingService,
    private readonly notifications: NotificationPort,
    private readonly events: EventPublisher,
  ) {}

  async scan(manager: EntityManager, shipment: Shipment, input: ScanInput): Promise<Scan> {
    const { node, kind, at } = input;
    const lastScan = await this.shipments.lastScan(manager, shipment.id);
    const state: ScanState = {
      status: shipment.status,
      path: shipment.path,
      position: shipment.position,
      custodyKind: shipment.custodyKind,
      custodyNodeId: shipment.custodyNodeId,
      entryScan:
        shipment.direction === FlowDirection.Up && shipment.originNodeId ? ScanKind.HandedIn : ScanKind.Arrived,
      ending: shipment.destinationNodeId ? 'pickup' : 'carrier',
      lastScan: lastScan && { kind: lastScan.kind, nodeId: lastScan.nodeId },
    };
    // names only go into a refusal: the path's nodes are read when the scan is refused, not on every scan
    const verdict = judgeScan(state, kind, node.id, (id) => id);
    if (!verdict.ok) {
      const pathNodes = new Map(
        (await this.network.findNodes(shipment.path, manager)).map((found) => [found.id, found]),
      );
      pathNodes.set(node.id, node);
      const named = judgeScan(state, kind, node.id, (id) => {
        const found = pathNodes.get(id);
        return found ? nodeLabel(found) : id;
      });
      const reason = named.ok ? verdict.reason : named.reason;
      throw new Problem(verdict.status, verdict.code, `parcel ${shipment.parcelCode}: ${reason}`, {
        parcelCode: shipment.parcelCode,
      });
    }
    // lock order (docs/logistics.md): the shipment rows (the caller holds them), then the village point's row,
    // then new rows that reference them. The point is locked before the scan row that references it is written.
    const shelves =
      kind === ScanKind.Arrived &&
      shipment.status !== ShipmentStatus.Returning &&
      verdict.position === shipment.path.length - 1 &&
      shipment.destinationNodeId === node.id;
    if (shelves) {
      await this.network.lockNode(manager, node.id);
    }
    const cold = needsColdChain(shipment.temperatureClass);
    this.checkTemperature(shipment, kind, input.temperatureC);
    if (cold && (kind === ScanKind.HandedIn || kind === ScanKind.Arrived)) {
      await this.checkColdStorage(manager, shipment, node);
    }
    if (kind === ScanKind.Departed) {
      if (!input.vehicle) {
        throw new Problem(400, 'vehicle-required', 'a departure names the vehicle (or run) that takes the parcel');
      }
      if (cold && !input.vehicle.refrigerated) {
        throw new Problem(
          422,
          'vehicle-not-refrigerated',
          `parcel ${shipment.parcelCode} is ${shipment.temperatureClass} goods; ${input.vehicle.plate} is not refrigerated`,
        );
      }
    }

    const scan = await this.shipments.insertScan(manager, {
      shipmentId: shipment.id,
      kind,
      nodeId: node.id,
      nodeCode: node.code,
      nodeName: node.name,
      actorId: input.actorId,
      actorKind: input.actorId ? 'user' : 'system',
      at,
      temperatureC: input.temperatureC ?? null,
      vehicleId: input.vehicle?.id ?? null,
      runId: input.runId ?? null,
      details: input.details ?? null,
    });
    if (input.temperatureC !== undefined && input.temperatureC !== null) {
      await this.recordReading(manager, shipment, {
        readingC: input.temperatureC,
        node,
        vehicleId: input.vehicle?.id ?? null,
        scanId: scan.id,
        recordedBy: input.actorId,
        at,
      });
    }

    const returning = shipment.status === ShipmentStatus.Returning;
    const last = shipment.path.length - 1;
    // the status moves only by a named transition (shipment-state.ts); a parcel on its way back stays returning
    let transition: ShipmentTransition | null = null;
    switch (kind) {
      case ScanKind.HandedIn:
      case ScanKind.Arrived: {
        shipment.position = verdict.position;
        this.hold(shipment, { kind: CustodyKind.Node, nodeId: node.id }, at);
        await this.shipments.completeHopsBefore(manager, shipment.id, verdict.position, at);
        if (returning && verdict.position === last) {
          transition = ShipmentTransition.FinishReturn;
          shipment.returnedAt = at;
        } else if (shelves) {
          await this.shelving.shelve(manager, shipment, node, at);
          transition = ShipmentTransition.Shelve;
        } else if (!returning) {
          transition = ShipmentTransition.Receive;
        }
        break;
      }
      case ScanKind.Departed: {
        this.hold(
          shipment,
          { kind: CustodyKind.Vehicle, vehicleId: input.vehicle!.id, runId: input.runId ?? null },
          at,
        );
        if (!returning) {
          transition = ShipmentTransition.Depart;
        }
        if (!shipment.dispatchedAt) {
          shipment.dispatchedAt = at;
          await this.events.publish(manager, EventName.ShipmentDispatched, this.ref(shipment, at));
          // the order's "shipped" message, once: the parcel has left its first node
          await this.notifications.notify(manager, {
            shipmentId: shipment.id,
            countyCode: shipment.countyCode,
            recipientPhone: shipment.destination.recipientPhone,
            template: SmsTemplate.ParcelDispatched,
            params: { parcel: shipment.parcelCode, from: node.name },
            body: `【县域物流】您的订单已发货：包裹 ${shipment.parcelCode} 已从${node.name}发出。`,
          });
        }
        break;
      }
      case ScanKind.HandedToCarrier: {
        this.hold(shipment, { kind: CustodyKind.Carrier }, at);
        transition = ShipmentTransition.HandToCarrier;
        break;
      }
    }
    shipment.updatedAt = at;
    await this.write(manager, shipment, transition);
    await this.publishScanned(manager, shipment, scan);
    return scan;
  }

  /** A run came back with a parcel it could not drop: the parcel is back with the node it left. */
  async bringBack(
    manager: EntityManager,
    shipment: Shipment,
    node: NetworkNode,
    actorId: string | null,
    runId: string,
    at: Date,
  ): Promise<void> {
    if (shipment.custodyKind !== CustodyKind.Vehicle || shipment.path[shipment.position] !== node.id) {
      throw new Problem(
        409,
        'out-of-sequence',
        `parcel ${shipment.parcelCode} did not leave ${nodeLabel(node)} on a vehicle`,
      );
    }
    const scan = await this.shipments.insertScan(manager, {
      shipmentId: shipment.id,
      kind: ScanKind.BroughtBack,
      nodeId: node.id,
      nodeCode: node.code,
      nodeName: node.name,
      actorId,
      actorKind: actorId ? 'user' : 'system',
      at,
      temperatureC: null,
      vehicleId: shipment.custodyVehicleId,
      runId,
      details: { reason: 'not dropped on the run' },
    });
    this.hold(shipment, { kind: CustodyKind.Node, nodeId: node.id }, at);
    shipment.updatedAt = at;
    await this.write(
      manager,
      shipment,
      shipment.status === ShipmentStatus.Returning ? null : ShipmentTransition.BringBack,
    );
    await this.publishScanned(manager, shipment, scan);
  }

  /** The recipient (or their agent) took the parcel at the village point. */
  async collect(
    manager: EntityManager,
    shipment: Shipment,
    node: NetworkNode,
    receipt: Pick<ReceiptRecord, 'method' | 'collectedBy' | 'collectorName' | 'operatorId' | 'evidence'>,
    at: Date,
  ): Promise<ReceiptRecord> {
    const scan = await this.shipments.insertScan(manager, {
      shipmentId: shipment.id,
      kind: ScanKind.Collected,
      nodeId: node.id,
      nodeCode: node.code,
      nodeName: node.name,
      actorId: receipt.operatorId,
      actorKind: 'user',
      at,
      temperatureC: null,
      vehicleId: null,
      runId: null,
      details: { receipt: receipt.method, collectedBy: receipt.collectedBy },
    });
    const record = await this.shipments.insertReceipt(manager, {
      ...receipt,
      shipmentId: shipment.id,
      nodeId: node.id,
      at,
    });
    await this.shipments.setFinalLeg(manager, shipment.id, LegMode.Pickup, LegStatus.Done, at);
    this.hold(shipment, { kind: CustodyKind.Recipient }, at);
    shipment.deliveredAt = at;
    shipment.updatedAt = at;
    await this.shipments.transition(manager, shipment, ShipmentTransition.Collect);
    await this.publishScanned(manager, shipment, scan);
    await this.events.publish(manager, EventName.ShipmentDelivered, {
      ...this.ref(shipment, at),
      receipt: { method: receipt.method, collectedBy: receipt.collectedBy },
    });
    return record;
  }

  /** The express carrier confirmed delivery at the city address. */
  async carrierDelivered(
    manager: EntityManager,
    shipment: Shipment,
    at: Date,
    evidence: ReceiptEvidence,
  ): Promise<void> {
    await this.shipments.insertScan(manager, {
      shipmentId: shipment.id,
      kind: ScanKind.CarrierDelivered,
      nodeId: null,
      nodeCode: null,
      nodeName: null,
      actorId: null,
      actorKind: 'carrier',
      at,
      temperatureC: null,
      vehicleId: null,
      runId: null,
      details: evidence,
    });
    await this.shipments.insertReceipt(manager, {
      shipmentId: shipment.id,
      method: 'carrier',
      collectedBy: 'carrier',
      collectorName: shipment.carrier,
      nodeId: null,
      operatorId: null,
      evidence,
      at,
    });
    await this.shipments.setFinalLeg(manager, shipment.id, LegMode.Carrier, LegStatus.Done, at);
    this.hold(shipment, { kind: CustodyKind.Recipient }, at);
    shipment.deliveredAt = at;
    shipment.updatedAt = at;
    await this.shipments.transition(manager, shipment, ShipmentTransition.CarrierDeliver);
    await this.events.publish(manager, EventName.ShipmentDelivered, {
      ...this.ref(shipment, at),
      receipt: { method: 'carrier', collectedBy: 'carrier' },
    });
  }

  /**
   * Retention ran out: the parcel leaves the shelf (its code stops working), the way back to the hub is appended
   * to its path, and `shipment.returned` tells orders to refund (and, through orders, catalog to restock).
   */
  async startReturn(manager: EntityManager, shipment: Shipment, at: Date): Promise<void> {
    const pathNodes = await this.network.findNodes(shipment.path, manager);
    const hubIndex = shipment.path.findLastIndex(
      (id, index) =>
        index < shipment.position && pathNodes.find((node) => node.id === id)?.level === NodeLevel.CountyHub,
    );
    const back = shipment.path.slice(Math.max(hubIndex, 0), shipment.position).reverse();
    const nextSeq = await this.shipments.nextLegSeq(manager, shipment.id);
    const from = shipment.path.length - 1;
    const legs: Partial<ShipmentLeg>[] = back.map((toNodeId, index) => ({
      shipmentId: shipment.id,
      seq: nextSeq + index,
      hop: from + index,
      fromNodeId: index === 0 ? shipment.path[from] : back[index - 1],
      toNodeId,
      mode: LegMode.Run,
      purpose: 'return',
      status: LegStatus.Pending,
      completedAt: null,
    }));
    await this.shipments.setFinalLeg(manager, shipment.id, LegMode.Pickup, LegStatus.Cancelled, at);
    await this.shipments.insertLegs(manager, legs);
    const point = pathNodes.find((node) => node.id === shipment.custodyNodeId);
    await this.shipments.insertScan(manager, {
      shipmentId: shipment.id,
      kind: ScanKind.ReturnStarted,
      nodeId: shipment.custodyNodeId,
      nodeCode: point?.code ?? null,
      nodeName: point?.name ?? null,
      actorId: null,
      actorKind: 'system',
      at,
      temperatureC: null,
      vehicleId: null,
      runId: null,
      details: { reason: 'uncollected', collectBy: shipment.collectBy?.toISOString() },
    });
    shipment.path = [...shipment.path, ...back];
    shipment.updatedAt = at;
    await this.shipments.transition(manager, shipment, ShipmentTransition.StartReturn);
    await this.notifications.notify(manager, {
      shipmentId: shipment.id,
      countyCode: shipment.countyCode,
      recipientPhone: shipment.destination.recipientPhone,
      template: SmsTemplate.ReturnedToSender,
      params: { parcel: shipment.parcelCode },
      body: `【县域物流】您的包裹 ${shipment.parcelCode} 超过保管期未取，已退回寄件方，货款将原路退回。`,
    });
    await this.events.publish(manager, EventName.ShipmentReturned, {
      ...this.ref(shipment, at),
      reason: 'uncollected',
    });
  }

  /** Records a reading of cold goods; one outside the range is an excursion, published and kept as evidence. */
  async recordReading(
    manager: EntityManager,
    shipment: Shipment,
    reading: {
      readingC: number;
      node: NetworkNode | null;
      vehicleId: string | null;
      scanId: string | null;
      recordedBy: string | null;
      at: Date;
    },
  ): Promise<boolean> {
    const range = rangeFor({ class: shipment.temperatureClass, minC: shipment.minC, maxC: shipment.maxC });
    if (!range) {
      throw new Problem(
        400,
        'temperature-not-applicable',
        `parcel ${shipment.parcelCode} is ambient goods; it takes no temperature readings`,
      );
    }
    const excursion = isExcursion(range, reading.readingC);
    await this.shipments.insertReading(manager, {
      shipmentId: shipment.id,
      scanId: reading.scanId,
      nodeId: reading.node?.id ?? null,
      nodeCode: reading.node?.code ?? null,
      vehicleId: reading.vehicleId,
      readingC: reading.readingC,
      minC: range.minC,
      maxC: range.maxC,
      excursion,
      recordedBy: reading.recordedBy,
      at: reading.at,
    });
    if (excursion) {
      shipment.note = `temperature excursion: ${reading.readingC} °C outside ${describeRange(range)}`;
      await this.events.publish(manager, EventName.ShipmentExcursion, {
        ...this.ref(shipment, reading.at),
        nodeCode: reading.node?.code ?? null,
        readingC: reading.readingC,
        minC: range.minC,
        maxC: range.maxC,
      });
    }
    return excursion;
  }

  private checkTemperature(shipment: Shipment, kind: ScanKind, temperatureC: number | null | undefined): void {
    const given = temperatureC !== undefined && temperatureC !== null;
    if (!needsColdChain(shipment.temperatureClass)) {
      if (given) {
        throw new Problem(
          400,
          'temperature-not-applicable',
          `parcel ${shipment.parcelCode} is ambient goods; send no temperatureC for it`,
        );
      }
      return;
    }
    if (!given && HAND_OVERS.includes(kind)) {
      throw new Problem(
        400,
        'temperature-required',
        `parcel ${shipment.parcelCode} is ${shipment.temperatureClass} goods: every hand-over records temperatureC`,
      );
    }
  }

  private async checkColdStorage(manager: EntityManager, shipment: Shipment, node: NetworkNode): Promise<void> {
    if (!node.coldStorage) {
      throw new Problem(
        422,
        'no-cold-storage',
        `parcel ${shipment.parcelCode} is ${shipment.temperatureClass} goods; ${nodeLabel(node)} has no cold storage to keep it`,
      );
    }
    if (node.coldCapacityLitres !== null) {
      const used = await this.shipments.coldVolumeAt(manager, node.id);
      if (used + shipment.volumeMl > node.coldCapacityLitres * 1000) {
        throw new Problem(
          422,
          'cold-storage-full',
          `the cold storage of ${nodeLabel(node)} holds ${(used / 1000).toFixed(1)} of ${node.coldCapacityLitres} L; ` +
            `parcel ${shipment.parcelCode} needs ${(shipment.volumeMl / 1000).toFixed(1)} L more`,
        );
      }
    }
  }

  /** Writes the shipment: through its transition when its status moves, else the other columns only. */
  private async write(
    manager: EntityManager,
    shipment: Shipment,
    transition: ShipmentTransition | null,
  ): Promise<void> {
    if (transition) {
      await this.shipments.transition(manager, shipment, transition);
    } else {
      await this.shipments.save(manager, shipment);
    }
  }

  private hold(
    shipment: Shipment,
    holder: { kind: CustodyKind; nodeId?: string; vehicleId?: string; runId?: string | null },
    at: Date,
  ): void {
    shipment.custodyKind = holder.kind;
    shipment.custodyNodeId = holder.nodeId ?? null;
    shipment.custodyVehicleId = holder.vehicleId ?? null;
    shipment.custodyRunId = holder.runId ?? null;
    shipment.custodySince = at;
  }

  private ref(shipment: Shipment, at: Date): { shipmentId: string; orderId: string; at: string } {
    return { shipmentId: shipment.id, orderId: shipment.orderId, at: at.toISOString() };
  }

  private async publishScanned(manager: EntityManager, shipment: Shipment, scan: Scan): Promise<void> {
    await this.events.publish(manager, EventName.ShipmentScanned, {
      ...this.ref(shipment, scan.at),
      nodeCode: scan.nodeCode ?? '',
      nodeName: scan.nodeName ?? '',
      kind: scan.kind,
      traceCodes: shipment.traceCodes,
      temperatureC: scan.temperatureC,
    });
  }
}
