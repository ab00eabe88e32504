import { Principal } from '@countyflow/auth';
import { FlowDirection } from '@countyflow/contracts';
import { chinaDate, dayRange, Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertCanOperate } from '../common/access';
import { Clock } from '../common/clock';
import { IdempotencyContext, IdempotencyStore } from '../common/idempotency';
import { LogisticsConfig } from '../logistics.config';
import { LotService } from '../lot/lot.service';
import { NetworkNode, NodeLevel } from '../network/network.entities';
import { NetworkRepository } from '../network/network.repository';
import { RunRepository } from '../run/run.repository';
import { CustodyService, nodeLabel } from '../shipment/custody.service';
import { CustodyKind, ScanKind, Shipment, ShipmentStatus } from '../shipment/shipment.entities';
import { ShipmentRepository } from '../shipment/shipment.repository';
import { PickupGuard } from './pickup-guard';
import {
  ArrivalCreateDto,
  ArrivalResponseDto,
  ArrivalsResponseDto,
  cashToTake,
  CollectionCreateDto,
  CollectionResponseDto,
  HandInCreateDto,
  HandInResponseDto,
  mapPointParcel,
  OverdueResponseDto,
  ParcelRefDto,
  PointParcelDto,
  ShelvesResponseDto,
} from './point.dto';

type CollectionOutcome =
  | { ok: true; response: CollectionResponseDto }
  | { ok: false; reason: 'mismatch' }
  | { ok: false; reason: 'spent'; spent: Shipment };

/** What a village point's operator does: take produce in, scan parcels in, hand them out, and see the point. */
@Injectable()
export class PointService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly shipments: ShipmentRepository,
    private readonly network: NetworkRepository,
    private readonly runs: RunRepository,
    private readonly custody: CustodyService,
    private readonly guard: PickupGuard,
    private readonly clock: Clock,
    private readonly config: LogisticsConfig,
    private readonly idempotency: IdempotencyStore,
    private readonly lots: LotService,
  ) {}

  /** First kilometre: weigh the produce against the order, record the lots' trace codes, take it into custody. */
  async handIn(
    principal: Principal,
    nodeId: string,
    dto: HandInCreateDto,
    idempotency?: IdempotencyContext,
  ): Promise<HandInResponseDto> {
    const point = await this.requireOperatedPoint(principal, nodeId);
    return this.idempotency.transaction(idempotency, async (manager) => {
      const shipment = await this.lockParcel(manager, dto);
      if (shipment.direction !== FlowDirection.Up) {
        throw new Problem(
          422,
          'not-produce',
          `parcel ${shipment.parcelCode} is goods going down; goods enter the network at the hub`,
        );
      }
      if (shipment.originNodeId && shipment.originNodeId !== point.id) {
        const origin = await this.network.findNode(shipment.originNodeId, manager);
        throw new Problem(
          422,
          'not-on-route',
          `parcel ${shipment.parcelCode} is handed in at ${origin ? nodeLabel(origin) : shipment.originNodeId}, not at ${nodeLabel(point)}`,
        );
      }
      if (shipment.custodyKind === CustodyKind.Seller && shipment.status === ShipmentStatus.AwaitingHandover) {
        const tolerance = shipment.weightToleranceGrams ?? this.config.defaultWeightToleranceGrams;
        const difference = dto.weighedGrams - shipment.weightGrams;
        if (Math.abs(difference) > tolerance) {
          throw new Problem(
            422,
            'weight-out-of-tolerance',
            `parcel ${shipment.parcelCode} weighs ${dto.weighedGrams} g; the order is for ${shipment.weightGrams} g ` +
              `(${difference > 0 ? '+' : ''}${difference} g, tolerance ±${tolerance} g)`,
            {
              expectedGrams: shipment.weightGrams,
              weighedGrams: dto.weighedGrams,
              differenceGrams: difference,
              toleranceGrams: tolerance,
            },
          );
        }
        const now = this.clock.now();
        shipment.traceCodes = await this.lots.takeForHandIn(
          manager,
          shipment,
          dto.traceCodes,
          dto.weighedGrams,
          chinaDate(now),
          now,
        );
        shipment.handedInWeightGrams = dto.weighedGrams;
      }
      await this.custody.scan(manager, shipment, {
        kind: ScanKind.HandedIn,
        node: point,
        actorId: principal.userId,
        at: this.clock.now(),
        temperatureC: dto.temperatureC,
        details: { weighedGrams: dto.weighedGrams, traceCodes: shipment.traceCodes },
      });
      return {
        shipmentId: shipment.id,
        parcelCode: shipment.parcelCode,
        status: shipment.status,
        expectedGrams: shipment.weightGrams,
        weighedGrams: dto.weighedGrams,
        differenceGrams: dto.weighedGrams - shipment.weightGrams,
        traceCodes: shipment.traceCodes,
      };
    });
  }

  /**
   * A parcel is scanned in at a node (a village point, a town station, the hub): at its own village point it is
   * shelved with a pickup code. `source` (a run, a point, the carrier, a seller in town) is kept on the scan.
   */
  async arrive(
    principal: Principal,
    nodeId: string,
    dto: ArrivalCreateDto & { source?: string },
    idempotency?: IdempotencyContext,
  ): Promise<ArrivalResponseDto> {
    const node = await this.network.requireNode(nodeId, this.db.manager);
    assertCanOperate(principal, node);
    return this.idempotency.transaction(idempotency, async (manager) => {
      const shipment = await this.lockParcel(manager, dto);
      await this.custody.scan(manager, shipment, {
        kind: ScanKind.Arrived,
        node,
        actorId: principal.userId,
        at: this.clock.now(),
        temperatureC: dto.temperatureC,
        ...(dto.source && { details: { source: dto.source } }),
      });
      return {
        shipmentId: shipment.id,
        parcelCode: shipment.parcelCode,
        status: shipment.status,
        shelf: shipment.shelf,
        layer: shipment.layer,
        pickupCode: shipment.status === ShipmentStatus.ReadyForPickup ? shipment.pickupCode : null,
        collectBy: shipment.collectBy?.toISOString() ?? null,
      };
    });
  }

  /**
   * Hand-over at the point: the code and the last four digits of the recipient's (or named agent's) phone must
   * match an uncollected parcel here. Every try is counted before the code is checked and given back when it was
   * right (PickupGuard); the same message for a wrong code and a wrong phone, so a guesser learns nothing from which
   * part failed.
   */
  async collect(
    principal: Principal,
    nodeId: string,
    dto: CollectionCreateDto,
    ip: string,
    idempotency?: IdempotencyContext,
  ): Promise<CollectionResponseDto> {
    const point = await this.requireOperatedPoint(principal, nodeId);
    const policy = await this.network.settings(point.countyCode, this.db.manager);
    const attempt = await this.guard.count({ nodeId: point.id, accountId: principal.userId, ip }, policy);
    const outcome = await this.idempotency.transaction(
      idempotency,
      async (manager): Promise<CollectionOutcome> => {
        const shipment = await this.shipments.lockReadyByCode(manager, point.id, dto.code);
        if (!shipment) {
          const spent = await this.shipments.findSpentCode(manager, point.id, dto.code);
          return spent ? { ok: false, reason: 'spent', spent } : { ok: false, reason: 'mismatch' };
        }
        const { destination } = shipment;
        const collectedBy =
          destination.recipientPhone.slice(-4) === dto.phoneLast4
            ? 'recipient'
            : destination.agentPhone?.slice(-4) === dto.phoneLast4
              ? 'agent'
              : null;
        if (!collectedBy) {
          return { ok: false, reason: 'mismatch' };
        }
        const method = dto.method ?? 'pickup_code';
        const receipt = await this.custody.collect(
          manager,
          shipment,
          point,
          {
            method,
            collectedBy,
            collectorName:
              dto.collectorName ?? (collectedBy === 'agent' ? destination.agentName : destination.recipientName),
            operatorId: principal.userId,
            evidence: {
              code: dto.code,
              phoneLast4: dto.phoneLast4,
              ...(dto.signatureRef && { signatureRef: dto.signatureRef }),
            },
          },
          this.clock.now(),
        );
        return {
          ok: true,
          response: {
            shipmentId: shipment.id,
            parcelCode: shipment.parcelCode,
            method: receipt.method,
            collectedBy: receipt.collectedBy,
            collectorName: receipt.collectorName,
            at: receipt.at.toISOString(),
            cash: cashToTake(shipment),
          },
        };
      },
      (answer) => answer.ok,
    );
    await attempt.settle(outcome.ok);
    if (outcome.ok) {
      return outcome.response;
    }
    const { attemptsLeft } = attempt;
    const lockNote =
      attemptsLeft === 0
        ? `; you cannot try another code here for ${policy.pickupLockMinutes} minutes`
        : `; ${attemptsLeft} tries left`;
    if (outcome.reason === 'spent') {
      const when = (outcome.spent.deliveredAt ?? outcome.spent.updatedAt).toISOString();
      throw new Problem(
        409,
        'pickup-code-used',
        `code ${dto.code} was already used: that parcel was ${outcome.spent.status === ShipmentStatus.Delivered ? 'collected' : 'sent back'} at ${when}${lockNote}`,
        { attemptsLeft },
      );
    }
    throw new Problem(
      422,
      'pickup-code-mismatch',
      `no uncollected parcel here matches that code and phone${lockNote}`,
      {
        attemptsLeft,
      },
    );
  }

  async arrivals(principal: Principal, nodeId: string, date?: string): Promise<ArrivalsResponseDto> {
    const point = await this.requireOperatedPoint(principal, nodeId);
    const day = date ?? chinaDate(this.clock.now());
    const { start, end } = dayRange(day, day);
    const [arrived, expectedIds] = await Promise.all([
      this.shipments.shelvedBetween(point.id, start, end),
      this.runs.expectedDrops(point.id, day),
    ]);
    const expected = (await this.shipments.findMany(expectedIds, this.db.manager)).filter(
      (shipment) => shipment.custodyKind === CustodyKind.Vehicle || shipment.custodyKind === CustodyKind.Node,
    );
    return {
      date: day,
      expected: expected.filter((shipment) => shipment.custodyNodeId !== point.id).map(mapPointParcel),
      arrived: arrived.map(mapPointParcel),
    };
  }

  async shelves(principal: Principal, nodeId: string): Promise<ShelvesResponseDto> {
    const point = await this.requireOperatedPoint(principal, nodeId);
    const waiting = await this.shipments.onShelves(point.id);
    const slots = new Map<string, { shelf: number; layer: number; parcels: PointParcelDto[] }>();
    for (let shelf = 1; shelf <= point.shelves; shelf++) {
      for (let layer = 1; layer <= point.layers; layer++) {
        slots.set(`${shelf}-${layer}`, { shelf, layer, parcels: [] });
      }
    }
    for (const shipment of waiting) {
      slots.get(`${shipment.shelf}-${shipment.layer}`)?.parcels.push(mapPointParcel(shipment));
    }
    return {
      shelves: point.shelves,
      layers: point.layers,
      slotCapacity: point.slotCapacity,
      waiting: waiting.length,
      slots: [...slots.values()],
    };
  }

  async overdue(principal: Principal, nodeId: string): Promise<OverdueResponseDto> {
    const point = await this.requireOperatedPoint(principal, nodeId);
    const settings = await this.network.settings(point.countyCode, this.db.manager);
    const now = this.clock.now();
    const due = await this.shipments.dueBy(
      point.id,
      new Date(now.getTime() + settings.reminderHoursBefore * 3600 * 1000),
    );
    const waiting = await this.shipments.waitingToGoUp(point.id);
    return {
      overdue: due.filter((shipment) => shipment.collectBy! <= now).map(mapPointParcel),
      dueSoon: due.filter((shipment) => shipment.collectBy! > now).map(mapPointParcel),
      returning: waiting.filter((shipment) => shipment.status === ShipmentStatus.Returning).map(mapPointParcel),
    };
  }

  /** Produce handed in (and returns) waiting at the point for the next run up. */
  async outbound(principal: Principal, nodeId: string): Promise<PointParcelDto[]> {
    const point = await this.requireOperatedPoint(principal, nodeId);
    return (await this.shipments.waitingToGoUp(point.id)).map(mapPointParcel);
  }

  private async requireOperatedPoint(principal: Principal, nodeId: string): Promise<NetworkNode> {
    const node = await this.network.requireNode(nodeId, this.db.manager);
    assertCanOperate(principal, node);
    if (node.level !== NodeLevel.VillagePoint) {
      throw new Problem(
        422,
        'not-a-village-point',
        `${nodeLabel(node)} is a ${node.level.replace('_', ' ')}, not a village point`,
      );
    }
    return node;
  }

  private async lockParcel(manager: EntityManager, ref: ParcelRefDto): Promise<Shipment> {
    const shipment = await this.shipments.lockOne(
      manager,
      ref.shipmentId ? { id: ref.shipmentId } : { parcelCode: ref.parcelCode! },
    );
    if (!shipment) {
      throw new Problem(404, 'parcel-not-found', `no parcel ${ref.shipmentId ?? ref.parcelCode}`);
    }
    return shipment;
  }
}
