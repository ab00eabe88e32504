import { Principal } from '@countyflow/auth';
import { EventName, FlowDirection, OrderCancelled, OrderPaid, ShipmentRef } from '@countyflow/contracts';
import { LOGGER, Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { readTogether, TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { assertCanOperate, assertCanOversee, canOperate } from '../common/access';
import { Clock } from '../common/clock';
import { IdempotencyContext, IdempotencyStore } from '../common/idempotency';
import { NetworkNode, NodeLevel } from '../network/network.entities';
import { NetworkRepository, RouteNode } from '../network/network.repository';
import { maskName, maskPhone } from '../point/point.dto';
import { RunRepository } from '../run/run.repository';
import { rangeFor } from './cold-chain';
import { CustodyService } from './custody.service';
import { ShipmentTransition } from './shipment-state';
import {
  ExcursionResponseDto,
  LabelResponseDto,
  mapReading,
  mapScan,
  mapShipmentSummary,
  mapTimeline,
  ScanCreateDto,
  ScanResponseDto,
  ShipmentSearchDto,
  ShipmentSummaryDto,
  ShipmentTimelineDto,
  TemperatureReadingCreateDto,
} from './shipment.dto';
import {
  CLOSED_STATUSES,
  ConsentRecord,
  CustodyKind,
  LegMode,
  LegStatus,
  OrderCancellation,
  ScanKind,
  Shipment,
  ShipmentLeg,
  ShipmentStatus,
} from './shipment.entities';
import { ShipmentRepository } from './shipment.repository';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The label on the parcel: county code and 8 random Crockford base-32 characters, e.g. 360722-7KQ2M9XA. */
const newParcelCode = (countyCode: string): string =>
  `${countyCode}-${Array.from({ length: 8 }, () => CROCKFORD[randomInt(0, 32)]).join('')}`;

interface Routing {
  path: string[];
  originNodeId: string | null;
  destinationNodeId: string | null;
  problem: string | null;
}

@Injectable()
export class ShipmentService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly shipments: ShipmentRepository,
    private readonly network: NetworkRepository,
    private readonly runs: RunRepository,
    private readonly custody: CustodyService,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly idempotency: IdempotencyStore,
  ) {}

  // ------------------------------------------------------------------ events

  /** order.paid: one shipment per order, however often (or in however many events) the order arrives. */
  async createFromOrder(manager: EntityManager, order: OrderPaid): Promise<void> {
    const created = (await this.createFromOrders(manager, [order])).get(order.orderId.toLowerCase());
    if (created) {
      await this.events.publish(manager, EventName.ShipmentCreated, created);
    }
  }

  /**
   * order.paid for several orders at once (a batch's, in the order their rows are to be inserted): one shipment for
   * each order that has none yet, however often (or in however many events) it arrives. What that needs is read in
   * one round trip — which orders have a shipment already, the cancellations received before them, the network's
   * nodes for each distinct route — and the shipments, their legs and consents are inserted in one statement (the
   * cancellations that came first given their shipments in one more).
   * Answers `shipment.created`'s payload for each order shipped now, by order id in lower case: the caller publishes.
   */
  async createFromOrders(manager: EntityManager, orders: OrderPaid[]): Promise<Map<string, ShipmentRef>> {
    const byId = new Map<string, OrderPaid>();
    for (const order of orders) {
      const id = order.orderId.toLowerCase();
      if (!byId.has(id)) byId.set(id, order);
    }
    const asked = new Map([...byId].map(([id, order]) => [id, routeAsked(order)]));
    const routes = new Map([...asked.values()].map((route) => [route.key, route]));
    const [{ shipped, cancellations }, ...nodes] = await readTogether<
      [Awaited<ReturnType<ShipmentRepository['shipmentsAndCancellationsOf']>>, ...RouteNodes[]]
    >(manager, [
      (reader) => this.shipments.shipmentsAndCancellationsOf(reader, [...byId.keys()]),
      ...[...routes.values()].map(
        (route) => (reader: EntityManager) =>
          this.network.routeNodes(reader, route.countyCode, route.originCode, route.pointOrgId),
      ),
    ]);
    const nodesOf = new Map([...routes.keys()].map((key, at) => [key, nodes[at]]));
    const now = this.clock.now();
    const created = new Map<string, ShipmentRef>();
    const shipments: Shipment[] = [];
    const legs: Partial<ShipmentLeg>[] = [];
    const consents: Partial<ConsentRecord>[] = [];
    const cancelled: { orderId: string; shipmentId: string }[] = [];
    for (const [id, order] of byId) {
      if (shipped.has(id)) {
        continue;
      }
      const cancellation = cancellations.get(id);
      const routing = routingOver(order, nodesOf.get(asked.get(id)!.key)!);
      const shipment = this.newShipment(order, routing, cancellation, now);
      shipments.push(shipment);
      legs.push(...this.legsFor(shipment, cancellation ? LegStatus.Cancelled : LegStatus.Pending));
      consents.push(...this.consentsFor(shipment, order, now));
      if (cancellation) {
        cancelled.push({ orderId: cancellation.orderId, shipmentId: shipment.id });
      }
      if (routing.problem) {
        this.logger.warn({ orderId: order.orderId, problem: routing.problem }, 'shipment created without a route');
      }
      created.set(id, { shipmentId: shipment.id, orderId: shipment.orderId, at: now.toISOString() });
    }
    if (shipments.length > 0) {
      await this.shipments.insertNew(manager, shipments, legs, consents);
    }
    if (cancelled.length > 0) {
      await this.shipments.linkCancellations(manager, cancelled);
    }
    return created;
  }

  /** A new shipment of a paid order, routed (or not) as `routing` says; cancelled from the start if the order was. */
  private newShipment(
    order: OrderPaid,
    routing: Routing,
    cancellation: OrderCancellation | undefined,
    now: Date,
  ): Shipment {
    const range = rangeFor(order.temperature);
    return {
      id: randomUUID(),
      orderId: order.orderId,
      groupId: order.groupId,
      buyerId: order.buyerId,
      sellerOrgId: order.sellerOrgId,
      sellerName: order.sellerName,
      countyCode: order.countyCode,
      direction: order.direction,
      status: cancellation ? ShipmentStatus.Cancelled : ShipmentStatus.AwaitingHandover,
      parcelCode: newParcelCode(order.countyCode),
      weightGrams: order.totalWeightGrams,
      volumeMl: order.totalVolumeMl,
      temperatureClass: order.temperature.class,
      minC: range?.minC ?? null,
      maxC: range?.maxC ?? null,
      weightToleranceGrams: order.weightToleranceGrams,
      originVillageCode: order.originVillageCode,
      originNodeId: routing.originNodeId,
      destination: order.destination,
      destinationNodeId: routing.destinationNodeId,
      lines: order.lines,
      payment: order.payment,
      path: routing.path,
      position: -1,
      custodyKind: CustodyKind.Seller,
      custodyNodeId: null,
      custodyVehicleId: null,
      custodyRunId: null,
      custodySince: now,
      routingProblem: routing.problem,
      traceCodes: [],
      cancelledAt: cancellation ? now : null,
      note: cancellation ? `order was cancelled (${cancellation.reason}) before it was paid for here` : null,
      handedInWeightGrams: null,
      shelf: null,
      layer: null,
      pickupNumber: null,
      pickupCode: null,
      shelvedAt: null,
      collectBy: null,
      reminderSentAt: null,
      carrier: null,
      waybillNo: null,
      dispatchedAt: null,
      deliveredAt: null,
      returnedAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies Shipment;
  }

  /** order.cancelled: cancels the shipment until it is dispatched; afterwards the request is only recorded. */
  async cancelForOrder(manager: EntityManager, cancelled: OrderCancelled): Promise<void> {
    const now = this.clock.now();
    if (await this.shipments.findCancellation(manager, cancelled.orderId)) {
      return;
    }
    const shipment = await this.shipments.lockOne(manager, { orderId: cancelled.orderId });
    let outcome: 'cancelled' | 'ignored_dispatched' | 'ignored_closed' | 'before_shipment' = 'before_shipment';
    if (shipment) {
      if (CLOSED_STATUSES.includes(shipment.status)) {
        outcome = 'ignored_closed';
      } else if (shipment.dispatchedAt) {
        outcome = 'ignored_dispatched';
        shipment.note = `order cancelled (${cancelled.reason}) after dispatch at ${shipment.dispatchedAt.toISOString()}; not stopped`;
      } else {
        outcome = 'cancelled';
        shipment.cancelledAt = now;
        shipment.note =
          shipment.custodyKind === CustodyKind.Node
            ? `order cancelled (${cancelled.reason}); the parcel waits at its node to go back to the seller`
            : `order cancelled (${cancelled.reason})`;
        await this.shipments.cancelPendingLegs(manager, shipment.id, now);
        await this.runs.releaseFromPlannedRuns(manager, shipment.id);
      }
      shipment.updatedAt = now;
      if (outcome === 'cancelled') {
        await this.shipments.transition(manager, shipment, ShipmentTransition.Cancel);
      } else {
        await this.shipments.save(manager, shipment);
      }
    }
    this.logger.info({ orderId: cancelled.orderId, outcome }, 'order cancellation received');
    await this.shipments.saveCancellation(manager, {
      orderId: cancelled.orderId,
      reason: cancelled.reason,
      wasPaid: cancelled.wasPaid,
      outcome,
      shipmentId: shipment?.id ?? null,
      receivedAt: now,
    });
  }

  // ------------------------------------------------------------------ HTTP

  async scan(
    principal: Principal,
    shipmentId: string,
    dto: ScanCreateDto,
    idempotency?: IdempotencyContext,
  ): Promise<ScanResponseDto> {
    const node = await this.network.requireNode(dto.nodeId, this.db.manager);
    assertCanOperate(principal, node);
    return this.idempotency.transaction(idempotency, async (manager) => {
      const shipment = await this.lockShipment(manager, shipmentId);
      this.assertSameCounty(shipment, node);
      let vehicle = null;
      let runId: string | null = null;
      if (dto.kind === ScanKind.Departed) {
        if (dto.runId) {
          const run = await this.runs.find(dto.runId, manager);
          if (!run || run.countyCode !== shipment.countyCode) {
            throw new Problem(422, 'run-not-found', `no run ${dto.runId} in county ${shipment.countyCode}`);
          }
          runId = run.id;
          vehicle = await this.network.findVehicle(run.vehicleId, manager);
        } else if (dto.vehicleId) {
          vehicle = await this.network.findVehicle(dto.vehicleId, manager);
          if (!vehicle || vehicle.countyCode !== shipment.countyCode) {
            throw new Problem(422, 'vehicle-not-found', `no vehicle ${dto.vehicleId} in county ${shipment.countyCode}`);
          }
        } else {
          throw new Problem(400, 'vehicle-required', 'a departure names the vehicleId or runId that takes the parcel');
        }
      } else if (dto.vehicleId || dto.runId) {
        throw new Problem(400, 'vehicle-not-applicable', 'only a departure names a vehicle or run');
      }
      return mapScan(
        await this.custody.scan(manager, shipment, {
          kind: dto.kind,
          node,
          actorId: principal.userId,
          at: this.clock.now(),
          temperatureC: dto.temperatureC,
          vehicle,
          runId,
        }),
      );
    });
  }

  /** A reading from a data logger or a check between hand-overs, by whoever holds the parcel or county staff. */
  async recordTemperature(
    principal: Principal,
    shipmentId: string,
    dto: TemperatureReadingCreateDto,
  ): Promise<ShipmentTimelineDto> {
    await this.db.withTransaction(async (manager) => {
      const shipment = await this.lockShipment(manager, shipmentId);
      const node = shipment.custodyNodeId ? await this.network.findNode(shipment.custodyNodeId, manager) : null;
      if (!principal.isCountyStaffOf(shipment.countyCode) && !(node && canOperate(principal, node))) {
        throw new Problem(
          403,
          'not-custodian',
          `only the node holding parcel ${shipment.parcelCode} or county staff record its temperature`,
        );
      }
      if (CLOSED_STATUSES.includes(shipment.status) || shipment.custodyKind === CustodyKind.Seller) {
        throw new Problem(
          409,
          'not-in-network',
          `parcel ${shipment.parcelCode} is not in the network (${shipment.status})`,
        );
      }
      await this.custody.recordReading(manager, shipment, {
        readingC: dto.readingC,
        node,
        vehicleId: shipment.custodyVehicleId,
        scanId: null,
        recordedBy: principal.userId,
        at: this.clock.now(),
      });
      shipment.updatedAt = this.clock.now();
      await this.shipments.save(manager, shipment);
    });
    return this.timeline(principal, shipmentId);
  }

  /** Routes a shipment again once the network has what was missing (e.g. the seller's village point now exists). */
  async reroute(principal: Principal, shipmentId: string): Promise<ShipmentTimelineDto> {
    await this.db.withTransaction(async (manager) => {
      const shipment = await this.lockShipment(manager, shipmentId);
      principal.assertCountyStaffOf(shipment.countyCode);
      if (shipment.custodyKind !== CustodyKind.Seller || shipment.status !== ShipmentStatus.AwaitingHandover) {
        throw new Problem(
          409,
          'already-in-network',
          `parcel ${shipment.parcelCode} is in the network already; its route is fixed`,
        );
      }
      const routing = await this.route(manager, {
        countyCode: shipment.countyCode,
        direction: shipment.direction,
        originVillageCode: shipment.originVillageCode,
        destination: shipment.destination,
      });
      if (routing.problem) {
        throw new Problem(422, 'unroutable', routing.problem);
      }
      await this.shipments.cancelPendingLegs(manager, shipment.id, this.clock.now());
      Object.assign(shipment, {
        path: routing.path,
        originNodeId: routing.originNodeId,
        destinationNodeId: routing.destinationNodeId,
        routingProblem: null,
        updatedAt: this.clock.now(),
      });
      await this.shipments.save(manager, shipment);
      const seq = await this.shipments.nextLegSeq(manager, shipment.id);
      await this.shipments.insertLegs(
        manager,
        this.legsFor(shipment, LegStatus.Pending).map((leg) => ({ ...leg, seq: seq + (leg.seq ?? 0) })),
      );
    });
    return this.timeline(principal, shipmentId);
  }

  async timeline(principal: Principal, shipmentId: string): Promise<ShipmentTimelineDto> {
    const shipment = await this.shipments.find(shipmentId, this.db.manager);
    if (!shipment) {
      throw new Problem(404, 'shipment-not-found', `no shipment ${shipmentId}`);
    }
    return this.timelineOf(principal, shipment);
  }

  async timelineForOrder(principal: Principal, orderId: string): Promise<ShipmentTimelineDto> {
    const shipment = await this.shipments.findByOrder(orderId, this.db.manager);
    if (!shipment) {
      throw new Problem(404, 'shipment-not-found', `no shipment for order ${orderId} (yet)`);
    }
    return this.timelineOf(principal, shipment);
  }

  async search(principal: Principal, query: ShipmentSearchDto): Promise<ShipmentSummaryDto[]> {
    const limit = query.limit ?? 50;
    if (query.nodeId) {
      const node = await this.network.requireNode(query.nodeId, this.db.manager);
      assertCanOperate(principal, node);
    } else if (query.countyCode) {
      assertCanOversee(principal, query.countyCode);
    } else {
      throw new Problem(400, 'scope-required', 'give countyCode (county staff) or nodeId (operators of that node)');
    }
    const found = await this.shipments.search({ ...query, limit });
    const nodes = await this.nodesOf(
      found.flatMap((shipment) => (shipment.custodyNodeId ? [shipment.custodyNodeId] : [])),
    );
    return found.map((shipment) => mapShipmentSummary(shipment, nodes));
  }

  async excursions(principal: Principal, countyCode: string): Promise<ExcursionResponseDto[]> {
    assertCanOversee(principal, countyCode);
    const rows = await this.shipments.excursions(countyCode, 200);
    return rows.map((row) => ({
      ...mapReading(row),
      shipmentId: row.shipmentId,
      orderId: row.orderId,
      parcelCode: row.parcelCode,
    }));
  }

  /** What the parcel's label shows (labels are printed by whoever may see the shipment). */
  async label(principal: Principal, ref: { id: string } | { parcelCode: string }): Promise<LabelResponseDto> {
    const shipment = await this.shipments.findOne(ref, this.db.manager);
    if (!shipment) {
      throw new Problem(404, 'parcel-not-found', `no parcel ${'id' in ref ? ref.id : ref.parcelCode}`);
    }
    await this.assertCanView(principal, shipment);
    const nodes = await this.nodesOf(shipment.path);
    const destination = shipment.destinationNodeId ? nodes.get(shipment.destinationNodeId) : undefined;
    const next =
      (await this.runs.activeItem(this.db.manager, shipment.id, 'drop')) ??
      (await this.runs.activeItem(this.db.manager, shipment.id, 'collect'));
    const run = next && (await this.runs.find(next.runId, this.db.manager));
    const stop = run
      ? (await this.runs.stops(run.id, this.db.manager)).find((entry) => entry.nodeId === next.nodeId)
      : null;
    const vehicle = run && (await this.network.findVehicle(run.vehicleId, this.db.manager));
    const { recipientName, recipientPhone, address } = shipment.destination;
    return {
      shipmentId: shipment.id,
      parcelCode: shipment.parcelCode,
      barcode: shipment.parcelCode,
      qr: shipment.parcelCode,
      direction: shipment.direction,
      temperatureClass: shipment.temperatureClass,
      weightGrams: shipment.weightGrams,
      sellerName: shipment.sellerName,
      destination: {
        kind: destination ? 'point' : 'address',
        nodeName: destination?.name ?? null,
        nodeCode: destination?.code ?? null,
        path: shipment.path.flatMap((id) => {
          const node = nodes.get(id);
          return node ? [{ code: node.code, name: node.name }] : [];
        }),
        city: address ? `${address.province}${address.city}` : null,
      },
      recipient: { name: maskName(recipientName), phone: maskPhone(recipientPhone) },
      run:
        run && next
          ? {
              id: run.id,
              vehiclePlate: vehicle?.plate ?? '',
              trip: run.trip,
              runDate: run.runDate,
              stopSeq: stop ? stop.seq + 1 : null,
            }
          : null,
    };
  }

  // ------------------------------------------------------------------ helpers

  /** Buyer, seller organisation, operators of the nodes on its path, county staff and platform admins. */
  async assertCanView(principal: Principal, shipment: Shipment): Promise<void> {
    if (
      principal.userId === shipment.buyerId ||
      principal.isMemberOf(shipment.sellerOrgId) ||
      principal.isCountyStaffOf(shipment.countyCode) ||
      principal.isPlatformAdmin()
    ) {
      return;
    }
    const nodes = await this.network.findNodes(shipment.path, this.db.manager);
    if (nodes.some((node) => canOperate(principal, node))) {
      return;
    }
    throw new Problem(403, 'not-your-shipment', `you cannot see shipment ${shipment.id}`);
  }

  private async timelineOf(principal: Principal, shipment: Shipment): Promise<ShipmentTimelineDto> {
    await this.assertCanView(principal, shipment);
    const [legs, scans, readings, receipt, consents] = await Promise.all([
      this.shipments.legs(shipment.id, this.db.manager),
      this.shipments.scans(shipment.id),
      this.shipments.readings(shipment.id),
      this.shipments.receipt(shipment.id),
      this.shipments.consents(shipment.id),
    ]);
    const nodes = await this.nodesOf([
      ...shipment.path,
      ...(shipment.custodyNodeId ? [shipment.custodyNodeId] : []),
      ...(shipment.destinationNodeId ? [shipment.destinationNodeId] : []),
    ]);
    return mapTimeline({
      shipment,
      nodes,
      legs,
      scans,
      readings,
      receipt,
      consents,
      showPickupCode: principal.userId === shipment.buyerId,
    });
  }

  private async nodesOf(ids: string[]): Promise<Map<string, NetworkNode>> {
    const nodes = await this.network.findNodes([...new Set(ids)], this.db.manager);
    return new Map(nodes.map((node) => [node.id, node]));
  }

  private async lockShipment(manager: EntityManager, id: string): Promise<Shipment> {
    const shipment = await this.shipments.lock(manager, id);
    if (!shipment) {
      throw new Problem(404, 'shipment-not-found', `no shipment ${id}`);
    }
    return shipment;
  }

  private assertSameCounty(shipment: Shipment, node: NetworkNode): void {
    if (node.countyCode !== shipment.countyCode) {
      throw new Problem(
        422,
        'not-on-route',
        `parcel ${shipment.parcelCode} travels in county ${shipment.countyCode}, not at ${node.code}`,
      );
    }
  }

  /**
   * The path through the tree: produce from the seller's village point up its town station to the hub, goods from
   * the hub; then down to the buyer's village point, or out with the express carrier for a city address.
   */
  private async route(manager: EntityManager, order: RoutedOrder): Promise<Routing> {
    const asked = routeAsked(order);
    return routingOver(
      order,
      await this.network.routeNodes(manager, asked.countyCode, asked.originCode, asked.pointOrgId),
    );
  }

  private legsFor(shipment: Shipment, status: LegStatus): Partial<ShipmentLeg>[] {
    if (shipment.path.length === 0) {
      return [];
    }
    const hops: Partial<ShipmentLeg>[] = shipment.path.slice(0, -1).map((from, index) => ({
      shipmentId: shipment.id,
      seq: index,
      hop: index,
      fromNodeId: from,
      toNodeId: shipment.path[index + 1],
      mode: LegMode.Run,
      purpose: 'forward',
      status,
      completedAt: null,
    }));
    hops.push({
      shipmentId: shipment.id,
      seq: hops.length,
      hop: null,
      fromNodeId: shipment.path[shipment.path.length - 1],
      toNodeId: null,
      mode: shipment.destinationNodeId ? LegMode.Pickup : LegMode.Carrier,
      purpose: 'forward',
      status,
      completedAt: null,
    });
    return hops;
  }

  private consentsFor(shipment: Shipment, order: OrderPaid, now: Date): Partial<ConsentRecord>[] {
    if (order.destination.kind !== 'service_point') {
      return [];
    }
    const consents: Partial<ConsentRecord>[] = [
      {
        shipmentId: shipment.id,
        kind: 'station_delivery',
        subjectName: order.destination.recipientName,
        subjectPhone: order.destination.recipientPhone,
        givenBy: order.buyerId,
        source: `order.paid ${order.orderId}`,
        at: now,
      },
    ];
    if (order.destination.agentName && order.destination.agentPhone) {
      consents.push({
        shipmentId: shipment.id,
        kind: 'named_agent',
        subjectName: order.destination.agentName,
        subjectPhone: order.destination.agentPhone,
        givenBy: order.buyerId,
        source: `order.paid ${order.orderId}`,
        at: now,
      });
    }
    return consents;
  }
}

type RouteNodes = Awaited<ReturnType<NetworkRepository['routeNodes']>>;
type RoutedOrder = Pick<OrderPaid, 'countyCode' | 'direction' | 'originVillageCode' | 'destination'>;

/** What routing an order reads of the network ({@link NetworkRepository.routeNodes}'s arguments), and a key for it. */
function routeAsked(order: RoutedOrder): {
  key: string;
  countyCode: string;
  originCode: string | null;
  pointOrgId: string | null;
} {
  const originCode = order.direction === FlowDirection.Up ? (order.originVillageCode ?? null) : null;
  const pointOrgId = order.destination.kind === 'service_point' ? (order.destination.servicePointOrgId ?? null) : null;
  return {
    key: JSON.stringify([order.countyCode, originCode, pointOrgId]),
    countyCode: order.countyCode,
    originCode,
    pointOrgId,
  };
}

/** An order's route over the nodes {@link NetworkRepository.routeNodes} read for it, or why there is none. */
function routingOver(order: RoutedOrder, nodes: RouteNodes): Routing {
  const none = (problem: string): Routing => ({ path: [], originNodeId: null, destinationNodeId: null, problem });
  const up = order.direction === FlowDirection.Up;
  const toPoint = order.destination.kind === 'service_point';
  const hub = nodes.hub;
  if (!hub) {
    return none(`county ${order.countyCode} has no hub in the network yet`);
  }
  let origin: RouteNode | null = null;
  if (up) {
    if (!order.originVillageCode) {
      return none('the order names no origin village for the produce');
    }
    origin = nodes.origin[0] ?? null;
    if (!origin || origin.level !== NodeLevel.VillagePoint || !origin.active) {
      return none(`there is no village service point for the origin village ${order.originVillageCode}`);
    }
    if (origin.countyCode !== order.countyCode) {
      return none(`origin village ${order.originVillageCode} is not in county ${order.countyCode}`);
    }
  }
  let destination: RouteNode | null = null;
  if (toPoint) {
    if (!order.destination.servicePointOrgId) {
      return none('the destination is a service point but names none');
    }
    destination = nodes.destination[0] ?? null;
    if (!destination) {
      return none(
        `service point organisation ${order.destination.servicePointOrgId} runs no village point in the network`,
      );
    }
    if (destination.countyCode !== order.countyCode) {
      return none(`service point ${destination.code} is not in county ${order.countyCode}`);
    }
  }
  // each chain is its node, its parent, … up to the hub
  const upward = origin ? nodes.origin : [hub];
  const downward = destination ? [...nodes.destination].reverse() : [hub];
  if (upward[upward.length - 1].id !== hub.id || downward[0].id !== hub.id) {
    return none('a node on the way is not connected to the county hub');
  }
  return {
    path: [...upward, ...downward.slice(1)].map((node) => node.id),
    originNodeId: origin?.id ?? null,
    destinationNodeId: destination?.id ?? null,
    problem: null,
  };
}
