import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { countyApi, type Load, type Plan, type Run } from '../api';
import { ConfirmAction, DayPicker, ScrollTable, StatusTag, useCountyFormat, useDayParam } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

const parcels = (run: Run) =>
  run.stops.reduce((sum, stop) => ({ drop: sum.drop + stop.drop.length, collect: sum.collect + stop.collect.length }), {
    drop: 0,
    collect: 0,
  });

function useLoad() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  return (load: Load, capacity?: Load) =>
    capacity
      ? t.loadOf(f.num(load.kg), f.num(capacity.kg), f.num(load.litres), f.num(capacity.litres))
      : t.load(f.num(load.kg), f.num(load.litres));
}

function PlanSummary({ plan }: { plan: Plan }) {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  return (
    <section className="card plan-summary" aria-labelledby="plan-summary" role="status">
      <h2 id="plan-summary">{t.planDone(plan.runs.length)}</h2>
      <p>{t.planFacts(plan.planner, f.num(plan.planningMs), f.num(plan.totalDistanceKm))}</p>
      {plan.unassigned.length > 0 && (
        <>
          <p className="problem-title">{t.unassigned(plan.unassigned.length)}</p>
          <ul>
            {plan.unassigned.map((item) => (
              <li key={item.shipmentId}>
                <code>{item.shipmentId.slice(0, 8)}</code> {item.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function RunsPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const load = useLoad();
  const { code } = useCounty();
  const [date, setDate] = useDayParam();
  const view = useApi(['county', 'RunsPage.runs', code, date], (signal) =>
    countyApi.logistics.runs(code, date, signal),
  );
  const [plan, setPlan] = useState<Plan>();
  return (
    <Page title={t.runsTitle}>
      <p className="muted">{t.runsIntro}</p>
      <DayPicker
        value={date}
        onChange={(day) => {
          setPlan(undefined);
          setDate(day);
        }}
      >
        <ConfirmAction
          label={t.planDay}
          question={t.planQuestion(f.date(date))}
          confirmLabel={t.planConfirm}
          onConfirm={async () => {
            const result = await countyApi.logistics.plan(code, date);
            setPlan(result);
            view.setData(result.runs);
          }}
        />
      </DayPicker>
      {plan && <PlanSummary plan={plan} />}
      <div className="card">
        <AsyncView
          data={view.data}
          error={view.error}
          loading={view.loading && !view.data}
          onRetry={view.reload}
          isEmpty={(runs) => runs.length === 0}
          empty={<EmptyState title={t.noRuns}>{t.noRunsBody}</EmptyState>}
        >
          {(runs) => (
            <ScrollTable label={t.runsOf(f.date(date))}>
              <thead>
                <tr>
                  <th scope="col">{t.vehicle}</th>
                  <th scope="col">{t.trip}</th>
                  <th scope="col">{t.state}</th>
                  <th scope="col">{t.stops}</th>
                  <th scope="col">{t.dropCollect}</th>
                  <th scope="col">{t.distance}</th>
                  <th scope="col">{t.peakLoad}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => {
                  const count = parcels(run);
                  return (
                    <tr key={run.id} data-testid="run-row">
                      <th scope="row">
                        {run.vehiclePlate} {run.cold && <span className="tag tag-cold">{t.cold}</span>}
                      </th>
                      <td className="num">{run.trip}</td>
                      <td>
                        <StatusTag status={run.status} />
                      </td>
                      <td>{run.stops.map((stop) => stop.nodeName).join(' → ')}</td>
                      <td className="num">{t.dropCollectValue(count.drop, count.collect)}</td>
                      <td className="num">{f.num(run.distanceKm)} km</td>
                      <td className="num">{load(run.peakLoad, run.capacity)}</td>
                      <td>
                        <Link to={`/county/runs/${run.id}`}>{t.manifest}</Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </ScrollTable>
          )}
        </AsyncView>
      </div>
    </Page>
  );
}

export function RunManifestPage() {
  const { id = '' } = useParams();
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const load = useLoad();
  const view = useApi(['county', 'RunsPage.run', id], (signal) => countyApi.logistics.run(id, signal));
  const run = view.data;
  const title = run ? t.manifestTitle(run.vehiclePlate, f.date(run.runDate)) : t.manifest;
  return (
    <Page
      title={title}
      className="county-manifest"
      actions={
        run && (
          <button type="button" className="button button-secondary no-print" onClick={() => window.print()}>
            {t.print}
          </button>
        )
      }
    >
      <p className="no-print">
        <Link to={run ? `/county/runs?date=${run.runDate}` : '/county/runs'}>← {t.backToRuns}</Link>
      </p>
      <AsyncView data={view.data} error={view.error} loading={view.loading} onRetry={view.reload}>
        {(run) => (
          <>
            <dl className="facts card">
              <dt>{t.vehicle}</dt>
              <dd>
                {run.vehiclePlate} {run.refrigerated && <span className="tag tag-cold">{t.refrigerated}</span>}
              </dd>
              <dt>{t.trip}</dt>
              <dd>{run.trip}</dd>
              <dt>{t.state}</dt>
              <dd>
                <StatusTag status={run.status} />
              </dd>
              <dt>{t.distance}</dt>
              <dd>{f.num(run.distanceKm)} km</dd>
              <dt>{t.startLoad}</dt>
              <dd>{load(run.startLoad, run.capacity)}</dd>
              <dt>{t.peakLoad}</dt>
              <dd>{load(run.peakLoad, run.capacity)}</dd>
            </dl>
            <ol className="manifest-stops">
              {run.stops.map((stop) => (
                <li key={`${stop.seq}-${stop.nodeId}`} className="card manifest-stop">
                  <h2>
                    {t.stopHeading(stop.seq, stop.nodeName)} <code>{stop.nodeCode}</code>
                  </h2>
                  <ScrollTable label={t.stopTable(stop.seq, stop.nodeName)}>
                    <thead>
                      <tr>
                        <th scope="col">{t.manifestAction}</th>
                        <th scope="col">{t.parcelCode}</th>
                        <th scope="col">{t.weight}</th>
                        <th scope="col">{t.volume}</th>
                        <th scope="col">{t.cold}</th>
                        <th scope="col" className="print-only">
                          {t.signature}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {stop.drop.length + stop.collect.length === 0 && (
                        <tr>
                          <td colSpan={5} className="muted">
                            {t.nothingAtStop}
                          </td>
                        </tr>
                      )}
                      {[
                        ...stop.drop.map((parcel) => ({ parcel, action: t.drop })),
                        ...stop.collect.map((parcel) => ({ parcel, action: t.collect })),
                      ].map(({ parcel, action }) => (
                        <tr key={`${action}-${parcel.shipmentId}`}>
                          <td>{action}</td>
                          <th scope="row">
                            <code>{parcel.parcelCode}</code>
                          </th>
                          <td className="num">{f.grams(parcel.weightGrams)}</td>
                          <td className="num">{f.num(parcel.volumeMl / 1000)} L</td>
                          <td>{parcel.cold ? t.yes : ''}</td>
                          <td className="print-only signature-cell" />
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                  <p className="small">{t.loadAfter(load(stop.loadAfter, run.capacity))}</p>
                </li>
              ))}
            </ol>
            {run.stops.length === 0 && <EmptyState>{t.noStops}</EmptyState>}
          </>
        )}
      </AsyncView>
    </Page>
  );
}
