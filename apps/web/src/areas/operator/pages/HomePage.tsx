import { Link } from 'react-router';
import { useMessages } from '../../../i18n';
import { ErrorState, Page, useApi } from '../../../ui';
import { operatorApi } from '../api';
import { operatorMessages } from '../messages';
import { NodeSwitch, useNode } from '../node';
import { nodeMessages } from '../nodeMessages';
import { WorkspaceSection } from '../workspace';

/**
 * The village point at a glance: what waits on the shelves, what is overdue, what comes today, what goes up; the
 * counter's jobs; then the node's workspace (here now, due in, must go out, exceptions, the day).
 */
export function HomePage() {
  const t = useMessages(operatorMessages);
  const n = useMessages(nodeMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const counts = useApi(['operator', 'HomePage.shelves', nodeId], async (signal) => {
    const [shelves, overdue, arrivals, outbound] = await Promise.all([
      operatorApi.shelves(nodeId, signal),
      operatorApi.overdue(nodeId, signal),
      operatorApi.arrivals(nodeId, signal),
      operatorApi.outbound(nodeId, signal),
    ]);
    return {
      onShelves: shelves.waiting,
      overdue: overdue.overdue.length,
      expected: arrivals.expected.length,
      outbound: outbound.length,
    };
  });
  const tiles = [
    { key: 'onShelves', label: t.countOnShelves, to: '/operator/shelves', tone: '' },
    { key: 'overdue', label: t.countOverdue, to: '/operator/overdue', tone: 'op-tile-bad' },
    { key: 'expected', label: t.countExpected, to: '/operator/scan', tone: '' },
    { key: 'outbound', label: t.countOutbound, to: '/operator/first-km', tone: '' },
  ] as const;

  return (
    <Page title={t.homeTitle}>
      <NodeSwitch label={t.choosePoint} />
      <p className="muted small">
        {current.orgName} · {current.node.code} · {t.openingHours(current.node.openingHours)}
      </p>
      {counts.error !== undefined ? (
        <ErrorState error={counts.error} onRetry={counts.reload} />
      ) : (
        <ul className="op-tiles" aria-busy={counts.loading || undefined}>
          {tiles.map((tile) => {
            const value = counts.data?.[tile.key];
            return (
              <li key={tile.key}>
                <Link to={tile.to} className={`op-tile ${value ? tile.tone : ''}`} data-testid={`count-${tile.key}`}>
                  <span className="op-tile-number">{value ?? '…'}</span>
                  <span className="op-tile-label">{tile.label}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <h2>{t.jobs}</h2>
      <div className="op-actions">
        <Link className="button op-button-big" to="/operator/scan">
          {t.scanTitle}
        </Link>
        <Link className="button op-button-big" to="/operator/handover">
          {t.handOverTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/shelves">
          {t.shelvesTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/overdue">
          {t.overdueTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/first-km">
          {t.firstKmTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/to-van">
          {n.toVanTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/exceptions">
          {n.exceptionsTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/orders/new">
          {t.assistTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/orders">
          {t.ordersTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/commissions">
          {t.commissionsTitle}
        </Link>
        <Link className="button button-secondary op-button-big" to="/operator/cash-book">
          {t.cashBookTitle}
        </Link>
      </div>
      <h2>{n.workspaceTitle}</h2>
      <WorkspaceSection />
    </Page>
  );
}
