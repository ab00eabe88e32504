import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Membership } from '../../api';
import { sellerMemberships, useSession } from '../../session';

const STORAGE_KEY = 'cf.seller.org';

interface SellerOrgState {
  /** The organisation the console works for now. */
  org: Membership;
  /** Every seller organisation the caller may run. */
  orgs: Membership[];
  choose: (orgId: string) => void;
}

const SellerOrgContext = createContext<SellerOrgState | null>(null);

function stored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * Which seller organisation the console shows: the one chosen last (remembered in localStorage), else the first of
 * the caller's seller memberships. Rendered inside <RequireSession allow={isSeller}>, so there is at least one.
 */
export function SellerOrgProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const orgs = useMemo(() => sellerMemberships(me), [me]);
  const [chosen, setChosen] = useState<string | null>(stored);
  const choose = useCallback((orgId: string) => {
    setChosen(orgId);
    try {
      localStorage.setItem(STORAGE_KEY, orgId);
    } catch {
      // private mode: the choice lasts for this page
    }
  }, []);
  const org = orgs.find((membership) => membership.orgId === chosen) ?? orgs[0];
  const value = useMemo(() => (org ? { org, orgs, choose } : null), [org, orgs, choose]);
  if (!value) {
    return null;
  }
  return <SellerOrgContext.Provider value={value}>{children}</SellerOrgContext.Provider>;
}

export function useSellerOrg(): SellerOrgState {
  const state = useContext(SellerOrgContext);
  if (!state) {
    throw new Error('useSellerOrg() outside <SellerOrgProvider>');
  }
  return state;
}
