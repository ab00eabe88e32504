import { loadavg } from 'node:os';
import { Cluster } from './cluster';
import { buildCounty, parcelsOnTheVan, placeAwaitingPayment } from './county';
import {
  browsing,
  checkingOut,
  figuresOf,
  KindFigures,
  KindName,
  launch,
  paying,
  scanning,
  searching,
  Supply,
} from './platform';

/*
 * `npm run bench -- replicas`: the platform's mixed load (browse, search, checkout, payment, scan through the
 * gateway, as in the platform suite) once against 1 API process per service and once against 2 (the gateway takes
 * them in turn), each with a worker per service and every pool behind a PgBouncer of the cluster's own in
 * transaction mode. On a shared two-core machine the second replica mostly adds contention: the figures say what
 * this machine does, not what a second machine would.
 */

export interface ReplicaRun {
  replicas: number;
  processes: number;
  loadAverageBefore: number;
  loadAverageAfter: number;
  kinds: KindFigures[];
  /** Requests per second over all kinds, and the share of them that were not 2xx. */
  totalPerSecond: number;
  non2xx: number;
  /** PostgreSQL server connections of the cluster's database: the most seen during the load (sampled every 500 ms). */
  serverConnectionsPeak: number;
  /** Of them, the direct LISTEN sessions (a relay per service and catalog's search index, per process that runs them). */
  listenSessions: number;
}

export interface ReplicasBenchResult {
  seconds: number;
  runs: ReplicaRun[];
  /** 2 replicas' total requests per second over 1 replica's. */
  throughputRatio: number;
}

export interface ReplicasBenchOptions {
  seconds?: number;
  replicas?: number[];
  log?: (line: string) => void;
}

const CONNECTIONS: Record<KindName, number> = { browse: 6, search: 6, checkout: 4, payment: 2, scan: 2 };
const RATE = 4;

async function sampleConnections(cluster: Cluster): Promise<{ stop: () => Promise<[number, number]> }> {
  const db = await cluster.client();
  const database = new URL(cluster.databaseUrl).pathname.slice(1);
  let peak = 0;
  let listen = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await db.query<{ total: number; listen: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE query LIKE 'LISTEN%')::int AS listen
           FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
        [database],
      );
      peak = Math.max(peak, rows[0].total);
      listen = Math.max(listen, rows[0].listen);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await db.end();
      return [peak, listen];
    },
  };
}

async function oneRun(replicas: number, seconds: number, log: (line: string) => void): Promise<ReplicaRun> {
  const cluster = await Cluster.start({
    name: `replicas${replicas}_${process.pid}`,
    replicas,
    workers: true,
    pooler: true,
    // as many server connections per role as the busiest role has clients (catalog: 2 replicas and a worker, 6
    // each), so that PgBouncer is not what the comparison measures
    poolerPoolSize: 20,
    readyTimeoutMs: 300_000,
    env: { ORDER_PAYMENT_TIMEOUT_SECONDS: '3600' },
    log: (line) => {
      if (/error|fatal/i.test(line) && !line.includes('RequestAbortedError')) log(line.slice(0, 300));
    },
  });
  try {
    log(
      `${replicas} replica(s): ${cluster.processNames().length} processes up behind PgBouncer on ${cluster.pooler?.port}`,
    );
    const county = await buildCounty(cluster, { log });
    const groups = await placeAwaitingPayment(cluster, county, Math.ceil((RATE / 2) * seconds * 1.25) + 2);
    const parcels = await parcelsOnTheVan(cluster, county, Math.ceil((RATE / 2) * seconds * 1.25) + 2);
    const groupPool = new Supply(groups);
    const parcelPool = new Supply(parcels);
    const plans = [
      browsing(county, CONNECTIONS.browse),
      searching(county, CONNECTIONS.search),
      checkingOut(county, CONNECTIONS.checkout),
      paying(groupPool, CONNECTIONS.payment, RATE),
      scanning(parcelPool, CONNECTIONS.scan, RATE),
    ];
    const loadAverageBefore = loadavg()[0];
    const connections = await sampleConnections(cluster);
    const instances = plans.map((plan) => launch(cluster.gateway, plan, seconds));
    groupPool.stop = () => instances[3].stop();
    parcelPool.stop = () => instances[4].stop();
    const results = await Promise.all(instances.map((instance) => Promise.resolve(instance)));
    const [serverConnectionsPeak, listenSessions] = await connections.stop();
    const kinds = plans.map((plan, index) => figuresOf(plan, results[index]));
    const totalPerSecond = Math.round(kinds.reduce((sum, kind) => sum + kind.perSecond, 0) * 10) / 10;
    const run: ReplicaRun = {
      replicas,
      processes: cluster.processNames().length,
      loadAverageBefore,
      loadAverageAfter: loadavg()[0],
      kinds,
      totalPerSecond,
      non2xx: kinds.reduce((sum, kind) => sum + kind.non2xx, 0),
      serverConnectionsPeak,
      listenSessions,
    };
    log(
      `${replicas} replica(s): ${totalPerSecond} requests/s in all (${kinds
        .map((kind) => `${kind.kind} ${kind.perSecond}/s p99 ${kind.p99Ms} ms`)
        .join(', ')}); non-2xx ${run.non2xx}; PostgreSQL connections peak ${serverConnectionsPeak} ` +
        `(${listenSessions} LISTEN); load average ${run.loadAverageBefore.toFixed(1)} → ${run.loadAverageAfter.toFixed(1)}`,
    );
    return run;
  } finally {
    await cluster.stop();
  }
}

export async function runReplicasBench(options: ReplicasBenchOptions = {}): Promise<ReplicasBenchResult> {
  const seconds = options.seconds ?? Number(process.env.BENCH_REPLICAS_SECONDS ?? 20);
  const log = options.log ?? ((line: string) => console.log(`[replicas] ${line}`));
  const runs: ReplicaRun[] = [];
  for (const replicas of options.replicas ?? [1, 2]) {
    runs.push(await oneRun(replicas, seconds, log));
  }
  const one = runs.find((run) => run.replicas === 1);
  const two = runs.find((run) => run.replicas === 2);
  return {
    seconds,
    runs,
    throughputRatio: one && two ? Math.round((two.totalPerSecond / one.totalPerSecond) * 100) / 100 : NaN,
  };
}

export function replicasMarkdown(result: ReplicasBenchResult): string {
  const kinds = result.runs[0]?.kinds.map((kind) => kind.kind) ?? [];
  return [
    `${result.seconds} s of the platform's mixed load per run, every pool behind PgBouncer (transaction mode), a worker per service; one loaded two-core machine, so indicative only (load averages in the table).`,
    '',
    `| API replicas per service | processes | ${kinds.map((kind) => `${kind} /s (p99 ms)`).join(' | ')} | all /s | non-2xx | PostgreSQL connections (peak; LISTEN) | load average before → after |`,
    `|---|---|${kinds.map(() => '---|').join('')}---|---|---|---|`,
    ...result.runs.map(
      (run) =>
        `| ${run.replicas} | ${run.processes} | ${run.kinds.map((kind) => `${kind.perSecond} (${kind.p99Ms})`).join(' | ')} | ${run.totalPerSecond} | ${run.non2xx} | ${run.serverConnectionsPeak}; ${run.listenSessions} | ${run.loadAverageBefore.toFixed(1)} → ${run.loadAverageAfter.toFixed(1)} |`,
    ),
    '',
    `2 replicas over 1: ${result.throughputRatio}× the requests per second.`,
  ].join('\n');
}
