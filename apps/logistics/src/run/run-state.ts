import { Problem } from '@countyflow/kernel';
import { RunStatus } from './run.entities';

/** Every change of a run's status has a name; nothing changes the status except one of these. */
export enum RunTransition {
  /** it leaves the hub with its drops */
  Dispatch = 'dispatch',
  /** back at the hub */
  Complete = 'complete',
}

export interface RunRule {
  from: readonly RunStatus[];
  to: RunStatus;
  /** The timestamp column the transition sets to its time. */
  stamps: 'dispatched_at' | 'completed_at';
}

export const RUN_TRANSITIONS: Readonly<Record<RunTransition, RunRule>> = {
  [RunTransition.Dispatch]: { from: [RunStatus.Planned], to: RunStatus.Dispatched, stamps: 'dispatched_at' },
  [RunTransition.Complete]: { from: [RunStatus.Dispatched], to: RunStatus.Completed, stamps: 'completed_at' },
};

export function canApplyRun(status: RunStatus, transition: RunTransition): boolean {
  return RUN_TRANSITIONS[transition].from.includes(status);
}

export function illegalRunTransition(runId: string, status: RunStatus, transition: RunTransition): Problem {
  return new Problem(
    409,
    'illegal-transition',
    `run ${runId} is ${status}; only a ${RUN_TRANSITIONS[transition].from.join(' or ')} run can ${transition}`,
  );
}
