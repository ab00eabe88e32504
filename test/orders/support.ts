import { MembershipClaim, Principal, signAccessToken } from '@countyflow/auth';
import {
  EventEnvelope,
  EventName,
  EventOf,
  FlowDirection,
  ListingChanged,
  MembershipRole,
  OrderPlaced,
  OrganisationKind,
  ServiceName,
  TemperatureClass,
} from '@countyflow/contracts';
import { Env } from '@countyflow/kernel';
import { InboxOutcome, InboxWorker } from '@countyflow/messaging';
import { uniquePhone, waitFor } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import request, { Response } from 'supertest';
import { ClaimSweeper } from '../../apps/orders/src/claim/claim.sweeper';
import { ExpirySweeper } from '../../apps/orders/src/expiry/expiry.sweeper';
import { OrderDetailResponseDto } from '../../apps/orders/src/order/order.dto';
import { loadOrdersConfig } from '../../apps/orders/src/orders.config';
import { RefundRunner } from '../../apps/orders/src/payment/refund.runner';
import { SimulatedPaymentProvider } from '../../apps/orders/src/payment/simulated-payment.provider';
import { Platform, startPlatform } from '../support/platform';

/*
 * Test support for the orders service on its own. Orders talks to identity, catalog and logistics only through
 * events, so these tests play those services' parts honestly at that boundary: what they "publish" is delivered to
 * orders' InboxWorker.handle (the very code a job on the inbox-orders queue runs, inbox deduplication included),
 * and what orders publishes is read from its outbox table, as the relay would read it. Tokens are signed with the
 * platform's JWT secret, as identity signs them; orders verifies them like any real request.
 */

export const COUNTY = '360722';
export const OTHER_COUNTY = '360723';

export interface TestActor {
  userId: string;
  name: string;
  token: string;
  principal: Principal;
}

export interface ShownSku {
  skuId: string;
  spec: string;
  priceFen: number;
  weightGrams: number;
}

export interface TestListing {
  listingId: string;
  version: number;
  sellerOrgId: string;
  state: ListingChanged;
  skus: ShownSku[];
}

/** Delivers an event to orders as if it came off the inbox-orders queue. */
export async function deliver<T extends EventName>(
  inbox: InboxWorker,
  name: T,
  data: EventOf<T>,
  producer: ServiceName,
  id: string = randomUUID(),
): Promise<{ envelope: EventEnvelope<T>; outcome: InboxOutcome }> {
  const envelope = {
    id,
    name,
    data,
    producer,
    occurredAt: new Date().toISOString(),
    correlationId: null,
    causationId: null,
  } as EventEnvelope<T>;
  return { envelope, outcome: await inbox.handle(envelope as unknown as EventEnvelope) };
}

/** Identity's part: organisations verified or suspended by county staff. */
export class FakeIdentity {
  constructor(private readonly inbox: InboxWorker) {}

  async verify(
    kind: OrganisationKind,
    { countyCode = COUNTY, name, orgId = randomUUID() }: { countyCode?: string; name?: string; orgId?: string } = {},
  ): Promise<string> {
    await deliver(
      this.inbox,
      EventName.OrgVerified,
      {
        orgId,
        kind,
        name: name ?? (kind === OrganisationKind.ServicePoint ? `${countyCode} 村级服务站` : `${countyCode} 合作社`),
        countyCode,
        villageCode: `${countyCode}100201`,
        creditCode: null,
        decidedBy: randomUUID(),
        reason: null,
      },
      ServiceName.Identity,
    );
    return orgId;
  }

  servicePoint(options: { countyCode?: string; name?: string } = {}): Promise<string> {
    return this.verify(OrganisationKind.ServicePoint, options);
  }

  seller(options: { countyCode?: string; name?: string } = {}): Promise<string> {
    return this.verify(OrganisationKind.Cooperative, options);
  }

  async suspend(orgId: string, kind: OrganisationKind, countyCode = COUNTY): Promise<void> {
    await deliver(
      this.inbox,
      EventName.OrgSuspended,
      {
        orgId,
        kind,
        name: 'x',
        countyCode,
        villageCode: null,
        creditCode: null,
        decidedBy: randomUUID(),
        reason: '抽检不合格',
      },
      ServiceName.Identity,
    );
  }
}

/**
 * Catalog's part: it publishes listings (listing.changed) and answers each order.placed with stock.reserved or
 * stock.rejected. Prices it reserves at are its current listing prices, which may differ from those a buyer saw.
 */
export class FakeCatalog {
  readonly listings = new Map<string, TestListing>();

  constructor(
    private readonly inbox: InboxWorker,
    private readonly db: Pool,
  ) {}

  async listing(
    sellerOrgId: string,
    options: {
      title?: string;
      countyCode?: string;
      direction?: FlowDirection;
      temperature?: ListingChanged['temperature'];
      skus?: Partial<ShownSku>[];
      purchasable?: boolean;
      status?: ListingChanged['status'];
      sellerName?: string;
    } = {},
  ): Promise<TestListing> {
    const skus = (options.skus ?? [{}]).map((sku, index) => ({
      skuId: sku.skuId ?? randomUUID(),
      spec: sku.spec ?? `${5 * (index + 1)} kg 箱`,
      priceFen: sku.priceFen ?? 6800 + index * 1000,
      weightGrams: sku.weightGrams ?? 5000 * (index + 1),
    }));
    const state: ListingChanged = {
      listingId: randomUUID(),
      version: 1,
      sellerOrgId,
      sellerName: options.sellerName ?? '安西镇脐橙专业合作社',
      countyCode: options.countyCode ?? COUNTY,
      direction: options.direction ?? FlowDirection.Up,
      title: options.title ?? '赣南脐橙',
      purchasable: options.purchasable ?? true,
      status: options.status ?? 'published',
      temperature: options.temperature ?? { class: TemperatureClass.Chilled, minC: 0, maxC: 4 },
      originVillageCode: `${options.countyCode ?? COUNTY}100201`,
      weightToleranceGrams: 200,
      skus: skus.map((sku) => ({ ...sku, volumeMl: 20_000, barcode: null })),
    };
    const listing = { listingId: state.listingId, version: 1, sellerOrgId, state, skus };
    this.listings.set(listing.listingId, listing);
    await deliver(this.inbox, EventName.ListingChanged, state, ServiceName.Catalog);
    return listing;
  }

  /** A newer version of the listing (a price change, a pause, a removed SKU…). */
  async change(listing: TestListing, change: Partial<ListingChanged>): Promise<TestListing> {
    const state = { ...listing.state, ...change, version: listing.version + 1 };
    const next = {
      ...listing,
      version: state.version,
      state,
      skus: state.skus.map(({ skuId, spec, priceFen, weightGrams }) => ({ skuId, spec, priceFen, weightGrams })),
    };
    this.listings.set(listing.listingId, next);
    await deliver(this.inbox, EventName.ListingChanged, state, ServiceName.Catalog);
    return next;
  }

  /** The order.placed events orders has written for these orders (from its outbox). */
  async placed(orderId: string): Promise<OrderPlaced> {
    const rows = await outboxOf(this.db, EventName.OrderPlaced, orderId);
    expect(rows).toHaveLength(1);
    return rows[0] as unknown as OrderPlaced;
  }

  /** Reserves everything the order asked for at catalog's current prices (or the given ones). */
  async reserve(orderId: string, prices: Record<string, number> = {}): Promise<void> {
    const placed = await this.placed(orderId);
    await deliver(
      this.inbox,
      EventName.StockReserved,
      {
        orderId,
        lines: placed.lines.map((line) => ({ ...line, unitPriceFen: prices[line.skuId] ?? this.priceOf(line.skuId) })),
      },
      ServiceName.Catalog,
    );
  }

  async reject(orderId: string): Promise<void> {
    const placed = await this.placed(orderId);
    await deliver(
      this.inbox,
      EventName.StockRejected,
      {
        orderId,
        lines: placed.lines.map((line) => ({
          skuId: line.skuId,
          requested: line.quantity,
          available: 0,
          reason: 'insufficient_stock' as const,
        })),
      },
      ServiceName.Catalog,
    );
  }

  private priceOf(skuId: string): number {
    for (const listing of this.listings.values()) {
      const sku = listing.skus.find((candidate) => candidate.skuId === skuId);
      if (sku) {
        return sku.priceFen;
      }
    }
    throw new Error(`the fake catalog has no sku ${skuId}`);
  }
}

/** Logistics' part: the shipment's progress as shipment.* events. */
export class FakeLogistics {
  readonly shipments = new Map<string, string>();

  constructor(private readonly inbox: InboxWorker) {}

  private ref(orderId: string) {
    const shipmentId = this.shipments.get(orderId) ?? randomUUID();
    this.shipments.set(orderId, shipmentId);
    return { shipmentId, orderId, at: new Date().toISOString() };
  }

  created(orderId: string) {
    return deliver(this.inbox, EventName.ShipmentCreated, this.ref(orderId), ServiceName.Logistics);
  }

  dispatched(orderId: string) {
    return deliver(this.inbox, EventName.ShipmentDispatched, this.ref(orderId), ServiceName.Logistics);
  }

  readyForPickup(orderId: string, servicePointOrgId: string) {
    const collectBy = new Date(Date.now() + 5 * 86_400_000).toISOString();
    return deliver(
      this.inbox,
      EventName.ShipmentReadyForPickup,
      { ...this.ref(orderId), servicePointOrgId, collectBy },
      ServiceName.Logistics,
    );
  }

  delivered(orderId: string, collectedBy: 'recipient' | 'agent' | 'carrier' = 'recipient') {
    return deliver(
      this.inbox,
      EventName.ShipmentDelivered,
      {
        ...this.ref(orderId),
        receipt: { method: collectedBy === 'carrier' ? 'signature' : 'pickup_code', collectedBy },
      },
      ServiceName.Logistics,
    );
  }

  returned(orderId: string, reason: 'uncollected' | 'refused' | 'damaged' = 'uncollected') {
    return deliver(this.inbox, EventName.ShipmentReturned, { ...this.ref(orderId), reason }, ServiceName.Logistics);
  }

  excursion(orderId: string, readingC: number) {
    return deliver(
      this.inbox,
      EventName.ShipmentExcursion,
      { ...this.ref(orderId), nodeCode: '360722000', readingC, minC: 0, maxC: 4 },
      ServiceName.Logistics,
    );
  }
}

/** The payloads of the events orders wrote to its outbox, optionally only those naming one order. */
export async function outboxOf(db: Pool, name: EventName, orderId?: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ payload: Record<string, unknown> }>(
    `SELECT payload FROM orders.outbox WHERE name = $1 AND ($2::text IS NULL OR payload->>'orderId' = $2) ORDER BY seq`,
    [name, orderId ?? null],
  );
  return rows.map((row) => row.payload);
}

export class OrdersHarness {
  readonly identity: FakeIdentity;
  readonly catalog: FakeCatalog;
  readonly logistics: FakeLogistics;
  readonly inbox: InboxWorker;
  readonly provider: SimulatedPaymentProvider;
  readonly refunds: RefundRunner;
  readonly expirySweeper: ExpirySweeper;
  readonly claimSweeper: ClaimSweeper;

  private constructor(
    readonly platform: Platform,
    readonly db: Pool,
  ) {
    const app = this.app;
    this.inbox = app.get(InboxWorker);
    this.provider = app.get(SimulatedPaymentProvider);
    this.refunds = app.get(RefundRunner);
    this.expirySweeper = app.get(ExpirySweeper);
    this.claimSweeper = app.get(ClaimSweeper);
    this.identity = new FakeIdentity(this.inbox);
    this.catalog = new FakeCatalog(this.inbox, db);
    this.logistics = new FakeLogistics(this.inbox);
  }

  /** The orders service alone on a fresh database; `env` overrides settings (e.g. a tiny payment timeout). */
  static async start(env: Env = {}): Promise<OrdersHarness> {
    const platform = await startPlatform({
      services: ['orders'],
      env: { REFUND_INTERVAL_MS: '100', ...env },
    });
    // a pool, not one client: tests read while their bursts run, and a pg client asked a second query while the
    // first runs only queues it (deprecated)
    const db = new Pool({ connectionString: platform.db.url, max: 4 });
    return new OrdersHarness(platform, db);
  }

  get app(): NestFastifyApplication {
    return this.platform.apps.orders!;
  }

  get url(): string {
    return this.platform.urls.orders!;
  }

  async stop(): Promise<void> {
    await this.db.end().catch(() => undefined);
    await this.platform.stop();
  }

  /** A signed-in user with the given memberships (the token identity would issue). */
  actor(name = '城市买家', memberships: MembershipClaim[] = []): TestActor {
    const principal = new Principal(randomUUID(), name, randomUUID(), memberships);
    const token = signAccessToken(principal, loadOrdersConfig(this.platform.env).jwtSecret, 900);
    return { userId: principal.userId, name, token, principal };
  }

  buyer(name = '城市买家'): TestActor {
    return this.actor(name);
  }

  member(orgId: string, orgKind: OrganisationKind, role: MembershipRole, countyCode = COUNTY): TestActor {
    return this.actor(`${role} of ${orgId.slice(0, 8)}`, [{ orgId, orgKind, countyCode, role }]);
  }

  sellerOwner(orgId: string, countyCode = COUNTY): TestActor {
    return this.member(orgId, OrganisationKind.Cooperative, MembershipRole.Owner, countyCode);
  }

  operator(servicePointOrgId: string, countyCode = COUNTY): TestActor {
    return this.member(servicePointOrgId, OrganisationKind.ServicePoint, MembershipRole.Operator, countyCode);
  }

  countyStaff(countyCode = COUNTY): TestActor {
    return this.member(randomUUID(), OrganisationKind.CountyOffice, MembershipRole.CountyStaff, countyCode);
  }

  get(actor: TestActor | null, path: string): request.Test {
    const call = request(this.url).get(path);
    return actor ? call.set('authorization', `Bearer ${actor.token}`) : call;
  }

  post(actor: TestActor | null, path: string, body: object = {}, headers: Record<string, string> = {}): request.Test {
    const call = request(this.url).post(path).set(headers).send(body);
    return actor ? call.set('authorization', `Bearer ${actor.token}`) : call;
  }

  put(actor: TestActor, path: string, body: object): request.Test {
    return request(this.url).put(path).set('authorization', `Bearer ${actor.token}`).send(body);
  }

  /** Checkout to a city address. */
  checkout(
    buyer: TestActor,
    lines: { skuId: string; quantity: number }[],
    extra: object = {},
    headers: Record<string, string> = {},
  ) {
    return this.post(buyer, '/checkout', { lines, destination: cityAddress(), ...extra }, headers);
  }

  /** The status of an order as its buyer sees it, once it is `status`. */
  async waitForStatus(actor: TestActor, orderId: string, status: string): Promise<OrderDetailResponseDto> {
    return waitFor(
      async () => {
        const response = await this.get(actor, `/orders/${orderId}`);
        return response.body.status === status && (response.body as OrderDetailResponseDto);
      },
      { what: `order ${orderId} to be ${status}` },
    );
  }

  /** Creates the group's payment and has the simulated provider pay it: the signed webhook's answer. */
  async pay(buyer: TestActor, groupId: string, options: { amountFen?: number; transactionId?: string } = {}) {
    const payment = await this.post(buyer, `/order-groups/${groupId}/payments`).expect(201);
    const webhook = this.provider.paymentSucceededWebhook(payment.body.providerPaymentId, options);
    const answer = await this.sendWebhook(webhook.body, webhook.headers);
    return { payment: payment.body, webhook, answer };
  }

  sendWebhook(body: string, headers: Record<string, string>): request.Test {
    return request(this.url).post('/payments/webhook').set(headers).send(body);
  }

  /** Everything orders has published about the order, in order, as event names. */
  async eventsOf(orderId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ name: string }>(
      `SELECT name FROM orders.outbox WHERE payload->>'orderId' = $1 ORDER BY seq`,
      [orderId],
    );
    return rows.map((row) => row.name);
  }

  async refundsOf(orderId: string): Promise<{ status: string; amount_fen: string; reason: string }[]> {
    const { rows } = await this.db.query(
      `SELECT status, amount_fen, reason FROM orders.refund WHERE order_id = $1 ORDER BY created_at`,
      [orderId],
    );
    return rows;
  }
}

export const cityAddress = (overrides: object = {}) => ({
  kind: 'address' as const,
  address: {
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    detail: '科技园南区 8 栋 1201',
    postalCode: '518057',
  },
  recipientName: '陈小姐',
  recipientPhone: uniquePhone(),
  ...overrides,
});

export const servicePointDestination = (servicePointOrgId: string, overrides: object = {}) => ({
  kind: 'service_point',
  servicePointOrgId,
  consentToStationDelivery: true,
  recipientName: '李大爷',
  recipientPhone: uniquePhone(),
  ...overrides,
});

export function expectProblem(response: Response, status: number, type: string, detail?: RegExp): void {
  expect({ status: response.status, type: response.body?.type }).toEqual({ status, type: `/problems/${type}` });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (detail) {
    expect(response.body.detail).toMatch(detail);
  }
}
