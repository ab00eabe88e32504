import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CustodyKind, LegMode, LegStatus, ScanKind, ShipmentStatus } from '../shipment/shipment.entities';
import { HistoryShipmentDto, HistoryShipmentImportDto, HistoryShipmentImportResponseDto } from './history.dto';
import { HistoryNode, HistoryRepository, HistoryRows } from './history.repository';

/**
 * Delivered shipments of the past, imported in bulk by a platform admin (the demo county's year of trade): each
 * with the legs of its path, its scans, the cold-chain readings taken with them, its receipt and consent, written
 * in one transaction per request. The past is settled: no event is published (orders completed those orders long
 * ago), and the parcels are with their recipients.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly history: HistoryRepository,
  ) {}

  importShipments(dto: HistoryShipmentImportDto, now = new Date()): Promise<HistoryShipmentImportResponseDto> {
    return this.db.withTransaction(async (manager) => {
      const nodes = await this.nodesOf(manager, dto.shipments);
      const rows: HistoryRows = { shipments: [], legs: [], scans: [], readings: [], receipts: [], consents: [] };
      for (const shipment of dto.shipments) {
        addShipment(rows, shipment, nodes, now);
      }
      return { received: dto.shipments.length, imported: await this.history.insert(manager, rows) };
    });
  }

  /** The nodes the shipments name, by county and code; 422 for a code that is no node of the shipment's county. */
  private async nodesOf(manager: EntityManager, shipments: HistoryShipmentDto[]): Promise<Map<string, HistoryNode>> {
    const codes = new Set(
      shipments.flatMap((shipment) => [
        ...shipment.path,
        ...shipment.scans.flatMap((scan) => (scan.nodeCode ? [scan.nodeCode] : [])),
        ...(shipment.receipt.nodeCode ? [shipment.receipt.nodeCode] : []),
      ]),
    );
    const nodes = new Map((await this.history.nodes(manager, [...codes])).map((node) => [node.code, node]));
    for (const shipment of shipments) {
      const unknown = [...shipment.path, ...shipment.scans.map((scan) => scan.nodeCode)].find(
        (code) => code && nodes.get(code)?.countyCode !== shipment.countyCode,
      );
      if (unknown) {
        throw new Problem(
          422,
          'history-unknown-node',
          `shipment ${shipment.id}: ${unknown} is no node of county ${shipment.countyCode}`,
          { shipmentId: shipment.id, nodeCode: unknown },
        );
      }
    }
    return nodes;
  }
}

function addShipment(
  rows: HistoryRows,
  shipment: HistoryShipmentDto,
  nodes: Map<string, HistoryNode>,
  now: Date,
): void {
  const times = [shipment.createdAt, ...shipment.scans.map((scan) => scan.at), shipment.receipt.at].map(Date.parse);
  if (times.some((time, index) => index > 0 && time < times[index - 1]) || times.at(-1)! >= now.getTime()) {
    throw new Problem(
      422,
      'history-not-past',
      `shipment ${shipment.id}: its scans must be in order of time, before its receipt, all in the past`,
      { shipmentId: shipment.id },
    );
  }
  const node = (code: string | undefined) => (code ? nodes.get(code)! : null);
  const path = shipment.path.map((code) => node(code)!.id);
  const deliveredAt = shipment.receipt.at;
  const minC = shipment.minC ?? null;
  const maxC = shipment.maxC ?? null;
  const atPoint = shipment.destination.kind === 'service_point';
  rows.shipments.push({
    id: shipment.id,
    order_id: shipment.orderId,
    group_id: shipment.groupId,
    buyer_id: shipment.buyerId,
    seller_org_id: shipment.sellerOrgId,
    seller_name: shipment.sellerName,
    county_code: shipment.countyCode,
    direction: shipment.direction,
    status: ShipmentStatus.Delivered,
    parcel_code: shipment.parcelCode,
    weight_grams: shipment.lines.reduce((sum, line) => sum + line.weightGrams, 0),
    volume_ml: shipment.lines.reduce((sum, line) => sum + line.volumeMl, 0),
    temperature_class: shipment.temperatureClass,
    min_c: minC,
    max_c: maxC,
    weight_tolerance_grams: shipment.weightToleranceGrams ?? null,
    origin_village_code: shipment.originVillageCode ?? null,
    origin_node_id: shipment.originVillageCode ? (nodes.get(shipment.originVillageCode)?.id ?? null) : null,
    destination: {
      kind: shipment.destination.kind,
      servicePointOrgId: shipment.destination.servicePointOrgId ?? null,
      address: shipment.destination.address ? { postalCode: null, ...shipment.destination.address } : null,
      recipientName: shipment.destination.recipientName,
      recipientPhone: shipment.destination.recipientPhone,
      agentName: null,
      agentPhone: null,
    },
    destination_node_id: atPoint ? path.at(-1) : null,
    lines: shipment.lines,
    payment: { method: shipment.paymentMethod, amountFen: shipment.amountFen },
    path,
    position: path.length - 1,
    custody_kind: CustodyKind.Recipient,
    custody_since: deliveredAt,
    trace_codes: shipment.traceCodes,
    handed_in_weight_grams: shipment.handedInWeightGrams ?? null,
    shelf: shipment.shelf ?? null,
    layer: shipment.layer ?? null,
    pickup_number: shipment.pickupNumber ?? null,
    shelved_at: shipment.shelvedAt ?? null,
    collect_by: shipment.collectBy ?? null,
    carrier: shipment.carrier ?? null,
    waybill_no: shipment.waybillNo ?? null,
    dispatched_at: shipment.dispatchedAt,
    delivered_at: deliveredAt,
    created_at: shipment.createdAt,
    updated_at: deliveredAt,
  });
  // each hop of the path is done when the parcel arrived at its end (or, with no arrival scanned there, further on)
  const arrivals = shipment.scans.filter((scan) => scan.kind === ScanKind.Arrived);
  path.slice(1).forEach((to, hop) => {
    const arrived = arrivals.find((scan) => shipment.path.indexOf(scan.nodeCode!) > hop);
    rows.legs.push({
      shipment_id: shipment.id,
      seq: hop,
      hop,
      from_node_id: path[hop],
      to_node_id: to,
      mode: LegMode.Run,
      purpose: 'forward',
      status: LegStatus.Done,
      completed_at: arrived?.at ?? deliveredAt,
    });
  });
  rows.legs.push({
    shipment_id: shipment.id,
    seq: path.length - 1,
    hop: null,
    from_node_id: path.at(-1),
    to_node_id: null,
    mode: shipment.receipt.method === 'carrier' ? LegMode.Carrier : LegMode.Pickup,
    purpose: 'forward',
    status: LegStatus.Done,
    completed_at: deliveredAt,
  });
  shipment.scans.forEach((scan, seq) => {
    const id = randomUUID();
    const at = node(scan.nodeCode);
    rows.scans.push({
      id,
      shipment_id: shipment.id,
      seq,
      kind: scan.kind,
      node_id: at?.id ?? null,
      node_code: at?.code ?? null,
      node_name: at?.name ?? null,
      actor_kind: scan.actorKind,
      at: scan.at,
      temperature_c: scan.temperatureC ?? null,
      details: scan.details ?? null,
    });
    if (scan.temperatureC !== undefined) {
      rows.readings.push({
        shipment_id: shipment.id,
        scan_id: id,
        node_id: at?.id ?? null,
        node_code: at?.code ?? null,
        reading_c: scan.temperatureC,
        min_c: minC,
        max_c: maxC,
        excursion: (minC !== null && scan.temperatureC < minC) || (maxC !== null && scan.temperatureC > maxC),
        at: scan.at,
      });
    }
  });
  const receiptNode = node(shipment.receipt.nodeCode);
  rows.receipts.push({
    shipment_id: shipment.id,
    method: shipment.receipt.method,
    collected_by: shipment.receipt.collectedBy,
    collector_name: shipment.receipt.collectorName ?? null,
    node_id: receiptNode?.id ?? null,
    operator_id: shipment.receipt.operatorId ?? null,
    evidence: shipment.receipt.evidence ?? null,
    at: deliveredAt,
  });
  if (atPoint && shipment.consentGivenBy) {
    rows.consents.push({
      shipment_id: shipment.id,
      kind: 'station_delivery',
      subject_name: shipment.destination.recipientName,
      subject_phone: shipment.destination.recipientPhone,
      given_by: shipment.consentGivenBy,
      source: 'checkout',
      at: shipment.createdAt,
    });
  }
}
