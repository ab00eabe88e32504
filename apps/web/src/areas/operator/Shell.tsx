import { NavLink, Outlet } from 'react-router';
import { useMessages } from '../../i18n';
import { operatorMessages } from './messages';
import './operator.css';
import { PointProvider, usePoint } from './point';

/** The point being worked, always in sight, so an operator of several points never scans into the wrong one. */
function PointBar() {
  const t = useMessages(operatorMessages);
  const { current, choices } = usePoint();
  return (
    <p className="op-pointbar" data-testid="current-point">
      <span className="op-pointbar-name">{current.node.name}</span>
      {choices.length > 1 && (
        <NavLink to="/operator" end className="op-pointbar-switch">
          {t.switchPoint}
        </NavLink>
      )}
    </p>
  );
}

/** The tab bar at the bottom of the screen, within reach of a thumb: the counter's everyday jobs. */
function TabBar() {
  const t = useMessages(operatorMessages);
  const tabs = [
    { to: '/operator', label: t.tabHome, end: true },
    { to: '/operator/scan', label: t.tabScan },
    { to: '/operator/handover', label: t.tabHandOver },
    { to: '/operator/shelves', label: t.tabShelves },
    { to: '/operator/first-km', label: t.tabFirstKm },
  ];
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

/** Every operator page: the chosen point (loaded once), the page, the tab bar. */
export function OperatorShell() {
  return (
    <div className="op">
      <PointProvider>
        <PointBar />
        <Outlet />
        <TabBar />
      </PointProvider>
    </div>
  );
}
