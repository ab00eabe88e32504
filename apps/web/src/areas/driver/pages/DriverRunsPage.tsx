import { Link } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { driverApi } from '../api';
import '../driver.css';
import { driverMessages } from '../messages';

/** My runs today: each run with its stops and what to drop and collect, opened to work it stop by stop. */
export function DriverRunsPage() {
  const t = useMessages(driverMessages);
  const runs = useApi(['driver', 'DriverRunsPage.runs'], (signal) => driverApi.myRuns(signal));
  return (
    <Page title={t.runsTitle}>
      <h2>{t.runsToday}</h2>
      <AsyncView
        data={runs.data}
        error={runs.error}
        loading={runs.loading}
        onRetry={runs.reload}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title={t.noRuns}>{t.noRunsBody}</EmptyState>}
      >
        {(list) => (
          <ul className="drv-runs">
            {list.map((run) => {
              const drops = run.stops.reduce((sum, stop) => sum + stop.drop.length, 0);
              const collects = run.stops.reduce((sum, stop) => sum + stop.collect.length, 0);
              return (
                <li key={run.id}>
                  <Link className="drv-run-card" to={`/driver/runs/${run.id}`} data-testid="driver-run">
                    <div className="spread">
                      <strong>{t.runTitle(run.vehiclePlate, run.trip)}</strong>
                      <span className={`tag ${run.status === 'completed' ? 'tag-muted' : 'tag-good'}`}>
                        {t.status(run.status)}
                      </span>
                    </div>
                    <div className="small">
                      {t.stops(run.stops.length)} · {t.toDrop(drops)} · {t.toCollect(collects)}
                      {run.cold && ` · ${t.cold}`}
                    </div>
                    <div className="small muted">{run.stops.map((stop) => stop.nodeName).join(' → ')}</div>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </AsyncView>
    </Page>
  );
}
