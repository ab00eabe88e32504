import { parentPort } from 'node:worker_threads';
import { PlanningProblem } from './planner.types';
import { OptimiseSettings, planByGroups } from './savings.planner';

/** The optimiser's thread: one problem in, one plan out (see OptimisingPlanner.planAsync). */
parentPort?.once('message', (message: { problem: PlanningProblem; settings: OptimiseSettings }) => {
  parentPort?.postMessage(planByGroups(message.problem, message.settings));
});
