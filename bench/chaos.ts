import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { CheckResult, ClientRecord, DeadLetterView, runChecks } from './chaos-checks';
import { http, HttpAnswer, sleep } from './chaos-http';
import { ChaosCounty, ChaosSku, CountyBuilder, Person } from './chaos-setup';
import { Cluster, ProcessName, REPOSITORY_ROOT, Service } from './cluster';

/*
 * The chaos run: a checkout load through the gateway while services are SIGKILLed and restarted one after another,
 * Redis is killed and restarted (its append-only file keeps the queues), and PostgreSQL drops every connection;
 * then it waits for the platform to settle and checks that nothing is stuck, lost, oversold or counted twice.
 * `runChaos()` is what both `npm run chaos` (bench/chaos-cli.ts) and the short test in test/chaos/ call.
 */

export const FAULTS = [
  'kill-identity',
  'kill-catalog',
  'kill-orders',
  'kill-logistics',
  'kill-gateway',
  'restart-redis',
  'terminate-postgres',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosOptions {
  /** How long the checkout load runs; faults are spread evenly over it. */
  durationMs: number;
  /** Buyers checking out at the same time (each one basket after another). Default 6. */
  concurrency?: number;
  /** Which faults, in this order. Default: all of FAULTS. */
  faults?: readonly Fault[];
  /** The cluster's database is `countyflow_<name>`. Default `chaos`. */
  name?: string;
  /** The PostgreSQL server (any database on it). */
  serverUrl?: string;
  /** Clone this migrated database instead of migrating (the test suite's template). */
  templateDatabase?: string;
  /** Unpaid orders expire after this. Default 20. */
  paymentTimeoutSeconds?: number;
  /** The longest wait for the platform to settle after the load. Default 150 s. */
  settleTimeoutMs?: number;
  /** How long a killed service or Redis stays down before it is started again. Default 1000 ms. */
  outageMs?: number;
  /** Share of accepted baskets the buyer pays (default 0.75) and cancels unpaid (default 0.08); the rest expire. */
  payShare?: number;
  cancelShare?: number;
  /** Share of accepted baskets paid only after they expired (default 0.04): the money must be refunded, once. */
  latePayShare?: number;
  /** Share of paid baskets whose provider webhook is sent twice on purpose (default 0.15). */
  duplicateWebhookShare?: number;
  buyers?: number;
  /** Multiplies every SKU's starting stock (default 1: 15–80 units). */
  stockScale?: number;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
  /** Every line the service processes print. */
  serviceLog?: (line: string) => void;
  /**
   * Run the services from a private copy of dist/ (default true), so that a rebuild by someone else during the run
   * (build.mjs wipes dist/) cannot break the restarts.
   */
  snapshotDist?: boolean;
  /**
   * API processes per service (`npm run chaos -- --replicas 2`): the gateway takes them in turn and a worker per
   * service handles the events. A `kill-<service>` fault then SIGKILLs the service's first API replica and its
   * worker together while the other replicas go on serving. Default 1 (a process per service doing both).
   */
  replicas?: number;
  /** Run the services' pools through a PgBouncer of the cluster's own in transaction mode (default: with replicas). */
  pooler?: boolean;
}

export interface FaultRecord {
  fault: Fault;
  /** Milliseconds after the load started. */
  atMs: number;
  at: string;
  /** What was done, e.g. "SIGKILL orders (pid 123), started again as pid 456". */
  action: string;
  target: Service | 'redis' | 'postgres';
  oldPid?: number;
  newPid?: number;
  /** From the fault to the target (or every service, for Redis and PostgreSQL) answering /ready again. */
  recoveryMs: number;
  /** From the fault to the first checkout accepted that was sent after it. */
  firstCheckoutAcceptedAfterMs: number | null;
  /** Client errors seen from the fault until 2 s after recovery, by kind. */
  clientErrors: Record<string, number>;
  /** Services that were not the target but whose process changed or vanished. */
  unexpectedExits: string[];
  /** terminate-postgres: how many backends were terminated. */
  terminatedConnections?: number;
}

export interface LoadFigures {
  seconds: number;
  concurrency: number;
  checkoutsAttempted: number;
  checkoutsAccepted: number;
  acceptedAfterRetry: number;
  replayedAnswers: number;
  /** Final answers other than 202, by status and problem type. */
  checkoutsRefused: Record<string, number>;
  checkoutsGivenUp: number;
  retries: number;
  /** Every 5xx or missing answer the client got, by operation and kind. */
  clientErrors: Record<string, number>;
  acceptedPerSecond: number;
  paymentsCreated: number;
  webhooksSent: number;
  duplicateWebhooksSent: number;
  webhookOutcomes: Record<string, number>;
  cancelledByBuyer: number;
  /** Baskets whose payment was created in time but whose money arrived after the payment timeout. */
  latePayments: number;
  leftUnpaid: number;
  nothingToPay: number;
}

export interface ChaosReport {
  ok: boolean;
  startedAt: string;
  /** Creating the database, starting Redis and the five services. */
  clusterMs: number;
  setupMs: number;
  county: { sellers: number; skus: { title: string; initialStock: number }[]; buyers: number };
  load: LoadFigures;
  faults: FaultRecord[];
  settle: { settled: boolean; ms: number; polls: number };
  checks: CheckResult[];
  deadLetters: DeadLetterView[];
  figures: Record<string, string | number>;
  totalMs: number;
  /** The last lines the services printed (warnings and errors; LOG_LEVEL=warn). */
  serviceLogTail: string[];
}

const PAYMENT_SECRET = 'chaos-payment-webhook-secret-2026';

interface ClientError {
  at: number;
  kind: string;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

/** The load and the provider, as the outside world: buyers' apps and the payment provider's webhook sender. */
class Load {
  readonly figures: LoadFigures;
  readonly errors: ClientError[] = [];
  readonly accepted: { sentAt: number; at: number }[] = [];
  readonly record: ClientRecord;
  private stopAt = 0;
  /** Late payers wait on their own, not holding up a buyer slot. */
  private readonly late: Promise<void>[] = [];

  constructor(
    private readonly api: string,
    private readonly county: ChaosCounty,
    private readonly options: Required<Pick<ChaosOptions, 'concurrency' | 'payShare' | 'cancelShare'>> & {
      duplicateWebhookShare: number;
      latePayShare: number;
      /** How long a late payer waits before paying: past the payment timeout. */
      lateByMs: number;
    },
  ) {
    this.figures = {
      seconds: 0,
      concurrency: options.concurrency,
      checkoutsAttempted: 0,
      checkoutsAccepted: 0,
      acceptedAfterRetry: 0,
      replayedAnswers: 0,
      checkoutsRefused: {},
      checkoutsGivenUp: 0,
      retries: 0,
      clientErrors: {},
      acceptedPerSecond: 0,
      paymentsCreated: 0,
      webhooksSent: 0,
      duplicateWebhooksSent: 0,
      webhookOutcomes: {},
      cancelledByBuyer: 0,
      latePayments: 0,
      leftUnpaid: 0,
      nothingToPay: 0,
    };
    this.record = {
      acceptedGroups: new Map(),
      confirmedTransactions: new Map(),
      sentTransactions: new Set(),
      initialStock: new Map(county.skus.map((sku) => [sku.skuId, sku.initialStock])),
    };
  }

  async run(durationMs: number): Promise<void> {
    const started = Date.now();
    this.stopAt = started + durationMs;
    await Promise.all(Array.from({ length: this.options.concurrency }, () => this.worker()));
    await Promise.all(this.late);
    this.figures.seconds = Math.round((Date.now() - started) / 100) / 10;
    this.figures.acceptedPerSecond = Math.round((this.figures.checkoutsAccepted / (durationMs / 1000)) * 10) / 10;
  }

  private async worker(): Promise<void> {
    while (Date.now() < this.stopAt) {
      const buyer = pick(this.county.buyers);
      const group = await this.checkout(buyer, this.basket(buyer));
      if (!group) {
        await sleep(100);
        continue;
      }
      const fate = Math.random();
      const { payShare, cancelShare, latePayShare } = this.options;
      if (fate < payShare) await this.pay(buyer, group.id);
      else if (fate < payShare + cancelShare) await this.cancel(buyer, group.id);
      else if (fate < payShare + cancelShare + latePayShare) {
        this.figures.latePayments += 1;
        this.late.push(this.pay(buyer, group.id, this.options.lateByMs));
      } else this.figures.leftUnpaid += 1;
    }
  }

  private basket(buyer: Person): object {
    const first = pick(this.county.skus);
    const lines: { sku: ChaosSku; quantity: number }[] = [{ sku: first, quantity: 1 + Math.floor(Math.random() * 3) }];
    if (Math.random() < 0.4) {
      const second = pick(this.county.skus.filter((sku) => sku.skuId !== first.skuId));
      lines.push({ sku: second, quantity: 1 + Math.floor(Math.random() * 2) });
    }
    const toPoint = Math.random() < 0.3;
    return {
      lines: lines.map((line) => ({ skuId: line.sku.skuId, quantity: line.quantity })),
      destination: toPoint
        ? {
            kind: 'service_point',
            servicePointOrgId: this.county.servicePoint.orgId,
            consentToStationDelivery: true,
            recipientName: buyer.name,
            recipientPhone: buyer.phone,
          }
        : {
            kind: 'address',
            address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园南区 8 栋 1201' },
            recipientName: buyer.name,
            recipientPhone: buyer.phone,
          },
    };
  }

  private failed(op: string, answer: HttpAnswer): void {
    const kind = `${op} ${answer.status === 0 ? answer.error : answer.status}`;
    this.errors.push({ at: Date.now(), kind });
    count(this.figures.clientErrors, kind);
  }

  private static transient(answer: HttpAnswer): boolean {
    return answer.status === 0 || answer.status >= 500;
  }

  /**
   * Calls until an answer that is not a 5xx or a network failure, as the app does: the same request (for a
   * checkout, the same Idempotency-Key) again after a short backoff, for up to `budgetMs`.
   */
  private async retrying(op: string, call: () => Promise<HttpAnswer>, budgetMs = 90_000): Promise<HttpAnswer | null> {
    const deadline = Date.now() + budgetMs;
    for (let attempt = 1; ; attempt++) {
      const answer = await call();
      if (!Load.transient(answer)) return answer;
      this.failed(op, answer);
      if (Date.now() > deadline) return null;
      this.figures.retries += 1;
      await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  private async checkout(buyer: Person, body: object): Promise<{ id: string } | null> {
    const key = `chaos-${randomUUID()}`;
    this.figures.checkoutsAttempted += 1;
    let attempts = 0;
    let sentAt = 0;
    const answer = await this.retrying('checkout', () => {
      attempts += 1;
      sentAt = Date.now();
      return http(this.api, '/api/orders/checkout', {
        token: buyer.token,
        body,
        headers: { 'idempotency-key': key },
      });
    });
    if (!answer) {
      this.figures.checkoutsGivenUp += 1;
      return null;
    }
    if (answer.status !== 202) {
      count(this.figures.checkoutsRefused, `${answer.status} ${answer.body?.type ?? ''}`.trim());
      return null;
    }
    this.figures.checkoutsAccepted += 1;
    if (attempts > 1) this.figures.acceptedAfterRetry += 1;
    if (answer.headers?.get('idempotent-replayed') === 'true') this.figures.replayedAnswers += 1;
    this.accepted.push({ sentAt, at: Date.now() });
    this.record.acceptedGroups.set(key, answer.body.id);
    return answer.body;
  }

  /** The group once catalog has decided every order (none still `placed`), or null after 60 s. */
  private async decided(buyer: Person, groupId: string): Promise<{ orders: { id: string; status: string }[] } | null> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const answer = await http(this.api, `/api/orders/order-groups/${groupId}`, { token: buyer.token });
      if (answer.status === 200 && !answer.body.orders.some((order: { status: string }) => order.status === 'placed')) {
        return answer.body;
      }
      if (Load.transient(answer)) this.failed('group', answer);
      await sleep(300);
    }
    return null;
  }

  private async pay(buyer: Person, groupId: string, lateByMs = 0): Promise<void> {
    if (!(await this.decided(buyer, groupId))) {
      this.figures.leftUnpaid += 1;
      return;
    }
    const created = await this.retrying('payment', () =>
      http(this.api, `/api/orders/order-groups/${groupId}/payments`, { token: buyer.token, body: {} }),
    );
    if (created?.status === 409) {
      this.figures.nothingToPay += 1; // every order of the basket was rejected (out of stock)
      return;
    }
    if (created?.status !== 201) {
      if (created) count(this.figures.checkoutsRefused, `payment ${created.status} ${created.body?.type ?? ''}`);
      this.figures.leftUnpaid += 1;
      return;
    }
    this.figures.paymentsCreated += 1;
    const payment = created.body as { id: string; providerPaymentId: string; amountFen: number };
    if (lateByMs > 0) await sleep(lateByMs); // the buyer left the cashier open and paid after the timeout
    const transactionId = `chaos_txn_${randomBytes(10).toString('hex')}`;
    const body = JSON.stringify({
      id: `evt_${randomBytes(10).toString('hex')}`,
      type: 'payment.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: {
        paymentId: payment.providerPaymentId,
        transactionId,
        amountFen: payment.amountFen,
        currency: 'CNY',
        reference: payment.id,
      },
    });
    this.record.sentTransactions.add(transactionId);
    const sends = Math.random() < this.options.duplicateWebhookShare ? 2 : 1;
    for (let i = 0; i < sends; i++) {
      this.figures.webhooksSent += 1;
      if (i > 0) this.figures.duplicateWebhooksSent += 1;
      const answer = await this.retrying('webhook', () => this.webhook(body));
      if (answer?.status === 200) {
        this.record.confirmedTransactions.set(transactionId, payment.amountFen);
        count(this.figures.webhookOutcomes, `${answer.body.outcome}${answer.body.duplicate ? ' (duplicate)' : ''}`);
      } else {
        count(this.figures.webhookOutcomes, answer ? `answered ${answer.status}` : 'never answered');
      }
    }
  }

  /** The provider signs each delivery afresh (the timestamp is part of the signature), the body stays the same. */
  private webhook(body: string): Promise<HttpAnswer> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', PAYMENT_SECRET).update(`${timestamp}.${body}`).digest('hex');
    return http(this.api, '/api/orders/payments/webhook', {
      method: 'POST',
      rawBody: body,
      headers: { 'content-type': 'application/json', 'x-simulator-signature': `t=${timestamp},v1=${signature}` },
    });
  }

  private async cancel(buyer: Person, groupId: string): Promise<void> {
    const group = await this.decided(buyer, groupId);
    for (const order of group?.orders ?? []) {
      if (order.status !== 'awaiting_payment') continue;
      const answer = await this.retrying('cancel', () =>
        http(this.api, `/api/orders/orders/${order.id}/cancel`, {
          token: buyer.token,
          body: { reason: '买错了，不要了' },
        }),
      );
      if (answer?.status === 200) this.figures.cancelledByBuyer += 1;
    }
  }
}

async function allReady(cluster: Cluster, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const names = cluster.processNames();
  for (;;) {
    const answers = await Promise.all(
      names.map(async (service) => {
        try {
          return (await fetch(`${cluster.url(service)}/ready`, { signal: AbortSignal.timeout(2000) })).status;
        } catch {
          return 0;
        }
      }),
    );
    if (answers.every((status) => status === 200)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `services not ready after ${timeoutMs} ms: ${names.map((s, i) => `${s} ${answers[i]}`).join(', ')}`,
      );
    }
    await sleep(100);
  }
}

/** Runs one fault and measures how long the platform took to answer /ready again. */
async function inject(
  cluster: Cluster,
  fault: Fault,
  outageMs: number,
): Promise<Omit<FaultRecord, 'atMs' | 'firstCheckoutAcceptedAfterMs' | 'clientErrors'>> {
  const names = cluster.processNames();
  const pidsBefore = Object.fromEntries(names.map((name) => [name, cluster.pid(name)]));
  let killed: ProcessName[] = [];
  const started = Date.now();
  const at = new Date(started).toISOString();
  let record: Omit<
    FaultRecord,
    'atMs' | 'firstCheckoutAcceptedAfterMs' | 'clientErrors' | 'unexpectedExits' | 'recoveryMs' | 'at'
  >;
  if (fault.startsWith('kill-')) {
    const service = fault.slice('kill-'.length) as Service;
    // with workers, the service's worker dies with its (first) API process: both crash paths at once
    const worker = `${service}-worker` as ProcessName;
    killed = [service, ...(names.includes(worker) ? [worker] : [])];
    const oldPids = killed.map((name) => cluster.pid(name));
    await Promise.all(killed.map((name) => cluster.killService(name, 'SIGKILL')));
    await sleep(outageMs);
    // as a supervisor would: a process that fails to boot (e.g. PostgreSQL refuses connections) is started again
    let starts = 0;
    for (const name of killed) {
      for (let attempt = 1; ; attempt++) {
        starts += 1;
        try {
          await cluster.startService(name);
          break;
        } catch (error) {
          if (attempt >= 5) throw error;
          await cluster.killService(name, 'SIGKILL');
          await sleep(2000);
        }
      }
    }
    const newPids = killed.map((name) => cluster.pid(name));
    record = {
      fault,
      target: service,
      oldPid: oldPids[0],
      newPid: newPids[0],
      action:
        killed.map((name, index) => `SIGKILL ${name} (pid ${oldPids[index]})`).join(' and ') +
        `, down ${outageMs} ms, started again as pid ${newPids.join(' and ')}` +
        (starts > killed.length ? ` (${starts} boot attempts: some failed)` : ''),
    };
  } else if (fault === 'restart-redis') {
    const redis = cluster.redis;
    if (!redis) throw new Error('restart-redis needs the cluster’s private Redis');
    await redis.kill();
    await sleep(outageMs);
    await redis.start();
    await allReady(cluster);
    record = { fault, target: 'redis', action: `SIGKILL redis-server, down ${outageMs} ms, restarted on its AOF` };
  } else {
    const terminated = await cluster.terminateDatabaseConnections();
    await sleep(200); // let the pools notice before asking whether they are ready
    await allReady(cluster);
    record = {
      fault,
      target: 'postgres',
      terminatedConnections: terminated,
      action: `pg_terminate_backend on all ${terminated} connections of the database`,
    };
  }
  const recoveryMs = Date.now() - started;
  const unexpectedExits = names
    .filter((name) => !killed.includes(name) && cluster.pid(name) !== pidsBefore[name])
    .map((name) => `${name} (pid ${pidsBefore[name]} → ${cluster.pid(name) ?? 'gone'})`);
  return { ...record, at, recoveryMs, unexpectedExits };
}

async function figures(db: Client): Promise<Record<string, string | number>> {
  const q = async (sql: string) => (await db.query(sql)).rows[0] as Record<string, string | number>;
  const orders = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM orders.customer_order GROUP BY status ORDER BY n DESC`,
  );
  return {
    'order groups': (await q(`SELECT count(*)::int AS n FROM orders.order_group`)).n,
    orders: orders.rows.map((row) => `${row.status} ${row.n}`).join(', '),
    shipments: (await q(`SELECT count(*)::int AS n FROM logistics.shipment`)).n,
    'provider transactions': (await q(`SELECT count(*)::int AS n FROM orders.payment_transaction`)).n,
    refunds: (
      await q(
        `SELECT count(*)::int || coalesce(' (' || string_agg(DISTINCT reason, ', ') || ')', '') AS n FROM orders.refund`,
      )
    ).n,
    'events published (identity/catalog/orders/logistics)': (
      await q(
        `SELECT (SELECT count(*) FROM identity.outbox) || '/' || (SELECT count(*) FROM catalog.outbox) || '/' ||
                (SELECT count(*) FROM orders.outbox) || '/' || (SELECT count(*) FROM logistics.outbox) AS n`,
      )
    ).n,
    'units sold (net) / received': (
      await q(`SELECT sum(sold - restocked) || ' / ' || sum(received) AS n FROM catalog.sku`)
    ).n,
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const faults = options.faults ?? FAULTS;
  const outageMs = options.outageMs ?? 1000;
  const t0 = Date.now();
  const tail: string[] = [];
  const name = options.name ?? 'chaos';
  const distDir = options.snapshotDist === false ? undefined : snapshotDist(name);
  const cluster = await Cluster.start({
    name,
    serverUrl: options.serverUrl,
    templateDatabase: options.templateDatabase,
    distDir,
    readyTimeoutMs: 180_000,
    replicas: options.replicas,
    pooler: options.pooler ?? (options.replicas ?? 1) > 1,
    env: {
      ORDER_PAYMENT_TIMEOUT_SECONDS: String(options.paymentTimeoutSeconds ?? 20),
      // an unpaid order is cancelled within a second of its due time, well before a late payer pays (5 s after)
      ORDER_EXPIRY_SWEEP_INTERVAL_MS: '1000',
      PAYMENT_WEBHOOK_SECRET: PAYMENT_SECRET,
    },
    log: (line) => {
      tail.push(line);
      if (tail.length > 400) tail.shift();
      options.serviceLog?.(line);
    },
  }).catch((error: unknown) => {
    if (distDir) rmSync(distDir, { recursive: true, force: true });
    throw error;
  });
  const clusterMs = Date.now() - t0;
  try {
    log(
      `cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s: database ${new URL(cluster.databaseUrl).pathname.slice(1)}, ` +
        `private redis-server (AOF, fsync always) on ${cluster.redisUrl}, ` +
        (cluster.pooler ? `PgBouncer (transaction mode) on ${cluster.pooler.port}, ` : '') +
        cluster
          .processNames()
          .map((name) => `${name} pid ${cluster.pid(name)}`)
          .join(', '),
    );
    const setupStarted = Date.now();
    const county = await new CountyBuilder(cluster.gateway, cluster.databaseUrl, log).build({
      buyers: options.buyers ?? 8,
      stockScale: options.stockScale ?? 1,
    });
    const setupMs = Date.now() - setupStarted;
    log(`set-up through the gateway took ${(setupMs / 1000).toFixed(1)} s`);

    const load = new Load(cluster.gateway, county, {
      concurrency: options.concurrency ?? 6,
      payShare: options.payShare ?? 0.75,
      cancelShare: options.cancelShare ?? 0.08,
      latePayShare: options.latePayShare ?? 0.04,
      lateByMs: ((options.paymentTimeoutSeconds ?? 20) + 5) * 1000,
      duplicateWebhookShare: options.duplicateWebhookShare ?? 0.15,
    });
    const loadStart = Date.now();
    log(
      `load: ${options.concurrency ?? 6} buyers at a time for ${options.durationMs / 1000} s; faults: ${faults.join(', ')}`,
    );
    const running = load.run(options.durationMs);
    const records: FaultRecord[] = [];
    const gap = options.durationMs / (faults.length + 1);
    for (const [index, fault] of faults.entries()) {
      const due = loadStart + gap * (index + 1);
      if (Date.now() < due) await sleep(due - Date.now());
      const atMs = Date.now() - loadStart;
      const done = await inject(cluster, fault, outageMs);
      const record: FaultRecord = { ...done, atMs, firstCheckoutAcceptedAfterMs: null, clientErrors: {} };
      records.push(record);
      log(
        `[+${(atMs / 1000).toFixed(1)} s] ${record.action}; ready again after ${(record.recoveryMs / 1000).toFixed(1)} s`,
      );
      if (record.unexpectedExits.length > 0) log(`  unexpected exits: ${record.unexpectedExits.join(', ')}`);
    }
    await running;
    log(
      `load done: ${load.figures.checkoutsAccepted} of ${load.figures.checkoutsAttempted} checkouts accepted, ` +
        `${load.figures.webhooksSent} webhooks sent, ${Object.values(load.figures.clientErrors).reduce((a, b) => a + b, 0)} client errors`,
    );
    for (const [index, record] of records.entries()) {
      const start = loadStart + record.atMs;
      // until 2 s after recovery, but never into the next fault's window
      const next = records[index + 1];
      const end = Math.min(start + record.recoveryMs + 2000, next ? loadStart + next.atMs : Infinity);
      const first = load.accepted
        .filter((entry) => entry.sentAt >= start)
        .reduce((min, entry) => Math.min(min, entry.at), Infinity);
      record.firstCheckoutAcceptedAfterMs = Number.isFinite(first) ? first - start : null;
      for (const error of load.errors) {
        if (error.at >= start && error.at < end) count(record.clientErrors, error.kind);
      }
    }

    // settle: poll the checks until they all pass or the time is up
    const settleStarted = Date.now();
    const settleTimeoutMs = options.settleTimeoutMs ?? 150_000;
    const db = await cluster.client();
    let outcome: { checks: CheckResult[]; letters: DeadLetterView[] };
    let polls = 0;
    try {
      for (;;) {
        polls += 1;
        outcome = await runChecks(db, load.record);
        const failing = outcome.checks.filter((check) => !check.ok);
        if (failing.length === 0 || Date.now() - settleStarted > settleTimeoutMs) break;
        if (polls % 5 === 1) {
          log(
            `settling (${((Date.now() - settleStarted) / 1000).toFixed(0)} s): waiting for ${failing
              .map((check) => `${check.name} (${check.details[0]})`)
              .join('; ')}`,
          );
        }
        await sleep(2000);
      }
      const settled = outcome.checks.every((check) => check.ok);
      const survivors = cluster.processNames().filter((name) => cluster.pid(name) === undefined);
      const crashes = records.flatMap((record) =>
        record.unexpectedExits.map((exit) => `${exit} during ${record.fault}`),
      );
      const serviceCheck: CheckResult = {
        name: 'no service crashed on a fault aimed elsewhere',
        ok: crashes.length === 0 && survivors.length === 0,
        summary: `${cluster.processNames().length} processes alive at the end, each restarted only when it was the target`,
        details: [...crashes, ...survivors.map((service) => `${service} is not running at the end`)],
      };
      const checks = [...outcome.checks, serviceCheck];
      const report: ChaosReport = {
        ok: checks.every((check) => check.ok),
        startedAt: new Date(t0).toISOString(),
        clusterMs,
        setupMs,
        county: {
          sellers: county.sellers.length,
          skus: county.skus.map((sku) => ({ title: sku.title, initialStock: sku.initialStock })),
          buyers: county.buyers.length,
        },
        load: load.figures,
        faults: records,
        settle: { settled, ms: Date.now() - settleStarted, polls },
        checks,
        deadLetters: outcome.letters,
        figures: await figures(db),
        totalMs: 0,
        serviceLogTail: tail.slice(-60),
      };
      report.totalMs = Date.now() - t0;
      return report;
    } finally {
      await db.end();
    }
  } finally {
    await cluster.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  }
}

/** A copy of dist/ inside the repository (test-artifacts/, ignored by git) so that node_modules still resolves. */
function snapshotDist(name: string): string {
  const source = join(REPOSITORY_ROOT, 'dist');
  if (!existsSync(join(source, 'apps', 'orders', 'src', 'main.js'))) {
    throw new Error(`${source} has no built apps: run node scripts/build.mjs first`);
  }
  const target = join(REPOSITORY_ROOT, 'test-artifacts', `chaos-dist-${name}-${process.pid}`);
  rmSync(target, { recursive: true, force: true });
  cpSync(source, target, { recursive: true });
  return target;
}
