import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { Env } from '@countyflow/kernel';
import { uniqueCreditCode, uniquePhone, waitFor } from '@countyflow/testing';
import { createHmac, randomUUID } from 'node:crypto';
import request, { Response } from 'supertest';
import { Clock, localDate } from '../../apps/logistics/src/common/clock';
import { Actor, countyStaff, platformAdmin, registerActor, relogin } from '../support/actors';
import { RunningGateway, startGateway } from '../support/gateway';
import { Platform, PlatformOptions, startPlatform } from '../support/platform';
import { verifiedTags } from '../support/tags';

/*
 * Cross-service journeys. Every service runs for real (identity, catalog, orders, logistics) behind the real
 * gateway, and every call a test makes goes to the gateway as a client's would: /api/<service>/…. Nothing is
 * simulated: catalog reserves stock on order.placed, orders takes payment through its provider's signed webhook,
 * logistics creates the shipment on order.paid. The only shared secrets a test uses are the ones an outside party
 * holds in real life: the payment provider's and the express carrier's webhook keys.
 */

export const COUNTY = '360722';
/** The payment provider and the express carrier sign their webhooks with these (set in the platform's env). */
export const PAYMENT_SECRET = 'journey-payment-webhook-secret-0001';
export const CARRIER_SECRET = 'journey-carrier-webhook-secret-0001';

/** Anything asynchronous (an event crossing services) gets this long. */
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };

export interface World {
  platform: Platform;
  gateway: RunningGateway;
  /** The gateway's URL: the only address tests talk to. */
  api: string;
  admin: Actor;
  /** County staff of 360722; their county office operates the hub. */
  staff: Actor;
  stop(): Promise<void>;
}

/**
 * Every journey runs with one pooled connection per service (JOURNEY_POOL_SIZE to change it): a transaction that
 * asked the pool for a second connection would wait for itself and time out, so passing journeys prove none does.
 */
const POOL_SIZE = process.env.JOURNEY_POOL_SIZE ?? '1';

export async function startWorld(
  env: Env = {},
  options: Pick<PlatformOptions, 'database' | 'pooler'> = {},
): Promise<World> {
  const platform = await startPlatform({
    ...options,
    services: ['identity', 'catalog', 'orders', 'logistics'],
    env: {
      DATABASE_POOL_SIZE: POOL_SIZE,
      PAYMENT_WEBHOOK_SECRET: PAYMENT_SECRET,
      CARRIER_WEBHOOK_SECRET: CARRIER_SECRET,
      REFUND_INTERVAL_MS: '200',
      ...env,
    },
  });
  let gateway: RunningGateway | undefined;
  const stop = async () => {
    await gateway?.close();
    await platform.stop();
  };
  try {
    gateway = await startGateway(platform);
    const api = gateway.url;
    const admin = await platformAdmin(`${api}/api/identity`, platform.env);
    const staff = await countyStaff(`${api}/api/identity`, admin, COUNTY);
    return { platform, gateway, api, admin, staff, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP through the gateway

const auth = (call: request.Test, actor?: Actor | null): request.Test =>
  actor ? call.set('authorization', `Bearer ${actor.token}`) : call;

export const get = (world: World, path: string, actor?: Actor | null): request.Test =>
  auth(request(world.api).get(path), actor);

export const post = (world: World, path: string, body: object = {}, actor?: Actor | null): request.Test =>
  auth(request(world.api).post(path).send(body), actor);

/** Throws with the problem body when the status is not the expected one (so a failure says why). */
export function expectStatus(response: Response, status: number, what: string): Response {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)?.slice(0, 800)}`,
    );
  }
  return response;
}

// ---------------------------------------------------------------------------------------------------------------
// People and organisations

export const identityUrl = (world: World): string => `${world.api}/api/identity`;

export async function person(world: World, name: string): Promise<Actor> {
  return registerActor(identityUrl(world), name);
}

/**
 * A new organisation registered by its owner through identity and verified by county staff through
 * /organisations/{id}/verify; the owner's token is refreshed so that it carries the membership.
 */
export async function verifiedOrganisation(
  world: World,
  spec: { kind: OrganisationKind; name: string; ownerName: string; villageCode?: string },
): Promise<Actor> {
  const owner = await person(world, spec.ownerName);
  const seller = spec.kind !== OrganisationKind.ServicePoint;
  const created = expectStatus(
    await post(
      world,
      '/api/identity/organisations',
      {
        kind: spec.kind,
        name: spec.name,
        countyCode: COUNTY,
        ...(spec.villageCode && { villageCode: spec.villageCode }),
        ...(seller && { creditCode: uniqueCreditCode() }),
      },
      owner,
    ),
    201,
    `registering ${spec.name}`,
  );
  const orgId = created.body.id as string;
  const verified = expectStatus(
    await post(world, `/api/identity/organisations/${orgId}/verify`, {}, world.staff),
    200,
    `verifying ${spec.name}`,
  );
  expect(verified.body.status).toBe('verified');
  return { ...(await relogin(identityUrl(world), owner)), orgId };
}

/** A verified seller organisation, once the catalog has learnt of the verification (org.verified). */
export async function verifiedSeller(
  world: World,
  spec: { kind: OrganisationKind; name: string; ownerName: string; villageCode?: string },
): Promise<Actor> {
  const owner = await verifiedOrganisation(world, spec);
  const seller = await waitFor(
    async () => {
      const response = await get(world, `/api/catalog/sellers/${owner.orgId}`);
      return response.status === 200 && response.body;
    },
    { ...WAIT, what: `catalog to learn that ${spec.name} is verified` },
  );
  expect(seller).toMatchObject({ orgId: owner.orgId, status: 'verified', countyCode: COUNTY });
  return owner;
}

/** A member added to an organisation by its owner (e.g. an operator of a service point). */
export async function addMember(world: World, owner: Actor, name: string, role: MembershipRole): Promise<Actor> {
  const member = await person(world, name);
  expectStatus(
    await post(world, `/api/identity/organisations/${owner.orgId}/members`, { phone: member.phone, role }, owner),
    201,
    `adding ${name} to ${owner.orgId}`,
  );
  return { ...(await relogin(identityUrl(world), member)), orgId: owner.orgId };
}

// ---------------------------------------------------------------------------------------------------------------
// Catalog

export interface SkuSpec {
  spec: string;
  priceFen: number;
  weightGrams: number;
  volumeMl: number;
  initialStock: number;
}

export interface ListingSpec {
  categoryId: string;
  title: string;
  description: string;
  originVillageCode?: string;
  certifications?: string[];
  weightToleranceGrams?: number;
  sku: SkuSpec;
}

export interface PublishedListing {
  listingId: string;
  skuId: string;
  priceFen: number;
}

/**
 * A seller lists a product the way the seller's app does: a draft listing, then a SKU with its starting stock,
 * then publish. Returns once the listing is public.
 */
export async function listProduct(world: World, owner: Actor, spec: ListingSpec): Promise<PublishedListing> {
  const draft = expectStatus(
    await post(
      world,
      '/api/catalog/listings',
      {
        sellerOrgId: owner.orgId,
        categoryId: spec.categoryId,
        title: spec.title,
        description: spec.description,
        images: ['https://img.example.cn/listing-1.jpg'],
        ...(spec.originVillageCode && { originVillageCode: spec.originVillageCode }),
        shelfLifeDays: 30,
        temperature: { class: 'ambient' },
        ...(spec.weightToleranceGrams !== undefined && { weightToleranceGrams: spec.weightToleranceGrams }),
      },
      owner,
    ),
    201,
    `creating the listing ${spec.title}`,
  );
  expect(draft.body.status).toBe('draft');
  const listingId = draft.body.id as string;
  const withSku = expectStatus(
    await post(world, `/api/catalog/listings/${listingId}/skus`, { ...spec.sku }, owner),
    201,
    `adding a SKU to ${spec.title}`,
  );
  const skuId = (withSku.body.skus as { id: string; spec: string }[]).find((sku) => sku.spec === spec.sku.spec)!.id;
  const published = expectStatus(
    await post(world, `/api/catalog/listings/${listingId}/publish`, {}, owner),
    200,
    `publishing ${spec.title}`,
  );
  expect(published.body).toMatchObject({ status: 'published', purchasable: true });
  await verifiedTags(`${world.api}/api/catalog`, owner, world.staff, listingId, spec.certifications ?? []);
  const shown = expectStatus(await get(world, `/api/catalog/listings/${listingId}`), 200, 'the public listing');
  expect(shown.body.skus).toEqual([expect.objectContaining({ id: skuId, priceFen: spec.sku.priceFen })]);
  return { listingId, skuId, priceFen: spec.sku.priceFen };
}

export interface StockFigures {
  skuId: string;
  received: number;
  restocked: number;
  available: number;
  reserved: number;
  sold: number;
  movements: { kind: string; quantity: number; orderId: string | null }[];
}

/** A SKU's stock and ledger as its seller sees them. */
export async function stockOf(world: World, owner: Actor, skuId: string): Promise<StockFigures> {
  const response = expectStatus(
    await get(world, `/api/catalog/skus/${skuId}/stock?limit=500`, owner),
    200,
    `the stock of ${skuId}`,
  );
  return response.body as StockFigures;
}

/**
 * Waits until the SKU's figures are as expected (events are asynchronous), then checks the ledger identity:
 * received + restocked = available + reserved + sold, and the movements replay to the figures.
 */
export async function expectStock(
  world: World,
  owner: Actor,
  skuId: string,
  expected: Partial<Pick<StockFigures, 'received' | 'restocked' | 'available' | 'reserved' | 'sold'>>,
): Promise<StockFigures> {
  let last: StockFigures | undefined;
  try {
    await waitFor(
      async () => {
        last = await stockOf(world, owner, skuId);
        return Object.entries(expected).every(([key, value]) => last![key as keyof StockFigures] === value);
      },
      { ...WAIT, what: `stock of ${skuId} to be ${JSON.stringify(expected)}` },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; last seen ${JSON.stringify(last && { ...last, movements: undefined })}`,
      { cause: error },
    );
  }
  const stock = last!;
  expect(stock.received + stock.restocked).toBe(stock.available + stock.reserved + stock.sold);
  const total = (kind: string) =>
    stock.movements.filter((movement) => movement.kind === kind).reduce((sum, movement) => sum + movement.quantity, 0);
  expect(total('received') + total('adjusted')).toBe(stock.received);
  expect(total('sold')).toBe(stock.sold);
  expect(total('restocked')).toBe(stock.restocked);
  expect(total('reserved') - total('released') - total('sold')).toBe(stock.reserved);
  expect(total('received') + total('adjusted') - total('reserved') + total('released') + total('restocked')).toBe(
    stock.available,
  );
  return stock;
}

// ---------------------------------------------------------------------------------------------------------------
// Orders

export const cityAddress = (recipientName: string, recipientPhone = uniquePhone()) => ({
  kind: 'address',
  address: {
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    detail: '科技园南区 8 栋 1201',
    postalCode: '518057',
  },
  recipientName,
  recipientPhone,
});

export const servicePoint = (servicePointOrgId: string, recipientName: string, recipientPhone: string) => ({
  kind: 'service_point',
  servicePointOrgId,
  consentToStationDelivery: true,
  recipientName,
  recipientPhone,
});

export interface OrderView {
  id: string;
  groupId: string;
  status: string;
  sellerOrgId: string;
  totalFen: number;
  paidFen: number;
  paymentMethod: string;
  lines: { skuId: string; quantity: number; unitPriceFen: number }[];
  shipment: {
    shipmentId: string | null;
    dispatchedAt: string | null;
    collectBy: string | null;
    receipt: { method: string; collectedBy: string } | null;
  };
  history: { from: string | null; to: string; actorKind: string }[];
  cashReceivedAt: string | null;
  [key: string]: unknown;
}

/**
 * Places a basket (checkout, or an operator's assisted order). Orders keeps its own copies of listings and service
 * points, which arrive by event after they were published or verified; until then it refuses the basket at once
 * (422, nothing written), so the client tries again. The idempotency key makes the retry safe either way.
 */
export async function placeWhenKnown(
  world: World,
  actor: Actor,
  path: '/api/orders/checkout' | '/api/orders/assisted-orders',
  body: object,
): Promise<{ id: string; orders: OrderView[]; totalFen: number; [key: string]: unknown }> {
  const key = `journey-${randomUUID()}`;
  let last: Response | undefined;
  try {
    return await waitFor(
      async () => {
        last = await post(world, path, body, actor).set('idempotency-key', key);
        return last.status === 202 && last.body;
      },
      { ...WAIT, what: `orders to accept the basket at ${path}` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; last answer ${last?.status} ${JSON.stringify(last?.body)}`, {
      cause: error,
    });
  }
}

/** The opening of a checkout saga from a city (the saga tests): who sells, what, who buys, and the order placed. */
export interface CityCheckout {
  seller: Actor;
  listing: PublishedListing;
  buyer: Actor;
  group: Awaited<ReturnType<typeof placeWhenKnown>>;
  order: OrderView;
}

/**
 * A verified seller lists a product, a buyer in a city checks out two of it, and the order awaits payment (its
 * stock reserved by catalog). The saga goes on from there: `payGroup`, then `shipmentOf`.
 */
export async function cityCheckout(
  world: World,
  spec: { seller: Parameters<typeof verifiedSeller>[1]; listing: ListingSpec; buyerName: string },
): Promise<CityCheckout> {
  const seller = await verifiedSeller(world, spec.seller);
  const listing = await listProduct(world, seller, spec.listing);
  const buyer = await person(world, spec.buyerName);
  const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
    lines: [{ skuId: listing.skuId, quantity: 2 }],
    destination: cityAddress(spec.buyerName, buyer.phone),
  });
  const [order] = group.orders;
  await waitForOrder(world, buyer, order.id, 'awaiting_payment');
  return { seller, listing, buyer, group, order };
}

export async function orderOf(world: World, actor: Actor, orderId: string): Promise<OrderView> {
  return expectStatus(await get(world, `/api/orders/orders/${orderId}`, actor), 200, `order ${orderId}`)
    .body as OrderView;
}

/** Waits until the order is in one of `statuses`, as `actor` sees it. */
export async function waitForOrder(
  world: World,
  actor: Actor,
  orderId: string,
  ...statuses: string[]
): Promise<OrderView> {
  let last: string | undefined;
  try {
    return await waitFor(
      async () => {
        const order = await orderOf(world, actor, orderId);
        last = order.status;
        return statuses.includes(order.status) && order;
      },
      { ...WAIT, what: `order ${orderId} to be ${statuses.join(' or ')}` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} (last seen: ${last})`, { cause: error });
  }
}

/** What the simulated provider sends when the buyer has paid: signed over "<timestamp>.<raw body>". */
export function signedPaymentWebhook(
  providerPaymentId: string,
  amountFen: number,
  reference: string,
): { body: string; headers: Record<string, string> } {
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    type: 'payment.succeeded',
    created: timestamp,
    data: {
      paymentId: providerPaymentId,
      transactionId: `sim_txn_${randomUUID().replace(/-/g, '')}`,
      amountFen,
      currency: 'CNY',
      reference,
    },
  });
  const signature = createHmac('sha256', PAYMENT_SECRET).update(`${timestamp}.${body}`).digest('hex');
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-simulator-signature': `t=${timestamp},v1=${signature}` },
  };
}

/**
 * The buyer pays the group: orders creates the payment at the provider, the buyer pays at the provider's cashier,
 * and the provider notifies orders with its signed webhook, sent through the gateway as raw bytes.
 */
export async function payGroup(
  world: World,
  buyer: Actor,
  groupId: string,
): Promise<{
  payment: { id: string; providerPaymentId: string; amountFen: number; orderIds: string[] };
  answer: Response;
}> {
  const payment = expectStatus(
    await post(world, `/api/orders/order-groups/${groupId}/payments`, {}, buyer),
    201,
    `creating the payment of group ${groupId}`,
  ).body;
  expect(payment).toMatchObject({ status: 'pending', provider: 'simulated' });
  const webhook = signedPaymentWebhook(payment.providerPaymentId, payment.amountFen, payment.id);
  const answer = await request(world.api).post('/api/orders/payments/webhook').set(webhook.headers).send(webhook.body);
  expectStatus(answer, 200, 'the payment webhook');
  return { payment, answer };
}

// ---------------------------------------------------------------------------------------------------------------
// Logistics

export interface NodeBody {
  id: string;
  code: string;
  name: string;
  operatorOrgId: string | null;
}

export async function createNode(
  world: World,
  spec: {
    code: string;
    name: string;
    parentId?: string;
    latitude: number;
    longitude: number;
    hostType?: string;
    operatorOrgId?: string;
    shelves?: number;
    layers?: number;
  },
): Promise<NodeBody> {
  const response = await post(
    world,
    '/api/logistics/nodes',
    { hostType: 'post_station', openingHours: '08:00-20:00', ...spec },
    world.staff,
  );
  return expectStatus(response, 201, `creating node ${spec.code} ${spec.name}`).body as NodeBody;
}

export async function createVehicle(
  world: World,
  spec: { plate: string; capacityKg: number; capacityLitres: number; refrigerated: boolean },
): Promise<{ id: string; plate: string }> {
  const response = await post(
    world,
    '/api/logistics/vehicles',
    { countyCode: COUNTY, name: spec.plate, kind: 'van', ...spec },
    world.staff,
  );
  return expectStatus(response, 201, `registering vehicle ${spec.plate}`).body;
}

export interface ShipmentView {
  id: string;
  orderId: string;
  parcelCode: string;
  status: string;
  direction: string;
  custody: { kind: string; node: { id: string; code: string } | null; waybillNo: string | null };
  path: { id: string; code: string }[];
  legs: { seq: number; mode: string; status: string; from: { code: string } | null; to: { code: string } | null }[];
  scans: { kind: string; nodeCode: string | null }[];
  pickup: { code: string | null; shelf: number | null; layer: number | null; collectBy: string | null } | null;
  receipt: { method: string; collectedBy: string } | null;
  consents: { kind: string }[];
  traceCodes: string[];
  routingProblem: string | null;
}

/** The tracking timeline of an order's shipment, once logistics has created it (order.paid). */
export async function shipmentOf(world: World, orderId: string, actor: Actor): Promise<ShipmentView> {
  return waitFor(
    async () => {
      const response = await get(world, `/api/logistics/orders/${orderId}/shipment`, actor);
      return response.status === 200 && (response.body as ShipmentView);
    },
    { ...WAIT, what: `logistics to create the shipment of order ${orderId}` },
  );
}

/** Today in China Standard Time, where every county lives (the run planner's calendar). */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export interface RunView {
  id: string;
  status: string;
  stops: {
    nodeId: string;
    nodeCode: string;
    drop: { shipmentId: string }[];
    collect: { shipmentId: string }[];
  }[];
}

/** County staff plan today's runs; returns the runs that carry any of the shipments. */
export async function planRuns(world: World, shipmentIds: string[]): Promise<RunView[]> {
  const plan = expectStatus(
    await post(world, '/api/logistics/runs/plan', { countyCode: COUNTY, date: chinaToday() }, world.staff),
    200,
    'planning the day',
  ).body as { runs: RunView[]; unassigned: unknown[] };
  const runs = plan.runs.filter((run) =>
    run.stops.some((stop) => [...stop.drop, ...stop.collect].some((parcel) => shipmentIds.includes(parcel.shipmentId))),
  );
  const planned = runs.flatMap((run) =>
    run.stops.flatMap((stop) => [...stop.drop, ...stop.collect].map((parcel) => parcel.shipmentId)),
  );
  expect(shipmentIds.filter((id) => !planned.includes(id))).toEqual([]);
  return runs;
}

/** The carrier's delivery confirmation, signed as the carrier signs it: "<timestamp>.<JSON with sorted keys>". */
export function signedCarrierWebhook(body: Record<string, string>): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
  const signature = createHmac('sha256', CARRIER_SECRET)
    .update(`${timestamp}.${JSON.stringify(sorted)}`)
    .digest('hex');
  return { 'x-carrier-timestamp': timestamp, 'x-carrier-signature': signature };
}

/** The hub hands the parcel to the express carrier, and the carrier's signed webhook says it was delivered. */
export async function handOverAndDeliver(
  world: World,
  shipmentId: string,
  hubId: string,
  signedBy: string,
): Promise<void> {
  const handover = expectStatus(
    await post(world, `/api/logistics/shipments/${shipmentId}/carrier-handover`, { nodeId: hubId }, world.staff),
    201,
    'the carrier hand-over',
  );
  const delivery = {
    waybillNo: handover.body.waybillNo as string,
    status: 'delivered',
    occurredAt: new Date().toISOString(),
    signedBy,
  };
  expectStatus(
    await request(world.api).post('/api/logistics/carrier/webhook').set(signedCarrierWebhook(delivery)).send(delivery),
    200,
    'the carrier webhook',
  );
}

/** The pickup code as the recipient receives it: from the message the point's arrival sent them. */
export async function pickupCodeFromMessages(
  world: World,
  reader: Actor,
  shipmentId: string,
  recipientPhone: string,
): Promise<string> {
  const messages = await waitFor(
    async () => {
      const response = await get(world, `/api/logistics/notifications?shipmentId=${shipmentId}`, reader);
      expectStatus(response, 200, 'the notifications of the shipment');
      const mine = (response.body as { recipientPhone: string; template: string; body: string }[]).filter(
        (message) => message.recipientPhone === recipientPhone && message.template === 'ready_for_pickup',
      );
      return mine.length > 0 && mine;
    },
    { ...WAIT, what: `the pickup message of shipment ${shipmentId}` },
  );
  const code = /\b(\d{1,2}-\d{1,2}-\d{4})\b/.exec(messages[0].body)?.[1];
  if (!code) {
    throw new Error(`no pickup code in the message: ${messages[0].body}`);
  }
  return code;
}

export const phoneLast4 = (phone: string): string => phone.slice(-4);

export interface VillagePointSpec {
  code: string;
  name: string;
  hostType: string;
  latitude: number;
  longitude: number;
  operatorOrgId: string;
}

export interface Network {
  hub: NodeBody;
  /** Town stations by their 9-digit code. */
  towns: Record<string, NodeBody>;
  /** Village points by their 12-digit code. */
  points: Record<string, NodeBody>;
}

const TOWNS: Record<string, { name: string; latitude: number; longitude: number }> = {
  [`${COUNTY}100`]: { name: '安西镇快递物流站', latitude: 25.25, longitude: 114.95 },
  [`${COUNTY}101`]: { name: '大塘埠镇快递物流站', latitude: 25.45, longitude: 114.8 },
};

/**
 * County staff build the county's network through the API: the hub (6 digits, operated by their county office),
 * the town stations (9 digits) the villages need, the village points (12 digits) with their operator
 * organisations, and a van.
 */
export async function buildNetwork(world: World, villages: VillagePointSpec[]): Promise<Network> {
  const hub = await createNode(world, {
    code: COUNTY,
    name: '信丰县电商物流配送中心',
    hostType: 'county_warehouse',
    latitude: 25.386,
    longitude: 114.922,
    operatorOrgId: world.staff.orgId,
  });
  const towns: Record<string, NodeBody> = {};
  const points: Record<string, NodeBody> = {};
  for (const village of villages) {
    const townCode = village.code.slice(0, 9);
    towns[townCode] ??= await createNode(world, { code: townCode, parentId: hub.id, ...TOWNS[townCode] });
    points[village.code] = await createNode(world, {
      ...village,
      parentId: towns[townCode].id,
      shelves: 3,
      layers: 4,
    });
  }
  await createVehicle(world, { plate: '赣B·D1001', capacityKg: 1000, capacityLitres: 6000, refrigerated: false });
  return { hub, towns, points };
}

// ---------------------------------------------------------------------------------------------------------------
// After-sales: time at the village points, the retention sweep, problems, other counties

/**
 * Logistics' clock. Retention is counted in whole days (the county setting is at least 1), so a journey cannot wait
 * for a deadline; it moves logistics' notion of now forward instead, as test/logistics/retention does. This is the
 * one thing a journey does outside the gateway (time passing is not an API call). Reset it when done.
 */
export const logisticsClock = (world: World): Clock => world.platform.apps.logistics!.get(Clock);

/** The county's calendar date by logistics' clock: once the clock was moved, a later day than `chinaToday()`. */
export const logisticsToday = (world: World): string => localDate(logisticsClock(world).now());

export interface SweepReport {
  ran: boolean;
  reminded: number;
  returned: number;
  carrierDelivered: number;
  notificationsSent: number;
  at: string;
}

/**
 * A platform admin runs the retention sweep now (`POST admin/sweeps/retention`). A sweep skipped because the periodic
 * one held the lock answers `ran: false`; this asks again until one ran, so a whole sweep has happened after the
 * call began.
 */
export async function completedRetentionSweep(world: World): Promise<SweepReport> {
  return waitFor(
    async () => {
      const response = expectStatus(
        await post(world, '/api/logistics/admin/sweeps/retention', {}, world.admin),
        200,
        'the retention sweep',
      );
      return (response.body as SweepReport).ran && (response.body as SweepReport);
    },
    { ...WAIT, what: 'a retention sweep that was not skipped' },
  );
}

export interface NotificationView {
  shipmentId: string | null;
  recipientPhone: string;
  template: string;
  body: string;
  createdAt: string;
}

/** The messages sent about a shipment (its buyer and county staff may read them: they carry the pickup code). */
export async function notificationsOf(world: World, reader: Actor, shipmentId: string): Promise<NotificationView[]> {
  const response = expectStatus(
    await get(world, `/api/logistics/notifications?shipmentId=${shipmentId}`, reader),
    200,
    `the notifications of shipment ${shipmentId}`,
  );
  return response.body as NotificationView[];
}

/** County staff plan the runs of `date`; returns the runs that carry any of the shipments (all must be planned). */
export async function planRunsOn(world: World, date: string, shipmentIds: string[]): Promise<RunView[]> {
  const plan = expectStatus(
    await post(world, '/api/logistics/runs/plan', { countyCode: COUNTY, date }, world.staff),
    200,
    `planning ${date}`,
  ).body as { runs: RunView[] };
  const runs = plan.runs.filter((run) =>
    run.stops.some((stop) => [...stop.drop, ...stop.collect].some((parcel) => shipmentIds.includes(parcel.shipmentId))),
  );
  const planned = runs.flatMap((run) =>
    run.stops.flatMap((stop) => [...stop.drop, ...stop.collect].map((parcel) => parcel.shipmentId)),
  );
  expect(shipmentIds.filter((id) => !planned.includes(id))).toEqual([]);
  return runs;
}

/** A refusal as a client sees it: the status, an application/problem+json body and its stable type. */
export function expectProblem(response: Response, status: number, type: string): Response {
  expectStatus(response, status, `expecting ${type}`);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: `/problems/${type}`, status, detail: expect.any(String) });
  return response;
}

/** County staff of another county, appointed by the platform admin to that county's office. */
export async function countyStaffOf(world: World, countyCode: string): Promise<Actor> {
  return countyStaff(identityUrl(world), world.admin, countyCode);
}

/**
 * The end of every journey (an afterEach): once nothing is in flight between the services any more, no service
 * may have given up on an event. A journey that passes only because its last events had not been handled yet, or
 * that left one in the dead-letter list, fails here.
 */
export async function journeyEnds(world: World | undefined): Promise<void> {
  if (!world) {
    return;
  }
  await world.platform.idle();
  expect(await world.platform.deadLetters()).toEqual([]);
}
