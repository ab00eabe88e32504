import { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import {
  CountySettingsResponseDto,
  CountySettingsUpdateDto,
  mapNode,
  mapRoute,
  mapSettings,
  mapVehicle,
  NodeCreateDto,
  NodeResponseDto,
  NodeSearchDto,
  NodeUpdateDto,
  RouteCreateDto,
  RouteResponseDto,
  VehicleCreateDto,
  VehicleResponseDto,
  VehicleUpdateDto,
} from './network.dto';
import { HostType, NodeLevel, RouteKind, VehicleKind } from './network.entities';
import { NetworkRepository } from './network.repository';
import { levelOfCode, placementProblem } from './node-code';

/** The fields of a partial update that were actually given (null means "not given": these columns are required). */
const given = <T extends object>(dto: T): Partial<T> =>
  Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;

@Injectable()
export class NetworkService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly network: NetworkRepository,
    private readonly clock: Clock,
  ) {}

  async createNode(principal: Principal, dto: NodeCreateDto): Promise<NodeResponseDto> {
    principal.assertCountyStaffOf(dto.code);
    const level = levelOfCode(dto.code)!;
    const parent = dto.parentId ? await this.network.findNode(dto.parentId, this.db.manager) : null;
    if (dto.parentId && !parent) {
      throw new Problem(422, 'parent-not-found', `no node ${dto.parentId} to sit under`);
    }
    const problem = placementProblem(dto.code, parent);
    if (problem) {
      throw new Problem(422, 'node-placement', problem);
    }
    const shelves = dto.shelves ?? 0;
    const layers = dto.layers ?? 0;
    if (level === NodeLevel.VillagePoint && (shelves < 1 || layers < 1)) {
      throw new Problem(422, 'shelves-required', 'a village point needs a shelf layout: at least 1 shelf × 1 layer');
    }
    if (dto.coldCapacityLitres !== undefined && !dto.coldStorage) {
      throw new Problem(422, 'no-cold-storage', 'coldCapacityLitres is given but coldStorage is false');
    }
    if (await this.network.findNodeByCode(dto.code, this.db.manager)) {
      throw new Problem(409, 'node-exists', `a node with code ${dto.code} already exists`);
    }
    const now = this.clock.now();
    const node = await this.db.withTransaction((manager) =>
      this.network.saveNode(manager, {
        code: dto.code,
        countyCode: dto.code.slice(0, 6),
        level,
        name: dto.name.trim(),
        parentId: parent?.id ?? null,
        latitude: dto.latitude,
        longitude: dto.longitude,
        hostType: dto.hostType ?? HostType.Other,
        openingHours: dto.openingHours,
        operatorOrgId: dto.operatorOrgId ?? null,
        shelves,
        layers,
        slotCapacity: dto.slotCapacity ?? 20,
        coldStorage: dto.coldStorage ?? false,
        coldCapacityLitres: dto.coldCapacityLitres ?? null,
        active: true,
        createdAt: now,
        updatedAt: now,
      }),
    );
    return mapNode(node);
  }

  async updateNode(principal: Principal, id: string, body: NodeUpdateDto): Promise<NodeResponseDto> {
    const dto = given(body);
    const node = await this.network.requireNode(id, this.db.manager);
    principal.assertCountyStaffOf(node.countyCode);
    const shelves = dto.shelves ?? node.shelves;
    const layers = dto.layers ?? node.layers;
    if (node.level === NodeLevel.VillagePoint) {
      if (shelves < 1 || layers < 1) {
        throw new Problem(422, 'shelves-required', 'a village point needs a shelf layout: at least 1 shelf × 1 layer');
      }
      const occupied = await this.network.occupiedExtent(node.id);
      if (occupied.shelf > shelves || occupied.layer > layers) {
        throw new Problem(
          409,
          'shelves-occupied',
          `parcels still wait on shelf ${occupied.shelf}, layer ${occupied.layer}; hand them out before shrinking the layout`,
        );
      }
    }
    const coldStorage = dto.coldStorage ?? node.coldStorage;
    if (!coldStorage && dto.coldCapacityLitres !== undefined) {
      throw new Problem(422, 'no-cold-storage', 'coldCapacityLitres is given but the node has no cold storage');
    }
    const updated = await this.db.withTransaction((manager) =>
      this.network.saveNode(manager, {
        ...node,
        ...dto,
        shelves,
        layers,
        coldStorage,
        coldCapacityLitres: coldStorage ? (dto.coldCapacityLitres ?? node.coldCapacityLitres) : null,
        updatedAt: this.clock.now(),
      }),
    );
    return mapNode(updated);
  }

  async getNode(id: string): Promise<NodeResponseDto> {
    return mapNode(await this.network.requireNode(id, this.db.manager));
  }

  async searchNodes(query: NodeSearchDto): Promise<NodeResponseDto[]> {
    const nodes = await this.network.searchNodes({
      countyCode: query.countyCode,
      ...(query.level && { level: query.level }),
      ...(query.operatorOrgId && { operatorOrgId: query.operatorOrgId }),
    });
    return nodes.map(mapNode);
  }

  async createVehicle(principal: Principal, dto: VehicleCreateDto): Promise<VehicleResponseDto> {
    principal.assertCountyStaffOf(dto.countyCode);
    if (await this.network.findVehicleByPlate(dto.plate)) {
      throw new Problem(409, 'vehicle-exists', `a vehicle with plate ${dto.plate} is already registered`);
    }
    const vehicle = await this.db.withTransaction((manager) =>
      this.network.saveVehicle(manager, { ...dto, active: true, createdAt: this.clock.now() }),
    );
    return mapVehicle(vehicle);
  }

  async updateVehicle(principal: Principal, id: string, body: VehicleUpdateDto): Promise<VehicleResponseDto> {
    const dto = given(body);
    const vehicle = await this.network.findVehicle(id, this.db.manager);
    if (!vehicle) {
      throw new Problem(404, 'vehicle-not-found', `no vehicle ${id}`);
    }
    principal.assertCountyStaffOf(vehicle.countyCode);
    const updated = await this.db.withTransaction((manager) =>
      this.network.saveVehicle(manager, { ...vehicle, ...dto }),
    );
    return mapVehicle(updated);
  }

  /** Who drives the vehicle (their token must also carry the role driver in the hub's organisation to work it). */
  async assignDriver(principal: Principal, id: string, driverUserId: string | null): Promise<VehicleResponseDto> {
    const vehicle = await this.network.findVehicle(id, this.db.manager);
    if (!vehicle) {
      throw new Problem(404, 'vehicle-not-found', `no vehicle ${id}`);
    }
    principal.assertCountyStaffOf(vehicle.countyCode);
    const updated = await this.db.withTransaction((manager) =>
      this.network.saveVehicle(manager, { ...vehicle, driverUserId }),
    );
    return mapVehicle(updated);
  }

  async listVehicles(principal: Principal, countyCode: string): Promise<VehicleResponseDto[]> {
    await this.assertCanReadNetwork(principal, countyCode);
    return (await this.network.countyVehicles(countyCode, this.db.manager)).map(mapVehicle);
  }

  async createRoute(principal: Principal, dto: RouteCreateDto): Promise<RouteResponseDto> {
    const vehicle = await this.network.findVehicle(dto.vehicleId, this.db.manager);
    if (!vehicle) {
      throw new Problem(422, 'vehicle-not-found', `no vehicle ${dto.vehicleId}`);
    }
    principal.assertCountyStaffOf(vehicle.countyCode);
    const nodes = await this.network.findNodes(dto.nodeIds, this.db.manager);
    const missing = dto.nodeIds.filter((id) => !nodes.some((node) => node.id === id));
    if (missing.length > 0) {
      throw new Problem(422, 'node-not-found', `no nodes ${missing.join(', ')}`);
    }
    const foreign = nodes.filter(
      (node) => node.countyCode !== vehicle.countyCode || node.level === NodeLevel.CountyHub,
    );
    if (foreign.length > 0) {
      throw new Problem(
        422,
        'node-not-servable',
        `a route serves towns and villages of county ${vehicle.countyCode}; not ${foreign.map((node) => node.code).join(', ')}`,
      );
    }
    if (dto.kind === RouteKind.ScheduledBus) {
      if (vehicle.kind !== VehicleKind.Bus) {
        throw new Problem(422, 'not-a-bus', `a scheduled bus route needs a bus; ${vehicle.plate} is a ${vehicle.kind}`);
      }
      if (!dto.timetable || dto.timetable.length === 0) {
        throw new Problem(422, 'timetable-required', 'a scheduled bus route needs its timetable');
      }
    }
    if (dto.timetable) {
      const stray = dto.timetable.find((entry) => !dto.nodeIds.includes(entry.nodeId));
      if (stray) {
        throw new Problem(422, 'timetable-node', `timetable stop ${stray.nodeId} is not one of the route's nodes`);
      }
      const times = dto.timetable.map((entry) => entry.departs);
      if (times.some((time, index) => index > 0 && time <= times[index - 1])) {
        throw new Problem(422, 'timetable-order', 'timetable departures must be in increasing time order');
      }
    }
    const route = await this.db.withTransaction((manager) =>
      this.network.saveRoute(manager, {
        countyCode: vehicle.countyCode,
        vehicleId: vehicle.id,
        name: dto.name.trim(),
        kind: dto.kind,
        weekdays: [...dto.weekdays].sort(),
        nodeIds: dto.nodeIds,
        timetable: dto.timetable?.map((entry) => ({ nodeId: entry.nodeId, departs: entry.departs })) ?? null,
        active: true,
        createdAt: this.clock.now(),
      }),
    );
    return mapRoute(route);
  }

  async deactivateRoute(principal: Principal, id: string): Promise<RouteResponseDto> {
    const route = await this.network.findRoute(id);
    if (!route) {
      throw new Problem(404, 'route-not-found', `no route ${id}`);
    }
    principal.assertCountyStaffOf(route.countyCode);
    const saved = await this.db.withTransaction((manager) =>
      this.network.saveRoute(manager, { ...route, active: false }),
    );
    return mapRoute(saved);
  }

  async listRoutes(principal: Principal, countyCode: string): Promise<RouteResponseDto[]> {
    await this.assertCanReadNetwork(principal, countyCode);
    return (await this.network.countyRoutes(countyCode, this.db.manager)).map(mapRoute);
  }

  async getSettings(principal: Principal, countyCode: string): Promise<CountySettingsResponseDto> {
    await this.assertCanReadNetwork(principal, countyCode);
    return mapSettings(await this.network.settings(countyCode, this.db.manager));
  }

  async updateSettings(
    principal: Principal,
    countyCode: string,
    body: CountySettingsUpdateDto,
  ): Promise<CountySettingsResponseDto> {
    const dto = given(body);
    principal.assertCountyStaffOf(countyCode);
    const saved = await this.db.withTransaction(async (manager) => {
      const current = await this.network.settings(countyCode, manager);
      return this.network.saveSettings(manager, {
        ...current,
        ...dto,
        countyCode,
        updatedBy: principal.userId,
        updatedAt: this.clock.now(),
      });
    });
    return mapSettings(saved);
  }

  /**
   * A county's vehicles, routes and settings are read by its staff, platform admins, and the members of the
   * organisations that operate its nodes (the hub dispatches runs, a village point applies the pickup rules).
   */
  private async assertCanReadNetwork(principal: Principal, countyCode: string): Promise<void> {
    if (principal.isPlatformAdmin() || principal.isCountyStaffOf(countyCode)) {
      return;
    }
    const orgIds = principal.memberships.map((membership) => membership.orgId);
    if (await this.network.operatesNodeIn(countyCode, orgIds)) {
      return;
    }
    throw new Problem(
      403,
      'not-network-reader',
      `only county staff of ${countyCode}, the operators of its nodes and platform admins read its network`,
    );
  }
}
