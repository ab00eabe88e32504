import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PlanningProblem, PlanResult } from './planner.types';
import { RoutePlanner } from './route-planner';
import { OptimiseSettings, planByGroups } from './savings.planner';

export const DEFAULT_PLANNER_TIME_BUDGET_MS = 1200;

/**
 * The VRPSPD optimiser (vrpspd/solver.ts: SISR ruin-and-recreate under simulated annealing, with granular local
 * search) inside the county's rules: cold and ambient groups, stops split to fit a vehicle, runs given to
 * vehicles within their day's distance. Same rules as the savings planner; shorter runs. `planAsync` searches in
 * a worker thread so that the service keeps answering while it plans.
 */
export class OptimisingPlanner extends RoutePlanner {
  readonly name = 'sisr-ils';
  private readonly settings: OptimiseSettings;

  constructor(settings: Partial<OptimiseSettings> = {}) {
    super();
    this.settings = { timeBudgetMs: DEFAULT_PLANNER_TIME_BUDGET_MS, seed: 1, ...settings };
  }

  plan(problem: PlanningProblem): PlanResult {
    return planByGroups(problem, this.settings);
  }

  override planAsync(problem: PlanningProblem): Promise<PlanResult> {
    return new Promise<PlanResult>((resolve, reject) => {
      const worker = plannerWorker();
      worker.once('message', (result: PlanResult) => {
        resolve(result);
        void worker.terminate();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the planner thread stopped (exit code ${code})`)));
      worker.postMessage({ problem, settings: this.settings });
    });
  }
}

/** The compiled worker next to this file; from TypeScript sources (tests) the same file compiled on the fly by SWC. */
function plannerWorker(): Worker {
  const compiled = join(__dirname, 'planner.worker.js');
  if (existsSync(compiled)) {
    return new Worker(compiled);
  }
  const source = join(__dirname, 'planner.worker.ts');
  const bootstrap = `
    const { addHook } = require('pirates');
    const swc = require('@swc/core');
    addHook((code, filename) => swc.transformSync(code, {
      filename,
      swcrc: false,
      jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    }).code, { exts: ['.ts'] });
    require(${JSON.stringify(source)});
  `;
  return new Worker(bootstrap, { eval: true });
}
