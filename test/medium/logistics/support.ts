import { Principal } from '@countyflow/auth';
import {
  EventName,
  FlowDirection,
  MembershipRole,
  OrderPaid,
  OrganisationKind,
  ServiceName,
  TemperatureClass,
} from '@countyflow/contracts';
import { MediumTest, uniquePhone } from '@countyflow/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { newTraceCode } from '../../../apps/catalog/src/lot/trace-code';
import { LogisticsAdaptersModule } from '../../../apps/logistics/src/adapters.module';
import { Clock, localDate } from '../../../apps/logistics/src/common/clock';
import { loadLogisticsConfig } from '../../../apps/logistics/src/logistics.config';
import { LOGISTICS_ENTITIES } from '../../../apps/logistics/src/logistics.module';
import { LotModule } from '../../../apps/logistics/src/lot/lot.module';
import { HostType, VehicleKind } from '../../../apps/logistics/src/network/network.entities';
import { NetworkModule } from '../../../apps/logistics/src/network/network.module';
import { NetworkService } from '../../../apps/logistics/src/network/network.service';
import { NotificationModule } from '../../../apps/logistics/src/notification/notification.module';
import { PointModule } from '../../../apps/logistics/src/point/point.module';
import { RunModule } from '../../../apps/logistics/src/run/run.module';
import { ShipmentModule } from '../../../apps/logistics/src/shipment/shipment.module';
import { cityAddress, principal } from '../orders/support';

/**
 * Logistics' custody and runs on a real database: the network, shipment, point and run services with their real
 * repositories, its event handlers behind the inbox (`deliver` hands them order.paid), notifications stored, the
 * savings planner (deterministic and quick), no HTTP, no sweeps, no carrier.
 */
export function startLogistics(): Promise<MediumTest> {
  return MediumTest.create(process.env, {
    service: ServiceName.Logistics,
    persistence: { schema: 'logistics', entities: LOGISTICS_ENTITIES },
    config: (env) => loadLogisticsConfig(env, { port: 0 }),
    inbox: true,
    imports: [
      // notifications stored, the savings planner (a time budget of 0)
      LogisticsAdaptersModule.forRoot({ notificationChannel: 'store', plannerTimeBudgetMs: 0 }),
      NetworkModule,
      ShipmentModule,
      PointModule,
      RunModule,
      LotModule,
      NotificationModule,
    ],
  });
}

export interface MediumCounty {
  code: string;
  /** County staff; their county office operates the hub. */
  staff: Principal;
  hub: string;
  town: string;
  /** A village point without cold storage, and its operator. */
  village: { id: string; code: string; operator: Principal; operatorOrgId: string };
  /** Another village point in the same town. */
  otherVillage: { id: string; code: string; operator: Principal; operatorOrgId: string };
  van: string;
}

const operatorOf = (orgId: string, countyCode: string): Principal =>
  principal([{ orgId, orgKind: OrganisationKind.ServicePoint, countyCode, role: MembershipRole.Owner }], '服务站站长');

/**
 * A small county of its own (a fresh county code, so that files sharing the worker's database never meet): a hub
 * operated by the county office, one town station, two village points with their operators, one van.
 */
export async function buildCounty(t: MediumTest): Promise<MediumCounty> {
  const code = String(randomInt(100_000, 999_999));
  const officeOrgId = randomUUID();
  const staff = principal(
    [
      {
        orgId: officeOrgId,
        orgKind: OrganisationKind.CountyOffice,
        countyCode: code,
        role: MembershipRole.CountyStaff,
      },
    ],
    '县物流中心',
  );
  const network = t.get(NetworkService);
  // places from the last digits of a node's code; the hub's is fixed, away from both villages, since the county's code
  // is random (one ending in 01 put the hub on 大塘村, where a stop saves a run nothing)
  const node = (spec: {
    code: string;
    name: string;
    parentId?: string;
    operatorOrgId?: string;
    shelves?: number;
    latitude?: number;
    longitude?: number;
  }) =>
    network.createNode(staff, {
      hostType: HostType.PostStation,
      openingHours: '08:00-20:00',
      latitude: 25.2 + Number(spec.code.slice(-1)) / 100,
      longitude: 114.9 + Number(spec.code.slice(-2, -1)) / 100,
      layers: spec.shelves ? 4 : undefined,
      ...spec,
    });
  const hub = await node({
    code,
    name: '县物流配送中心',
    operatorOrgId: officeOrgId,
    latitude: 25.18,
    longitude: 114.88,
  });
  const town = await node({ code: `${code}100`, name: '安西镇站', parentId: hub.id });
  const point = async (villageCode: string, name: string) => {
    const operatorOrgId = randomUUID();
    const created = await node({ code: villageCode, name, parentId: town.id, operatorOrgId, shelves: 3 });
    return { id: created.id, code: villageCode, operator: operatorOf(operatorOrgId, code), operatorOrgId };
  };
  const village = await point(`${code}100201`, '大塘村服务站');
  const otherVillage = await point(`${code}100202`, '长江村服务站');
  const van = await network.createVehicle(staff, {
    countyCode: code,
    plate: `赣B·${randomInt(10_000, 99_999)}`,
    name: '厢式货车',
    kind: VehicleKind.Van,
    capacityKg: 1000,
    capacityLitres: 6000,
    refrigerated: false,
  });
  return { code, staff, hub: hub.id, town: town.id, village, otherVillage, van: van.id };
}

/**
 * An ambient order.paid of this county as orders publishes it: goods down to the village point (`to`), or produce up
 * from the village where the seller hands it in (`from`) to a city address.
 */
export function orderPaid(
  county: MediumCounty,
  route: { to: MediumCounty['village'] } | { from: MediumCounty['village'] },
  weightGrams = 5000,
): OrderPaid {
  const up = 'from' in route;
  return {
    orderId: randomUUID(),
    groupId: randomUUID(),
    buyerId: randomUUID(),
    sellerOrgId: randomUUID(),
    sellerName: up ? '安西镇脐橙专业合作社' : '县城农资商店',
    countyCode: county.code,
    direction: up ? FlowDirection.Up : FlowDirection.Down,
    originVillageCode: up ? route.from.code : null,
    lines: [
      {
        skuId: randomUUID(),
        listingId: randomUUID(),
        title: up ? '赣南脐橙 5kg' : '复合肥 5kg',
        quantity: 1,
        weightGrams,
        volumeMl: 6000,
      },
    ],
    totalWeightGrams: weightGrams,
    totalVolumeMl: 6000,
    temperature: { class: TemperatureClass.Ambient, minC: null, maxC: null },
    weightToleranceGrams: up ? 200 : null,
    payment: { method: 'online', amountFen: 8800 },
    destination: {
      kind: up ? 'address' : 'service_point',
      servicePointOrgId: up ? null : route.to.operatorOrgId,
      address: up ? cityAddress().address : null,
      recipientName: '王秀英',
      recipientPhone: uniquePhone(),
      agentName: null,
      agentPhone: null,
    },
  };
}

/** Delivers order.paid as orders' relay would, and returns the shipment logistics made of it. */
export async function shipmentFor(t: MediumTest, order: OrderPaid): Promise<{ id: string; parcelCode: string }> {
  await t.deliver(EventName.OrderPaid, order, { producer: ServiceName.Orders });
  const [shipment] = await t.rows<{ id: string; parcel_code: string }>(
    'SELECT id, parcel_code FROM shipment WHERE order_id = $1',
    [order.orderId],
  );
  return { id: shipment.id, parcelCode: shipment.parcel_code };
}

/**
 * Delivers catalog's lot.recorded for the seller of an order: the lot a hand-in of that order must name (10 kg of
 * produce by default, not expiring), with a trace code made as catalog makes them.
 */
export async function lotOf(t: MediumTest, order: OrderPaid, kilograms = 10): Promise<string> {
  const traceCode = newTraceCode();
  await t.deliver(
    EventName.LotRecorded,
    {
      lotId: randomUUID(),
      traceCode,
      sellerOrgId: order.sellerOrgId,
      listingId: order.lines[0].listingId,
      quantity: kilograms,
      unit: 'kg',
      bestBefore: null,
      recordedAt: new Date().toISOString(),
    },
    { producer: ServiceName.Catalog },
  );
  return traceCode;
}

export async function shipmentRow(
  t: MediumTest,
  id: string,
): Promise<{ status: string; custody_kind: string; custody_node_id: string | null }> {
  const [row] = await t.rows<{ status: string; custody_kind: string; custody_node_id: string | null }>(
    'SELECT status, custody_kind, custody_node_id FROM shipment WHERE id = $1',
    [id],
  );
  return row;
}

export const today = (t: MediumTest): string => localDate(t.get(Clock).now());
