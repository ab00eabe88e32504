import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  euclideanMatrix,
  makeInstance,
  routesCost,
  violations,
  VrpspdInstance,
} from '../apps/logistics/src/planner/vrpspd/instance';
import { solveVrpspd } from '../apps/logistics/src/planner/vrpspd/solver';

/** Load values of the instance files are decimals with up to 7 places: kept exact as integers scaled by 10^7. */
const LOAD_SCALE = 1e7;

export interface PlannerBenchOptions {
  /** Folder with CMTX/, CMTY/, Montane/ and best-known.tsv (default ../shared/bench/vrpspd from the repo root). */
  dir?: string;
  /** Budgets per instance in ms. */
  budgetsMs?: number[];
  /** Only instances whose name matches. */
  only?: RegExp;
  seed?: number;
  log?: (line: string) => void;
}

export interface InstanceFigures {
  instance: string;
  family: string;
  customers: number;
  budgetMs: number;
  cost: number;
  bestKnown: number;
  gapPercent: number;
  routes: number;
  timeMs: number;
  iterations: number;
}

export interface FamilyFigures {
  family: string;
  budgetMs: number;
  instances: number;
  meanGapPercent: number;
  maxGapPercent: number;
  within2Percent: number;
}

export interface PlannerBenchResult {
  instances: InstanceFigures[];
  families: FamilyFigures[];
  /** The machine's 1-minute load average at the start and the end of the run (the machine may be shared). */
  loadAverage: { before: number; after: number };
}

export interface BenchInstance {
  name: string;
  family: string;
  instance: VrpspdInstance;
}

/** Parses one instance file (TSPLIB-like, as converted by the FSPD project). */
export function parseVrpspd(text: string): VrpspdInstance {
  const lines = text.split(/\r?\n/);
  const header = new Map<string, string>();
  let section = '';
  const xs: number[] = [];
  const ys: number[] = [];
  const weights: number[] = [];
  const rows: number[][] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line === 'EOF') {
      continue;
    }
    if (/^[A-Z_]+\s*:/.test(line)) {
      const at = line.indexOf(':');
      header.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
      continue;
    }
    if (/^[A-Z_]+$/.test(line)) {
      section = line;
      continue;
    }
    const values = line.split(/\s+/).map(Number);
    if (section === 'NODE_COORD_SECTION') {
      xs.push(values[1]);
      ys.push(values[2]);
    } else if (section === 'EDGE_WEIGHT_SECTION') {
      weights.push(...values);
    } else if (section === 'PICKUP_AND_DELIVERY_SECTION') {
      rows.push(values);
    }
  }
  const size = Number(header.get('DIMENSION'));
  const distance = xs.length === size ? euclideanMatrix(xs, ys) : Float64Array.from(weights);
  if (distance.length !== size * size || rows.length !== size) {
    throw new Error(`instance has ${size} nodes but ${distance.length} distances and ${rows.length} demand rows`);
  }
  const scaled = (value: number): number => Math.round(value * LOAD_SCALE);
  const service = new Float64Array(size);
  const serviceTime = Number(header.get('SERVICE_TIME') ?? 0);
  service.fill(serviceTime, 1);
  return makeInstance({
    size,
    distance,
    pickup: rows.map((row) => scaled(row[5])),
    delivery: rows.map((row) => scaled(row[6])),
    capacity: scaled(Number(header.get('CAPACITY'))),
    service,
    maxDuration: header.has('DISTANCE') ? Number(header.get('DISTANCE')) : Infinity,
  });
}

export function loadInstances(
  dir: string,
  only?: RegExp,
): { instances: BenchInstance[]; bestKnown: Map<string, number> } {
  const bestKnown = new Map<string, number>();
  for (const line of readFileSync(join(dir, 'best-known.tsv'), 'utf8').split('\n').slice(1)) {
    const [name, value] = line.split('\t');
    if (name && value) {
      bestKnown.set(name, Number(value));
    }
  }
  const instances: BenchInstance[] = [];
  for (const family of ['CMTX', 'CMTY', 'Montane']) {
    const folder = join(dir, family);
    if (!existsSync(folder)) {
      continue;
    }
    for (const file of readdirSync(folder).sort(byNaturalName)) {
      const name = file.replace(/(\.vrp)?\.gz$/, '');
      if (only && !only.test(name)) {
        continue;
      }
      const instance = parseVrpspd(gunzipSync(readFileSync(join(folder, file))).toString('utf8'));
      instances.push({ name, family, instance });
    }
  }
  return { instances, bestKnown };
}

function byNaturalName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * `npm run bench -- planner`: the optimiser on the public VRPSPD instances (Salhi–Nagy CMT X/Y, Montané–Galvão) at
 * each budget; every plan is validated here (each customer once, load within capacity at every point, route
 * duration within its limit) and the cost recomputed from the routes before the gap to the best known is taken.
 */
export function runPlannerBench(options: PlannerBenchOptions = {}): PlannerBenchResult {
  const log = options.log ?? (() => undefined);
  const dir = options.dir ?? join(process.cwd(), '..', 'shared', 'bench', 'vrpspd');
  const budgets = options.budgetsMs ?? [1000, 10000];
  const { instances, bestKnown } = loadInstances(dir, options.only);
  if (instances.length === 0) {
    throw new Error(`no VRPSPD instances under ${dir} (set PLANNER_BENCH_DIR)`);
  }
  const figures: InstanceFigures[] = [];
  const loadBefore = loadavg()[0];
  for (const budgetMs of budgets) {
    log(
      `budget ${budgetMs} ms, seed ${options.seed ?? 1}: instance | customers | cost | best known | gap % | routes | time ms | iterations`,
    );
    for (const { name, family, instance } of instances) {
      const result = solveVrpspd(instance, { seed: options.seed ?? 1, timeLimitMs: budgetMs });
      const broken = violations(instance, result.routes);
      if (broken.length > 0) {
        throw new Error(`${name}: the plan breaks a rule: ${broken.slice(0, 5).join('; ')}`);
      }
      const cost = routesCost(instance, result.routes);
      const best = bestKnown.get(name) ?? NaN;
      const row: InstanceFigures = {
        instance: name,
        family,
        customers: instance.size - 1,
        budgetMs,
        cost: round(cost, 3),
        bestKnown: best,
        gapPercent: round(((cost - best) / best) * 100, 2),
        routes: result.routes.length,
        timeMs: Math.round(result.elapsedMs),
        iterations: result.iterations,
      };
      figures.push(row);
      log(
        `${name} | ${row.customers} | ${row.cost} | ${best} | ${row.gapPercent} | ${row.routes} | ${row.timeMs} | ${row.iterations}`,
      );
    }
  }
  const families: FamilyFigures[] = [];
  for (const budgetMs of budgets) {
    for (const family of [...new Set(instances.map((item) => item.family)), 'all']) {
      const rows = figures.filter((row) => row.budgetMs === budgetMs && (family === 'all' || row.family === family));
      const gaps = rows.map((row) => row.gapPercent);
      families.push({
        family,
        budgetMs,
        instances: rows.length,
        meanGapPercent: round(gaps.reduce((total, gap) => total + gap, 0) / gaps.length, 2),
        maxGapPercent: round(Math.max(...gaps), 2),
        within2Percent: gaps.filter((gap) => gap <= 2).length,
      });
    }
  }
  for (const row of families) {
    log(
      `${row.budgetMs} ms ${row.family}: mean gap ${row.meanGapPercent} %, max ${row.maxGapPercent} %, ${row.within2Percent}/${row.instances} within 2 %`,
    );
  }
  const loadAverage = { before: round(loadBefore, 1), after: round(loadavg()[0], 1) };
  log(`load average ${loadAverage.before} before, ${loadAverage.after} after`);
  return { instances: figures, families, loadAverage };
}

/** The per-family table and the per-instance table for docs/performance.md. */
export function plannerMarkdown(result: PlannerBenchResult): string {
  const budgets = [...new Set(result.families.map((row) => row.budgetMs))];
  const familyRows = [...new Set(result.families.map((row) => row.family))].map((family) => {
    const cells = budgets.flatMap((budget) => {
      const row = result.families.find((item) => item.family === family && item.budgetMs === budget)!;
      return [`${row.meanGapPercent.toFixed(2)} %`, `${row.maxGapPercent.toFixed(2)} %`];
    });
    const count = result.families.find((item) => item.family === family)!.instances;
    return `| ${family} | ${count} | ${cells.join(' | ')} |`;
  });
  const budgetHead = budgets.map((budget) => `mean gap ${budget / 1000} s | max gap ${budget / 1000} s`).join(' | ');
  const instanceRows = [...new Set(result.instances.map((row) => row.instance))].map((name) => {
    const rows = result.instances.filter((row) => row.instance === name);
    const cells = rows.map((row) => `${row.cost.toFixed(2)} | ${row.gapPercent.toFixed(2)} % | ${row.routes}`);
    return `| ${name} | ${rows[0].customers} | ${rows[0].bestKnown} | ${cells.join(' | ')} |`;
  });
  const instanceHead = budgets.map((budget) => `cost ${budget / 1000} s | gap | routes`).join(' | ');
  const { before, after } = result.loadAverage;
  return [
    `Load average ${before} at the start, ${after} at the end (2 vCPUs; above 2 each instance got less than a core).`,
    '',
    `| family | instances | ${budgetHead} |`,
    `|---|---|${budgets.map(() => '---|---|').join('')}`,
    ...familyRows,
    '',
    `| instance | customers | best known | ${instanceHead} |`,
    `|---|---|---|${budgets.map(() => '---|---|---|').join('')}`,
    ...instanceRows,
  ].join('\n');
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
