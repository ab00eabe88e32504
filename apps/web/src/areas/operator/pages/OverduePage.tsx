import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { operatorApi, type PointParcel } from '../api';
import { DaysLeft, ParcelList } from '../components';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

/** Parcels past or near their collect-by time, and those taken off the shelf to go back to the sender. */
export function OverduePage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const { current } = useNode();
  const nodeId = current.node.id;
  const countyCode = current.node.countyCode;
  const { data, error, loading, reload } = useApi(
    ['operator', 'OverduePage.overdue', nodeId, countyCode],
    async (signal) => {
      const [view, settings] = await Promise.all([
        operatorApi.overdue(nodeId, signal),
        operatorApi.settings(countyCode, signal).catch(() => null),
      ]);
      return { ...view, settings };
    },
  );

  const deadline = (parcel: PointParcel) => (
    <div className="spread small">
      <span>{parcel.collectBy && t.collectBy(f.dateTime(parcel.collectBy))}</span>
      <DaysLeft collectBy={parcel.collectBy} />
    </div>
  );

  return (
    <Page title={t.overdueTitle}>
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(view) => view.overdue.length + view.dueSoon.length + view.returning.length === 0}
        empty={<EmptyState title={t.overdueNone}>{t.overdueNoneBody}</EmptyState>}
      >
        {(view) => (
          <>
            {view.settings && (
              <p className="muted small">
                {t.retentionRule(view.settings.retentionDays, view.settings.reminderHoursBefore)}
              </p>
            )}
            <section aria-labelledby="overdue-past">
              <h2 id="overdue-past">{t.overduePast(view.overdue.length)}</h2>
              {view.overdue.length === 0 ? (
                <p className="muted">{t.none}</p>
              ) : (
                <>
                  <p className="small">{t.overduePastBody}</p>
                  <ParcelList
                    parcels={view.overdue}
                    extra={(parcel) => (
                      <>
                        {deadline(parcel)}
                        <p className="small muted">{t.reminderSent}</p>
                      </>
                    )}
                  />
                </>
              )}
            </section>
            <section aria-labelledby="overdue-soon">
              <h2 id="overdue-soon">{t.overdueSoon(view.dueSoon.length)}</h2>
              {view.dueSoon.length === 0 ? (
                <p className="muted">{t.none}</p>
              ) : (
                <ParcelList
                  parcels={view.dueSoon}
                  extra={(parcel) => (
                    <>
                      {deadline(parcel)}
                      <p className="small muted">{t.reminderWindow}</p>
                    </>
                  )}
                />
              )}
            </section>
            <section aria-labelledby="overdue-returning">
              <h2 id="overdue-returning">{t.returning(view.returning.length)}</h2>
              {view.returning.length === 0 ? (
                <p className="muted">{t.none}</p>
              ) : (
                <>
                  <p className="small">{t.returningBody}</p>
                  <ParcelList parcels={view.returning} />
                </>
              )}
            </section>
          </>
        )}
      </AsyncView>
    </Page>
  );
}
