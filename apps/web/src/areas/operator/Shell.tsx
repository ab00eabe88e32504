import { NavLink, Outlet } from 'react-router';
import { useMessages } from '../../i18n';
import { operatorMessages } from './messages';
import { NodeProvider, useNode } from './node';
import { nodeMessages } from './nodeMessages';
import './operator.css';

/** The point being worked, always in sight, so an operator of several points never scans into the wrong one. */
function PointBar() {
  const t = useMessages(operatorMessages);
  const n = useMessages(nodeMessages);
  const { current, choices } = useNode();
  return (
    <p className="op-pointbar" data-testid="current-point">
      <span className="op-pointbar-name">{current.node.name}</span>
      <span className="op-pointbar-level">{n.level(current.node.level)}</span>
      {choices.length > 1 && (
        <NavLink to="/operator" end className="op-pointbar-switch">
          {t.switchPoint}
        </NavLink>
      )}
    </p>
  );
}

interface Tab {
  to: string;
  label: string;
  end?: boolean;
}

/**
 * The tab bar at the bottom of the screen, within reach of a thumb: the node's everyday jobs. A village point
 * shelves and hands over; a town station scans in, receives the van (unloads what it brings) and hands to it; the hub also loads and receives the vans
 * and hands city-bound parcels to the carrier.
 */
function TabBar() {
  const t = useMessages(operatorMessages);
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const byLevel: Record<string, Tab[]> = {
    village_point: [
      { to: '/operator', label: t.tabHome, end: true },
      { to: '/operator/scan', label: t.tabScan },
      { to: '/operator/handover', label: t.tabHandOver },
      { to: '/operator/shelves', label: t.tabShelves },
      { to: '/operator/to-van', label: n.tabToVan },
      { to: '/operator/first-km', label: t.tabFirstKm },
    ],
    town_station: [
      { to: '/operator', label: n.tabWorkspace, end: true },
      { to: '/operator/arrivals', label: n.tabArrivals },
      { to: '/operator/from-van', label: n.tabFromVan },
      { to: '/operator/to-van', label: n.tabToVan },
      { to: '/operator/exceptions', label: n.tabExceptions },
    ],
    county_hub: [
      { to: '/operator', label: n.tabWorkspace, end: true },
      { to: '/operator/arrivals', label: n.tabArrivals },
      { to: '/operator/load', label: n.tabLoad },
      { to: '/operator/unload', label: n.tabUnload },
      { to: '/operator/carrier', label: n.tabCarrier },
      { to: '/operator/exceptions', label: n.tabExceptions },
    ],
  };
  const tabs = byLevel[current.node.level];
  return (
    <nav className="op-tabs" aria-label={t.areaNav}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end}>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Every operator page: the chosen node (loaded once), the page, the tab bar. */
export function OperatorShell() {
  return (
    <div className="op">
      <NodeProvider>
        <PointBar />
        <Outlet />
        <TabBar />
      </NodeProvider>
    </div>
  );
}
