import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Me } from '../api';
import type { Locale } from '../i18n';

/** A link in the header's navigation. */
export interface NavEntry {
  to: string;
  label: (locale: Locale) => string;
  /** Who sees it (default: everyone), from the signed-in caller's memberships; see session/roles.ts. */
  visible?: (me: Me | null) => boolean;
  /** Sort key across areas, lower first (buyer links 0–99, seller 100, operator 200, county 300). */
  order?: number;
  /** Something live beside the label, e.g. the basket's count. */
  Badge?: ComponentType;
  /** Match only this exact path (for `/`). */
  end?: boolean;
}

/**
 * One area of the app (buyer, seller, operator, county, …): its routes, mounted inside the common layout, and its
 * header links. Each area exports `area` from `areas/<area>/routes.tsx`; the app finds them by that file name.
 */
export interface AreaDefinition {
  id: string;
  /** Absolute paths (`/seller/listings/:id`); an area keeps to its own prefix. */
  routes: RouteObject[];
  nav?: NavEntry[];
}

export const defineArea = (area: AreaDefinition): AreaDefinition => area;
