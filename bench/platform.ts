/*
 * The whole platform under a mixed load, as production runs it: `runPlatformBench()` starts every service as a
 * process of its own (bench/cluster.ts: own database, private Redis with an append-only file), sets up a county
 * through the gateway (bench/county.ts) and then measures, in one run:
 *   1. a mixed load through the gateway with autocannon, one instance per kind of request so that each kind has
 *      its own latency histogram: browsing (storefront, listing pages, sellers, categories), search (words,
 *      filters, sorts), checkouts (a two-seller basket, a buyer token and a fresh Idempotency-Key each), payments
 *      (create the payment of a group awaiting payment, then the simulated provider pays and sends its signed
 *      webhook) and operator scans at village points (arrival scan, then the pickup-code hand-over);
 *   2. saga completion latency of a sample of checkouts placed at a moderate rate during that load: placed →
 *      awaiting payment (catalog's reservation), → paid (the bench pays as soon as it sees the order awaiting
 *      payment, following the group's server-sent events as the web app does), → shipment created (logistics on
 *      order.paid), from orders' history and logistics' shipment rows;
 *   3. the resident memory of each service: idle after boot, before the load, peak and after the load;
 *   4. checkouts alone at the same concurrency, against the same order written as plain SQL in one transaction
 *      (orders' rows as bench/orders.ts writes them, plus catalog's reservation statements from its repository),
 *      and the ratio.
 * Run on its own: `npm run bench -- platform`.
 */
import {
  preparedStatementsSetting,
  preparesStatements,
  PreparingClient,
  type TransactionalConnection,
} from '@countyflow/persistence';
import autocannon from 'autocannon';
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client, Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { OrderStockStatus } from '../apps/catalog/src/stock/stock.entity';
import { StockRepository } from '../apps/catalog/src/stock/stock.repository';
import { Cluster, ProcessName } from './cluster';
import {
  AwaitingGroup,
  buildCounty,
  COUNTY,
  County,
  ListingRef,
  ParcelAtHub,
  parcelsOnTheVan,
  placeAwaitingPayment,
  produceBasket,
  sleep,
  waitFor,
} from './county';
import { PlainOrderItem, writePlainOrder } from './orders';

export interface PlatformBenchOptions {
  /** Seconds of mixed load. */
  durationSeconds?: number;
  /** Seconds of checkouts alone, and again of the plain-SQL baseline. */
  baselineSeconds?: number;
  /** Connections per kind of request. */
  connections?: Partial<Record<KindName, number>>;
  /** Requests per second of the payment and scan kinds (each a two-request sequence). */
  paymentRate?: number;
  scanRate?: number;
  /** Saga sample: checkouts per second during the mixed load. */
  sagaRate?: number;
  /**
   * How the saga sample's buyers learn that a checkout awaits payment: `stream` follows it as the web app's pay page
   * does (server-sent events, GET /order-groups/:id/events; the default), `poll` reads the orders from the database
   * every 50 ms (the method of every figure before 2026-12-07 10:00 UTC). `BENCH_PLATFORM_SAGA_CLIENT` sets it.
   */
  sagaClient?: SagaClient;
  /** The soak: the resident memory of every process every this many seconds of the mixed load (`memoryCurve`). */
  memoryCurveEverySeconds?: number;
  log?: (line: string) => void;
}

/** One reading of the soak's memory curve: seconds into the mixed load, and each process's RSS in MB. */
export interface MemoryReading {
  atSeconds: number;
  rssMb: Partial<Record<ProcessName, number>>;
}

export type KindName = 'browse' | 'search' | 'checkout' | 'payment' | 'scan';
type Hop = 'ordersRelay' | 'catalogInbox' | 'catalogHandlerAndRelay' | 'ordersInbox';
const HOPS: [Hop, string][] = [
  ['ordersRelay', 'order.placed relayed'],
  ['catalogInbox', "waiting on catalog's queue"],
  ['catalogHandlerAndRelay', 'reserved and stock.reserved relayed'],
  ['ordersInbox', "waiting on orders' queue"],
];

export interface KindFigures {
  kind: KindName;
  what: string;
  connections: number;
  /** The rate autocannon was asked to keep, if any (requests per second over all connections). */
  rateLimit: number | null;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  /** Status → count of the non-2xx answers. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface Percentiles {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ServiceMemory {
  idleAfterBootMb: number;
  beforeLoadMb: number;
  peakMb: number;
  afterLoadMb: number;
  /** CPU time the process used during the mixed load (user + system). */
  cpuSecondsUnderLoad: number;
}

export interface PlatformBenchResult {
  machine: { cpus: number; loadAverageBefore: number; loadAverageAfter: number };
  setup: {
    seconds: number;
    sellers: number;
    listings: number;
    buyers: number;
    villagePoints: number;
    groupsAwaitingPayment: number;
    parcelsOnTheVan: number;
  };
  mixed: {
    seconds: number;
    kinds: KindFigures[];
    /** Payments or parcels asked for once their pool was empty (the pools are sized so that this stays 0). */
    poolsRanDry: number;
    /** Requests in flight when autocannon closed its connections at the end (the gateway logs them as aborted). */
    abortedAtTheEnd: number;
  };
  saga: {
    /** How the sample's buyers learnt that a checkout awaited payment (`PlatformBenchOptions.sagaClient`). */
    client: SagaClient;
    groups: number;
    orders: number;
    /** Checkouts or payments of the sample that were refused or never got to awaiting payment. */
    failures: number;
    /** Orders that had not reached a shipment within a minute of the load ending. */
    unfinished: number;
    placedToAwaitingPayment: Percentiles;
    /**
     * Where placed → awaiting payment goes: order.placed from the checkout's transaction until the relay has put it
     * on catalog's queue; until catalog's handler transaction starts; until stock.reserved is on orders' queue
     * (the reservation and the relay); until orders' handler transaction starts.
     */
    placedToAwaitingPaymentHops: Record<Hop, { p50Ms: number; p99Ms: number }>;
    awaitingPaymentToPaid: Percentiles;
    paidToShipmentCreated: Percentiles;
    endToEnd: Percentiles;
  };
  memory: Partial<Record<ProcessName, ServiceMemory>>;
  /** The soak only: RSS of every process through the mixed load. */
  memoryCurve?: MemoryReading[];
  /** Whether each service ran as an api process plus a worker process (`BENCH_PLATFORM_WORKERS`, default on). */
  workers: boolean;
  /**
   * What PostgreSQL's sessions of the platform were doing during the mixed load: pg_stat_activity sampled every
   * 100 ms, each non-idle session counted once per sample, by application and wait event (`CPU` when none).
   */
  waits: {
    samples: number;
    top: { application: string; state: string; wait: string; lastStatement: string; share: number }[];
  };
  /**
   * What one completed checkout costs, measured over the checkouts-alone phase until the platform settled (so the
   * reservation, the relays and the answer back to orders are in): committed transactions, rows written and CPU.
   */
  perCheckout: {
    checkouts: number;
    transactions: number;
    rowsInserted: number;
    rowsUpdated: number;
    rowsDeleted: number;
    /** CPU milliseconds of every service process, and of PostgreSQL's backends of the platform's database. */
    servicesCpuMs: number;
    postgresCpuMs: number;
    byProcessCpuMs: Partial<Record<ProcessName, number>>;
    /** The plain-SQL transaction's: the bench process (the client) and its PostgreSQL backends. */
    plainSql: { transactions: number; clientCpuMs: number; postgresCpuMs: number };
  };
  checkoutBaseline: {
    seconds: number;
    connections: number;
    api: KindFigures;
    plainSql: {
      transactions: number;
      perSecond: number;
      p50Ms: number;
      p99Ms: number;
      maxMs: number;
      errors: number;
      firstError?: string;
    };
    /** API over plain SQL: latency ratios (higher is slower), and throughput ratio (lower is slower). */
    ratio: { p50: number; p99: number; throughput: number };
    /** The checkouts of the mixed load over the same plain-SQL figures. */
    mixedRatio: { p50: number; p99: number };
  };
  suiteSeconds: number;
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number | undefined): number => round((bytes ?? 0) / 2 ** 20, 0);

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]) : NaN;
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: round(sorted.at(-1) ?? NaN) };
}

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)];

const json = (token?: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token && { authorization: `Bearer ${token}` }),
  ...extra,
});

// ------------------------------------------------------------------------------------------------------------
// The kinds of request

export interface KindPlan {
  kind: KindName;
  what: string;
  connections: number;
  rate?: number;
  requests: autocannon.RequestSpec[];
}

export function browsing(county: County, connections: number): KindPlan {
  const listings = [...county.produce, ...county.goods];
  const sellers = county.sellers.map((seller) => seller.owner.orgId!);
  return {
    kind: 'browse',
    what: 'storefront, listing pages, seller pages, categories',
    connections,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const roll = randomInt(100);
          const path =
            roll < 50
              ? `/api/catalog/listings/${pick(listings).listingId}`
              : roll < 75
                ? `/api/catalog/storefronts/${COUNTY}`
                : roll < 90
                  ? `/api/catalog/sellers/${pick(sellers)}`
                  : '/api/catalog/categories';
          return { ...request, path };
        },
      },
    ],
  };
}

export function searching(county: County, connections: number): KindPlan {
  const q = (word: string) => `q=${encodeURIComponent(word)}`;
  const queries = [
    ...county.words.map((word) => q(word)),
    ...county.words.map((word) => `${q(word)}&countyCode=${COUNTY}`),
    ...county.words.slice(0, 8).map((word) => `${q(word)}&sort=price_asc`),
    ...['安西镇 脐橙', '大塘埠镇 大米', '古陂镇 腊肉', '脐橙 礼盒'].map((words) => q(words)),
    ...['citrus', 'rice', 'cured-meat', 'tea', 'fungi', 'agri-inputs', 'daily-goods'].map(
      (category) => `categoryId=${category}&sort=newest`,
    ),
    `countyCode=${COUNTY}&sort=sales`,
    'minPriceFen=3000&maxPriceFen=9000&certification=green_food',
    'direction=down&categoryId=agri-inputs&sort=price_desc',
    `direction=up&temperatureClass=ambient&countyCode=${COUNTY}`,
    `${q('脐橙')}&certification=organic&sort=price_asc`,
  ];
  return {
    kind: 'search',
    what: `${queries.length} queries: words, county, category, price, certification, sorts`,
    connections,
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/catalog/search?${pick(queries)}` }) },
    ],
  };
}

export function checkingOut(county: County, connections: number): KindPlan {
  let next = 0;
  return {
    kind: 'checkout',
    what: 'POST checkout: two sellers, own buyer token and Idempotency-Key',
    connections,
    requests: [
      {
        method: 'POST',
        path: '/api/orders/checkout',
        setupRequest: (request) => {
          const buyer = county.buyers[next++ % county.buyers.length];
          return {
            ...request,
            headers: json(buyer.token, { 'idempotency-key': randomUUID() }),
            body: JSON.stringify(produceBasket(county, buyer)),
          };
        },
      },
    ],
  };
}

/** A pool that a kind takes from; when it runs dry the instance is stopped and the shortfall reported. */
export class Supply<T> {
  dry = 0;
  stop?: () => void;
  private readonly items: T[];
  constructor(items: readonly T[]) {
    this.items = [...items];
  }
  take(): T | undefined {
    const item = this.items.shift();
    if (!item) {
      this.dry += 1;
      this.stop?.();
    }
    return item;
  }
}

export function paying(pool: Supply<AwaitingGroup>, connections: number, rate: number): KindPlan {
  const health = (request: autocannon.RequestSpec) => ({ ...request, method: 'GET', path: '/health', body: '' });
  return {
    kind: 'payment',
    what: 'POST order-groups/{id}/payments, then the simulated provider pays (signed webhook)',
    connections,
    rate,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const group = pool.take();
          if (!group) return health(request);
          context.group = group.groupId;
          return {
            ...request,
            path: `/api/orders/order-groups/${group.groupId}/payments`,
            headers: json(group.buyerToken),
            body: '{}',
          };
        },
        onResponse: (status, body, context) => {
          if (status === 201)
            context.providerPaymentId = (JSON.parse(body) as { providerPaymentId: string }).providerPaymentId;
        },
      },
      {
        method: 'POST',
        setupRequest: (request, context) =>
          typeof context.providerPaymentId === 'string' && {
            ...request,
            path: `/api/orders/payments/simulator/${context.providerPaymentId}/pay`,
            headers: json(),
            body: '{}',
          },
      },
    ],
  };
}

export function scanning(pool: Supply<ParcelAtHub>, connections: number, rate: number): KindPlan {
  const health = (request: autocannon.RequestSpec) => ({ ...request, method: 'GET', path: '/health', body: '' });
  return {
    kind: 'scan',
    what: 'operator at a village point: arrival scan (shelf, pickup code), then hand-over with code + phone',
    connections,
    rate,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const parcel = pool.take();
          if (!parcel) return health(request);
          context.parcel = parcel;
          return {
            ...request,
            path: `/api/logistics/points/${parcel.point.nodeId}/arrivals`,
            headers: json(parcel.point.operator.token),
            body: JSON.stringify({ shipmentId: parcel.shipmentId }),
          };
        },
        onResponse: (status, body, context) => {
          if (status === 201) context.code = (JSON.parse(body) as { pickupCode: string | null }).pickupCode;
        },
      },
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const parcel = context.parcel as ParcelAtHub | undefined;
          return (
            typeof context.code === 'string' &&
            parcel && {
              ...request,
              path: `/api/logistics/points/${parcel.point.nodeId}/collections`,
              headers: json(parcel.point.operator.token),
              body: JSON.stringify({ code: context.code, phoneLast4: parcel.phoneLast4 }),
            }
          );
        },
      },
    ],
  };
}

export function launch(gateway: string, plan: KindPlan, seconds: number): autocannon.Instance {
  return autocannon({
    url: gateway,
    title: plan.kind,
    connections: plan.connections,
    duration: seconds,
    timeout: 30,
    ...(plan.rate && { overallRate: plan.rate }),
    requests: plan.requests,
  });
}

export function figuresOf(plan: KindPlan, result: autocannon.Result): KindFigures {
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (!status.startsWith('2')) statuses[status] = count;
  }
  return {
    kind: plan.kind,
    what: plan.what,
    connections: plan.connections,
    rateLimit: plan.rate ?? null,
    requests: result.requests.total,
    perSecond: round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    statuses,
    errors: result.errors,
  };
}

// ------------------------------------------------------------------------------------------------------------
// The saga sample

export type SagaClient = 'stream' | 'poll';

/** `BENCH_PLATFORM_SAGA_CLIENT` (unset or empty: `stream`). */
export function sagaClientSetting(value: string | undefined): SagaClient {
  const client = value || 'stream';
  if (client !== 'stream' && client !== 'poll')
    throw new Error(`BENCH_PLATFORM_SAGA_CLIENT is stream or poll, not ${value}`);
  return client;
}

/** The `group` events of an order group's server-sent-events stream, until the server ends it. */
async function* groupEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ orders: { status: string }[] }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const [field, ...data] = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      if (field === 'event: group') yield JSON.parse(data.map((line) => line.replace(/^data: ?/, '')).join('\n'));
    }
  }
}

/**
 * Checkouts at `rate` a second for `seconds`; each group is paid as soon as all its orders await payment, which
 * the buyer learns as `client` says. Resolves with the order ids once every group is paid.
 */
async function sagaSample(
  cluster: Cluster,
  county: County,
  rate: number,
  seconds: number,
  client: SagaClient,
): Promise<{ groups: number; orderIds: string[]; failures: number }> {
  const db = await cluster.client();
  const payments: Promise<void>[] = [];
  const waiting = new Map<string, { orderIds: string[]; token: string }>();
  const orderIds: string[] = [];
  let placing = true;
  let failures = 0;
  const pay = async (groupId: string, token: string) => {
    const payment = await county.api.call<{ providerPaymentId: string }>(
      'POST',
      `/api/orders/order-groups/${groupId}/payments`,
      { token },
    );
    const paid =
      payment.status === 201 &&
      (await county.api.call('POST', `/api/orders/payments/simulator/${payment.body.providerPaymentId}/pay`, {
        body: {},
      }));
    if (!paid || paid.status !== 200) failures += 1;
  };
  // the web app's pay page: follow the group's events, pay at the first in which every order awaits payment, and
  // read on until the server ends the stream (the group settled: paid)
  const follow = async (groupId: string, token: string) => {
    let paying: Promise<void> | undefined;
    try {
      const response = await fetch(`${county.api.base}/api/orders/order-groups/${groupId}/events`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: AbortSignal.timeout(60_000),
      });
      if (response.status === 200 && response.body) {
        for await (const group of groupEvents(response.body)) {
          if (!paying && group.orders.every((order) => order.status === 'awaiting_payment')) {
            paying = pay(groupId, token);
          }
        }
      }
    } catch {
      // the stream broke or outlived a minute: a payment already made still counts
    }
    if (paying) await paying;
    else failures += 1;
  };
  const payer = (async () => {
    while (client === 'poll' && (placing || waiting.size > 0)) {
      await sleep(50);
      if (waiting.size === 0) continue;
      const ids = [...waiting.values()].flatMap((group) => group.orderIds);
      const { rows } = await db.query<{ group_id: string }>(
        `SELECT group_id FROM orders.customer_order WHERE id = ANY($1::uuid[])
          GROUP BY group_id HAVING bool_and(status = 'awaiting_payment')`,
        [ids],
      );
      for (const { group_id: groupId } of rows) {
        const group = waiting.get(groupId)!;
        waiting.delete(groupId);
        payments.push(pay(groupId, group.token).catch(() => void (failures += 1)));
      }
    }
  })();
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const placed: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const wait = started + (index * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    const buyer = county.buyers[index % county.buyers.length];
    placed.push(
      county.api
        .call<{ id: string; orders: { id: string }[] }>('POST', '/api/orders/checkout', {
          token: buyer.token,
          body: produceBasket(county, buyer),
          headers: { 'idempotency-key': randomUUID() },
        })
        .then((answer) => {
          if (answer.status !== 202) {
            failures += 1;
            return;
          }
          const ids = answer.body.orders.map((order) => order.id);
          orderIds.push(...ids);
          if (client === 'stream') payments.push(follow(answer.body.id, buyer.token).catch(() => void (failures += 1)));
          else waiting.set(answer.body.id, { orderIds: ids, token: buyer.token });
        }),
    );
  }
  await Promise.all(placed);
  placing = false;
  const deadline = Date.now() + 60_000;
  while (waiting.size > 0 && Date.now() < deadline) await sleep(100);
  failures += waiting.size;
  waiting.clear();
  await payer;
  await Promise.all(payments);
  await db.end();
  return { groups: total, orderIds, failures };
}

async function sagaFigures(cluster: Cluster, orderIds: string[]): Promise<Omit<PlatformBenchResult['saga'], 'client'>> {
  const db = await cluster.client();
  try {
    await waitFor(
      'the shipments of the saga sample',
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM logistics.shipment WHERE order_id = ANY($1::uuid[])`,
          [orderIds],
        );
        return rows[0].n === orderIds.length;
      },
      60_000,
      200,
    ).catch(() => undefined);
    const { rows } = await db.query<{
      placed: number;
      awaiting: number | null;
      paid: number | null;
      shipped: number | null;
    }>(
      `SELECT extract(epoch FROM (SELECT min(at) FROM orders.order_history h WHERE h.order_id = o.id AND h.to_status = 'placed')) * 1000 AS placed,
              extract(epoch FROM (SELECT min(at) FROM orders.order_history h WHERE h.order_id = o.id AND h.to_status = 'awaiting_payment')) * 1000 AS awaiting,
              extract(epoch FROM (SELECT min(at) FROM orders.order_history h WHERE h.order_id = o.id AND h.to_status = 'paid')) * 1000 AS paid,
              extract(epoch FROM s.created_at) * 1000 AS shipped
         FROM orders.customer_order o LEFT JOIN logistics.shipment s ON s.order_id = o.id
        WHERE o.id = ANY($1::uuid[])`,
      [orderIds],
    );
    const done = rows
      .map((row) => ({
        placed: Number(row.placed),
        awaiting: Number(row.awaiting),
        paid: Number(row.paid),
        shipped: Number(row.shipped),
      }))
      .filter((row) => row.awaiting && row.paid && row.shipped);
    const hops = await db.query<Record<Hop, number>>(
      `SELECT extract(epoch FROM (po.published_at - po.occurred_at)) * 1000 AS "ordersRelay",
              extract(epoch FROM (ce.processed_at - po.published_at)) * 1000 AS "catalogInbox",
              extract(epoch FROM (cr.published_at - ce.processed_at)) * 1000 AS "catalogHandlerAndRelay",
              extract(epoch FROM (oe.processed_at - cr.published_at)) * 1000 AS "ordersInbox"
         FROM orders.outbox po
         JOIN catalog.processed_event ce ON ce.event_id = po.id
         JOIN catalog.outbox cr ON cr.name = 'stock.reserved' AND cr.payload->>'orderId' = po.payload->>'orderId'
         JOIN orders.processed_event oe ON oe.event_id = cr.id
        WHERE po.name = 'order.placed' AND (po.payload->>'orderId')::uuid = ANY($1::uuid[])`,
      [orderIds],
    );
    const hop = (name: Hop) => {
      const { p50Ms, p99Ms } = percentiles(hops.rows.map((row) => Number(row[name])));
      return { p50Ms, p99Ms };
    };
    return {
      groups: 0,
      failures: 0,
      orders: orderIds.length,
      unfinished: orderIds.length - done.length,
      placedToAwaitingPayment: percentiles(done.map((row) => row.awaiting - row.placed)),
      placedToAwaitingPaymentHops: Object.fromEntries(HOPS.map(([name]) => [name, hop(name)])) as Record<
        Hop,
        { p50Ms: number; p99Ms: number }
      >,
      awaitingPaymentToPaid: percentiles(done.map((row) => row.paid - row.awaiting)),
      paidToShipmentCreated: percentiles(done.map((row) => row.shipped - row.paid)),
      endToEnd: percentiles(done.map((row) => row.shipped - row.placed)),
    };
  } finally {
    await db.end();
  }
}

// ------------------------------------------------------------------------------------------------------------
// The plain-SQL floor of a checkout

/** The database settings the cluster gave its services, as {@link preparesStatements} reads them. */
function platformDatabaseSettings(cluster: Cluster) {
  return {
    databaseUrl: cluster.env.DATABASE_URL,
    databaseDirectUrl: cluster.env.DATABASE_DIRECT_URL,
    databasePreparedStatements: preparedStatementsSetting(process.env.DATABASE_PREPARED_STATEMENTS),
  };
}

/** A connection from the pool, retried for a while: on a shared server the connection slots may be all taken. */
async function connectPatiently(pool: Pool): Promise<PoolClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pool.connect();
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(500);
    }
  }
}

/**
 * The same two-seller order written directly, in one transaction: orders' group, orders, lines, history and
 * outbox rows (bench/orders.ts), and catalog's reservation of each line as its repository writes it (the order's
 * stock row, the conditional UPDATE of the SKU with its ledger row and reservation line). `connections` workers
 * each run transactions back to back for `seconds`.
 */
async function plainSqlCheckouts(cluster: Cluster, county: County, connections: number, seconds: number) {
  const pool = new Pool({
    connectionString: cluster.databaseUrl,
    max: connections,
    options: '-c search_path=catalog,public',
    // the same driver as the services': prepared statements when theirs are (DATABASE_PREPARED_STATEMENTS)
    ...(preparesStatements(platformDatabaseSettings(cluster)) && { Client: PreparingClient }),
  });
  const stock = new StockRepository(undefined as unknown as TransactionalConnection);
  const bySeller = new Map<string, ListingRef[]>();
  for (const listing of county.produce)
    bySeller.set(listing.sellerOrgId, [...(bySeller.get(listing.sellerOrgId) ?? []), listing]);
  const sellers = [...bySeller.values()];
  const destination = { kind: 'address', address: { province: '广东省', city: '深圳市', detail: '科技园' } };
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let postgresCpuSeconds = 0;
  const clientCpuBefore = process.cpuUsage();
  const once = async (client: PoolClient) => {
    const first = randomInt(sellers.length);
    const second = (first + 1 + randomInt(sellers.length - 1)) % sellers.length;
    // in SKU order, so that two transactions never wait for each other's SKU rows the other way round (deadlock)
    const items: PlainOrderItem[] = [pick(sellers[first]), pick(sellers[second])].sort((a, b) =>
      a.skuId.localeCompare(b.skuId),
    );
    const manager = {
      query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows,
    } as unknown as EntityManager;
    await client.query('BEGIN');
    try {
      const orderIds = await writePlainOrder(client, items, destination);
      for (const [index, orderId] of orderIds.entries()) {
        await stock.claimOrder(manager, {
          orderId,
          sellerOrgId: items[index].sellerOrgId,
          buyerId: null,
          status: OrderStockStatus.Reserved,
        });
        if (
          !(await stock.reserve(manager, orderId, items[index].sellerOrgId, { skuId: items[index].skuId, quantity: 1 }))
        ) {
          throw new Error('not reserved');
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };
  try {
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const client = await connectPatiently(pool);
        const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
        const backendCpuBefore = processCpuSeconds(pid);
        try {
          while (performance.now() < deadline) {
            const begun = performance.now();
            try {
              await once(client);
              latencies.push(performance.now() - begun);
            } catch (error) {
              errors += 1;
              firstError ??= (error as Error).message;
            }
          }
        } finally {
          postgresCpuSeconds += processCpuSeconds(pid) - backendCpuBefore;
          client.release();
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const summary = percentiles(latencies);
    const perTransactionMs = (seconds: number) => round((seconds * 1000) / Math.max(1, latencies.length), 2);
    return {
      cpuPerTransaction: {
        clientCpuMs: perTransactionMs((clientCpu.user + clientCpu.system) / 1e6),
        postgresCpuMs: perTransactionMs(postgresCpuSeconds),
      },
      transactions: latencies.length,
      perSecond: round(latencies.length / elapsed),
      p50Ms: summary.p50Ms,
      p99Ms: summary.p99Ms,
      maxMs: summary.maxMs,
      errors,
      ...(firstError && { firstError }),
    };
  } finally {
    await pool.end();
  }
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc (Linux); 0 once it has gone. */
export function processCpuSeconds(pid: number): number {
  try {
    // fields 14 and 15 of /proc/<pid>/stat: utime and stime in clock ticks (100 a second)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) each process of the cluster has used so far, in seconds. */
function cpuSeconds(cluster: Cluster): Partial<Record<ProcessName, number>> {
  const result: Partial<Record<ProcessName, number>> = {};
  for (const name of cluster.processNames()) {
    const pid = cluster.pid(name);
    if (pid) result[name] = processCpuSeconds(pid);
  }
  return result;
}

interface DatabaseSnapshot {
  at: number;
  services: Partial<Record<ProcessName, number>>;
  /** PostgreSQL backend pid → its CPU seconds so far, for every session on the platform's database. */
  backends: Map<number, number>;
  xactCommit: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/**
 * The counters a per-checkout cost is the difference of. PostgreSQL publishes a backend's counts when it goes idle
 * (at most once a second), so callers wait a little after the work before taking one.
 */
async function snapshot(cluster: Cluster, db: Client): Promise<DatabaseSnapshot> {
  const database = new URL(cluster.databaseUrl).pathname.slice(1);
  const { rows: sessions } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  const { rows } = await db.query<{
    xact_commit: string;
    tup_inserted: string;
    tup_updated: string;
    tup_deleted: string;
  }>('SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = $1', [database]);
  return {
    at: Date.now(),
    services: cpuSeconds(cluster),
    backends: new Map(sessions.map(({ pid }) => [pid, processCpuSeconds(pid)])),
    xactCommit: Number(rows[0].xact_commit),
    inserted: Number(rows[0].tup_inserted),
    updated: Number(rows[0].tup_updated),
    deleted: Number(rows[0].tup_deleted),
  };
}

/**
 * Samples what the platform's PostgreSQL sessions are doing every 100 ms until stopped: each session that is not
 * idle counts once per sample under its application, state and wait event (`CPU` when it waits on nothing).
 */
function sampleWaits(cluster: Cluster): { stop: () => Promise<PlatformBenchResult['waits']> } {
  const database = new URL(cluster.databaseUrl).pathname.slice(1);
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const running = (async () => {
    const db = await cluster.client();
    try {
      while (!stopped) {
        const { rows } = await db.query<{ application: string; state: string; wait: string | null; query: string }>(
          `SELECT application_name AS application, state,
                  CASE WHEN wait_event IS NULL THEN NULL ELSE wait_event_type || ':' || wait_event END AS wait,
                  left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 70) AS query
             FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid() AND state IS NOT NULL AND state <> 'idle'`,
          [database],
        );
        samples += 1;
        for (const row of rows) {
          // the statement a session sent last: for one idle in transaction, what its transaction did before it stalled
          const key = JSON.stringify([row.application || '?', row.state, row.wait ?? 'CPU', row.query]);
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        await sleep(100);
      }
    } finally {
      await db.end();
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await running;
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      const top = [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([key, count]) => {
          const [application, state, wait, lastStatement] = JSON.parse(key) as string[];
          return { application, state, wait, lastStatement, share: round(count / Math.max(1, total), 3) };
        });
      return { samples, top };
    },
  };
}

/**
 * Waits (up to a minute) until the saga work a phase left behind is done: no order still waiting for catalog's
 * reservation and every outbox relayed, twice a second apart; so that the next phase does not pay for the last.
 */
async function settle(cluster: Cluster): Promise<void> {
  const db = await cluster.client();
  try {
    let quietSince = 0;
    await waitFor(
      'the platform to settle',
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM orders.customer_order WHERE status = 'placed')
                + (SELECT count(*) FROM orders.outbox WHERE published_at IS NULL)
                + (SELECT count(*) FROM catalog.outbox WHERE published_at IS NULL)
                + (SELECT count(*) FROM logistics.outbox WHERE published_at IS NULL)
                + (SELECT count(*) FROM identity.outbox WHERE published_at IS NULL) AS n`,
        );
        if (Number(rows[0].n) > 0) quietSince = 0;
        else quietSince ||= Date.now();
        return quietSince > 0 && Date.now() - quietSince >= 1000;
      },
      60_000,
      200,
    ).catch(() => undefined);
  } finally {
    await db.end();
  }
}

// ------------------------------------------------------------------------------------------------------------
// The suite

export async function runPlatformBench(options: PlatformBenchOptions = {}): Promise<PlatformBenchResult> {
  const seconds = options.durationSeconds ?? Number(process.env.BENCH_PLATFORM_SECONDS ?? 20);
  const baselineSeconds = options.baselineSeconds ?? Number(process.env.BENCH_PLATFORM_BASELINE_SECONDS ?? 5);
  const connections: Record<KindName, number> = {
    browse: 6,
    search: 6,
    checkout: 4,
    payment: 2,
    scan: 2,
    ...options.connections,
  };
  const paymentRate = options.paymentRate ?? 4;
  const scanRate = options.scanRate ?? 4;
  const sagaRate = options.sagaRate ?? 2.5;
  const sagaClient = options.sagaClient ?? sagaClientSetting(process.env.BENCH_PLATFORM_SAGA_CLIENT);
  const log = options.log ?? ((line: string) => console.log(`[platform] ${line}`));
  const suiteStarted = Date.now();
  const loadAverageBefore = loadavg()[0];

  let aborted = 0;
  const workers = process.env.BENCH_PLATFORM_WORKERS !== '0';
  log(
    `starting the platform: a process per service${workers ? ' and a worker beside each' : ''}, a database and a Redis of its own`,
  );
  const cluster = await Cluster.start({
    // BENCH_PLATFORM_NAME names its database countyflow_<name> (default bench<pid>)
    name: process.env.BENCH_PLATFORM_NAME || `bench${process.pid}`,
    workers,
    // BENCH_PLATFORM_NODE_ARGS: extra Node flags for every service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    nodeArgs: process.env.BENCH_PLATFORM_NODE_ARGS?.split(' ').filter(Boolean),
    // nine Node processes booting at once on a shared two-core machine can take minutes
    readyTimeoutMs: 300_000,
    // BENCH_PLATFORM_DIST runs another build of the services (e.g. a copy of main's dist/, for a before/after pair)
    distDir: process.env.BENCH_PLATFORM_DIST || undefined,
    env: { ORDER_PAYMENT_TIMEOUT_SECONDS: '3600' },
    // BENCH_PLATFORM_KEEP=1 keeps the database afterwards, to look at what the load left
    keepDatabase: process.env.BENCH_PLATFORM_KEEP === '1',
    log: (line) => {
      // a request still in flight when autocannon closes its connections at the end is logged as aborted
      if (line.includes('RequestAbortedError')) aborted += 1;
      else if (/error|fatal/i.test(line)) log(line.slice(0, 300));
    },
  });
  try {
    await sleep(1000);
    const idle = cluster.memory();
    log(
      `up; idle RSS ${cluster
        .processNames()
        .map((name) => `${name} ${mb(idle[name])} MB`)
        .join(', ')}`,
    );

    const setupStarted = Date.now();
    const county = await buildCounty(cluster, { log });
    // a payment and a parcel are two requests each; the pools hold what the rate can take, and some over
    const groupsNeeded = Math.ceil((paymentRate / 2) * seconds * 1.25) + connections.payment;
    const parcelsNeeded = Math.ceil((scanRate / 2) * seconds * 1.25) + connections.scan;
    const [groups, parcels] = await Promise.all([
      placeAwaitingPayment(cluster, county, groupsNeeded),
      parcelsOnTheVan(cluster, county, parcelsNeeded),
    ]);
    log(`${groups.length} groups awaiting payment, ${parcels.length} parcels on the van to the village points`);
    const setupSeconds = round((Date.now() - setupStarted) / 1000);
    const beforeLoad = cluster.memory();

    // the mixed load
    const groupPool = new Supply(groups);
    const parcelPool = new Supply(parcels);
    const plans = [
      browsing(county, connections.browse),
      searching(county, connections.search),
      checkingOut(county, connections.checkout),
      paying(groupPool, connections.payment, paymentRate),
      scanning(parcelPool, connections.scan, scanRate),
    ];
    log(`mixed load for ${seconds} s: ${plans.map((plan) => `${plan.kind} ×${plan.connections}`).join(', ')}`);
    const peak: Partial<Record<ProcessName, number>> = {};
    let last: Partial<Record<ProcessName, number>> = {};
    const sampler = setInterval(() => {
      last = cluster.memory();
      for (const name of cluster.processNames()) peak[name] = Math.max(peak[name] ?? 0, last[name] ?? 0);
    }, 500);
    const curve: MemoryReading[] = [];
    const loadStarted = Date.now();
    const readCurve = () => {
      const now = cluster.memory();
      const reading = { atSeconds: Math.round((Date.now() - loadStarted) / 1000), rssMb: {} as MemoryReading['rssMb'] };
      for (const name of cluster.processNames()) reading.rssMb[name] = mb(now[name]);
      curve.push(reading);
      log(
        `RSS at ${reading.atSeconds} s: ${Object.entries(reading.rssMb)
          .map(([name, rss]) => `${name} ${rss}`)
          .join(', ')} MB (load ${round(loadavg()[0])})`,
      );
    };
    const curveEvery = options.memoryCurveEverySeconds;
    if (curveEvery) readCurve();
    const curveSampler = curveEvery ? setInterval(readCurve, curveEvery * 1000) : undefined;
    const waitSampler = sampleWaits(cluster);
    const cpuBefore = cpuSeconds(cluster);
    const instances = plans.map((plan) => launch(cluster.gateway, plan, seconds));
    groupPool.stop = () => instances[3].stop();
    parcelPool.stop = () => instances[4].stop();
    const [results, saga] = await Promise.all([
      Promise.all(instances.map((instance) => Promise.resolve(instance))),
      sagaSample(cluster, county, sagaRate, seconds - 2, sagaClient),
    ]);
    clearInterval(sampler);
    if (curveSampler) {
      clearInterval(curveSampler);
      readCurve();
    }
    const afterLoad = cluster.memory();
    const cpuAfter = cpuSeconds(cluster);
    const waits = await waitSampler.stop();
    const abortedInMixedLoad = aborted;
    const kinds = plans.map((plan, index) => figuresOf(plan, results[index]));
    for (const kind of kinds) {
      log(
        `${kind.kind}: ${kind.perSecond}/s, p50 ${kind.p50Ms} ms, p99 ${kind.p99Ms} ms, non-2xx ${kind.non2xx} ${JSON.stringify(kind.statuses)}`,
      );
    }
    const sagaResult = {
      client: sagaClient,
      ...(await sagaFigures(cluster, saga.orderIds)),
      groups: saga.groups,
      failures: saga.failures,
    };
    log(
      `saga (${sagaResult.orders} orders, the buyer ${sagaClient === 'stream' ? 'following its events' : 'polling'}): placed → awaiting p50 ${sagaResult.placedToAwaitingPayment.p50Ms} ms, ` +
        `→ paid p50 ${sagaResult.awaitingPaymentToPaid.p50Ms} ms, → shipment p50 ${sagaResult.paidToShipmentCreated.p50Ms} ms, ` +
        `end to end p50 ${sagaResult.endToEnd.p50Ms} / p99 ${sagaResult.endToEnd.p99Ms} ms`,
    );

    // checkouts alone, then the same order as plain SQL, at the same concurrency, each on a settled platform; the
    // cost of a checkout is counted from before the first until the last one's saga has settled
    await settle(cluster);
    const statsDb = await cluster.client();
    await sleep(1500);
    const costBefore = await snapshot(cluster, statsDb);
    log(`checkouts alone for ${baselineSeconds} s, ${connections.checkout} connections`);
    const alonePlan = checkingOut(county, connections.checkout);
    const alone = figuresOf(alonePlan, await launch(cluster.gateway, alonePlan, baselineSeconds));
    await settle(cluster);
    await sleep(1500);
    const costAfter = await snapshot(cluster, statsDb);
    await statsDb.end();
    const checkouts = Math.max(1, alone.requests - alone.non2xx);
    const perCheckoutMs = (seconds: number) => round((seconds * 1000) / checkouts, 2);
    const byProcessCpuMs: Partial<Record<ProcessName, number>> = {};
    for (const name of cluster.processNames()) {
      byProcessCpuMs[name] = perCheckoutMs((costAfter.services[name] ?? 0) - (costBefore.services[name] ?? 0));
    }
    let postgresCpuSeconds = 0;
    for (const [pid, cpu] of costAfter.backends) postgresCpuSeconds += cpu - (costBefore.backends.get(pid) ?? 0);
    log(`plain SQL for ${baselineSeconds} s, ${connections.checkout} connections`);
    const plainSql = await plainSqlCheckouts(cluster, county, connections.checkout, baselineSeconds);
    const mixedCheckout = kinds.find((kind) => kind.kind === 'checkout')!;
    log(
      `checkout API alone ${alone.perSecond}/s p50 ${alone.p50Ms} p99 ${alone.p99Ms} ms; plain SQL ${plainSql.perSecond}/s ` +
        `p50 ${plainSql.p50Ms} p99 ${plainSql.p99Ms} ms`,
    );

    const memory: Partial<Record<ProcessName, ServiceMemory>> = {};
    for (const name of cluster.processNames()) {
      memory[name] = {
        idleAfterBootMb: mb(idle[name]),
        beforeLoadMb: mb(beforeLoad[name]),
        peakMb: mb(peak[name]),
        afterLoadMb: mb(afterLoad[name] ?? last[name]),
        cpuSecondsUnderLoad: round((cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0)),
      };
    }
    const { cpuPerTransaction, ...plainSqlFigures } = plainSql;
    const perCheckout: PlatformBenchResult['perCheckout'] = {
      checkouts,
      transactions: round((costAfter.xactCommit - costBefore.xactCommit) / checkouts),
      rowsInserted: round((costAfter.inserted - costBefore.inserted) / checkouts),
      rowsUpdated: round((costAfter.updated - costBefore.updated) / checkouts),
      rowsDeleted: round((costAfter.deleted - costBefore.deleted) / checkouts),
      servicesCpuMs: round(
        Object.values(byProcessCpuMs).reduce((sum, ms) => sum + (ms ?? 0), 0),
        2,
      ),
      postgresCpuMs: perCheckoutMs(postgresCpuSeconds),
      byProcessCpuMs,
      plainSql: { transactions: 1, ...cpuPerTransaction },
    };
    log(
      `per checkout: ${perCheckout.transactions} transactions, CPU ${perCheckout.servicesCpuMs} ms services + ` +
        `${perCheckout.postgresCpuMs} ms PostgreSQL; plain SQL ${cpuPerTransaction.clientCpuMs} + ${cpuPerTransaction.postgresCpuMs} ms`,
    );
    return {
      machine: {
        cpus: cpus().length,
        loadAverageBefore: round(loadAverageBefore, 2),
        loadAverageAfter: round(loadavg()[0], 2),
      },
      setup: {
        seconds: setupSeconds,
        sellers: county.sellers.length,
        listings: county.produce.length + county.goods.length,
        buyers: county.buyers.length,
        villagePoints: county.points.length,
        groupsAwaitingPayment: groups.length,
        parcelsOnTheVan: parcels.length,
      },
      mixed: { seconds, kinds, poolsRanDry: groupPool.dry + parcelPool.dry, abortedAtTheEnd: abortedInMixedLoad },
      saga: sagaResult,
      memory,
      ...(curveEvery ? { memoryCurve: curve } : {}),
      workers,
      waits,
      perCheckout,
      checkoutBaseline: {
        seconds: baselineSeconds,
        connections: connections.checkout,
        api: alone,
        plainSql: plainSqlFigures,
        ratio: {
          p50: round(alone.p50Ms / plainSql.p50Ms, 2),
          p99: round(alone.p99Ms / plainSql.p99Ms, 2),
          throughput: round(alone.perSecond / plainSql.perSecond, 2),
        },
        mixedRatio: {
          p50: round(mixedCheckout.p50Ms / plainSql.p50Ms, 2),
          p99: round(mixedCheckout.p99Ms / plainSql.p99Ms, 2),
        },
      },
      suiteSeconds: round((Date.now() - suiteStarted) / 1000),
    };
  } finally {
    await cluster.stop();
  }
}

// ------------------------------------------------------------------------------------------------------------
// The tables in docs/performance.md

export function platformMarkdown(result: PlatformBenchResult): string {
  const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : '—');
  const statuses = (kind: KindFigures) =>
    kind.non2xx === 0
      ? '0'
      : `${kind.non2xx} (${Object.entries(kind.statuses)
          .map(([status, count]) => `${status}×${count}`)
          .join(', ')})`;
  const kindRow = (kind: KindFigures, label: string = kind.kind) =>
    `| ${label} | ${kind.what} | ${kind.connections}${kind.rateLimit ? ` (≤ ${kind.rateLimit}/s)` : ''} | ${kind.perSecond} | ${ms(kind.p50Ms)} | ${ms(kind.p99Ms)} | ${statuses(kind)} |`;
  const step = (label: string, figures: Percentiles) =>
    `| ${label} | ${figures.count} | ${ms(figures.p50Ms)} | ${ms(figures.p95Ms)} | ${ms(figures.p99Ms)} | ${ms(figures.maxMs)} |`;
  const { checkoutBaseline: baseline, saga, setup, mixed } = result;
  return [
    `Set-up through the gateway: ${setup.sellers} verified sellers, ${setup.listings} listings, ${setup.buyers} buyers, ` +
      `${setup.villagePoints} village points, ${setup.groupsAwaitingPayment} groups awaiting payment, ` +
      `${setup.parcelsOnTheVan} parcels on the van (${setup.seconds} s). Load average ${result.machine.loadAverageBefore} ` +
      `before, ${result.machine.loadAverageAfter} after; the suite took ${result.suiteSeconds} s.`,
    '',
    `Mixed load, ${mixed.seconds} s, every kind at once (one autocannon instance per kind):`,
    '',
    '| kind | what a request is | connections | req/s | p50 | p99 | non-2xx |',
    '|---|---|---|---|---|---|---|',
    ...mixed.kinds.map((kind) => kindRow(kind)),
    '',
    `Saga completion of ${saga.orders} orders (${saga.groups} checkouts at a steady rate during the mixed load, each ` +
      `paid as soon as its buyer ${saga.client === 'poll' ? 'saw it awaiting payment, polling every 50 ms' : 'saw it awaiting payment in its server-sent events, as the web app does'}; ` +
      `${saga.failures} failed, ${saga.unfinished} unfinished):`,
    '',
    '| step | orders | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|',
    step('placed → awaiting payment', saga.placedToAwaitingPayment),
    step('awaiting payment → paid', saga.awaitingPaymentToPaid),
    step('paid → shipment created', saga.paidToShipmentCreated),
    step('placed → shipment created', saga.endToEnd),
    '',
    `Where placed → awaiting payment goes (p50 / p99): ${HOPS.map(([hop, label]) => `${label} ${saga.placedToAwaitingPaymentHops[hop].p50Ms} / ${saga.placedToAwaitingPaymentHops[hop].p99Ms} ms`).join('; ')}.`,
    '',
    `Checkout against its plain-SQL floor, ${baseline.seconds} s each, ${baseline.connections} at a time, with no other load on the platform:`,
    '',
    '| | per second | p50 | p99 | errors |',
    '|---|---|---|---|---|',
    `| checkout API through the gateway | ${baseline.api.perSecond} | ${ms(baseline.api.p50Ms)} | ${ms(baseline.api.p99Ms)} | ${baseline.api.non2xx + baseline.api.errors} |`,
    `| the same order as one plain SQL transaction | ${baseline.plainSql.perSecond} | ${ms(baseline.plainSql.p50Ms)} | ${ms(baseline.plainSql.p99Ms)} | ${baseline.plainSql.errors} |`,
    `| ratio API / SQL | ${baseline.ratio.throughput} | ${baseline.ratio.p50}× | ${baseline.ratio.p99}× | |`,
    `| checkouts of the mixed load / SQL | | ${baseline.mixedRatio.p50}× | ${baseline.mixedRatio.p99}× | |`,
    '',
    `What one checkout costs, placed and reserved but not paid (checkouts alone, until their sagas settled; ${result.perCheckout.checkouts} checkouts), ` +
      'against the plain-SQL transaction of the same writes:',
    '',
    '| | transactions | rows inserted / updated / deleted | CPU of the services | CPU of PostgreSQL | CPU in all |',
    '|---|---|---|---|---|---|',
    `| a checkout through the platform | ${result.perCheckout.transactions} | ${result.perCheckout.rowsInserted} / ${result.perCheckout.rowsUpdated} / ${result.perCheckout.rowsDeleted} | ` +
      `${result.perCheckout.servicesCpuMs} ms (${Object.entries(result.perCheckout.byProcessCpuMs)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(
          ', ',
        )}) | ${result.perCheckout.postgresCpuMs} ms | ${round(result.perCheckout.servicesCpuMs + result.perCheckout.postgresCpuMs, 2)} ms |`,
    `| the plain-SQL transaction | 1 | | ${result.perCheckout.plainSql.clientCpuMs} ms (the bench's client) | ${result.perCheckout.plainSql.postgresCpuMs} ms | ${round(result.perCheckout.plainSql.clientCpuMs + result.perCheckout.plainSql.postgresCpuMs, 2)} ms |`,
    '',
    `What the platform's PostgreSQL sessions were doing during the mixed load (${result.waits.samples} samples of pg_stat_activity, ` +
      'each busy session once per sample by its last statement; CPU = running, no wait event):',
    '',
    '| application | state | wait | its last statement | share |',
    '|---|---|---|---|---|',
    ...result.waits.top.map(
      (row) =>
        `| ${row.application} | ${row.state} | ${row.wait} | \`${row.lastStatement.replace(/\|/g, '\\|')}\` | ${round(row.share * 100)} % |`,
    ),
    '',
    `Resident memory of each ${result.workers ? 'process (each service with events runs as an api process and a worker)' : 'service'} (MB), and the CPU time each used during the ${mixed.seconds} s of mixed load:`,
    '',
    '| service | idle after boot | after set-up | peak under load | after load | CPU s during the load |',
    '|---|---|---|---|---|---|',
    ...Object.entries(result.memory).map(
      ([service, memory]) =>
        `| ${service} | ${memory.idleAfterBootMb} | ${memory.beforeLoadMb} | ${memory.peakMb} | ${memory.afterLoadMb} | ${memory.cpuSecondsUnderLoad} |`,
    ),
  ].join('\n');
}

/** The soak's memory curve: one row per reading, one column per process (RSS in MB). */
export function memoryCurveMarkdown(result: PlatformBenchResult): string {
  const curve = result.memoryCurve ?? [];
  const names = Object.keys(result.memory);
  return [
    `The soak: ${result.mixed.seconds} s of the mixed load; resident memory (MB) of every process every ` +
      `${curve.length > 1 ? curve[1].atSeconds - curve[0].atSeconds : 0} s (load average ${result.machine.loadAverageBefore} before, ${result.machine.loadAverageAfter} after):`,
    '',
    `| s | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...curve.map(
      (reading) =>
        `| ${reading.atSeconds} | ${names.map((name) => reading.rssMb[name as ProcessName] ?? '—').join(' | ')} |`,
    ),
    '',
    platformMarkdown(result),
  ].join('\n');
}

/** `node dist/bench/platform.js` runs it alone and prints the result. */
if (require.main === module) {
  runPlatformBench()
    .then((result) => {
      console.log(JSON.stringify(result, null, 2));
      console.log(platformMarkdown(result));
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
