import { NavLink } from 'react-router';
import { useMessages } from '../../i18n';
import type { NetworkNode, NodeLevel } from './api';
import { countyMessages } from './messages';

/** The network section's own links: nodes, vehicles, routes, settings. */
export function NetworkNav() {
  const t = useMessages(countyMessages);
  const links: [string, string, boolean?][] = [
    ['/county/network', t.networkNodes, true],
    ['/county/network/vehicles', t.networkVehicles],
    ['/county/network/routes', t.networkRoutes],
    ['/county/network/settings', t.networkSettings],
  ];
  return (
    <nav className="sub-tabs" aria-label={t.networkNav}>
      <ul>
        {links.map(([to, label, end]) => (
          <li key={to}>
            <NavLink to={to} end={end}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/*
 * The node-code rules, as logistics checks them (apps/logistics/src/network/node-code.ts): the level comes from the
 * code's length (6 county hub, 9 town station, 12 village point), a node sits under a node one level up and its code
 * extends its parent's. The form checks them as you type; the API's 422 `node-placement` is still shown if it refuses.
 */
const LEVEL_BY_LENGTH: Record<number, NodeLevel> = { 6: 'county_hub', 9: 'town_station', 12: 'village_point' };
const PARENT_LEVEL: Record<NodeLevel, NodeLevel | null> = {
  county_hub: null,
  town_station: 'county_hub',
  village_point: 'town_station',
};
export const CHILD_LEVEL: Record<NodeLevel, NodeLevel | null> = {
  county_hub: 'town_station',
  town_station: 'village_point',
  village_point: null,
};
export const CODE_LENGTH: Record<NodeLevel, number> = { county_hub: 6, town_station: 9, village_point: 12 };

export const levelOfCode = (code: string): NodeLevel | null =>
  /^\d+$/.test(code) ? (LEVEL_BY_LENGTH[code.length] ?? null) : null;

export type PlacementProblem =
  | { kind: 'not-a-code' }
  | { kind: 'wrong-level'; expected: NodeLevel }
  | { kind: 'not-extending'; parentCode: string }
  | { kind: 'not-in-county'; county: string };

/** Why `code` cannot sit under `parent` in `county` (null when it can). */
export function placementProblem(code: string, parent: NetworkNode | null, county: string): PlacementProblem | null {
  const level = levelOfCode(code);
  if (!level) {
    return { kind: 'not-a-code' };
  }
  if (!code.startsWith(county)) {
    return { kind: 'not-in-county', county };
  }
  const expectedParent = PARENT_LEVEL[level];
  if (parent === null) {
    return expectedParent ? { kind: 'wrong-level', expected: 'county_hub' } : null;
  }
  const expected = CHILD_LEVEL[parent.level];
  if (!expected || level !== expected) {
    return { kind: 'wrong-level', expected: expected ?? parent.level };
  }
  if (!code.startsWith(parent.code)) {
    return { kind: 'not-extending', parentCode: parent.code };
  }
  return null;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
