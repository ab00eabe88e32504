import { Principal, signAccessToken } from '@countyflow/auth';
import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { Env, listen } from '@countyflow/kernel';
import { createServiceDataSource, migrateService } from '@countyflow/persistence';
import { fork } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import 'reflect-metadata';
import { createLogisticsApp } from '../apps/logistics/src/logistics.app';
import { loadLogisticsConfig } from '../apps/logistics/src/logistics.config';
import { roadKm } from '../apps/logistics/src/planner/geo';
import { fits, loadProfile } from '../apps/logistics/src/planner/load-profile';
import { OptimisingPlanner } from '../apps/logistics/src/planner/optimising.planner';
import { runDemands } from '../apps/logistics/src/planner/savings.planner';
import { BENCH_COUNTY_DAY, generateCountyDay } from '../apps/logistics/src/planner/synthetic-day';
import { LOGISTICS_MIGRATIONS } from '../migrations/logistics';
import { cleanRedis } from './cluster';

export interface LogisticsBenchOptions {
  /** A PostgreSQL server where the bench may create and drop its own database (default: DATABASE_URL's server). */
  databaseUrl?: string;
  redisUrl?: string;
  /** Timed pickup verifications (each one a different parcel), after `warmup` untimed ones. */
  pickups?: number;
  warmup?: number;
  concurrency?: number;
  /** Planning runs of the generated county day; the median time is reported. */
  planningRepeats?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface PickupFigures {
  samples: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  perSecond: number;
  failures: number;
}

export interface PlanningFigures {
  hubs: number;
  towns: number;
  villagePoints: number;
  parcelsEachWay: number;
  vehicles: number;
  refrigerated: number;
  planner: string;
  planningMsMedian: number;
  planningMsMin: number;
  runs: number;
  stops: number;
  totalDistanceKm: number;
  /** The same parcels with one trip per stop and direction, nothing consolidated: what the savings are against. */
  unconsolidatedDistanceKm: number;
  unassigned: number;
  /** Mean over runs of peak load ÷ capacity (the larger of kg and litres). */
  meanPeakUtilisation: number;
  /** Every run within capacity at every stop, cold items only on refrigerated vehicles, every parcel once. */
  rulesHold: boolean;
}

export interface LogisticsBenchResult {
  /** One verification at a time: the latency of a single hand-over. */
  pickupSequential: PickupFigures;
  /** `concurrency` operators at once across 20 points. */
  pickup: PickupFigures;
  /** The same hand-over as one hand-written SQL transaction from a pg pool, in the same run, and API ÷ baseline p50. */
  pickupBaseline: {
    sequential: PickupFigures;
    concurrent: PickupFigures;
    ratioP50Sequential: number;
    ratioP50Concurrent: number;
  };
  planning: PlanningFigures;
  /** 1-minute load average of the machine when the bench started, and its CPU count, to read the figures by. */
  machine: { loadAverage: number; cpus: number };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Planning time and distance for the generated county day (1 hub, 10 towns, 150 village points, 3,000 parcels each way). */
export function benchPlanning(seed = 7, repeats = 5): PlanningFigures {
  const problem = generateCountyDay(seed);
  const planner = new OptimisingPlanner();
  planner.plan(problem); // warm-up: JIT
  const times: number[] = [];
  let result = planner.plan(problem);
  for (let index = 0; index < repeats; index++) {
    const started = performance.now();
    result = planner.plan(problem);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const items = new Map(problem.items.map((item) => [item.id, item]));
  const vehicles = new Map(problem.vehicles.map((vehicle) => [vehicle.id, vehicle]));
  const points = new Map(problem.nodes.map((node) => [node.id, node.point]));
  const seen = new Set<string>();
  let rulesHold = true;
  let utilisation = 0;
  for (const run of result.runs) {
    const vehicle = vehicles.get(run.vehicleId)!;
    const peak = loadProfile(runDemands(run, items)).peak;
    rulesHold &&= fits(peak, vehicle.capacity);
    utilisation += Math.max(peak.grams / vehicle.capacity.grams, peak.ml / vehicle.capacity.ml);
    for (const id of run.stops.flatMap((stop) => [...stop.drops, ...stop.collects])) {
      rulesHold &&= !seen.has(id) && (!items.get(id)!.cold || vehicle.refrigerated);
      seen.add(id);
    }
  }
  rulesHold &&= seen.size + result.unassigned.length === problem.items.length;
  const trips = new Set(problem.items.map((item) => `${item.nodeId}:${item.action}:${item.cold}`));
  const unconsolidated = [...trips].reduce(
    (total, key) => total + 2 * roadKm(problem.depot, points.get(key.split(':')[0])!),
    0,
  );
  return {
    hubs: 1,
    towns: BENCH_COUNTY_DAY.towns,
    villagePoints: BENCH_COUNTY_DAY.towns * BENCH_COUNTY_DAY.villagesPerTown,
    parcelsEachWay: BENCH_COUNTY_DAY.parcelsEachWay,
    vehicles: BENCH_COUNTY_DAY.vehicles,
    refrigerated: BENCH_COUNTY_DAY.refrigerated,
    planner: planner.name,
    planningMsMedian: round(percentile(times, 50), 1),
    planningMsMin: round(times[0], 1),
    runs: result.runs.length,
    stops: result.runs.reduce((total, run) => total + run.stops.length, 0),
    totalDistanceKm: round(result.totalDistanceKm, 1),
    unconsolidatedDistanceKm: round(unconsolidated, 1),
    unassigned: result.unassigned.length,
    meanPeakUtilisation: round(utilisation / Math.max(1, result.runs.length), 3),
    rulesHold,
  };
}

const POINTS = 20;

/**
 * Pickup verification latency: the real logistics app (HTTP, auth guard, Redis attempt guard, PostgreSQL row lock,
 * custody change, receipt, outbox events) in a process of its own, against a database of its own with parcels
 * already shelved at 20 village points; each request collects a different parcel with its code and the phone's last
 * four digits. Measured one at a time, then `concurrency` at a time.
 */
export async function benchPickups(options: LogisticsBenchOptions = {}): Promise<PickupRuns> {
  const serverUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/countyflow';
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const pickups = options.pickups ?? 2000;
  const sequentialPickups = Math.min(500, pickups);
  const warmup = options.warmup ?? 200;
  const concurrency = options.concurrency ?? 16;
  const database = `countyflow_bench_logistics_${process.pid}_${randomInt(0, 1_000_000)}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const prefix = `cf-bench-${process.pid}-${randomInt(0, 1_000_000)}`;
  const env: Env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    MIGRATE_ON_BOOT: 'false',
    LOGISTICS_SWEEP_INTERVAL_MS: '0',
  };

  const adminClient = new Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${database}"`);
  try {
    await migrateService({ url: url.toString(), schema: 'logistics', migrations: [...LOGISTICS_MIGRATIONS] });
    const dataSource = createServiceDataSource({
      url: url.toString(),
      schema: 'logistics',
      entities: [],
      migrations: [],
    });
    await dataSource.initialize();
    const perPoint = Math.ceil((2 * (pickups + sequentialPickups) + warmup) / POINTS);
    const parcels = await seedShelvedParcels(dataSource.manager.query.bind(dataSource.manager), perPoint);
    await dataSource.destroy();

    const config = loadLogisticsConfig(env, { port: 0 });
    const server = await startServer(env);
    try {
      const tokens = new Map(
        parcels.points.map((point) => [
          point.nodeId,
          signAccessToken(
            new Principal(randomUUID(), '服务站站长', randomUUID(), [
              {
                orgId: point.orgId,
                orgKind: OrganisationKind.ServicePoint,
                countyCode: '360722',
                role: MembershipRole.Operator,
              },
            ]),
            config.jwtSecret,
            config.jwtAccessTtlSeconds,
          ),
        ]),
      );
      const collect = async (parcel: SeededParcel): Promise<{ ms: number; ok: boolean }> => {
        const started = performance.now();
        const response = await fetch(`${server.url}/points/${parcel.nodeId}/collections`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(parcel.nodeId)}` },
          body: JSON.stringify({ code: parcel.code, phoneLast4: parcel.phoneLast4 }),
        });
        await response.arrayBuffer();
        return { ms: performance.now() - started, ok: response.status === 200 };
      };
      const pool = new Pool({ connectionString: url.toString(), max: 10, options: '-c search_path=logistics,public' });
      /** The same hand-over as one hand-written SQL transaction: the floor the API is compared with. */
      const baseline = async (parcel: SeededParcel): Promise<{ ms: number; ok: boolean }> => {
        const started = performance.now();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ id: string; phone: string; order_id: string }>(
            `SELECT id, order_id, destination->>'recipientPhone' AS phone FROM shipment
              WHERE destination_node_id = $1 AND pickup_code = $2 AND status = 'ready_for_pickup' FOR UPDATE`,
            [parcel.nodeId, parcel.code],
          );
          const found = rows[0];
          if (!found || found.phone.slice(-4) !== parcel.phoneLast4) {
            await client.query('ROLLBACK');
            return { ms: performance.now() - started, ok: false };
          }
          await client.query(
            `UPDATE shipment SET status = 'delivered', custody_kind = 'recipient', custody_node_id = NULL,
                    custody_since = now(), delivered_at = now(), updated_at = now() WHERE id = $1`,
            [found.id],
          );
          await client.query(
            `INSERT INTO scan (shipment_id, seq, kind, node_id, actor_kind, at)
             SELECT $1, coalesce(max(seq), 0) + 1, 'collected', $2, 'user', now() FROM scan WHERE shipment_id = $1`,
            [found.id, parcel.nodeId],
          );
          await client.query(
            `INSERT INTO receipt_record (shipment_id, method, collected_by, node_id, at) VALUES ($1, 'pickup_code', 'recipient', $2, now())`,
            [found.id, parcel.nodeId],
          );
          const ref = { shipmentId: found.id, orderId: found.order_id, at: new Date().toISOString() };
          await client.query(
            `INSERT INTO outbox (id, name, payload) VALUES (gen_random_uuid(), 'shipment.scanned', $1), (gen_random_uuid(), 'shipment.delivered', $2)`,
            [
              JSON.stringify({ ...ref, kind: 'collected' }),
              JSON.stringify({ ...ref, receipt: { method: 'pickup_code', collectedBy: 'recipient' } }),
            ],
          );
          await client.query('COMMIT');
          return { ms: performance.now() - started, ok: true };
        } finally {
          client.release();
        }
      };
      const measure = async (
        work: SeededParcel[],
        parallel: number,
        run: (parcel: SeededParcel) => Promise<{ ms: number; ok: boolean }> = collect,
      ): Promise<PickupFigures> => {
        const results: { ms: number; ok: boolean }[] = [];
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: parallel }, async () => {
            while (next < work.length) {
              results.push(await run(work[next++]));
            }
          }),
        );
        const elapsed = performance.now() - started;
        const latencies = results.map((result) => result.ms).sort((a, b) => a - b);
        return {
          samples: results.length,
          concurrency: parallel,
          p50Ms: round(percentile(latencies, 50)),
          p99Ms: round(percentile(latencies, 99)),
          meanMs: round(latencies.reduce((total, ms) => total + ms, 0) / latencies.length),
          maxMs: round(latencies[latencies.length - 1]),
          perSecond: round((results.length / elapsed) * 1000, 0),
          failures: results.filter((result) => !result.ok).length,
        };
      };
      let offset = 0;
      const take = (count: number) => parcels.list.slice(offset, (offset += count));
      await measure(take(warmup), concurrency);
      try {
        const sequential = await measure(take(sequentialPickups), 1);
        const concurrent = await measure(take(pickups), concurrency);
        const baselineSequential = await measure(take(sequentialPickups), 1, baseline);
        const baselineConcurrent = await measure(take(pickups), concurrency, baseline);
        return { sequential, concurrent, baselineSequential, baselineConcurrent };
      } finally {
        await pool.end();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await adminClient.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await adminClient.end();
    await cleanRedis(redisUrl, prefix);
  }
}

const SERVER_FLAG = '--logistics-bench-server';

/** Boots the logistics app in a child process, so the load generator does not share its event loop. */
function startServer(env: Env): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = fork(__filename, [SERVER_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench server exited with code ${code}`)));
    child.once('message', (message: { url?: string; error?: string }) => {
      if (!message.url) {
        reject(new Error(message.error ?? 'the bench server did not start'));
        return;
      }
      resolve({
        url: message.url,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.send('stop');
          }),
      });
    });
    child.send({ env });
  });
}

async function serve(): Promise<void> {
  const { env } = await new Promise<{ env: Env }>((resolve) => process.once('message', resolve));
  try {
    const app = await createLogisticsApp(loadLogisticsConfig(env, { port: 0 }));
    process.send!({ url: await listen(app, 0) });
    await new Promise((resolve) => process.once('message', resolve));
    await app.close();
    process.exit(0);
  } catch (error) {
    process.send!({ error: (error as Error).message });
    process.exit(1);
  }
}

export interface PickupRuns {
  sequential: PickupFigures;
  concurrent: PickupFigures;
  baselineSequential: PickupFigures;
  baselineConcurrent: PickupFigures;
}

interface SeededParcel {
  nodeId: string;
  code: string;
  phoneLast4: string;
}

/** A hub, a town and 20 village points, each with `perPoint` parcels shelved and waiting, written straight to SQL. */
async function seedShelvedParcels(
  query: (sql: string, parameters?: unknown[]) => Promise<unknown>,
  perPoint: number,
): Promise<{ points: { nodeId: string; orgId: string }[]; list: SeededParcel[] }> {
  const hub = randomUUID();
  const town = randomUUID();
  await query(
    `INSERT INTO node (id, code, county_code, level, name, parent_id, latitude, longitude, host_type, opening_hours, shelves, layers, slot_capacity, cold_storage)
     VALUES ($1, '360722', '360722', 'county_hub', '信丰县物流配送中心', NULL, 25.386, 114.922, 'county_warehouse', '全天', 0, 0, 1, true),
            ($2, '360722100', '360722', 'town_station', '安西镇站', $1, 25.25, 114.95, 'post_station', '08:00-20:00', 0, 0, 1, false)`,
    [hub, town],
  );
  const points: { nodeId: string; orgId: string }[] = [];
  const list: SeededParcel[] = [];
  for (let index = 0; index < POINTS; index++) {
    const nodeId = randomUUID();
    const orgId = randomUUID();
    points.push({ nodeId, orgId });
    await query(
      `INSERT INTO node (id, code, county_code, level, name, parent_id, latitude, longitude, host_type, opening_hours, operator_org_id, shelves, layers, slot_capacity, cold_storage)
       VALUES ($1, $2, '360722', 'village_point', $3, $4, 25.2, 114.9, 'village_shop', '08:00-20:00', $5, 10, 6, 100, false)`,
      [nodeId, `360722100${String(201 + index)}`, `第 ${index + 1} 村服务站`, town, orgId],
    );
    const numbers = new Set<string>();
    while (numbers.size < perPoint) {
      numbers.add(String(randomInt(0, 10_000)).padStart(4, '0'));
    }
    const rows = [...numbers].map((number, n) => {
      const phone = `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
      const code = `${(n % 10) + 1}-${(Math.floor(n / 10) % 6) + 1}-${number}`;
      list.push({ nodeId, code, phoneLast4: phone.slice(-4) });
      return { code, number, phone, shelf: (n % 10) + 1, layer: (Math.floor(n / 10) % 6) + 1 };
    });
    await query(
      `INSERT INTO shipment (order_id, group_id, buyer_id, seller_org_id, seller_name, county_code, direction, status, parcel_code,
         weight_grams, volume_ml, temperature_class, destination, destination_node_id, lines, payment, path, position,
         custody_kind, custody_node_id, custody_since, shelf, layer, pickup_number, pickup_code, shelved_at, collect_by,
         created_at, updated_at)
       SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '县城农资商店', '360722', 'down',
              'ready_for_pickup', '360722-' || upper(substr(md5(random()::text), 1, 8)), 5000, 6000, 'ambient',
              jsonb_build_object('kind', 'service_point', 'servicePointOrgId', $2::text, 'address', null,
                'recipientName', '王秀英', 'recipientPhone', r.phone, 'agentName', null, 'agentPhone', null),
              $1, '[]', '{"method":"online","amountFen":8800}', ARRAY[$3, $4, $1]::uuid[], 2,
              'node', $1, now(), r.shelf, r.layer, r.number, r.code, now(), now() + interval '5 days', now(), now()
         FROM jsonb_to_recordset($5::jsonb) AS r(code text, number text, phone text, shelf int, layer int)`,
      [nodeId, orgId, hub, town, JSON.stringify(rows)],
    );
  }
  // shuffle (Fisher–Yates), so concurrent requests hit different points as a county's morning does
  for (let index = list.length - 1; index > 0; index--) {
    const other = randomInt(0, index + 1);
    [list[index], list[other]] = [list[other], list[index]];
  }
  return { points, list };
}

/** The logistics part of `npm run bench`. */
export async function runLogisticsBench(options: LogisticsBenchOptions = {}): Promise<LogisticsBenchResult> {
  const log = options.log ?? ((line: string) => console.log(`[logistics] ${line}`));
  log('planning the generated county day…');
  const planning = benchPlanning(options.seed ?? 7, options.planningRepeats ?? 5);
  log(
    `planning: ${planning.parcelsEachWay} parcels each way, ${planning.villagePoints} village points, ` +
      `${planning.vehicles} vehicles → ${planning.runs} runs, ${planning.totalDistanceKm} km ` +
      `(unconsolidated ${planning.unconsolidatedDistanceKm} km) in ${planning.planningMsMedian} ms (median)`,
  );
  log('pickup verification through the API…');
  const machine = { loadAverage: round(loadavg()[0], 1), cpus: availableParallelism() };
  const pickups = await benchPickups(options);
  for (const [label, figures] of [
    ['API', pickups.sequential],
    ['API', pickups.concurrent],
    ['plain SQL', pickups.baselineSequential],
    ['plain SQL', pickups.baselineConcurrent],
  ] as const) {
    log(
      `pickup verification (${label}), ${figures.concurrency} at a time: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms ` +
        `(${figures.samples} requests, ${figures.perSecond}/s, ${figures.failures} failed)`,
    );
  }
  return {
    pickupSequential: pickups.sequential,
    pickup: pickups.concurrent,
    pickupBaseline: {
      sequential: pickups.baselineSequential,
      concurrent: pickups.baselineConcurrent,
      ratioP50Sequential: round(pickups.sequential.p50Ms / pickups.baselineSequential.p50Ms, 1),
      ratioP50Concurrent: round(pickups.concurrent.p50Ms / pickups.baselineConcurrent.p50Ms, 1),
    },
    planning,
    machine,
  };
}

if (process.argv[2] === SERVER_FLAG) {
  void serve();
} else if (require.main === module) {
  runLogisticsBench()
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
