import { Problem } from '@countyflow/kernel';
import { ApplicationStatus, PermitKind } from './application.entity';

/** Every change of an application's state has a name; nothing changes it except one of these. */
export enum ApplicationTransition {
  /** the applicant changes its fields or photos (no change of state) */
  Edit = 'edit',
  /** the applicant sends it to the county's queue */
  Submit = 'submit',
  /** county staff of the organisation's county approve it (the organisation is verified) */
  Approve = 'approve',
  /** county staff send it back with a reason */
  Reject = 'reject',
}

const S = ApplicationStatus;

export const APPLICATION_TRANSITIONS: Readonly<
  Record<ApplicationTransition, { from: readonly ApplicationStatus[]; to: ApplicationStatus | null }>
> = {
  [ApplicationTransition.Edit]: { from: [S.Draft, S.Rejected], to: null },
  [ApplicationTransition.Submit]: { from: [S.Draft, S.Rejected], to: S.Submitted },
  [ApplicationTransition.Approve]: { from: [S.Submitted], to: S.Approved },
  [ApplicationTransition.Reject]: { from: [S.Submitted], to: S.Rejected },
};

/** The state after `transition`, or a 409 naming the state it is in. */
export function nextApplicationStatus(status: ApplicationStatus, transition: ApplicationTransition): ApplicationStatus {
  const rule = APPLICATION_TRANSITIONS[transition];
  if (!rule.from.includes(status)) {
    throw new Problem(409, 'application-illegal-transition', `the application is ${status}; it cannot ${transition}`, {
      currentStatus: status,
      transition,
    });
  }
  return rule.to ?? status;
}

/**
 * The permits a seller needs for what it sells: packaged food needs a food business licence (食品经营许可证);
 * pesticides a pesticide operation permit (农药经营许可证). Produce sold by those who grow it needs neither.
 */
const PERMITS_BY_CATEGORY: Readonly<Record<string, PermitKind>> = {
  'packaged-food': PermitKind.FoodBusinessLicence,
  pesticide: PermitKind.PesticideOperationPermit,
};

export function requiredPermits(categories: readonly string[]): PermitKind[] {
  return [...new Set(categories.map((category) => PERMITS_BY_CATEGORY[category]).filter(Boolean))].sort();
}
