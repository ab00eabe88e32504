import type { Me, Membership, OrganisationKind } from '../api';

/** The kinds of organisation that sell (identity's SELLER_KINDS). */
export const SELLER_KINDS: readonly OrganisationKind[] = ['cooperative', 'family_farm', 'merchant'];

/** Memberships that let the caller run a seller's shop. */
export const sellerMemberships = (me: Me | null): Membership[] =>
  (me?.memberships ?? []).filter((m) => SELLER_KINDS.includes(m.orgKind) && (m.role === 'owner' || m.role === 'staff'));

/** Memberships that let the caller work a village service point. */
export const operatorMemberships = (me: Me | null): Membership[] =>
  (me?.memberships ?? []).filter((m) => m.orgKind === 'service_point' && (m.role === 'owner' || m.role === 'operator'));

/** County staff memberships (one per county office). */
export const countyStaffMemberships = (me: Me | null): Membership[] =>
  (me?.memberships ?? []).filter((m) => m.role === 'county_staff');

export const isPlatformAdmin = (me: Me | null): boolean =>
  (me?.memberships ?? []).some((m) => m.role === 'platform_admin');

export const isSeller = (me: Me | null): boolean => sellerMemberships(me).length > 0;
export const isOperator = (me: Me | null): boolean => operatorMemberships(me).length > 0;
export const isCountyStaff = (me: Me | null): boolean => countyStaffMemberships(me).length > 0;
export const isSignedIn = (me: Me | null): boolean => me !== null;

/** Memberships that make the caller a driver of the county's vans (the hub organisation's `driver` role). */
export const driverMemberships = (me: Me | null): Membership[] =>
  (me?.memberships ?? []).filter((m) => (m.role as string) === 'driver');
export const isDriver = (me: Me | null): boolean => driverMemberships(me).length > 0;

/**
 * Where a person lands after logging in (when no page asked for the login): where their work is — a driver's runs,
 * a node's workspace, the county console, the seller console — and the shop for everyone else.
 */
export function homeOf(me: Me | null): string {
  if (isDriver(me)) {
    return '/driver';
  }
  if (isOperator(me)) {
    return '/operator';
  }
  if (isCountyStaff(me) || isPlatformAdmin(me)) {
    return '/county';
  }
  return isSeller(me) ? '/seller' : '/';
}
