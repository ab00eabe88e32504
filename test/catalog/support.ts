import { Principal, signAccessToken } from '@countyflow/auth';
import {
  EventEnvelope,
  EventName,
  EventOf,
  FlowDirection,
  MembershipRole,
  OrganisationKind,
  ServiceName,
  TemperatureClass,
} from '@countyflow/contracts';
import { InboxOutcome, InboxWorker } from '@countyflow/messaging';
import { waitFor } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { ListingResponseDto } from '../../apps/catalog/src/listing/listing.dto';
import { Actor, countyStaff, platformAdmin, sellerOwner } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';
import { verifiedTags } from '../support/tags';

export const COUNTY = '360722';
export const VILLAGE = '360722100201';

/**
 * identity + catalog, a plain connection for assertions and, unless told otherwise, a platform admin and county staff
 * of 360722 (six password hashes: files that only need quick sellers skip them).
 */
export interface CatalogWorld {
  platform: Platform;
  identity: string;
  catalog: string;
  admin: Actor;
  staff: Actor;
  db: Client;
  stop(): Promise<void>;
}

export async function startCatalogWorld({
  officials = true,
  env = {},
  allowDeadLetters = false,
}: { officials?: boolean; env?: Record<string, string>; allowDeadLetters?: boolean } = {}): Promise<CatalogWorld> {
  const platform = await startPlatform({ services: ['identity', 'catalog'], env, allowDeadLetters });
  const identity = platform.urls.identity!;
  const catalog = platform.urls.catalog!;
  const db = new Client({ connectionString: platform.db.url, options: '-c search_path=catalog,public' });
  await db.connect();
  try {
    const admin = officials ? await platformAdmin(identity, platform.env) : undefined;
    const staff = admin ? await countyStaff(identity, admin, COUNTY) : undefined;
    const missing = (who: string): never => {
      throw new Error(`this world was started without officials; no ${who}`);
    };
    return {
      platform,
      identity,
      catalog,
      get admin() {
        return admin ?? missing('platform admin');
      },
      get staff() {
        return staff ?? missing('county staff');
      },
      db,
      stop: async () => {
        await db.end();
        await platform.stop();
      },
    };
  } catch (error) {
    await db.end();
    await platform.stop();
    throw error;
  }
}

/** A seller organisation verified by county staff through identity, known to the catalog once the event arrived. */
export async function verifiedSeller(
  world: CatalogWorld,
  options: { name?: string; countyCode?: string; kind?: OrganisationKind; staff?: Actor } = {},
): Promise<Actor> {
  const owner = await sellerOwner(world.identity, {
    name: options.name ?? `安西镇脐橙专业合作社${randomUUID().slice(0, 4)}`,
    countyCode: options.countyCode ?? COUNTY,
    kind: options.kind ?? OrganisationKind.Cooperative,
  });
  await setSellerStatus(world, owner.orgId!, 'verify', options.staff);
  return owner;
}

/**
 * A verified seller made the quick way: org.verified handed straight to the catalog's inbox and an access token
 * signed with the platform's secret, as identity would issue it. Identity never hears of this organisation, so
 * its status changes go to the catalog as events too (setSellerStatus does that). Saves the three password hashes
 * of a real account, for files that need many sellers.
 */
export async function quickSeller(
  world: CatalogWorld,
  options: { name?: string; countyCode?: string; kind?: OrganisationKind } = {},
): Promise<Actor> {
  const countyCode = options.countyCode ?? COUNTY;
  const orgId = randomUUID();
  const userId = randomUUID();
  const kind = options.kind ?? OrganisationKind.Cooperative;
  const name = options.name ?? `合作社${orgId.slice(0, 4)}`;
  quickOrgs.set(orgId, {
    orgId,
    kind,
    name,
    countyCode,
    villageCode: `${countyCode}100201`,
    creditCode: null,
    decidedBy: userId,
    reason: null,
  });
  await deliver(world, EventName.OrgVerified, quickOrgs.get(orgId)!);
  const principal = new Principal(userId, '理事长', randomUUID(), [
    { orgId, orgKind: kind, countyCode, role: MembershipRole.Owner },
  ]);
  const config = loadCatalogConfig(world.platform.env);
  return {
    userId,
    phone: '',
    password: '',
    name: '理事长',
    token: signAccessToken(principal, config.jwtSecret, config.jwtAccessTtlSeconds),
    refreshToken: '',
    orgId,
  };
}

const quickOrgs = new Map<string, EventOf<EventName.OrgVerified>>();

/** Verifies or suspends (through identity, or straight to the catalog for a quick seller) and waits for the catalog. */
export async function setSellerStatus(
  world: CatalogWorld,
  orgId: string,
  action: 'verify' | 'suspend',
  staff?: Actor,
): Promise<void> {
  const quick = quickOrgs.get(orgId);
  if (quick) {
    const name = action === 'verify' ? EventName.OrgVerified : EventName.OrgSuspended;
    await deliver(world, name, { ...quick, reason: action === 'suspend' ? '农药残留抽检不合格' : null });
    return;
  }
  await request(world.identity)
    .post(`/organisations/${orgId}/${action}`)
    .set('authorization', `Bearer ${(staff ?? world.staff).token}`)
    .send(action === 'suspend' ? { reason: '农药残留抽检不合格' } : {})
    .expect(200);
  const status = action === 'verify' ? 'verified' : 'suspended';
  await waitFor(async () => (await request(world.catalog).get(`/sellers/${orgId}`)).body.status === status, {
    what: `catalog to learn that ${orgId} is ${status}`,
  });
}

export const bearer = (actor: Actor): [string, string] => ['authorization', `Bearer ${actor.token}`];

export interface ListingInput {
  /** verified tags: applied for by `owner` and verified by the world's county staff */
  title?: string;
  description?: string;
  categoryId?: string;
  certifications?: string[];
  temperature?: { class: string; minC?: number; maxC?: number };
  originVillageCode?: string;
  skus?: { spec: string; priceFen: number; weightGrams: number; volumeMl: number; initialStock?: number }[];
}

/** Creates a listing as `owner` (of its organisation) and, unless told otherwise, publishes it. */
export async function createListing(
  world: CatalogWorld,
  owner: Actor,
  input: ListingInput = {},
  { publish = true } = {},
): Promise<{ id: string; skuIds: string[]; body: ListingResponseDto }> {
  const created = await request(world.catalog)
    .post('/listings')
    .set(...bearer(owner))
    .send({
      sellerOrgId: owner.orgId,
      categoryId: input.categoryId ?? 'citrus',
      title: input.title ?? '赣南脐橙 5斤装 产地直发',
      description: input.description ?? '信丰安西镇果园现摘，果肉细嫩化渣。',
      images: ['https://img.example.cn/orange-1.jpg'],
      originVillageCode: input.originVillageCode ?? VILLAGE,
      shelfLifeDays: 30,
      temperature: input.temperature ?? { class: 'ambient' },
      weightToleranceGrams: 200,
      skus: input.skus ?? [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 100 }],
    });
  if (created.status !== 201) {
    throw new Error(`creating a listing failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
  let body = created.body as ListingResponseDto;
  if (publish) {
    const published = await request(world.catalog)
      .post(`/listings/${body.id}/publish`)
      .set(...bearer(owner));
    if (published.status !== 200) {
      throw new Error(`publishing failed: ${published.status} ${JSON.stringify(published.body)}`);
    }
    body = published.body as ListingResponseDto;
  }
  if (input.certifications && input.certifications.length > 0) {
    await verifiedTags(world.catalog, owner, world.staff, body.id, input.certifications);
    body = (
      await request(world.catalog)
        .get(`/listings/${body.id}`)
        .set(...bearer(owner))
    ).body as ListingResponseDto;
  }
  return { id: body.id, skuIds: body.skus.map((sku) => sku.id), body };
}

/** Hands an event straight to the catalog's inbox (the same path a queued job takes), as orders would send it. */
export function deliver<T extends EventName>(
  world: CatalogWorld,
  name: T,
  data: EventOf<T>,
  id: string = randomUUID(),
): Promise<InboxOutcome> {
  const envelope = {
    id,
    name,
    data,
    producer: ServiceName.Orders,
    occurredAt: new Date().toISOString(),
    correlationId: null,
    causationId: null,
  } as EventEnvelope;
  return world.platform.apps.catalog!.get(InboxWorker).handle(envelope);
}

export interface SkuRow {
  id: string;
  received: number;
  restocked: number;
  available: number;
  reserved: number;
  sold: number;
}

export async function skuRows(world: CatalogWorld, ids: string[]): Promise<SkuRow[]> {
  const { rows } = await world.db.query<SkuRow>(
    `SELECT id, received::float8 AS received, restocked::float8 AS restocked, available::float8 AS available,
            reserved::float8 AS reserved, sold::float8 AS sold
       FROM sku WHERE id = ANY ($1) ORDER BY id`,
    [ids],
  );
  return rows;
}

/**
 * For every SKU: received + restocked = available + reserved + sold, nothing negative, and the ledger replays to
 * the same figures.
 */
export async function expectLedgerIdentity(world: CatalogWorld, ids: string[]): Promise<void> {
  for (const sku of await skuRows(world, ids)) {
    expect(sku.received + sku.restocked).toBe(sku.available + sku.reserved + sku.sold);
    for (const figure of [sku.received, sku.restocked, sku.available, sku.reserved, sku.sold]) {
      expect(figure).toBeGreaterThanOrEqual(0);
    }
    const { rows } = await world.db.query<{ kind: string; total: number }>(
      `SELECT kind, sum(quantity)::int AS total FROM stock_movement WHERE sku_id = $1 GROUP BY kind`,
      [sku.id],
    );
    const total = (kind: string) => rows.find((row) => row.kind === kind)?.total ?? 0;
    expect(total('received') + total('adjusted')).toBe(sku.received);
    expect(total('restocked')).toBe(sku.restocked);
    expect(total('sold')).toBe(sku.sold);
    expect(total('reserved') - total('released') - total('sold')).toBe(sku.reserved);
    expect(total('received') + total('adjusted') - total('reserved') + total('released') + total('restocked')).toBe(
      sku.available,
    );
  }
}

/** Payloads of the catalog's outbox rows of one event name, oldest first. */
export async function outbox<T extends EventName>(
  world: CatalogWorld,
  name: T,
  where = 'true',
  params: unknown[] = [],
): Promise<EventOf<T>[]> {
  const { rows } = await world.db.query<{ payload: EventOf<T> }>(
    `SELECT payload FROM outbox WHERE name = $1 AND (${where}) ORDER BY seq`,
    [name, ...params],
  );
  return rows.map((row) => row.payload);
}

export const orderPlaced = (
  sellerOrgId: string,
  lines: { skuId: string; quantity: number }[],
  orderId: string = randomUUID(),
): EventOf<EventName.OrderPlaced> => ({ orderId, groupId: randomUUID(), buyerId: randomUUID(), sellerOrgId, lines });

/** order.paid as orders sends it; the catalog only needs the order id, the rest is there for logistics. */
export const orderPaid = (orderId: string, sellerOrgId: string): EventOf<EventName.OrderPaid> => ({
  orderId,
  groupId: randomUUID(),
  buyerId: randomUUID(),
  sellerOrgId,
  sellerName: '合作社',
  countyCode: COUNTY,
  direction: FlowDirection.Up,
  originVillageCode: VILLAGE,
  destination: {
    kind: 'address',
    servicePointOrgId: null,
    address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号', postalCode: null },
    recipientName: '李女士',
    recipientPhone: '13800138000',
    agentName: null,
    agentPhone: null,
  },
  lines: [],
  totalWeightGrams: 2500,
  totalVolumeMl: 6000,
  temperature: { class: TemperatureClass.Ambient, minC: null, maxC: null },
  weightToleranceGrams: null,
  payment: { method: 'online', amountFen: 5990 },
});
