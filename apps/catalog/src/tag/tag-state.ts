import { TagStatus } from './tag.entity';

/** Every change of a tag's state has a name; nothing changes the state except one of these. */
export enum TagTransition {
  /** county staff of the listing's county checked the certificate */
  Verify = 'verify',
  Reject = 'reject',
  /** county staff of the listing's county take a verified tag back, with a reason */
  Revoke = 'revoke',
  /** the seller takes an application or a tag back */
  Withdraw = 'withdraw',
  /** the certificate's last valid day has passed (the expiry sweep) */
  Expire = 'expire',
}

const S = TagStatus;

export const TAG_TRANSITIONS: Readonly<Record<TagTransition, { from: readonly TagStatus[]; to: TagStatus }>> = {
  [TagTransition.Verify]: { from: [S.Pending], to: S.Verified },
  [TagTransition.Reject]: { from: [S.Pending], to: S.Rejected },
  [TagTransition.Revoke]: { from: [S.Verified], to: S.Revoked },
  [TagTransition.Withdraw]: { from: [S.Pending, S.Verified], to: S.Withdrawn },
  [TagTransition.Expire]: { from: [S.Verified], to: S.Expired },
};

/** The states in which a tag holds its kind on the listing (one at a time: `listing_tag_live`). */
export const LIVE_TAG_STATUSES: readonly TagStatus[] = [S.Pending, S.Verified];
