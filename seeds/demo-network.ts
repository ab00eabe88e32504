import type {
  CountySettingsResponseDto,
  NodeCreateDto,
  NodeResponseDto,
  RouteCreateDto,
  RouteResponseDto,
  VehicleResponseDto,
} from '../apps/logistics/src/network/network.dto';
import { HostType, RouteKind, VehicleKind } from '../apps/logistics/src/network/network.entities';
import { SELLERS } from './demo-county-catalog';
import {
  COUNTY_HUB,
  COUNTY_SETTINGS,
  DemoVillage,
  DRIVER_PLATE,
  pointName,
  ROUTES,
  TOWNS,
  townStationName,
  VEHICLES,
} from './demo-county-network';
import { DEMO_COUNTY, DEMO_DRIVER, operatorOrgIdOf } from './demo-identity';
import { Api, inPool } from './demo-services';

export interface NetworkReport {
  nodes: number;
  vehicles: number;
  routes: number;
  settings: boolean;
}

/** The retention the platform applies until a county sets its own (docs/logistics.md). */
const PLATFORM_RETENTION_DAYS = 5;

/** Villages where a seller hands produce in: their points keep a cold room for chilled and frozen lots. */
const SELLER_VILLAGES = new Set(SELLERS.map((seller) => seller.villageCode).filter(Boolean));

function villagePoint(village: DemoVillage, parentId: string): NodeCreateDto {
  const cold = SELLER_VILLAGES.has(village.code);
  const shop = village.hostType === 'village_shop' || village.hostType === 'supply_coop';
  return {
    code: village.code,
    name: pointName(village),
    parentId,
    latitude: village.latitude,
    longitude: village.longitude,
    hostType: village.hostType as HostType,
    openingHours: shop ? '07:30-21:30' : '08:00-18:00',
    operatorOrgId: operatorOrgIdOf(village.code),
    shelves: cold ? 4 : 3,
    layers: 4,
    slotCapacity: 20,
    coldStorage: cold,
    ...(cold && { coldCapacityLitres: 600 }),
  };
}

/**
 * The county's logistics network through logistics' own API, as county staff: the hub, the town stations and the
 * village points (each under its parent, codes extending the parent's), the fleet, the routes with the bus
 * timetables, and the county's retention rule. Each is looked up by its natural key first (node code, plate,
 * route name), so a second run creates nothing.
 */
export async function seedNetwork(logistics: Api, log: (message: string) => void): Promise<NetworkReport> {
  const county = DEMO_COUNTY.code;
  const nodes = new Map(
    (await logistics.get<NodeResponseDto[]>('/nodes', { countyCode: county })).map((node) => [node.code, node]),
  );
  let createdNodes = 0;
  const ensureNode = async (dto: NodeCreateDto): Promise<NodeResponseDto> => {
    let node = nodes.get(dto.code);
    if (!node) {
      node = await logistics.post<NodeResponseDto>('/nodes', dto);
      nodes.set(node.code, node);
      createdNodes += 1;
    }
    return node;
  };

  const hub = await ensureNode({
    code: COUNTY_HUB.code,
    name: COUNTY_HUB.name,
    latitude: COUNTY_HUB.latitude,
    longitude: COUNTY_HUB.longitude,
    hostType: HostType.CountyWarehouse,
    openingHours: '06:00-22:00',
    operatorOrgId: operatorOrgIdOf(COUNTY_HUB.code),
    shelves: 20,
    layers: 5,
    slotCapacity: 50,
    coldStorage: true,
    coldCapacityLitres: 30_000,
  });
  await inPool(TOWNS, 4, async (town) => {
    const station = await ensureNode({
      code: town.code,
      name: townStationName(town),
      parentId: hub.id,
      latitude: town.latitude,
      longitude: town.longitude,
      hostType: town.name === '嘉定镇' ? HostType.ExpressStation : HostType.PostStation,
      openingHours: '07:00-20:00',
      operatorOrgId: operatorOrgIdOf(town.code),
      shelves: 8,
      layers: 4,
      slotCapacity: 30,
      coldStorage: true,
      coldCapacityLitres: 3000,
    });
    for (const village of town.villages) {
      await ensureNode(villagePoint(village, station.id));
    }
  });

  const vehicles = new Map(
    (await logistics.get<VehicleResponseDto[]>('/vehicles', { countyCode: county })).map((vehicle) => [
      vehicle.plate,
      vehicle,
    ]),
  );
  let createdVehicles = 0;
  for (const vehicle of VEHICLES) {
    if (!vehicles.has(vehicle.plate)) {
      vehicles.set(
        vehicle.plate,
        await logistics.post<VehicleResponseDto>('/vehicles', {
          countyCode: county,
          ...vehicle,
          kind: vehicle.kind as VehicleKind,
        }),
      );
      createdVehicles += 1;
    }
  }

  // the hub's driver drives refrigerated van 1 (set once: a county that changed drivers keeps its choice)
  const driven = vehicles.get(DRIVER_PLATE)!;
  if (!driven.driverUserId) {
    await logistics.put(`/vehicles/${driven.id}/driver`, { driverUserId: DEMO_DRIVER.id });
  }

  const routeNames = new Set(
    (await logistics.get<RouteResponseDto[]>('/routes', { countyCode: county })).map((route) => route.name),
  );
  let createdRoutes = 0;
  for (const route of ROUTES) {
    if (routeNames.has(route.name)) {
      continue;
    }
    const nodeIds = route.stops.map((code) => nodes.get(code)!.id);
    const dto: RouteCreateDto = {
      vehicleId: vehicles.get(route.plate)!.id,
      name: route.name,
      kind: route.kind as RouteKind,
      weekdays: route.weekdays,
      nodeIds,
      ...(route.departs && {
        timetable: route.departs.map((departs, index) => ({ nodeId: nodeIds[index], departs })),
      }),
    };
    await logistics.post<RouteResponseDto>('/routes', dto);
    createdRoutes += 1;
  }

  // A county that never set its rules still has the platform's; only then does the seed set the county's own.
  const settings = await logistics.get<CountySettingsResponseDto>(`/counties/${county}/settings`);
  const setSettings = settings.retentionDays === PLATFORM_RETENTION_DAYS;
  if (setSettings) {
    await logistics.put(`/counties/${county}/settings`, COUNTY_SETTINGS);
  }
  log(
    `logistics: ${createdNodes} new nodes (of ${nodes.size}), ${createdVehicles} new vehicles, ` +
      `${createdRoutes} new routes${setSettings ? ', county settings set' : ''}`,
  );
  return { nodes: createdNodes, vehicles: createdVehicles, routes: createdRoutes, settings: setSettings };
}
