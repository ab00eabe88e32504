import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { chinaDate, Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertCanOperate, assertCanOversee, canOperate } from '../common/access';
import { Clock, isoWeekday } from '../common/clock';
import { IdempotencyContext, IdempotencyStore } from '../common/idempotency';
import { LogisticsConfig } from '../logistics.config';
import { NetworkNode, RouteKind, Vehicle, VehicleKind } from '../network/network.entities';
import { NetworkRepository } from '../network/network.repository';
import { roadKm } from '../planner/geo';
import { addLoad, firstOverload, Load, loadProfile, StopDemand, ZERO_LOAD } from '../planner/load-profile';
import { PlanningItem, PlanningVehicle } from '../planner/planner.types';
import { RoutePlanner } from '../planner/route-planner';
import { needsColdChain } from '../shipment/cold-chain';
import { CustodyService, nodeLabel } from '../shipment/custody.service';
import { CustodyKind, ScanKind, Shipment, ShipmentStatus } from '../shipment/shipment.entities';
import { ShipmentRepository } from '../shipment/shipment.repository';
import { canApplyRun, illegalRunTransition, RunTransition } from './run-state';
import {
  ManifestParcelDto,
  ParcelState,
  PlanCreateDto,
  PlanResponseDto,
  RunItemCreateDto,
  RunParcelScanDto,
  RunParcelScanResponseDto,
  RunResponseDto,
  RunScanDto,
  RunScanResponseDto,
  RunStopsUpdateDto,
  RunTemperatureCreateDto,
  RunTemperatureResponseDto,
} from './run.dto';
import { Run, RunItem, RunStatus } from './run.entities';
import { RunRepository } from './run.repository';

const toLoadDto = (load: Load): { kg: number; litres: number } => ({
  kg: Math.round(load.grams) / 1000,
  litres: Math.round(load.ml) / 1000,
});

const capacityOf = (vehicle: Vehicle): Load => ({
  grams: vehicle.capacityKg * 1000,
  ml: vehicle.capacityLitres * 1000,
});

/** What the next run must do with a parcel held in the network, if anything. */
export function pendingMove(shipment: Shipment, hubId: string): { action: 'drop' | 'collect'; nodeId: string } | null {
  if (shipment.custodyKind !== CustodyKind.Node || !shipment.custodyNodeId) {
    return null;
  }
  if (shipment.status !== ShipmentStatus.AtNode && shipment.status !== ShipmentStatus.Returning) {
    return null;
  }
  const last = shipment.path.length - 1;
  if (shipment.custodyNodeId === hubId) {
    return shipment.status === ShipmentStatus.AtNode && shipment.position < last
      ? { action: 'drop', nodeId: shipment.path[last] }
      : null;
  }
  return shipment.path.indexOf(hubId, shipment.position + 1) > shipment.position
    ? { action: 'collect', nodeId: shipment.custodyNodeId }
    : null;
}

/**
 * Runs: the day's plan (pending drops and collections handed to the route planner), manual changes checked
 * against the vehicle's capacity at every stop, and the scans that move a run's parcels (dispatch at the hub,
 * collection at a stop, completion back at the hub).
 */
@Injectable()
export class RunService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly runs: RunRepository,
    private readonly shipments: ShipmentRepository,
    private readonly network: NetworkRepository,
    private readonly custody: CustodyService,
    private readonly planner: RoutePlanner,
    private readonly config: LogisticsConfig,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async plan(principal: Principal, dto: PlanCreateDto): Promise<PlanResponseDto> {
    principal.assertCountyStaffOf(dto.countyCode);
    const planned = await this.db.withAdvisoryLock(
      `countyflow:logistics:plan:${dto.countyCode}:${dto.date}`,
      (manager) => this.planDay(manager, principal, dto),
    );
    if (!planned) {
      throw new Problem(
        409,
        'planning-in-progress',
        `${dto.date} of county ${dto.countyCode} is being planned right now; try again shortly`,
      );
    }
    const runs = await this.runs.runsOn(dto.countyCode, dto.date);
    const details = await Promise.all(
      runs.filter((run) => planned.runIds.includes(run.id)).map((run) => this.detail(run)),
    );
    return {
      countyCode: dto.countyCode,
      date: dto.date,
      planner: this.planner.name,
      planningMs: planned.planningMs,
      totalDistanceKm: Math.round(details.reduce((total, run) => total + run.distanceKm, 0) * 10) / 10,
      runs: details,
      unassigned: planned.unassigned,
    };
  }

  async list(principal: Principal, countyCode: string, date: string): Promise<RunResponseDto[]> {
    assertCanOversee(principal, countyCode);
    return Promise.all((await this.runs.runsOn(countyCode, date)).map((run) => this.detail(run)));
  }

  async get(principal: Principal, id: string): Promise<RunResponseDto> {
    const run = await this.requireRun(id);
    const hub = await this.network.findHub(run.countyCode, this.db.manager);
    if (
      !principal.isCountyStaffOf(run.countyCode) &&
      !principal.isPlatformAdmin() &&
      !(hub && canOperate(principal, hub)) &&
      !(await this.drives(principal, run, this.db.manager))
    ) {
      const stops = await this.network.findNodes(
        (await this.runs.stops(run.id, this.db.manager)).map((stop) => stop.nodeId),
        this.db.manager,
      );
      if (!stops.some((node) => canOperate(principal, node))) {
        throw new Problem(403, 'not-county-staff', `you cannot see run ${id}`);
      }
    }
    return this.detail(run);
  }

  /** Puts a waiting parcel on a planned run (moving it off another planned run); refused if the van would overflow. */
  async addItem(principal: Principal, runId: string, dto: RunItemCreateDto): Promise<RunResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const run = await this.lockPlannedRun(manager, principal, runId);
      const vehicle = (await this.network.findVehicle(run.vehicleId, manager))!;
      const hub = (await this.network.findHub(run.countyCode, manager))!;
      const shipment = await this.shipments.lock(manager, dto.shipmentId);
      if (!shipment || shipment.countyCode !== run.countyCode) {
        throw new Problem(404, 'shipment-not-found', `no shipment ${dto.shipmentId} in county ${run.countyCode}`);
      }
      const move = pendingMove(shipment, hub.id);
      if (!move) {
        throw new Problem(
          409,
          'not-waiting',
          `parcel ${shipment.parcelCode} is not waiting for a run (${shipment.status}, with the ${shipment.custodyKind})`,
        );
      }
      const cold = needsColdChain(shipment.temperatureClass);
      if (cold && !vehicle.refrigerated) {
        throw new Problem(
          422,
          'vehicle-not-refrigerated',
          `parcel ${shipment.parcelCode} is ${shipment.temperatureClass} goods; ${vehicle.plate} is not refrigerated`,
        );
      }
      const current = await this.runs.activeItem(manager, shipment.id, move.action);
      if (current?.runId === run.id) {
        throw new Problem(409, 'already-on-run', `parcel ${shipment.parcelCode} is already on this run`);
      }
      if (current && current.status !== RunStatus.Planned) {
        throw new Problem(
          409,
          'on-dispatched-run',
          `parcel ${shipment.parcelCode} is on run ${current.runId}, which has left`,
        );
      }
      if (current) {
        await this.runs.deleteItem(manager, current.runId, shipment.id);
        const other = (await this.runs.lock(manager, current.runId))!;
        await this.saveStops(manager, other, await this.runs.pruneStops(manager, other.id));
      }
      const items = await this.runs.items(run.id, manager);
      items.push({
        runId: run.id,
        shipmentId: shipment.id,
        action: move.action,
        nodeId: move.nodeId,
        weightGrams: shipment.weightGrams,
        volumeMl: shipment.volumeMl,
        cold,
      });
      const stops = (await this.runs.stops(run.id, manager)).map((stop) => stop.nodeId);
      const order = stops.includes(move.nodeId)
        ? stops
        : await this.cheapestInsertion(manager, hub, stops, move.nodeId);
      await this.assertFits(manager, vehicle, order, items);
      await this.runs.insertItems(manager, [items[items.length - 1]]);
      if (cold && !run.cold) {
        await this.runs.markCold(manager, run.id);
        run.cold = true;
      }
      await this.saveStops(manager, run, order);
    });
    return this.detail(await this.requireRun(runId));
  }

  async removeItem(principal: Principal, runId: string, shipmentId: string): Promise<RunResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const run = await this.lockPlannedRun(manager, principal, runId);
      if ((await this.runs.deleteItem(manager, run.id, shipmentId)) === 0) {
        throw new Problem(404, 'not-on-run', `shipment ${shipmentId} is not on run ${runId}`);
      }
      await this.saveStops(manager, run, await this.runs.pruneStops(manager, run.id));
    });
    return this.detail(await this.requireRun(runId));
  }

  /** Reorders a planned run's stops; refused if the new order overloads the vehicle anywhere along the way. */
  async reorder(principal: Principal, runId: string, dto: RunStopsUpdateDto): Promise<RunResponseDto> {
    await this.db.withTransaction(async (manager) => {
      const run = await this.lockPlannedRun(manager, principal, runId);
      const stops = (await this.runs.stops(run.id, manager)).map((stop) => stop.nodeId);
      if (stops.length !== dto.nodeIds.length || !dto.nodeIds.every((nodeId) => stops.includes(nodeId))) {
        throw new Problem(422, 'not-a-reordering', "give exactly the run's current stops, in the new order");
      }
      const vehicle = (await this.network.findVehicle(run.vehicleId, manager))!;
      await this.assertFits(manager, vehicle, dto.nodeIds, await this.runs.items(run.id, manager));
      await this.saveStops(manager, run, dto.nodeIds);
    });
    return this.detail(await this.requireRun(runId));
  }

  /** At the hub: every parcel the run drops departs on the vehicle; the run is on its way. */
  async dispatch(
    principal: Principal,
    runId: string,
    dto: RunScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunScanResponseDto> {
    return this.idempotency.transaction(idempotency, async (manager) => {
      const { run, hub } = await this.lockRunAtHub(manager, principal, runId);
      if (!canApplyRun(run.status, RunTransition.Dispatch)) {
        throw illegalRunTransition(run.id, run.status, RunTransition.Dispatch);
      }
      const vehicle = (await this.network.findVehicle(run.vehicleId, manager))!;
      const now = this.clock.now();
      const { scanned, skipped } = await this.scanItems(manager, run, 'drop', null, async (shipment) => {
        await this.custody.scan(manager, shipment, {
          kind: ScanKind.Departed,
          node: hub,
          actorId: principal.userId,
          at: now,
          temperatureC: needsColdChain(shipment.temperatureClass) ? dto.temperatureC : undefined,
          vehicle,
          runId: run.id,
        });
      });
      await this.runs.transition(manager, run, RunTransition.Dispatch, now);
      return { scanned, skipped, run: await this.detail(run, manager) };
    });
  }

  /** At a stop: the produce (and returns) the run collects there go onto the vehicle. */
  async collectAt(
    principal: Principal,
    runId: string,
    nodeId: string,
    dto: RunScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunScanResponseDto> {
    return this.idempotency.transaction(idempotency, async (manager) => {
      const run = await this.lockRun(manager, runId);
      const node = await this.network.requireNode(nodeId, manager);
      assertCanOperate(principal, node);
      if (run.status !== RunStatus.Dispatched) {
        throw new Problem(
          409,
          'illegal-transition',
          `run ${run.id} is ${run.status}; parcels are collected by a dispatched run`,
        );
      }
      if (!(await this.runs.stops(run.id, manager)).some((stop) => stop.nodeId === node.id)) {
        throw new Problem(422, 'not-a-stop', `run ${run.id} does not stop at ${nodeLabel(node)}`);
      }
      const vehicle = (await this.network.findVehicle(run.vehicleId, manager))!;
      const now = this.clock.now();
      const { scanned, skipped } = await this.scanItems(manager, run, 'collect', node.id, async (shipment) => {
        await this.custody.scan(manager, shipment, {
          kind: ScanKind.Departed,
          node,
          actorId: principal.userId,
          at: now,
          temperatureC: needsColdChain(shipment.temperatureClass) ? dto.temperatureC : undefined,
          vehicle,
          runId: run.id,
        });
      });
      return { scanned, skipped, run: await this.detail(run, manager) };
    });
  }

  /** Back at the hub: collected parcels arrive; parcels the run could not drop come back into the hub's custody. */
  async complete(
    principal: Principal,
    runId: string,
    dto: RunScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunScanResponseDto> {
    return this.idempotency.transaction(idempotency, async (manager) => {
      const { run, hub } = await this.lockRunAtHub(manager, principal, runId);
      if (!canApplyRun(run.status, RunTransition.Complete)) {
        throw illegalRunTransition(run.id, run.status, RunTransition.Complete);
      }
      const now = this.clock.now();
      const collected = await this.scanItems(manager, run, 'collect', null, async (shipment) => {
        await this.custody.scan(manager, shipment, {
          kind: ScanKind.Arrived,
          node: hub,
          actorId: principal.userId,
          at: now,
          temperatureC: needsColdChain(shipment.temperatureClass) ? dto.temperatureC : undefined,
        });
      });
      const broughtBack = await this.scanItems(manager, run, 'drop', null, (shipment) =>
        this.custody.bringBack(manager, shipment, hub, principal.userId, run.id, now),
      );
      await this.runs.transition(manager, run, RunTransition.Complete, now);
      return {
        scanned: [...collected.scanned, ...broughtBack.scanned],
        skipped: collected.skipped,
        run: await this.detail(run, manager),
      };
    });
  }

  // ------------------------------------------------------------------ one parcel at a time (scanners, the driver)

  /** At the hub: one parcel of the run's drops goes onto its van (before or after the run leaves). */
  async load(
    principal: Principal,
    runId: string,
    dto: RunParcelScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.scanParcel(principal, runId, null, 'load', dto, idempotency);
  }

  /** Back at the hub: one parcel the run collected comes off the van into the hub. */
  async unload(
    principal: Principal,
    runId: string,
    dto: RunParcelScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.scanParcel(principal, runId, null, 'unload', dto, idempotency);
  }

  /** At a stop: one parcel for this stop comes off the van (at its own village point it is shelved with a code). */
  async dropAt(
    principal: Principal,
    runId: string,
    nodeId: string,
    dto: RunParcelScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.scanParcel(principal, runId, nodeId, 'drop', dto, idempotency);
  }

  /** At a stop: one parcel waiting there (produce, a return) goes onto the van. */
  async collectOne(
    principal: Principal,
    runId: string,
    nodeId: string,
    dto: RunParcelScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.scanParcel(principal, runId, nodeId, 'collect', dto, idempotency);
  }

  /** A reading of the van's cold compartment, recorded for every cold parcel on board (excursions published). */
  async recordTemperature(
    principal: Principal,
    runId: string,
    dto: RunTemperatureCreateDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunTemperatureResponseDto> {
    return this.idempotency.transaction(idempotency, async (manager) => {
      const { run } = await this.lockRunAtHub(manager, principal, runId);
      if (!run.cold) {
        throw new Problem(422, 'not-a-cold-run', `run ${run.id} carries no cold-chain goods`);
      }
      const items = await this.runs.items(run.id, manager);
      const onBoard = (
        await this.shipments.lockMany(
          manager,
          [...new Set(items.filter((item) => item.cold).map((item) => item.shipmentId))].sort(),
        )
      ).filter((shipment) => this.onBoard(shipment, run));
      const now = this.clock.now();
      let excursions = 0;
      for (const shipment of onBoard) {
        const excursion = await this.custody.recordReading(manager, shipment, {
          readingC: dto.readingC,
          node: null,
          vehicleId: run.vehicleId,
          scanId: null,
          recordedBy: principal.userId,
          at: now,
        });
        if (excursion) {
          excursions++;
          shipment.updatedAt = now;
          await this.shipments.save(manager, shipment);
        }
      }
      return { recorded: onBoard.length, excursions };
    });
  }

  /** A driver's runs on a day: those of the vehicles they are assigned to, stops in order with their manifests. */
  async driverRuns(principal: Principal, date?: string): Promise<RunResponseDto[]> {
    if (!principal.hasRole(MembershipRole.Driver)) {
      throw new Problem(403, 'not-a-driver', 'only drivers (role driver in the hub’s organisation) have runs');
    }
    const day = date ?? chinaDate(this.clock.now());
    const runs = await this.runs.runsOfDriver(principal.userId, day);
    return Promise.all(runs.map((run) => this.detail(run)));
  }

  private scanParcel(
    principal: Principal,
    runId: string,
    nodeId: string | null,
    action: 'load' | 'unload' | 'drop' | 'collect',
    dto: RunParcelScanDto,
    idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.idempotency.transaction(idempotency, async (manager) => {
      const run = await this.lockRun(manager, runId);
      const hub = (await this.network.findHub(run.countyCode, manager))!;
      const atHub = action === 'load' || action === 'unload';
      const node = atHub ? hub : await this.network.requireNode(nodeId!, manager);
      if (atHub) {
        await this.assertHubHand(manager, principal, run, hub);
      } else if (!canOperate(principal, node) && !(await this.drives(principal, run, manager))) {
        throw new Problem(
          403,
          'not-node-operator',
          `only the driver of run ${run.id}, the operators of ${nodeLabel(node)} and county staff scan its parcels there`,
        );
      }
      const allowed = action === 'load' ? [RunStatus.Planned, RunStatus.Dispatched] : [RunStatus.Dispatched];
      if (!allowed.includes(run.status)) {
        throw new Problem(
          409,
          'illegal-transition',
          `run ${run.id} is ${run.status}; parcels are ${action === 'load' ? 'loaded onto a planned or dispatched' : `${action === 'unload' ? 'unloaded from' : 'scanned on'} a dispatched`} run`,
        );
      }
      const shipment = await this.shipments.lockOne(
        manager,
        dto.shipmentId ? { id: dto.shipmentId } : { parcelCode: dto.parcelCode! },
      );
      if (!shipment) {
        throw new Problem(404, 'parcel-not-found', `no parcel ${dto.shipmentId ?? dto.parcelCode}`);
      }
      const itemAction = action === 'load' || action === 'drop' ? 'drop' : 'collect';
      const item = (await this.runs.items(run.id, manager)).find(
        (entry) => entry.shipmentId === shipment.id && entry.action === itemAction,
      );
      const vehicle = (await this.network.findVehicle(run.vehicleId, manager))!;
      if (!item) {
        const elsewhere = await this.runs.activeItem(manager, shipment.id, itemAction);
        const other = elsewhere && (await this.runs.find(elsewhere.runId, manager));
        const otherVehicle = other && (await this.network.findVehicle(other.vehicleId, manager));
        throw new Problem(
          422,
          'wrong-run',
          `parcel ${shipment.parcelCode} is not to be ${itemAction === 'drop' ? 'dropped' : 'collected'} by ${vehicle.plate} ` +
            `(trip ${run.trip}); ` +
            (other
              ? `it is on ${otherVehicle?.plate ?? other.vehicleId} trip ${other.trip} of ${other.runDate}`
              : 'it is on no run'),
          { runId: other?.id ?? null },
        );
      }
      if (!atHub && item.nodeId !== node.id) {
        const stop = await this.network.findNode(item.nodeId, manager);
        throw new Problem(
          422,
          'wrong-stop',
          `parcel ${shipment.parcelCode} is ${itemAction === 'drop' ? 'for' : 'collected at'} ${stop ? nodeLabel(stop) : item.nodeId}, not ${nodeLabel(node)}`,
          { nodeId: item.nodeId },
        );
      }
      // a van's reading is for its cold goods; ambient parcels take none
      const temperatureC = needsColdChain(shipment.temperatureClass) ? dto.temperatureC : undefined;
      const departs = action === 'load' || action === 'collect';
      await this.custody.scan(manager, shipment, {
        kind: departs ? ScanKind.Departed : ScanKind.Arrived,
        node,
        actorId: principal.userId,
        at: this.clock.now(),
        temperatureC,
        ...(departs && { vehicle, runId: run.id }),
      });
      return {
        shipmentId: shipment.id,
        parcelCode: shipment.parcelCode,
        action,
        status: shipment.status,
        pickupCode: shipment.status === ShipmentStatus.ReadyForPickup ? shipment.pickupCode : null,
        run: await this.detail(run, manager),
      };
    });
  }

  /** The run's driver: assigned to its vehicle and a driver of the hub's organisation. */
  private async drives(principal: Principal, run: Run, manager: EntityManager): Promise<boolean> {
    if (!principal.hasRole(MembershipRole.Driver)) {
      return false;
    }
    const [vehicle, hub] = [
      await this.network.findVehicle(run.vehicleId, manager),
      await this.network.findHub(run.countyCode, manager),
    ];
    return (
      vehicle?.driverUserId === principal.userId &&
      !!hub?.operatorOrgId &&
      principal.isMemberOf(hub.operatorOrgId, [MembershipRole.Driver])
    );
  }

  /** Locks the run for work at the hub: by its operators, county staff, or the run's driver. */
  private async lockRunAtHub(
    manager: EntityManager,
    principal: Principal,
    runId: string,
  ): Promise<{ run: Run; hub: NetworkNode }> {
    const run = await this.lockRun(manager, runId);
    const hub = (await this.network.findHub(run.countyCode, manager))!;
    await this.assertHubHand(manager, principal, run, hub);
    return { run, hub };
  }

  /** At the hub: its operators, county staff, or the run's driver. */
  private async assertHubHand(manager: EntityManager, principal: Principal, run: Run, hub: NetworkNode): Promise<void> {
    if (!canOperate(principal, hub) && !(await this.drives(principal, run, manager))) {
      assertCanOperate(principal, hub);
    }
  }

  // ------------------------------------------------------------------ planning

  private async planDay(
    manager: EntityManager,
    principal: Principal,
    dto: PlanCreateDto,
  ): Promise<{ runIds: string[]; unassigned: { shipmentId: string; reason: string }[]; planningMs: number }> {
    const hub = await this.network.findHub(dto.countyCode, manager);
    if (!hub) {
      throw new Problem(422, 'no-hub', `county ${dto.countyCode} has no hub in the network`);
    }
    await this.runs.deletePlanned(manager, dto.countyCode, dto.date);
    const nodes = (await this.network.countyNodes(dto.countyCode, manager)).filter(
      (node) => node.active && node.id !== hub.id,
    );
    const vehicles = await this.vehiclesFor(manager, dto.countyCode, dto.date, nodes);
    const busy = await this.runs.busyShipments(manager, dto.countyCode);
    const held = await this.shipments.heldInCounty(manager, dto.countyCode);
    const items: PlanningItem[] = [];
    const byId = new Map<string, Shipment>();
    for (const shipment of held) {
      const move = pendingMove(shipment, hub.id);
      if (!move || busy.has(`${shipment.id}:${move.action}`)) {
        continue;
      }
      byId.set(shipment.id, shipment);
      items.push({
        id: shipment.id,
        nodeId: move.nodeId,
        action: move.action,
        grams: shipment.weightGrams,
        ml: shipment.volumeMl,
        cold: needsColdChain(shipment.temperatureClass),
      });
    }
    const started = performance.now();
    const result = await this.planner.planAsync({
      depot: { lat: hub.latitude, lng: hub.longitude },
      nodes: nodes.map((node) => ({ id: node.id, point: { lat: node.latitude, lng: node.longitude } })),
      items,
      vehicles,
      limits: {
        maxStopsPerRun: this.config.maxStopsPerRun,
        maxRunKm: this.config.maxRunKm,
        maxVehicleDayKm: this.config.maxVehicleDayKm,
      },
    });
    const planningMs = Math.round((performance.now() - started) * 10) / 10;
    const runIds: string[] = [];
    const now = this.clock.now();
    for (const planned of result.runs) {
      const run = await this.runs.insert(manager, {
        countyCode: dto.countyCode,
        runDate: dto.date,
        vehicleId: planned.vehicleId,
        trip: await this.runs.nextTrip(manager, planned.vehicleId, dto.date),
        status: RunStatus.Planned,
        cold: planned.cold,
        distanceKm: Math.round(planned.distanceKm * 1000) / 1000,
        plannedBy: principal.userId,
        plannedAt: now,
        dispatchedAt: null,
        completedAt: null,
      });
      runIds.push(run.id);
      await this.runs.replaceStops(
        manager,
        run.id,
        planned.stops.map((stop) => stop.nodeId),
      );
      const runItems: RunItem[] = planned.stops.flatMap((stop) =>
        [...stop.drops.map((id) => ['drop', id] as const), ...stop.collects.map((id) => ['collect', id] as const)].map(
          ([action, id]) => {
            const shipment = byId.get(id)!;
            return {
              runId: run.id,
              shipmentId: id,
              action,
              nodeId: stop.nodeId,
              weightGrams: shipment.weightGrams,
              volumeMl: shipment.volumeMl,
              cold: needsColdChain(shipment.temperatureClass),
            };
          },
        ),
      );
      await this.runs.insertItems(manager, runItems);
    }
    return {
      runIds,
      unassigned: result.unassigned.map((entry) => ({ shipmentId: entry.itemId, reason: entry.reason })),
      planningMs,
    };
  }

  /**
   * The day's vehicles: active trucks and vans (buses keep their timetables). When the county has run routes,
   * a vehicle serves only the towns and villages its routes list for that weekday (a town covers its villages).
   */
  private async vehiclesFor(
    manager: EntityManager,
    countyCode: string,
    date: string,
    nodes: NetworkNode[],
  ): Promise<PlanningVehicle[]> {
    const vehicles = (await this.network.countyVehicles(countyCode, manager)).filter(
      (vehicle) => vehicle.active && vehicle.kind !== VehicleKind.Bus,
    );
    const routes = (await this.network.countyRoutes(countyCode, manager)).filter(
      (route) => route.active && route.kind === RouteKind.Run,
    );
    const weekday = isoWeekday(date);
    return vehicles.flatMap<PlanningVehicle>((vehicle) => {
      if (routes.length === 0) {
        return [{ id: vehicle.id, capacity: capacityOf(vehicle), refrigerated: vehicle.refrigerated, serves: null }];
      }
      const today = routes.filter((route) => route.vehicleId === vehicle.id && route.weekdays.includes(weekday));
      if (today.length === 0) {
        return [];
      }
      const listed = new Set(today.flatMap((route) => route.nodeIds));
      const serves = new Set(
        nodes
          .filter((node) => listed.has(node.id) || (node.parentId && listed.has(node.parentId)))
          .map((node) => node.id),
      );
      return [{ id: vehicle.id, capacity: capacityOf(vehicle), refrigerated: vehicle.refrigerated, serves }];
    });
  }

  // ------------------------------------------------------------------ helpers

  private async scanItems(
    manager: EntityManager,
    run: Run,
    action: 'drop' | 'collect',
    nodeId: string | null,
    scan: (shipment: Shipment) => Promise<void>,
  ): Promise<{ scanned: string[]; skipped: string[] }> {
    const items = (await this.runs.items(run.id, manager))
      .filter((item) => item.action === action && (!nodeId || item.nodeId === nodeId))
      .sort((a, b) => a.shipmentId.localeCompare(b.shipmentId));
    const locked = new Map(
      (
        await this.shipments.lockMany(
          manager,
          items.map((item) => item.shipmentId),
        )
      ).map((shipment) => [shipment.id, shipment]),
    );
    const scanned: string[] = [];
    const skipped: string[] = [];
    for (const item of items) {
      const shipment = locked.get(item.shipmentId)!;
      if (action === 'drop' && run.status === RunStatus.Planned && this.onBoard(shipment, run)) {
        scanned.push(shipment.parcelCode); // loaded one by one before the run left
        continue;
      }
      const due =
        action === 'drop' && run.status === RunStatus.Planned
          ? shipment.custodyKind === CustodyKind.Node
          : action === 'collect' && nodeId
            ? shipment.custodyKind === CustodyKind.Node && shipment.custodyNodeId === item.nodeId
            : shipment.custodyKind === CustodyKind.Vehicle && shipment.custodyRunId === run.id;
      if (!due) {
        skipped.push(shipment.parcelCode);
        continue;
      }
      await scan(shipment);
      scanned.push(shipment.parcelCode);
    }
    return { scanned, skipped };
  }

  private async assertFits(manager: EntityManager, vehicle: Vehicle, order: string[], items: RunItem[]): Promise<void> {
    const demands = this.demands(order, items);
    const overload = firstOverload(demands, capacityOf(vehicle));
    if (overload) {
      const where =
        overload.stopIndex < 0
          ? 'leaving the hub'
          : `after stop ${overload.stopIndex + 1} (${nodeLabel((await this.network.findNode(order[overload.stopIndex], manager))!)})`;
      throw new Problem(
        422,
        'over-capacity',
        `${vehicle.plate} would carry ${toLoadDto(overload.load).kg} kg / ${toLoadDto(overload.load).litres} L ${where}; ` +
          `it holds ${vehicle.capacityKg} kg / ${vehicle.capacityLitres} L`,
        { stopIndex: overload.stopIndex, load: toLoadDto(overload.load), capacity: toLoadDto(overload.capacity) },
      );
    }
  }

  private demands(order: string[], items: RunItem[]): StopDemand[] {
    return order.map((nodeId) =>
      items
        .filter((item) => item.nodeId === nodeId)
        .reduce<StopDemand>(
          (demand, item) =>
            item.action === 'drop'
              ? { ...demand, drop: addLoad(demand.drop, { grams: item.weightGrams, ml: item.volumeMl }) }
              : { ...demand, collect: addLoad(demand.collect, { grams: item.weightGrams, ml: item.volumeMl }) },
          { drop: ZERO_LOAD, collect: ZERO_LOAD },
        ),
    );
  }

  private async cheapestInsertion(
    manager: EntityManager,
    hub: NetworkNode,
    stops: string[],
    nodeId: string,
  ): Promise<string[]> {
    const nodes = new Map((await this.network.findNodes([...stops, nodeId], manager)).map((node) => [node.id, node]));
    const point = (id: string | null) => {
      const node = id ? nodes.get(id)! : hub;
      return { lat: node.latitude, lng: node.longitude };
    };
    let best = { index: stops.length, extra: Infinity };
    for (let index = 0; index <= stops.length; index++) {
      const before = index === 0 ? null : stops[index - 1];
      const after = index === stops.length ? null : stops[index];
      const extra =
        roadKm(point(before), point(nodeId)) +
        roadKm(point(nodeId), point(after)) -
        roadKm(point(before), point(after));
      if (extra < best.extra) {
        best = { index, extra };
      }
    }
    return [...stops.slice(0, best.index), nodeId, ...stops.slice(best.index)];
  }

  private async saveStops(manager: EntityManager, run: Run, order: string[]): Promise<void> {
    await this.runs.replaceStops(manager, run.id, order);
    const hub = (await this.network.findHub(run.countyCode, manager))!;
    const nodes = new Map((await this.network.findNodes(order, manager)).map((node) => [node.id, node]));
    const points = [hub, ...order.map((id) => nodes.get(id)!), hub].map((node) => ({
      lat: node.latitude,
      lng: node.longitude,
    }));
    let km = 0;
    for (let index = 1; index < points.length; index++) {
      km += roadKm(points[index - 1], points[index]);
    }
    run.distanceKm = order.length === 0 ? 0 : Math.round(km * 1000) / 1000;
    await this.runs.setDistance(manager, run.id, run.distanceKm);
  }

  /** The run as its people read it; inside a transaction pass its manager (one statement at a time on it). */
  private async detail(run: Run, manager: EntityManager = this.db.manager): Promise<RunResponseDto> {
    const stops = await this.runs.stops(run.id, manager);
    const items = await this.runs.items(run.id, manager);
    const vehicle = await this.network.findVehicle(run.vehicleId, manager);
    const nodes = new Map(
      (
        await this.network.findNodes(
          stops.map((stop) => stop.nodeId),
          manager,
        )
      ).map((node) => [node.id, node]),
    );
    const parcels = new Map(
      (
        await this.shipments.findMany(
          items.map((item) => item.shipmentId),
          manager,
        )
      ).map((shipment) => [shipment.id, shipment]),
    );
    const manifest = (item: RunItem): ManifestParcelDto => {
      const shipment = parcels.get(item.shipmentId);
      return {
        shipmentId: item.shipmentId,
        parcelCode: shipment?.parcelCode ?? '',
        weightGrams: item.weightGrams,
        volumeMl: item.volumeMl,
        cold: item.cold,
        state: shipment ? this.parcelState(shipment, item, run) : 'waiting',
      };
    };
    const order = stops.map((stop) => stop.nodeId);
    const profile = loadProfile(this.demands(order, items));
    return {
      id: run.id,
      countyCode: run.countyCode,
      runDate: run.runDate,
      vehicleId: run.vehicleId,
      vehiclePlate: vehicle?.plate ?? '',
      refrigerated: vehicle?.refrigerated ?? false,
      capacity: toLoadDto(vehicle ? capacityOf(vehicle) : ZERO_LOAD),
      trip: run.trip,
      status: run.status,
      cold: run.cold,
      distanceKm: run.distanceKm,
      startLoad: toLoadDto(profile.start),
      peakLoad: toLoadDto(profile.peak),
      stops: stops.map((stop, index) => {
        const node = nodes.get(stop.nodeId);
        const here = items.filter((item) => item.nodeId === stop.nodeId);
        return {
          seq: stop.seq,
          nodeId: stop.nodeId,
          nodeCode: node?.code ?? '',
          nodeName: node?.name ?? '',
          drop: here.filter((item) => item.action === 'drop').map(manifest),
          collect: here.filter((item) => item.action === 'collect').map(manifest),
          loadAfter: toLoadDto(profile.after[index]),
        };
      }),
      driverUserId: vehicle?.driverUserId ?? null,
      dispatchedAt: run.dispatchedAt?.toISOString() ?? null,
      completedAt: run.completedAt?.toISOString() ?? null,
    };
  }

  private onBoard(shipment: Shipment, run: Run): boolean {
    return shipment.custodyKind === CustodyKind.Vehicle && shipment.custodyRunId === run.id;
  }

  /** Where a run's parcel is in the run's work: still to be loaded (or collected), on the van, or done. */
  private parcelState(shipment: Shipment, item: RunItem, run: Run): ParcelState {
    if (this.onBoard(shipment, run)) {
      return 'on_board';
    }
    if (item.action === 'drop') {
      // dropped at its stop (then shelved, collected…) unless it is still at the node it leaves from
      const stillToGo =
        shipment.custodyKind === CustodyKind.Seller ||
        (shipment.custodyKind === CustodyKind.Node && shipment.custodyNodeId !== item.nodeId);
      return stillToGo ? 'waiting' : 'done';
    }
    return shipment.custodyKind === CustodyKind.Node && shipment.custodyNodeId === item.nodeId ? 'waiting' : 'done';
  }

  private async requireRun(id: string): Promise<Run> {
    const run = await this.runs.find(id, this.db.manager);
    if (!run) {
      throw new Problem(404, 'run-not-found', `no run ${id}`);
    }
    return run;
  }

  private async lockRun(manager: EntityManager, id: string): Promise<Run> {
    const run = await this.runs.lock(manager, id);
    if (!run) {
      throw new Problem(404, 'run-not-found', `no run ${id}`);
    }
    return run;
  }

  private async lockPlannedRun(manager: EntityManager, principal: Principal, id: string): Promise<Run> {
    const run = await this.lockRun(manager, id);
    principal.assertCountyStaffOf(run.countyCode);
    if (run.status !== RunStatus.Planned) {
      throw new Problem(409, 'illegal-transition', `run ${run.id} is ${run.status}; only a planned run can be changed`);
    }
    return run;
  }
}
