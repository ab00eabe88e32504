import {
  Destination,
  EventEnvelope,
  EventName,
  EventOf,
  FlowDirection,
  inboxQueueName,
  OrderPaid,
  OrganisationKind,
  ServiceName,
  TemperatureClass,
} from '@countyflow/contracts';
import { InboxWorker } from '@countyflow/messaging';
import { uniquePhone, waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Clock, localDate } from '../../apps/logistics/src/common/clock';
import { Actor, countyStaff, platformAdmin, registerActor, relogin } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

export const COUNTY = '360722';

/**
 * Logistics tests run the real identity and logistics services. Orders is simulated: its events (order.paid,
 * order.cancelled) are built here and delivered to logistics' inbox as orders' outbox relay would deliver them.
 */
export interface LogisticsWorld {
  platform: Platform;
  identity: string;
  logistics: string;
  admin: Actor;
  /** County staff of 360722; their county office operates the hub. */
  staff: Actor;
  clock: Clock;
}

export async function startLogisticsWorld(env: Record<string, string> = {}): Promise<LogisticsWorld> {
  const platform = await startPlatform({
    services: ['identity', 'logistics'],
    env: { LOGISTICS_SWEEP_INTERVAL_MS: '0', ...env },
  });
  const identity = platform.urls.identity!;
  const admin = await platformAdmin(identity, platform.env);
  const staff = await countyStaff(identity, admin, COUNTY);
  const clock = platform.apps.logistics!.get(Clock);
  return { platform, identity, logistics: platform.urls.logistics!, admin, staff, clock };
}

export const bearer = (actor: Actor): [string, string] => ['authorization', `Bearer ${actor.token}`];

/** The owner of a new service point organisation in a village (owners act as the point's operator). */
export async function pointOperator(world: LogisticsWorld, villageCode: string, name = '村级服务站'): Promise<Actor> {
  const owner = await registerActor(world.identity, '服务站站长');
  const org = await request(world.identity)
    .post('/organisations')
    .set(...bearer(owner))
    .send({
      kind: OrganisationKind.ServicePoint,
      name: `${name} ${villageCode}`,
      countyCode: villageCode.slice(0, 6),
      villageCode,
    })
    .expect(201);
  return { ...(await relogin(world.identity, owner)), orgId: org.body.id };
}

export interface NodeSpec {
  code: string;
  name: string;
  parentId?: string;
  latitude: number;
  longitude: number;
  operatorOrgId?: string;
  shelves?: number;
  layers?: number;
  slotCapacity?: number;
  coldStorage?: boolean;
  coldCapacityLitres?: number;
}

export interface NodeBody {
  id: string;
  code: string;
  name: string;
  operatorOrgId: string | null;
}

export async function createNode(world: LogisticsWorld, spec: NodeSpec): Promise<NodeBody> {
  const response = await request(world.logistics)
    .post('/nodes')
    .set(...bearer(world.staff))
    .send({ hostType: 'post_station', openingHours: '08:00-20:00', ...spec });
  if (response.status !== 201) {
    throw new Error(`creating node ${spec.code}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body as NodeBody;
}

export interface VehicleBody {
  id: string;
  plate: string;
  refrigerated: boolean;
  capacityKg: number;
  capacityLitres: number;
}

export async function createVehicle(
  world: LogisticsWorld,
  spec: { plate: string; capacityKg: number; capacityLitres: number; refrigerated: boolean; kind?: string },
): Promise<VehicleBody> {
  const response = await request(world.logistics)
    .post('/vehicles')
    .set(...bearer(world.staff))
    .send({ countyCode: COUNTY, name: spec.plate, kind: 'van', ...spec })
    .expect(201);
  return response.body as VehicleBody;
}

export interface County {
  hub: NodeBody;
  anxi: NodeBody;
  datang: NodeBody;
  /** 安西镇大塘村: village point, no cold storage; its operator sells nothing, receives goods. */
  village: NodeBody;
  villageOperator: Actor;
  /** 安西镇长江村: another village point in the same town, with cold storage. */
  coldVillage: NodeBody;
  coldVillageOperator: Actor;
  van: VehicleBody;
  reefer: VehicleBody;
}

/** A small county: hub (cold store), two towns, two village points with operators, a van and a refrigerated van. */
export async function buildCounty(
  world: LogisticsWorld,
  options: { shelves?: number; layers?: number; slotCapacity?: number } = {},
): Promise<County> {
  const villageOperator = await pointOperator(world, `${COUNTY}100201`, '大塘村服务站');
  const coldVillageOperator = await pointOperator(world, `${COUNTY}100202`, '长江村服务站');
  const hub = await createNode(world, {
    code: COUNTY,
    name: '信丰县物流配送中心',
    latitude: 25.386,
    longitude: 114.922,
    operatorOrgId: world.staff.orgId,
    coldStorage: true,
    coldCapacityLitres: 20_000,
  });
  const anxi = await createNode(world, {
    code: `${COUNTY}100`,
    name: '安西镇站',
    parentId: hub.id,
    latitude: 25.25,
    longitude: 114.95,
  });
  const datang = await createNode(world, {
    code: `${COUNTY}101`,
    name: '大塘埠镇站',
    parentId: hub.id,
    latitude: 25.45,
    longitude: 114.8,
  });
  const village = await createNode(world, {
    code: `${COUNTY}100201`,
    name: '大塘村服务站',
    parentId: anxi.id,
    latitude: 25.22,
    longitude: 114.97,
    operatorOrgId: villageOperator.orgId,
    shelves: options.shelves ?? 3,
    layers: options.layers ?? 4,
    slotCapacity: options.slotCapacity,
  });
  const coldVillage = await createNode(world, {
    code: `${COUNTY}100202`,
    name: '长江村服务站',
    parentId: anxi.id,
    latitude: 25.27,
    longitude: 115.0,
    operatorOrgId: coldVillageOperator.orgId,
    shelves: 2,
    layers: 3,
    coldStorage: true,
    coldCapacityLitres: 500,
  });
  const van = await createVehicle(world, {
    plate: '赣B·D1001',
    capacityKg: 1000,
    capacityLitres: 6000,
    refrigerated: false,
  });
  const reefer = await createVehicle(world, {
    plate: '赣B·L2001',
    capacityKg: 800,
    capacityLitres: 4000,
    refrigerated: true,
  });
  return { hub, anxi, datang, village, villageOperator, coldVillage, coldVillageOperator, van, reefer };
}

/** An order.paid as orders would publish it, with overrides. */
export function orderPaid(
  overrides: Omit<Partial<OrderPaid>, 'destination'> & { destination?: Partial<Destination> } = {},
): OrderPaid {
  const { destination, ...rest } = overrides;
  const weightGrams = rest.totalWeightGrams ?? 5000;
  return {
    orderId: randomUUID(),
    groupId: randomUUID(),
    buyerId: randomUUID(),
    sellerOrgId: randomUUID(),
    sellerName: '县城农资商店',
    countyCode: COUNTY,
    direction: FlowDirection.Down,
    originVillageCode: null,
    lines: [
      { skuId: randomUUID(), listingId: randomUUID(), title: '复合肥 5kg', quantity: 1, weightGrams, volumeMl: 6000 },
    ],
    totalWeightGrams: weightGrams,
    totalVolumeMl: 6000,
    temperature: { class: TemperatureClass.Ambient, minC: null, maxC: null },
    weightToleranceGrams: null,
    payment: { method: 'online', amountFen: 8800 },
    ...rest,
    destination: {
      kind: 'service_point',
      servicePointOrgId: null,
      address: null,
      recipientName: '王秀英',
      recipientPhone: uniquePhone(),
      agentName: null,
      agentPhone: null,
      ...destination,
    },
  };
}

export function envelope<T extends EventName>(name: T, data: EventOf<T>): EventEnvelope<T> {
  return {
    id: randomUUID(),
    name,
    data,
    producer: ServiceName.Orders,
    occurredAt: new Date().toISOString(),
    correlationId: `test-${randomUUID()}`,
    causationId: null,
  };
}

/** Delivers an event straight into logistics' inbox worker, as the queue would (same transaction and dedupe). */
export function deliver<T extends EventName>(
  world: LogisticsWorld,
  name: T,
  data: EventOf<T>,
): Promise<'handled' | 'duplicate'> {
  return world.platform.apps.logistics!.get(InboxWorker).handle(envelope(name, data) as unknown as EventEnvelope);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A produce lot as catalog announces it (`lot.recorded`), handed to logistics' inbox; returns its trace code.
 * Hand-ins must name such lots (first-kilometre integrity).
 */
export async function recordLot(
  world: LogisticsWorld,
  lot: { sellerOrgId: string; quantity?: number; unit?: string; bestBefore?: string | null },
): Promise<string> {
  const traceCode = Array.from({ length: 16 }, () => CROCKFORD[randomInt(CROCKFORD.length)]).join('');
  await deliver(world, EventName.LotRecorded, {
    lotId: randomUUID(),
    traceCode,
    sellerOrgId: lot.sellerOrgId,
    listingId: randomUUID(),
    quantity: lot.quantity ?? 1000,
    unit: lot.unit ?? 'kg',
    bestBefore: lot.bestBefore ?? null,
    recordedAt: new Date().toISOString(),
  });
  return traceCode;
}

/** Puts an event on the `inbox-logistics` BullMQ queue, as orders' outbox relay does. */
export async function enqueue<T extends EventName>(world: LogisticsWorld, name: T, data: EventOf<T>): Promise<void> {
  const connection = new Redis(world.platform.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue(inboxQueueName(ServiceName.Logistics), {
    connection,
    prefix: world.platform.env.QUEUE_PREFIX,
  });
  try {
    const event = envelope(name, data);
    await queue.add(name, event, { jobId: event.id, attempts: 3 });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export interface OutboxRow<T extends EventName = EventName> {
  name: T;
  payload: EventOf<T>;
}

/** Events logistics wrote to its outbox (what orders and catalog will receive), oldest first. */
export async function outbox<T extends EventName>(
  world: LogisticsWorld,
  name: T,
  filter: Partial<Record<string, unknown>> = {},
): Promise<EventOf<T>[]> {
  const client = new Client({ connectionString: world.platform.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ payload: EventOf<T> }>(
      'SELECT payload FROM logistics.outbox WHERE name = $1 AND payload @> $2::jsonb ORDER BY seq',
      [name, JSON.stringify(filter)],
    );
    return rows.map((row) => row.payload);
  } finally {
    await client.end();
  }
}

export async function shipmentOfOrder(world: LogisticsWorld, orderId: string, as: Actor): Promise<ShipmentBody> {
  return waitFor(
    async () => {
      const response = await request(world.logistics)
        .get(`/orders/${orderId}/shipment`)
        .set(...bearer(as));
      return response.status === 200 && (response.body as ShipmentBody);
    },
    { what: `the shipment of order ${orderId}` },
  );
}

export interface ShipmentBody {
  id: string;
  orderId: string;
  parcelCode: string;
  status: string;
  custody: { kind: string; node: { id: string; code: string } | null; waybillNo: string | null };
  path: { id: string; code: string }[];
  legs: {
    seq: number;
    mode: string;
    purpose: string;
    status: string;
    from: { code: string } | null;
    to: { code: string } | null;
  }[];
  scans: { kind: string; nodeCode: string | null; temperatureC: number | null; at: string }[];
  excursions: { readingC: number; excursion: boolean }[];
  temperatures: { readingC: number; excursion: boolean }[];
  pickup: { code: string | null; shelf: number | null; layer: number | null; collectBy: string | null } | null;
  receipt: { method: string; collectedBy: string } | null;
  consents: { kind: string }[];
  traceCodes: string[];
  routingProblem: string | null;
  note: string | null;
}

/** A buyer account (its id goes into order.paid's buyerId, so their token can read the timeline). */
export async function buyer(world: LogisticsWorld): Promise<Actor> {
  return registerActor(world.identity, '买家');
}

/** Parcel arrives at the hub from the merchant (goods enter the network). */
export async function receiveAtHub(
  world: LogisticsWorld,
  county: County,
  shipmentId: string,
  temperatureC?: number,
): Promise<void> {
  await request(world.logistics)
    .post(`/shipments/${shipmentId}/scans`)
    .set(...bearer(world.staff))
    .send({ kind: 'arrived', nodeId: county.hub.id, ...(temperatureC !== undefined && { temperatureC }) })
    .expect(201);
}

/** The county's calendar date today, by the logistics app's clock. */
export const today = (world: LogisticsWorld): string => localDate(world.clock.now());

/** County staff plan the county's day; the planned run that collects `shipmentId` (failing when none does). */
export async function planRunCollecting(world: LogisticsWorld, shipmentId: string): Promise<{ id: string }> {
  const plan = await request(world.logistics)
    .post('/runs/plan')
    .set(...bearer(world.staff))
    .send({ countyCode: COUNTY, date: today(world) })
    .expect(200);
  const run = (plan.body.runs as { id: string; stops: { collect: { shipmentId: string }[] }[] }[]).find((candidate) =>
    candidate.stops.some((stop) => stop.collect.some((parcel) => parcel.shipmentId === shipmentId)),
  );
  if (!run) {
    throw new Error(`no planned run collects shipment ${shipmentId}`);
  }
  return run;
}

/** Drives a planned run: dispatched at the hub, collecting at the village point, completed back at the hub. */
export async function driveRun(world: LogisticsWorld, county: County, runId: string): Promise<void> {
  await request(world.logistics)
    .post(`/runs/${runId}/dispatch`)
    .set(...bearer(world.staff))
    .send({})
    .expect(200);
  await request(world.logistics)
    .post(`/runs/${runId}/stops/${county.village.id}/collect`)
    .set(...bearer(county.villageOperator))
    .send({})
    .expect(200);
  await request(world.logistics)
    .post(`/runs/${runId}/complete`)
    .set(...bearer(world.staff))
    .send({})
    .expect(200);
}

/**
 * Takes a paid goods order to its village point by hand (hub arrival, departure on a vehicle, arrival at the point)
 * and returns the shipment and its pickup code.
 */
export async function shelveAtPoint(
  world: LogisticsWorld,
  county: County,
  order: OrderPaid,
  point: { node: NodeBody; operator: Actor },
  options: { vehicleId?: string; temperatureC?: number } = {},
): Promise<{ shipment: ShipmentBody; code: string }> {
  await deliver(world, EventName.OrderPaid, order);
  const shipment = await shipmentOfOrder(world, order.orderId, world.staff);
  const temperature = options.temperatureC !== undefined ? { temperatureC: options.temperatureC } : {};
  await request(world.logistics)
    .post(`/shipments/${shipment.id}/scans`)
    .set(...bearer(world.staff))
    .send({ kind: 'arrived', nodeId: county.hub.id, ...temperature })
    .expect(201);
  await request(world.logistics)
    .post(`/shipments/${shipment.id}/scans`)
    .set(...bearer(world.staff))
    .send({ kind: 'departed', nodeId: county.hub.id, vehicleId: options.vehicleId ?? county.van.id, ...temperature })
    .expect(201);
  const arrival = await request(world.logistics)
    .post(`/points/${point.node.id}/arrivals`)
    .set(...bearer(point.operator))
    .send({ shipmentId: shipment.id, ...temperature })
    .expect(201);
  return { shipment, code: arrival.body.pickupCode as string };
}
