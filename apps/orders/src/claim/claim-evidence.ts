import { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { isBuyerOf, isSellerOf } from '../order/order.access';
import { Order } from '../order/order.entities';
import { Claim, ClaimStatus } from './claim.entities';

/** A claim takes at most this many evidence photos. */
export const MAX_CLAIM_PHOTOS = 9;

/**
 * Who may see a claim's evidence photos: the buyer (or the service point that ordered for them), the seller, county
 * staff of the claim's county (who decide it) and platform admins. A service point that only hands the parcel over
 * may read the claim, but gets no links to its photos.
 */
export function canSeeEvidence(principal: Principal, claim: Claim, order: Order): boolean {
  return (
    isBuyerOf(principal, order) ||
    isSellerOf(principal, order) ||
    principal.isCountyStaffOf(claim.countyCode) ||
    principal.isPlatformAdmin()
  );
}

/** An evidence photo is added while the claim is open, up to {@link MAX_CLAIM_PHOTOS}. */
export function assertRoomForEvidence(claim: Claim): void {
  if (claim.status === ClaimStatus.Resolved) {
    throw new Problem(409, 'claim-resolved', `claim ${claim.id} is resolved; it takes no more photos`);
  }
  if (claim.photoIds.length >= MAX_CLAIM_PHOTOS) {
    throw new Problem(409, 'claim-photos-full', `claim ${claim.id} has ${MAX_CLAIM_PHOTOS} photos, the most it takes`, {
      max: MAX_CLAIM_PHOTOS,
    });
  }
}
