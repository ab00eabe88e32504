import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, Page, SubmitButton, TextField, useApi } from '../../../ui';
import { QueueList, ScanForm, SignalBar, useScanQueue, type QueuedScan, type ScanQueueState } from '../../../ui/scan';
import { parcelRef } from '../../operator/api';
import { driverApi, runScope, type DriverParcel, type DriverRun, type DriverStop } from '../api';
import '../driver.css';
import { driverMessages } from '../messages';

/** Where the driver is: -1 at the hub before leaving, 0…n−1 the stops, n back at the hub. Kept on the device. */
function usePosition(runId: string): [number, (position: number) => void] {
  const key = `cf.driver.position.${runId}`;
  const [position, setPosition] = useState(() => Number(localStorage.getItem(key) ?? '-1'));
  const move = (next: number) => {
    setPosition(next);
    localStorage.setItem(key, String(next));
  };
  return [position, move];
}

/** A parcel's scan on this device, if any (not counting refused ones). */
const scanOf = (scans: QueuedScan[], code: string, action: string): QueuedScan | undefined =>
  scans.find((scan) => scan.label === code && scan.action === action && scan.state !== 'refused');

function StopParcels({
  parcels,
  action,
  queue,
}: {
  parcels: DriverParcel[];
  action: 'drop' | 'collect';
  queue: ScanQueueState;
}) {
  const t = useMessages(driverMessages);
  if (parcels.length === 0) {
    return <p className="small muted">{t.nothing}</p>;
  }
  return (
    <ul className="drv-parcels">
      {parcels.map((parcel) => {
        const local = scanOf(queue.scans, parcel.parcelCode, action);
        // a drop is done once dropped; a collection once it is on board (and done at the hub)
        const done =
          (action === 'drop' ? parcel.state === 'done' : parcel.state !== 'waiting') || local?.state === 'sent';
        return (
          <li key={parcel.shipmentId} data-testid={`${action}-parcel`} data-done={done} data-code={parcel.parcelCode}>
            <span className="drv-code">{parcel.parcelCode}</span>
            <span className="small">{done ? `✓ ${t.done}` : local ? t.waitingUpload : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

function ReadingForm({ runId, queue }: { runId: string; queue: ScanQueueState }) {
  const t = useMessages(driverMessages);
  const { register, handleSubmit, reset, formState } = useForm<{ readingC: string }>({
    defaultValues: { readingC: '' },
  });
  const record = handleSubmit(async ({ readingC }) => {
    const value = Number(readingC.replace(',', '.'));
    await queue.enqueue({
      service: 'logistics',
      path: `/runs/${runId}/temperatures`,
      body: { readingC: value },
      action: 'temperature',
      label: `${value} °C`,
    });
    reset({ readingC: '' });
  });
  return (
    <form className="form" onSubmit={(event) => void record(event)} noValidate>
      <TextField
        label={t.reading}
        hint={t.readingHint}
        inputMode="decimal"
        error={formState.errors.readingC?.message}
        {...register('readingC', {
          validate: (value) =>
            value.trim() !== '' && Number.isFinite(Number(value.replace(',', '.'))) ? true : t.readingInvalid,
        })}
      />
      <SubmitButton className="button button-secondary" busy={formState.isSubmitting}>
        {t.recordReading}
      </SubmitButton>
    </form>
  );
}

/** One stop: what to drop and collect there, each scanned (typed, hand scanner or camera). */
function StopView({ run, stop, queue }: { run: DriverRun; stop: DriverStop; queue: ScanQueueState }) {
  const t = useMessages(driverMessages);
  const [note, setNote] = useState<string>();
  const scan = async (code: string): Promise<boolean> => {
    const ref = parcelRef(code);
    const label = 'parcelCode' in ref ? ref.parcelCode : ref.shipmentId;
    const matches = (parcel: DriverParcel) => parcel.parcelCode === label || parcel.shipmentId === label;
    const collect = stop.collect.some(matches);
    setNote(collect || stop.drop.some(matches) ? undefined : t.notOnThisStop);
    const path = `/runs/${run.id}/stops/${stop.nodeId}/${collect ? 'collections' : 'drops'}`;
    await queue.enqueue({ service: 'logistics', path, body: ref, action: collect ? 'collect' : 'drop', label });
    return true;
  };
  return (
    <section className="drv-stop" data-testid="driver-stop" data-stop={stop.nodeName}>
      <p className="small muted">{t.stopOf(run.stops.indexOf(stop) + 1, run.stops.length)}</p>
      <h2>{stop.nodeName}</h2>
      <h3>{t.dropHere}</h3>
      <StopParcels parcels={stop.drop} action="drop" queue={queue} />
      <h3>{t.collectHere}</h3>
      <StopParcels parcels={stop.collect} action="collect" queue={queue} />
      <ScanForm name="parcel-code" label={t.scanLabel} submitLabel={t.scanSubmit} busy={false} onScan={scan} />
      {note && <p className="notice small">{note}</p>}
    </section>
  );
}

/**
 * A run stop by stop: leave the hub, at each stop scan what is dropped and what is collected, cold-chain readings
 * on a cold run, "run complete" back at the hub. Every scan is kept on the phone and sent with its own
 * Idempotency-Key, so the run goes on through a dead spot and nothing is applied twice.
 */
export function DriverRunPage() {
  const t = useMessages(driverMessages);
  const { id = '' } = useParams();
  const run = useApi(['driver', 'DriverRunPage.run', id], (signal) => driverApi.run(id, signal));
  const queue = useScanQueue(runScope(id));
  const [position, move] = usePosition(id);
  const answered = queue.scans.filter((scan) => scan.state !== 'waiting').length;
  const { reload } = run;
  useEffect(() => {
    if (answered > 0) {
      reload();
    }
  }, [answered, reload]);

  const enqueueRun = (action: 'dispatch' | 'complete', label: string) =>
    queue.enqueue({ service: 'logistics', path: `/runs/${id}/${action}`, body: {}, action, label });
  const completion = queue.scans.find((scan) => scan.action === 'complete' && scan.state !== 'refused');

  return (
    <Page title={t.runsTitle}>
      <AsyncView data={run.data} error={run.error} loading={run.loading} onRetry={run.reload}>
        {(data) => {
          const total = data.stops.length;
          const stop = position >= 0 && position < total ? data.stops[position] : undefined;
          return (
            <>
              <div className="spread">
                <strong>{t.runTitle(data.vehiclePlate, data.trip)}</strong>
                <span className="tag tag-good" data-testid="run-status">
                  {t.status(data.status)}
                </span>
              </div>
              <SignalBar queue={queue} />
              <ol className="drv-stepper" aria-hidden="true">
                {data.stops.map((candidate, index) => (
                  <li
                    key={candidate.nodeId}
                    data-state={index === position ? 'current' : index < position ? 'past' : 'next'}
                  />
                ))}
              </ol>
              {position < 0 && (
                <div className="drv-stop">
                  <h2>{t.leaveHub}</h2>
                  <p className="small">{data.stops.map((candidate) => candidate.nodeName).join(' → ')}</p>
                  <button
                    type="button"
                    className="button button-block"
                    onClick={() => {
                      if (data.status === 'planned' && !queue.scans.some((scan) => scan.action === 'dispatch')) {
                        void enqueueRun('dispatch', data.vehiclePlate);
                      }
                      move(0);
                    }}
                  >
                    {t.leaveHub}
                  </button>
                </div>
              )}
              {stop && <StopView key={stop.nodeId} run={data} stop={stop} queue={queue} />}
              {position >= total && (
                <div className="drv-stop">
                  <h2>{t.backAtHub}</h2>
                  {data.status === 'completed' ? (
                    <p className="notice" data-testid="run-complete">
                      {t.completeDone}
                    </p>
                  ) : completion ? (
                    <p className="notice" data-testid="run-complete">
                      {completion.state === 'sent' ? t.completeDone : t.completeQueued}
                    </p>
                  ) : (
                    <button
                      type="button"
                      className="button button-block"
                      onClick={() => void enqueueRun('complete', data.vehiclePlate)}
                    >
                      {t.completeRun}
                    </button>
                  )}
                </div>
              )}
              {position >= 0 && (
                <div className="drv-nav">
                  <button type="button" className="button button-secondary" onClick={() => move(position - 1)}>
                    {t.previousStop}
                  </button>
                  {position < total && (
                    <button type="button" className="button" onClick={() => move(position + 1)}>
                      {position + 1 < total ? t.nextStop : t.backAtHub}
                    </button>
                  )}
                </div>
              )}
              {data.cold && <ReadingForm runId={data.id} queue={queue} />}
              <h2>{t.scans}</h2>
              <QueueList scans={queue.scans} actionLabel={t.action} />
            </>
          );
        }}
      </AsyncView>
    </Page>
  );
}
