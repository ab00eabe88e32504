import { canApplyRun, illegalRunTransition, RUN_TRANSITIONS, RunTransition } from './run-state';
import { RunStatus } from './run.entities';

describe('the run state machine', () => {
  it('goes planned → dispatched → completed and nowhere else', () => {
    const allowed = Object.values(RunStatus).flatMap((status) =>
      Object.values(RunTransition)
        .filter((transition) => canApplyRun(status, transition))
        .map((transition) => `${status} --${transition}--> ${RUN_TRANSITIONS[transition].to}`),
    );
    expect(allowed).toEqual(['planned --dispatch--> dispatched', 'dispatched --complete--> completed']);
  });

  it('names the run, its status and what the transition needs when refused', () => {
    const problem = illegalRunTransition('r-1', RunStatus.Completed, RunTransition.Dispatch);
    expect(problem.getStatus()).toBe(409);
    expect(problem.message).toContain('run r-1 is completed; only a planned run can dispatch');
  });
});
