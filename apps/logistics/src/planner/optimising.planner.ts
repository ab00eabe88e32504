import { PlanningProblem, PlanResult } from './planner.types';
import { RoutePlanner } from './route-planner';
import { OptimiseSettings, planByGroups } from './savings.planner';

export const DEFAULT_PLANNER_TIME_BUDGET_MS = 1500;

/**
 * The VRPSPD optimiser (vrpspd/solver.ts: SISR ruin-and-recreate under simulated annealing, with granular local
 * search) inside the county's rules: cold and ambient groups, stops split to fit a vehicle, runs given to
 * vehicles within their day's distance. Same rules as the savings planner; shorter runs.
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
}
