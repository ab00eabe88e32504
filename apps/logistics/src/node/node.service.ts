import { Principal } from '@countyflow/auth';
import { chinaDate, dayRange, Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { assertCanOperate, NODE_HANDS } from '../common/access';
import { Clock } from '../common/clock';
import { IdempotencyContext, IdempotencyStore } from '../common/idempotency';
import { NetworkNode, NodeLevel } from '../network/network.entities';
import { NetworkRepository } from '../network/network.repository';
import { cashToTake, maskName, ParcelRefDto } from '../point/point.dto';
import { Run, RunItem, RunStatus } from '../run/run.entities';
import { RunRepository } from '../run/run.repository';
import { pendingMove } from '../run/run.service';
import { nodeLabel } from '../shipment/custody.service';
import { CustodyKind, ScanKind, Shipment, ShipmentStatus } from '../shipment/shipment.entities';
import { ShipmentRepository } from '../shipment/shipment.repository';
import {
  ExceptionCreateDto,
  ExceptionResolveDto,
  NodeExceptionDto,
  NodeParcelDto,
  NodeRefDto,
  NodeRunDto,
  WorkplacesResponseDto,
  WorkspaceResponseDto,
} from './node.dto';
import { NodeException } from './node.entities';
import { NodeRepository } from './node.repository';

const nodeRef = (node: NetworkNode): NodeRefDto => ({
  id: node.id,
  code: node.code,
  name: node.name,
  level: node.level,
  countyCode: node.countyCode,
});

const ACTIVE_RUNS: readonly RunStatus[] = [RunStatus.Planned, RunStatus.Dispatched];

/**
 * Every node's workspace (county hub, town station, village point): what is here, what is coming, what must go
 * out, the exceptions and the day; and the exceptions recorded there. Scans in and out go through the custody
 * service like every other scan (point.service, run.service, carrier.service).
 */
@Injectable()
export class NodeService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly nodes: NodeRepository,
    private readonly network: NetworkRepository,
    private readonly shipments: ShipmentRepository,
    private readonly runs: RunRepository,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  /** The caller's workplaces: the nodes their organisations run, and the vehicles they drive. */
  async workplaces(principal: Principal): Promise<WorkplacesResponseDto> {
    const [nodes, vehicles] = await Promise.all([
      this.nodes.nodesOperatedBy(principal.orgIdsWithRole(...NODE_HANDS)),
      this.nodes.vehiclesDrivenBy(principal.userId),
    ]);
    return {
      nodes: nodes.map(nodeRef),
      vehicles: vehicles.map((vehicle) => ({
        id: vehicle.id,
        plate: vehicle.plate,
        name: vehicle.name,
        refrigerated: vehicle.refrigerated,
        countyCode: vehicle.countyCode,
      })),
    };
  }

  async workspace(principal: Principal, nodeId: string, date?: string): Promise<WorkspaceResponseDto> {
    const node = await this.network.requireNode(nodeId, this.db.manager);
    if (!principal.isPlatformAdmin()) {
      assertCanOperate(principal, node);
    }
    const day = date ?? chinaDate(this.clock.now());
    const { start, end } = dayRange(day, day);
    const hub =
      node.level === NodeLevel.CountyHub ? node : await this.network.findHub(node.countyCode, this.db.manager);
    const [held, runs, counts, shelved, exceptions] = await Promise.all([
      this.nodes.heldAt(node.id),
      node.level === NodeLevel.CountyHub
        ? this.runs.runsOn(node.countyCode, day)
        : this.nodes.runsStoppingAt(node.id, day),
      this.nodes.scanCounts(node.id, start, end),
      this.nodes.shelvedCount(node.id, start, end),
      this.nodes.exceptions(node.id, start, end),
    ]);
    const live = runs.filter((run) => run.status !== RunStatus.Cancelled);
    const items = await this.nodes.runItems(live.map((run) => run.id));
    const vehicles = new Map(
      (await this.nodes.vehicles([...new Set(live.map((r) => r.vehicleId))])).map((v) => [v.id, v]),
    );
    const runsById = new Map(live.map((run) => [run.id, run]));
    // the run (still to leave or on its way) that moves each parcel next, per action
    const activeItem = new Map<string, RunItem>();
    for (const item of items) {
      if (ACTIVE_RUNS.includes(runsById.get(item.runId)!.status)) {
        activeItem.set(`${item.shipmentId}:${item.action}`, item);
      }
    }

    const dueIds = items
      .filter((item) =>
        node.level === NodeLevel.CountyHub
          ? item.action === 'collect' && runsById.get(item.runId)!.status !== RunStatus.Completed
          : item.action === 'drop' && item.nodeId === node.id,
      )
      .map((item) => item.shipmentId);
    const [onTheWay, handIns] = await Promise.all([
      this.nodes.findShipments(dueIds),
      node.level === NodeLevel.VillagePoint
        ? this.nodes.awaitingHandIn(node.id)
        : node.level === NodeLevel.CountyHub
          ? this.nodes.goodsAwaitingHub(node.countyCode, node.id)
          : hub
            ? this.nodes.passingToHub(node.id, hub.id)
            : Promise.resolve([]),
    ]);
    const dueIn = [
      ...onTheWay.filter(
        (shipment) => !(shipment.custodyKind === CustodyKind.Node && shipment.custodyNodeId === node.id),
      ),
      ...handIns,
    ].filter((shipment) => shipment.position < shipment.path.length);
    const names = new Map(
      (
        await this.network.findNodes(
          [...new Set([...held, ...dueIn].map((s) => s.destinationNodeId).filter((id): id is string => !!id))],
          this.db.manager,
        )
      ).map((found) => [found.id, found.name]),
    );

    const parcel = (shipment: Shipment): NodeParcelDto => {
      const move = hub ? pendingMove(shipment, hub.id) : null;
      const item = move ? activeItem.get(`${shipment.id}:${move.action}`) : undefined;
      const atHubForCarrier =
        node.level === NodeLevel.CountyHub &&
        shipment.custodyNodeId === node.id &&
        shipment.status === ShipmentStatus.AtNode &&
        !shipment.destinationNodeId &&
        shipment.position === shipment.path.length - 1;
      const run = item ? runsById.get(item.runId) : undefined;
      return {
        shipmentId: shipment.id,
        parcelCode: shipment.parcelCode,
        status: shipment.status,
        direction: shipment.direction,
        temperatureClass: shipment.temperatureClass,
        weightGrams: shipment.weightGrams,
        volumeMl: shipment.volumeMl,
        recipientName: maskName(shipment.destination.recipientName),
        recipientPhoneTail: shipment.destination.recipientPhone.slice(-4),
        destinationName: shipment.destinationNodeId
          ? (names.get(shipment.destinationNodeId) ?? '')
          : (shipment.destination.address?.city ?? ''),
        destinationNodeId: shipment.destinationNodeId,
        nextMove:
          shipment.status === ShipmentStatus.ReadyForPickup
            ? 'pickup'
            : atHubForCarrier
              ? 'carrier'
              : move
                ? 'run'
                : 'none',
        runId: run?.id ?? null,
        vehiclePlate: run ? (vehicles.get(run.vehicleId)?.plate ?? null) : null,
        custodySince: shipment.custodySince.toISOString(),
        shelf: shipment.shelf,
        layer: shipment.layer,
        collectBy: shipment.collectBy?.toISOString() ?? null,
        cashFen: cashToTake(shipment)?.amountFen ?? null,
      };
    };
    const atNode = held.map(parcel);
    const byId = new Map(held.map((shipment) => [shipment.id, shipment.parcelCode]));
    const missingCodes = await this.parcelCodes(
      exceptions.filter((e) => !byId.has(e.shipmentId)).map((e) => e.shipmentId),
    );
    return {
      node: nodeRef(node),
      date: day,
      atNode,
      dueIn: dueIn.map(parcel),
      mustGoOut: atNode.filter((entry) => entry.nextMove === 'run' || entry.nextMove === 'carrier'),
      exceptions: exceptions.map((exception) =>
        this.exceptionDto(exception, byId.get(exception.shipmentId) ?? missingCodes.get(exception.shipmentId) ?? ''),
      ),
      runs: live.map((run) => this.runSummary(run, items, node, vehicles.get(run.vehicleId)?.plate ?? '')),
      day: {
        arrived: counts.get(ScanKind.Arrived) ?? 0,
        departed: counts.get(ScanKind.Departed) ?? 0,
        handedIn: counts.get(ScanKind.HandedIn) ?? 0,
        shelved,
        collected: counts.get(ScanKind.Collected) ?? 0,
        handedToCarrier: counts.get(ScanKind.HandedToCarrier) ?? 0,
        exceptions: exceptions.filter((exception) => exception.at >= start && exception.at < end).length,
      },
    };
  }

  /** Records something wrong with a parcel at a node it passes (no custody change; noted on the shipment). */
  async recordException(
    principal: Principal,
    nodeId: string,
    dto: ExceptionCreateDto,
    idempotency?: IdempotencyContext,
  ): Promise<NodeExceptionDto> {
    const node = await this.network.requireNode(nodeId, this.db.manager);
    assertCanOperate(principal, node);
    return this.idempotency.transaction(idempotency, async (manager) => {
      const shipment = await this.shipments.lockOne(manager, parcelWhere(dto));
      if (!shipment) {
        throw new Problem(404, 'parcel-not-found', `no parcel ${dto.shipmentId ?? dto.parcelCode}`);
      }
      if (!shipment.path.includes(node.id) && shipment.originNodeId !== node.id) {
        throw new Problem(
          422,
          'not-on-route',
          `parcel ${shipment.parcelCode} does not pass ${nodeLabel(node)}; record the exception where it is`,
        );
      }
      const now = this.clock.now();
      const exception = await this.nodes.insertException(manager, {
        nodeId: node.id,
        shipmentId: shipment.id,
        kind: dto.kind,
        note: dto.note ?? null,
        weighedGrams: dto.weighedGrams ?? null,
        recordedBy: principal.userId,
        at: now,
      });
      shipment.note = `${dto.kind} at ${nodeLabel(node)}${dto.note ? `: ${dto.note}` : ''}`;
      shipment.updatedAt = now;
      await this.shipments.save(manager, shipment);
      return this.exceptionDto(exception, shipment.parcelCode);
    });
  }

  async resolveException(
    principal: Principal,
    nodeId: string,
    exceptionId: string,
    dto: ExceptionResolveDto,
  ): Promise<NodeExceptionDto> {
    const node = await this.network.requireNode(nodeId, this.db.manager);
    assertCanOperate(principal, node);
    return this.db.withTransaction(async (manager) => {
      const exception = await this.nodes.findException(manager, node.id, exceptionId);
      if (!exception) {
        throw new Problem(404, 'exception-not-found', `no exception ${exceptionId} at ${nodeLabel(node)}`);
      }
      const resolution = { resolvedBy: principal.userId, resolvedAt: this.clock.now(), resolution: dto.note ?? null };
      if (!(await this.nodes.resolveException(manager, exception.id, resolution))) {
        throw new Problem(409, 'already-resolved', `exception ${exceptionId} was already resolved`);
      }
      const shipment = await this.shipments.find(exception.shipmentId, manager);
      return this.exceptionDto({ ...exception, ...resolution }, shipment?.parcelCode ?? '');
    });
  }

  private runSummary(run: Run, items: RunItem[], node: NetworkNode, plate: string): NodeRunDto {
    const mine = items.filter((item) => item.runId === run.id);
    return {
      id: run.id,
      vehiclePlate: plate,
      trip: run.trip,
      status: run.status,
      cold: run.cold,
      stops: new Set(mine.map((item) => item.nodeId)).size,
      drops: mine.filter((item) => item.action === 'drop').length,
      collects: mine.filter((item) => item.action === 'collect').length,
      dropsHere: mine.filter((item) => item.action === 'drop' && item.nodeId === node.id).length,
      collectsHere: mine.filter((item) => item.action === 'collect' && item.nodeId === node.id).length,
    };
  }

  private exceptionDto(exception: NodeException, parcelCode: string): NodeExceptionDto {
    return {
      id: exception.id,
      nodeId: exception.nodeId,
      shipmentId: exception.shipmentId,
      parcelCode,
      kind: exception.kind,
      note: exception.note,
      weighedGrams: exception.weighedGrams,
      at: exception.at.toISOString(),
      recordedBy: exception.recordedBy,
      resolvedAt: exception.resolvedAt?.toISOString() ?? null,
      resolution: exception.resolution,
    };
  }

  private async parcelCodes(ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.nodes.findShipments(ids)).map((shipment) => [shipment.id, shipment.parcelCode]));
  }
}

export const parcelWhere = (ref: ParcelRefDto): { id: string } | { parcelCode: string } =>
  ref.shipmentId ? { id: ref.shipmentId } : { parcelCode: ref.parcelCode! };
