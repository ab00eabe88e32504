import { PlanningProblem, PlanResult } from './planner.types';

/**
 * Puts a day's pending drops and collections on runs. Implementations must never exceed a vehicle's capacity at
 * any point of a run, must put cold items only on refrigerated vehicles, and must return every item either on
 * exactly one run or in `unassigned` with a reason. Bind a stronger optimiser in place of the savings planner by
 * providing another class for this token.
 */
export abstract class RoutePlanner {
  abstract readonly name: string;
  abstract plan(problem: PlanningProblem): PlanResult;

  /** The same plan without holding the caller's event loop; planners that search for long override it. */
  planAsync(problem: PlanningProblem): Promise<PlanResult> {
    return Promise.resolve(this.plan(problem));
  }
}
