import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, TextField, useApi } from '../../../ui';
import { operatorApi, parcelRef, type ArrivalResult } from '../api';
import { ParcelList, ScanForm } from '../components';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

const temperatureOf = (text: string): number | undefined => {
  const value = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
};

/** The result of the last scan: the slot to put the parcel on and the code to write on it, in large print. */
function ArrivalCard({ arrival }: { arrival: ArrivalResult }) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const shelved = arrival.pickupCode !== null && arrival.shelf !== null && arrival.layer !== null;
  const card = useRef<HTMLDivElement>(null);
  // on a phone the result lands below the fold: bring it into sight (the code field keeps the focus for the scanner)
  useEffect(() => {
    // (newer browsers return a promise from scrollIntoView: never hand that to React as a cleanup)
    card.current?.scrollIntoView?.({ block: 'nearest' });
  }, [arrival]);
  return (
    <div ref={card} className="card op-result op-result-good" role="status" data-testid="arrival-result">
      <p className="op-result-title">{shelved ? t.arrivalShelved : t.arrivalPassing}</p>
      <p className="op-parcel-code">{arrival.parcelCode}</p>
      {shelved && (
        <>
          <dl className="op-big-facts">
            <div>
              <dt>{t.putOn}</dt>
              <dd data-testid="arrival-slot">{t.slot(arrival.shelf!, arrival.layer!)}</dd>
            </div>
            <div>
              <dt>{t.pickupCode}</dt>
              <dd className="op-pickup-code" data-testid="arrival-code">
                {arrival.pickupCode}
              </dd>
            </div>
          </dl>
          <p className="small">{t.writeCodeOnParcel}</p>
          {arrival.collectBy && <p className="small muted">{t.collectBy(f.dateTime(arrival.collectBy))}</p>}
        </>
      )}
    </div>
  );
}

/** Scan parcels in from the run: each gets a shelf slot and a pickup code (the recipient is told by SMS). */
export function ScanInPage() {
  const t = useMessages(operatorMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const today = useApi(['operator', 'ScanInPage.arrivals', nodeId], (signal) => operatorApi.arrivals(nodeId, signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [results, setResults] = useState<ArrivalResult[]>([]);
  const [temperature, setTemperature] = useState('');
  const [coldOpen, setColdOpen] = useState(false);

  const scan = async (ref: { parcelCode: string } | { shipmentId: string }): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      const arrival = await operatorApi.arrive(nodeId, { ...ref, temperatureC: temperatureOf(temperature) });
      setResults((done) => [arrival, ...done.filter((item) => item.shipmentId !== arrival.shipmentId)]);
      setTemperature('');
      today.reload();
      return true;
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.code === 'temperature-required') {
        setColdOpen(true);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const [last, ...earlier] = results;
  return (
    <Page title={t.scanTitle}>
      <p className="muted small">{t.scanIntro}</p>
      <ScanForm
        name="parcel-code"
        label={t.parcelCodeLabel}
        hint={t.parcelCodeHint}
        placeholder="360722-7KQ2M9XA"
        submitLabel={t.scanSubmit}
        busy={busy}
        onScan={(code) => scan(parcelRef(code))}
      >
        <details className="op-details" open={coldOpen} onToggle={(event) => setColdOpen(event.currentTarget.open)}>
          <summary>{t.coldChain}</summary>
          <TextField
            label={t.temperatureLabel}
            hint={t.temperatureHint}
            name="temperatureC"
            inputMode="decimal"
            value={temperature}
            onChange={(event) => setTemperature(event.target.value)}
          />
        </details>
      </ScanForm>
      <div aria-live="polite">
        {error !== undefined ? <ProblemMessage error={error} /> : last && <ArrivalCard arrival={last} />}
      </div>
      {earlier.length > 0 && (
        <>
          <h2>{t.scannedThisSession}</h2>
          <ul className="op-parcels">
            {earlier.map((item) => (
              <li key={item.shipmentId} className="op-parcel spread">
                <strong className="op-parcel-code">{item.parcelCode}</strong>
                <span>{item.pickupCode ?? t.arrivalPassing}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t.expectedToday}</h2>
      <AsyncView
        data={today.data}
        error={today.error}
        loading={today.loading}
        onRetry={today.reload}
        isEmpty={(view) => view.expected.length === 0}
        empty={<EmptyState title={t.expectedNone} />}
      >
        {(view) => (
          <ParcelList
            parcels={view.expected}
            extra={(parcel) => (
              <button
                type="button"
                className="button button-secondary button-small"
                disabled={busy}
                onClick={() => void scan({ shipmentId: parcel.shipmentId })}
              >
                {t.scanThisOne}
              </button>
            )}
          />
        )}
      </AsyncView>
      {today.data && today.data.arrived.length > 0 && (
        <>
          <h2>{t.arrivedToday(today.data.arrived.length)}</h2>
          <ParcelList parcels={today.data.arrived} />
        </>
      )}
    </Page>
  );
}
