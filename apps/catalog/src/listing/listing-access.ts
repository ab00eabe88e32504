import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { Listing } from './listing.entity';

/** The roles of a selling organisation that create and change its listings, stock and lots. */
export const SELLER_ROLES = [MembershipRole.Owner, MembershipRole.Staff];

export const canManageListing = (principal: Principal | undefined, listing: Pick<Listing, 'sellerOrgId'>): boolean =>
  principal?.isMemberOf(listing.sellerOrgId, SELLER_ROLES) ?? false;

/** County staff of the listing's county and platform admins see every listing, public or not. */
export const canOverseeListing = (principal: Principal | undefined, listing: Pick<Listing, 'countyCode'>): boolean =>
  (principal?.isCountyStaffOf(listing.countyCode) ?? false) || (principal?.isPlatformAdmin() ?? false);

export const listingNotFound = (id: string): Problem => new Problem(404, 'listing-not-found', `no listing ${id}`);

/**
 * Refuses a caller who is not a member of the selling organisation: 403 when the listing is public anyway, 404
 * when it is not (its existence is not theirs to learn).
 */
export function assertCanManageListing(
  principal: Principal,
  listing: Pick<Listing, 'id' | 'sellerOrgId' | 'countyCode'>,
  isPublic: boolean,
): void {
  if (canManageListing(principal, listing)) {
    return;
  }
  if (!isPublic && !canOverseeListing(principal, listing)) {
    throw listingNotFound(listing.id);
  }
  throw new Problem(
    403,
    'not-a-member',
    `only owners and staff of the selling organisation can change listing ${listing.id}`,
  );
}
