import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { runCatalogBench } from './catalog';
import { runLogisticsBench } from './logistics';
import { runOrdersBench } from './orders';
import { PlannerBenchResult, plannerMarkdown, runPlannerBench } from './planner';
import { memoryCurveMarkdown, PlatformBenchResult, platformMarkdown, runPlatformBench } from './platform';
import { runRelevanceBench } from './relevance';
import { ReplicasBenchResult, replicasMarkdown, runReplicasBench } from './replicas';
import { runTracingBench, TracingBenchResult, tracingMarkdown } from './tracing';

/**
 * `npm run bench`: every benchmark against real PostgreSQL and Redis (DATABASE_URL / REDIS_URL, else the local
 * defaults), each in databases and key prefixes of its own. Writes bench/results/latest.json and the tables in
 * docs/performance.md between the BEGIN/END markers. `npm run bench -- catalog orders` runs only those. The platform
 * suite starts every service as a process of its own and loads them all at once through the gateway; it runs last.
 * `soak` (not run by default) is the platform suite for ten minutes with every process's RSS read every 30 s.
 */
const SUITES = {
  // BENCH_CATALOG_REUSE=1 keeps its 100,000-listing database and measures again on it while it holds the same build
  catalog: () =>
    runCatalogBench({
      reuse: process.env.BENCH_CATALOG_REUSE === '1',
      database: process.env.BENCH_CATALOG_DATABASE,
      log: (line) => console.log(`[catalog] ${line}`),
    }),
  relevance: () => runRelevanceBench({ log: (line) => console.log(`[relevance] ${line}`) }),
  // search over a generated province: 1,000,000 public listings in 100 counties (BENCH_PROVINCE_LISTINGS), in a
  // database kept between runs and measured again while it holds the same build (BENCH_PROVINCE_REBUILD=1 builds anew)
  province: () =>
    runCatalogBench({
      reuse: process.env.BENCH_PROVINCE_REBUILD !== '1',
      listings: Number(process.env.BENCH_PROVINCE_LISTINGS ?? 1_000_000),
      counties: 100,
      reservations: false,
      searches: 1200,
      database: process.env.BENCH_PROVINCE_DATABASE ?? 'countyflow_bench_province',
      log: (line) => console.log(`[province] ${line}`),
    }),
  orders: () => runOrdersBench({ log: (line) => console.log(`[orders] ${line}`) }),
  logistics: () => runLogisticsBench({ log: (line) => console.log(`[logistics] ${line}`) }),
  platform: () => runPlatformBench({ log: (line) => console.log(`[platform] ${line}`) }),
  // the platform suite for 10 minutes (BENCH_SOAK_SECONDS) with every process's RSS read every 30 s; payments and
  // scans at 1/s so that their set-up supply lasts
  soak: () =>
    runPlatformBench({
      durationSeconds: Number(process.env.BENCH_SOAK_SECONDS ?? 600),
      memoryCurveEverySeconds: 30,
      paymentRate: 1,
      scanRate: 1,
      log: (line) => console.log(`[soak] ${line}`),
    }),
  // what tracing costs per request and per event, off and on (no database: the overhead alone)
  tracing: () =>
    runTracingBench({
      iterations: process.env.BENCH_TRACING_ITERATIONS ? Number(process.env.BENCH_TRACING_ITERATIONS) : undefined,
      log: (line) => console.log(`[tracing] ${line}`),
    }),
  // the mixed load against 1 and then 2 API replicas per service, through PgBouncer (BENCH_REPLICAS_SECONDS)
  replicas: () => runReplicasBench({ log: (line) => console.log(`[replicas] ${line}`) }),
  planner: () =>
    Promise.resolve(
      runPlannerBench({
        dir: process.env.PLANNER_BENCH_DIR,
        only: process.env.PLANNER_BENCH_ONLY ? new RegExp(process.env.PLANNER_BENCH_ONLY) : undefined,
        budgetsMs: process.env.PLANNER_BENCH_BUDGETS_MS?.split(',').map(Number),
        seed: process.env.PLANNER_BENCH_SEED ? Number(process.env.PLANNER_BENCH_SEED) : undefined,
        log: (line) => console.log(`[planner] ${line}`),
      }),
    ),
} as const;

type Suite = keyof typeof SUITES;

const root = join(__dirname, '..', '..');

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') {
    const text = typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
    return [[prefix, text]];
  }
  if (Array.isArray(value)) {
    return value.length <= 12 && value.every((item) => typeof item !== 'object')
      ? [[prefix, value.join(', ')]]
      : value.flatMap((item, index) => flatten(item, `${prefix}[${index}]`));
  }
  return Object.entries(value).flatMap(([key, item]) => flatten(item, prefix ? `${prefix}.${key}` : key));
}

/** Suites whose figures read better as tables of their own than as figure | value rows. */
const TABLES: Partial<Record<Suite, (figures: never) => string>> = {
  platform: (figures: PlatformBenchResult) => platformMarkdown(figures),
};

/** Replaces the text between `<!-- BEGIN name -->` and `<!-- END name -->`, or appends the block. */
function replaceBlock(doc: string, name: string, body: string): string {
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const block = `${begin}\n${body}\n${end}`;
  return doc.includes(begin)
    ? doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), () => block)
    : `${doc.trimEnd()}\n\n${block}\n`;
}

/**
 * One suite's table, in a block of its own (`<!-- BEGIN bench <suite> -->`), so that running one suite rewrites its
 * own figures and leaves every other suite's last figures where they were.
 */
function suiteMarkdown(suite: Suite, figures: unknown, at: string, machine: string): string {
  const table = TABLES[suite];
  const body = table
    ? table(figures as never)
    : ['| figure | value |', '|---|---|', ...flatten(figures).map(([key, value]) => `| ${key} | ${value} |`)].join(
        '\n',
      );
  return [`### ${suite}`, `Measured ${at} on ${machine} by \`npm run bench -- ${suite}\`.`, body].join('\n\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((name): name is Suite => name in SUITES);
  const suites = wanted.length > 0 ? wanted : (Object.keys(SUITES) as Suite[]).filter((suite) => suite !== 'soak');
  const results: Partial<Record<Suite, unknown>> = {};
  for (const suite of suites) {
    const started = Date.now();
    console.log(`== ${suite}`);
    results[suite] = await SUITES[suite]();
    console.log(`== ${suite} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const at = new Date().toISOString();
  const os = await import('node:os');
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify({ at, machine, results }, null, 2)}\n`);

  // the planner's, the soak's, tracing's and the replicas' tables have blocks of their own, so that running one alone
  // leaves the others alone
  const docPath = join(root, 'docs/performance.md');
  const { planner, soak, tracing, replicas, ...others } = results;
  let doc = readFileSync(docPath, 'utf8');
  for (const [suite, figures] of Object.entries(others) as [Suite, unknown][]) {
    doc = replaceBlock(doc, `bench ${suite}`, suiteMarkdown(suite, figures, at, machine));
  }
  if (planner) {
    const measured = `Measured ${at} on ${machine} by \`npm run bench -- planner\`.`;
    doc = replaceBlock(doc, 'planner', `${measured}\n\n${plannerMarkdown(planner as PlannerBenchResult)}`);
  }
  if (soak) {
    const measured = `Measured ${at} on ${machine} by \`npm run bench -- soak\`.`;
    doc = replaceBlock(doc, 'soak', `${measured}\n\n${memoryCurveMarkdown(soak as PlatformBenchResult)}`);
  }
  if (tracing) {
    const measured = `Measured ${at} on ${machine} by \`npm run bench -- tracing\`.`;
    doc = replaceBlock(doc, 'tracing', `${measured}\n\n${tracingMarkdown(tracing as TracingBenchResult)}`);
  }
  if (replicas) {
    const measured = `Measured ${at} on ${machine} by \`npm run bench -- replicas\`.`;
    doc = replaceBlock(doc, 'replicas', `${measured}\n\n${replicasMarkdown(replicas as ReplicasBenchResult)}`);
  }
  writeFileSync(docPath, doc);
  console.log('wrote bench/results/latest.json and docs/performance.md');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
