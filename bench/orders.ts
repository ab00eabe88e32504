/*
 * The checkout saga under load: `runOrdersBench()` boots the orders service on a fresh database, plays catalog
 * (every order.placed is answered with stock.reserved through orders' real inbox queue) and measures
 *   1. placement API latency (POST /checkout of a two-seller basket) at a fixed arrival rate, p50/p99;
 *   2. placement → awaiting-payment latency of the same orders (order_history timestamps), p50/p99;
 *   3. the highest arrival rate whose API p99 stays under 100 ms (the rate stepped up until it does not);
 *   4. the same order written by one plain SQL transaction at the same rate: the floor the API is compared to.
 * Arrivals are paced open-loop (each request leaves at its scheduled time whether or not earlier ones returned), so
 * a slow response cannot hide the queueing it causes (no coordinated omission).
 */
import { Principal, signAccessToken } from '@countyflow/auth';
import {
  EventEnvelope,
  EventName,
  FlowDirection,
  inboxQueueName,
  ListingChanged,
  OrganisationKind,
  ServiceName,
  TemperatureClass,
} from '@countyflow/contracts';
import { Env, listen } from '@countyflow/kernel';
import { jobOptionsFor } from '@countyflow/messaging';
import { migrateService } from '@countyflow/persistence';
import { createEmptyDatabase, dropDatabase } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { ClientBase, Pool } from 'pg';
import { createOrdersApp } from '../apps/orders/src/orders.app';
import { loadOrdersConfig, OrdersConfig } from '../apps/orders/src/orders.config';
import { ORDERS_MIGRATIONS } from '../migrations/orders';
import { cleanRedis, freePort } from './cluster';

export interface LatencySummary {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests completed per second over the phase. */
  throughput: number;
}

export interface OrdersBenchResult {
  arrivalRatePerSecond: number;
  durationSeconds: number;
  placementApi: LatencySummary;
  placementToAwaitingPayment: Omit<LatencySummary, 'throughput' | 'errors'>;
  plainSqlBaseline: LatencySummary;
  /** API latency over the plain SQL transaction's, at the same rate. */
  ratio: { p50: number; p99: number };
  steps: {
    ratePerSecond: number;
    p99Ms: number;
    p50Ms: number;
    errors: number;
    throughput: number;
    sustained: boolean;
  }[];
  /**
   * CPU time the orders process spent per checkout in the fixed-rate phase, everything included (HTTP, checkout,
   * relay, both reservations, expiry scheduling): the figure least disturbed by other load on the machine.
   */
  ordersCpuMsPerCheckout: number;
  /** The highest stepped rate with placement p99 < 100 ms, no errors and throughput ≥ 95 % of the rate. */
  maxSustainedRatePerSecond: number;
  environment: { node: string; cpus: number; note: string };
}

export interface OrdersBenchOptions {
  ratePerSecond?: number;
  durationSeconds?: number;
  stepSeconds?: number;
  stepRates?: number[];
  log?: (line: string) => void;
}

const SLO_P99_MS = 100;

interface PlacedRow {
  seq: string;
  payload: { orderId: string; lines: { skuId: string; quantity: number }[] };
}

export async function runOrdersBench(options: OrdersBenchOptions = {}): Promise<OrdersBenchResult> {
  const rate = options.ratePerSecond ?? Number(process.env.BENCH_ORDERS_RATE ?? 20);
  const duration = options.durationSeconds ?? Number(process.env.BENCH_ORDERS_SECONDS ?? 10);
  const stepSeconds = options.stepSeconds ?? Number(process.env.BENCH_ORDERS_STEP_SECONDS ?? 5);
  const stepRates = options.stepRates ?? [10, 20, 30, 40, 50, 60, 80, 100, 150, 200, 300, 400];
  const log = options.log ?? ((line: string) => console.log(`[bench:orders] ${line}`));

  const rig = await Rig.start(log);
  try {
    log(`warming up`);
    const warmUp = await rig.placeAtRate(rate, Number(process.env.BENCH_ORDERS_WARMUP_SECONDS ?? 10));
    await rig.waitUntilReserved(warmUp.orderIds);

    log(`fixed rate: ${rate}/s for ${duration} s`);
    const cpuBefore = rig.ordersCpuMs();
    const fixed = await rig.placeAtRate(rate, duration);
    const awaiting = await rig.awaitingPaymentLatency(fixed.orderIds);
    const cpuPerCheckout = (rig.ordersCpuMs() - cpuBefore) / Math.max(1, fixed.summary.count);

    log(`plain SQL baseline: ${rate}/s for ${duration} s`);
    const baseline = await rig.sqlAtRate(rate, duration);

    const steps: OrdersBenchResult['steps'] = [];
    let maxSustained = 0;
    for (const stepRate of stepRates) {
      const phase = await rig.placeAtRate(stepRate, stepSeconds);
      const sustained =
        phase.summary.p99Ms < SLO_P99_MS && phase.summary.errors === 0 && phase.summary.throughput >= stepRate * 0.95;
      steps.push({
        ratePerSecond: stepRate,
        p50Ms: phase.summary.p50Ms,
        p99Ms: phase.summary.p99Ms,
        errors: phase.summary.errors,
        throughput: phase.summary.throughput,
        sustained,
      });
      log(
        `step ${stepRate}/s: p50 ${phase.summary.p50Ms} ms, p99 ${phase.summary.p99Ms} ms, ${phase.summary.errors} errors${sustained ? '' : ' — over the line'}`,
      );
      if (!sustained) {
        break;
      }
      maxSustained = stepRate;
      await rig.waitUntilReserved(phase.orderIds);
    }

    return {
      arrivalRatePerSecond: rate,
      durationSeconds: duration,
      placementApi: fixed.summary,
      placementToAwaitingPayment: awaiting,
      plainSqlBaseline: baseline,
      ratio: {
        p50: round(fixed.summary.p50Ms / baseline.p50Ms),
        p99: round(fixed.summary.p99Ms / baseline.p99Ms),
      },
      steps,
      ordersCpuMsPerCheckout: round(cpuPerCheckout, 1),
      maxSustainedRatePerSecond: maxSustained,
      environment: {
        node: process.version,
        cpus: (await import('node:os')).cpus().length,
        note: 'one orders process, PostgreSQL and Redis on the same machine; a two-seller basket (two orders) per checkout',
      },
    };
  } finally {
    await rig.stop();
  }
}

export interface PlainOrderItem {
  skuId: string;
  listingId: string;
  sellerOrgId: string;
  priceFen: number;
}

/**
 * The orders schema's part of a checkout as plain SQL, in the caller's transaction: the group, then per item (one
 * seller each) the order, its line, its history row and its outbox row. The floor the checkout API is compared to
 * here and in bench/platform.ts. Returns the order ids.
 */
export async function writePlainOrder(
  client: ClientBase,
  items: PlainOrderItem[],
  destination: object,
): Promise<string[]> {
  const groupId = randomUUID();
  await client.query(
    `INSERT INTO orders.order_group (id, buyer_id, placed_by, destination, payment_method) VALUES ($1, $2, $2, $3, 'online')`,
    [groupId, randomUUID(), JSON.stringify(destination)],
  );
  const orderIds: string[] = [];
  for (const item of items) {
    const orderId = randomUUID();
    await client.query(
      `INSERT INTO orders.customer_order (id, group_id, buyer_id, seller_org_id, seller_name, county_code, direction,
              status, destination, payment_method, total_fen, temperature, total_weight_grams, total_volume_ml)
       VALUES ($1, $2, $3, $4, 'x', '360722', 'up', 'placed', $5, 'online', $6, '{"class":"chilled"}', 5000, 20000)`,
      [orderId, groupId, randomUUID(), item.sellerOrgId, JSON.stringify(destination), item.priceFen],
    );
    await client.query(
      `INSERT INTO orders.order_line (order_id, position, sku_id, listing_id, title, spec, quantity,
              shown_unit_price_fen, unit_price_fen, weight_grams, volume_ml)
       VALUES ($1, 0, $2, $3, 'x', '5 kg', 1, $4, $4, 5000, 20000)`,
      [orderId, item.skuId, item.listingId, item.priceFen],
    );
    await client.query(
      `INSERT INTO orders.order_history (order_id, to_status, actor_kind) VALUES ($1, 'placed', 'buyer')`,
      [orderId],
    );
    await client.query(
      `INSERT INTO orders.outbox (id, name, payload, published_at) VALUES ($1, 'bench.baseline', $2, now())`,
      [randomUUID(), JSON.stringify({ orderId })],
    );
    orderIds.push(orderId);
  }
  return orderIds;
}

const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

function summarise(latencies: number[], errors: number, seconds: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  return {
    count: sorted.length,
    errors,
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted.at(-1) ?? NaN),
    throughput: round(sorted.length / seconds, 1),
  };
}

/** Fires `work` `rate` times a second for `seconds`, each at its scheduled time; resolves when all have finished. */
async function paced(rate: number, seconds: number, work: (index: number) => Promise<void>): Promise<void> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const running: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    running.push(work(index));
  }
  await Promise.all(running);
}

/** The orders service, its database, a fake catalog, and the clients that load it. */
class Rig {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  private body = '';
  private token = '';
  private catalogTimer?: NodeJS.Timeout;
  private lastSeq = 0;
  private lastCatchUp = 0;
  private readonly answered = new Set<string>();
  private baselineItems: { skuId: string; listingId: string; sellerOrgId: string; priceFen: number }[] = [];

  private constructor(
    private readonly log: (line: string) => void,
    private readonly serverUrl: string,
    private readonly database: string,
    private readonly env: Env,
    private readonly config: OrdersConfig,
    private readonly service: OrdersProcess,
    private readonly pool: Pool,
    private readonly inboxConnection: Redis,
    private readonly inbox: Queue,
  ) {}

  get url(): string {
    return this.service.url;
  }

  static async start(log: (line: string) => void): Promise<Rig> {
    const serverUrl =
      process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const database = `countyflow_test_bench_orders_${process.pid}`;
    const databaseUrl = await createEmptyDatabase(serverUrl, database);
    await migrateService({ url: databaseUrl, schema: 'orders', migrations: [...ORDERS_MIGRATIONS] });

    const env: Env = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `cf-bench-orders-${process.pid}`,
      MIGRATE_ON_BOOT: 'false',
    };
    const config = loadOrdersConfig(env, { port: 0 });
    const service = await OrdersProcess.start(env, config, log);
    const pool = new Pool({ connectionString: databaseUrl, max: 20 });
    const inboxConnection = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
    const inbox = new Queue(inboxQueueName(ServiceName.Orders), {
      connection: inboxConnection,
      prefix: env.QUEUE_PREFIX,
    });
    const rig = new Rig(log, serverUrl, database, env, config, service, pool, inboxConnection, inbox);
    await rig.seed();
    rig.catalogTimer = setInterval(() => void rig.answerPlacedOnce(), 20);
    return rig;
  }

  /** Two verified sellers with one listing each, announced on orders' inbox queue as identity and catalog would. */
  private async seed(): Promise<void> {
    const deliver = async (name: EventName, data: unknown, producer: ServiceName) => {
      const id = randomUUID();
      const envelope = {
        id,
        name,
        data,
        producer,
        occurredAt: new Date().toISOString(),
        correlationId: null,
        causationId: null,
      };
      await this.inbox.add(name, envelope, jobOptionsFor(name, this.config, id));
    };
    for (const [index, name] of ['安西镇脐橙专业合作社', '南安板鸭合作社'].entries()) {
      const sellerOrgId = randomUUID();
      await deliver(
        EventName.OrgVerified,
        {
          orgId: sellerOrgId,
          kind: OrganisationKind.Cooperative,
          name,
          countyCode: '360722',
          villageCode: '360722100201',
          creditCode: null,
          decidedBy: randomUUID(),
          reason: null,
        },
        ServiceName.Identity,
      );
      const listing: ListingChanged = {
        listingId: randomUUID(),
        version: 1,
        sellerOrgId,
        sellerName: name,
        countyCode: '360722',
        direction: FlowDirection.Up,
        title: index === 0 ? '赣南脐橙' : '南安板鸭',
        purchasable: true,
        status: 'published',
        temperature: { class: TemperatureClass.Chilled, minC: 0, maxC: 4 },
        originVillageCode: '360722100201',
        weightToleranceGrams: 200,
        skus: [
          {
            skuId: randomUUID(),
            spec: '5 kg',
            priceFen: 6800 + index * 3100,
            weightGrams: 5000,
            volumeMl: 20_000,
            barcode: null,
          },
        ],
      };
      await deliver(EventName.ListingChanged, listing, ServiceName.Catalog);
      this.baselineItems.push({
        skuId: listing.skus[0].skuId,
        listingId: listing.listingId,
        sellerOrgId,
        priceFen: listing.skus[0].priceFen,
      });
    }
    for (;;) {
      const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.sku_copy');
      if (rows[0].n === this.baselineItems.length) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const principal = new Principal(randomUUID(), '压测买家', randomUUID(), []);
    this.token = signAccessToken(principal, this.config.jwtSecret, this.config.jwtAccessTtlSeconds);
    this.body = JSON.stringify({
      lines: this.baselineItems.map((item) => ({ skuId: item.skuId, quantity: 1 })),
      destination: {
        kind: 'address',
        address: {
          province: '广东省',
          city: '深圳市',
          district: '南山区',
          detail: '科技园南区 8 栋 1201',
          postalCode: '518057',
        },
        recipientName: '陈小姐',
        recipientPhone: '13800138000',
      },
    });
  }

  private answering = false;

  /** One round of catalog's part at a time; a round that fails is simply tried again by the next tick. */
  private async answerPlacedOnce(): Promise<void> {
    if (this.answering) {
      return;
    }
    this.answering = true;
    try {
      await this.answerPlaced();
    } catch {
      // the next tick tries again
    } finally {
      this.answering = false;
    }
  }

  /**
   * Catalog's part: every new order.placed is answered with stock.reserved on orders' inbox queue. It tails the
   * outbox by sequence with a small overlap (transactions commit out of sequence order), and once a second looks
   * for placed orders it has not answered, so none is left behind.
   */
  private async answerPlaced(): Promise<void> {
    const tail = await this.pool.query<PlacedRow>(
      `SELECT seq, payload FROM orders.outbox WHERE name = 'order.placed' AND seq > $1 ORDER BY seq LIMIT 1000`,
      [Math.max(0, this.lastSeq - 200)],
    );
    let rows = tail.rows;
    if (Date.now() - this.lastCatchUp > 1000) {
      this.lastCatchUp = Date.now();
      const missed = await this.pool.query<PlacedRow>(
        `SELECT x.seq, x.payload FROM orders.outbox x JOIN orders.customer_order o ON o.id = (x.payload->>'orderId')::uuid
          WHERE x.name = 'order.placed' AND o.status = 'placed' AND o.created_at < now() - interval '1 second'`,
      );
      rows = [...rows, ...missed.rows];
    }
    const fresh = rows.filter((row) => !this.answered.has(row.payload.orderId));
    if (fresh.length === 0) {
      return;
    }
    const prices = new Map(this.baselineItems.map((item) => [item.skuId, item.priceFen]));
    await this.inbox.addBulk(
      fresh.map((row) => {
        const id = randomUUID();
        const envelope: EventEnvelope<EventName.StockReserved> = {
          id,
          name: EventName.StockReserved,
          data: {
            orderId: row.payload.orderId,
            lines: row.payload.lines.map((line) => ({ ...line, unitPriceFen: prices.get(line.skuId)! })),
          },
          producer: ServiceName.Catalog,
          occurredAt: new Date().toISOString(),
          correlationId: null,
          causationId: null,
        };
        return {
          name: EventName.StockReserved,
          data: envelope,
          opts: jobOptionsFor(EventName.StockReserved, this.config, id),
        };
      }),
    );
    for (const row of fresh) {
      this.answered.add(row.payload.orderId);
      this.lastSeq = Math.max(this.lastSeq, Number(row.seq));
    }
  }

  private checkout(): Promise<{ ms: number; ok: boolean; orderIds: string[] }> {
    const started = performance.now();
    return new Promise((resolve) => {
      const request = http.request(
        `${this.url}/checkout`,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const ms = performance.now() - started;
            if (response.statusCode !== 202) {
              resolve({ ms, ok: false, orderIds: [] });
              return;
            }
            const group = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { orders: { id: string }[] };
            resolve({ ms, ok: true, orderIds: group.orders.map((order) => order.id) });
          });
        },
      );
      request.on('error', () => resolve({ ms: performance.now() - started, ok: false, orderIds: [] }));
      request.end(this.body);
    });
  }

  async placeAtRate(rate: number, seconds: number): Promise<{ summary: LatencySummary; orderIds: string[] }> {
    const latencies: number[] = [];
    const orderIds: string[] = [];
    let errors = 0;
    const started = performance.now();
    await paced(rate, seconds, async () => {
      const result = await this.checkout();
      if (result.ok) {
        latencies.push(result.ms);
        orderIds.push(...result.orderIds);
      } else {
        errors += 1;
      }
    });
    const elapsed = Math.max(seconds, (performance.now() - started) / 1000);
    return { summary: summarise(latencies, errors, elapsed), orderIds };
  }

  /** Waits until every order awaits payment, then reads placed → awaiting_payment from the history. */
  async awaitingPaymentLatency(orderIds: string[]): Promise<OrdersBenchResult['placementToAwaitingPayment']> {
    await this.waitUntilReserved(orderIds);
    const { rows } = await this.pool.query<{ ms: number }>(
      `SELECT extract(epoch FROM (a.at - p.at)) * 1000 AS ms
         FROM orders.order_history p
         JOIN orders.order_history a ON a.order_id = p.order_id AND a.to_status = 'awaiting_payment'
        WHERE p.to_status = 'placed' AND p.order_id = ANY($1::uuid[])`,
      [orderIds],
    );
    const { count, p50Ms, p99Ms, maxMs } = summarise(
      rows.map((row) => Number(row.ms)),
      0,
      1,
    );
    return { count, p50Ms, p99Ms, maxMs };
  }

  ordersCpuMs(): number {
    return this.service.cpuMs();
  }

  async waitUntilReserved(orderIds: string[]): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await this.pool.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM orders.customer_order WHERE id = ANY($1::uuid[]) AND status = 'placed'`,
        [orderIds],
      );
      if (rows[0].waiting === 0) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`${rows[0].waiting} orders were still not reserved after two minutes`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The floor: the same two-seller order (group, orders, lines, history, outbox) in one plain SQL transaction. */
  async sqlAtRate(rate: number, seconds: number): Promise<LatencySummary> {
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    await paced(rate, seconds, async () => {
      const begun = performance.now();
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await writePlainOrder(client, this.baselineItems, JSON.parse(this.body).destination as object);
        await client.query('COMMIT');
        latencies.push(performance.now() - begun);
      } catch {
        errors += 1;
        await client.query('ROLLBACK').catch(() => undefined);
      } finally {
        client.release();
      }
    });
    return summarise(latencies, errors, Math.max(seconds, (performance.now() - started) / 1000));
  }

  async stop(): Promise<void> {
    clearInterval(this.catalogTimer);
    this.agent.destroy();
    await this.service.stop();
    await this.inbox.close().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    await cleanRedis(this.inboxConnection, this.env.QUEUE_PREFIX!).catch(() => undefined);
    this.inboxConnection.disconnect();
    await dropDatabase(this.serverUrl, this.database).catch((error: Error) =>
      this.log(`could not drop ${this.database}: ${error.message}`),
    );
  }
}

/**
 * The orders service under test. Built (`dist/`), it runs as a process of its own, as in production, so that the
 * load generator and the fake catalog do not share its event loop; from sources it runs in this process.
 */
class OrdersProcess {
  private constructor(
    readonly url: string,
    private readonly child?: ChildProcess,
    private readonly app?: NestFastifyApplication,
  ) {}

  static async start(env: Env, config: OrdersConfig, log: (line: string) => void): Promise<OrdersProcess> {
    // the bundle `npm start` runs (scripts/bundle.mjs); SWC's output in a build from before the bundles
    const bundle = join(__dirname, '../services/orders/main.js');
    const main = existsSync(bundle) ? bundle : join(__dirname, '../apps/orders/src/main.js');
    if (!existsSync(main)) {
      log('orders runs in the bench process (no build found)');
      const app = await createOrdersApp(config);
      return new OrdersProcess(await listen(app, 0), undefined, app);
    }
    const port = await freePort();
    const nodeArgs = (process.env.BENCH_ORDERS_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
    const child = spawn(process.execPath, [...nodeArgs, main], {
      env: { ...process.env, ...env, ORDERS_PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`the orders process exited with ${child.exitCode}`);
      }
      const ready = await fetch(`${url}/ready`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ready) {
        return new OrdersProcess(url, child);
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error('the orders process did not become ready within a minute');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** CPU time (user + system) the service has used so far. */
  cpuMs(): number {
    if (!this.child?.pid) {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    }
    // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux)
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  }

  async stop(): Promise<void> {
    await this.app?.close().catch(() => undefined);
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** `node dist/bench/orders.js` runs it alone and prints the result. */
if (require.main === module) {
  runOrdersBench()
    .then((result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
