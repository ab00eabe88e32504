import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ApiError, fieldErrorOf } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, TextAreaField, TextField, useApi } from '../../../ui';
import { operatorApi, parcelRef, type HandInResult, type ShipmentSummary } from '../api';
import { ParcelList } from '../components';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

const kgToGrams = (text: string): number | undefined => {
  const value = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
};

const splitCodes = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,，;；]+/)
      .map((code) => code.trim())
      .filter(Boolean),
  ),
];

/** The scale against the order, as the API reports a refusal: expected, weighed, difference, tolerance. */
function WeightProblem({ error }: { error: ApiError }) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const p = error.problem as {
    expectedGrams?: number;
    weighedGrams?: number;
    differenceGrams?: number;
    toleranceGrams?: number;
  };
  if (typeof p.expectedGrams !== 'number') {
    return null;
  }
  return (
    <dl className="facts op-weight-facts">
      <dt>{t.declaredWeight}</dt>
      <dd>{f.grams(p.expectedGrams)}</dd>
      <dt>{t.weighed}</dt>
      <dd>{f.grams(p.weighedGrams ?? 0)}</dd>
      <dt>{t.difference}</dt>
      <dd>{t.grams(p.differenceGrams ?? 0)}</dd>
      <dt>{t.tolerance}</dt>
      <dd>±{t.grams(p.toleranceGrams ?? 0)}</dd>
    </dl>
  );
}

/** First kilometre: take a cooperative's produce in — weigh it against the order, scan its lots' trace codes. */
export function FirstKmPage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const { current } = useNode();
  const nodeId = current.node.id;
  const waiting = useApi(['operator', 'FirstKmPage.awaitingHandIn', nodeId], (signal) =>
    operatorApi.awaitingHandIn(nodeId, signal),
  );
  const outbound = useApi(['operator', 'FirstKmPage.outbound', nodeId], (signal) =>
    operatorApi.outbound(nodeId, signal),
  );
  const [code, setCode] = useState('');
  const [weight, setWeight] = useState('');
  const [traceCodes, setTraceCodes] = useState('');
  const [temperature, setTemperature] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<HandInResult>();
  const weightInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);

  const ref = code.trim() ? parcelRef(code) : undefined;
  const selected: ShipmentSummary | undefined =
    ref && waiting.data?.find((s) => ('shipmentId' in ref ? s.id === ref.shipmentId : s.parcelCode === ref.parcelCode));
  const cold = selected ? selected.temperatureClass !== 'ambient' : false;
  const grams = kgToGrams(weight);
  const codes = splitCodes(traceCodes);

  // a hand scanner ends the parcel code with Enter: go on to the scale instead of sending a half-filled form
  const onCodeKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      weightInput.current?.focus();
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ref || grams === undefined || codes.length === 0 || busy) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const temperatureC = temperature.trim() === '' ? undefined : Number(temperature.replace(',', '.'));
      const handedIn = await operatorApi.handIn(nodeId, {
        ...ref,
        weighedGrams: grams,
        traceCodes: codes,
        ...(temperatureC !== undefined && Number.isFinite(temperatureC) && { temperatureC }),
      });
      setResult(handedIn);
      setCode('');
      setWeight('');
      setTraceCodes('');
      setTemperature('');
      waiting.reload();
      outbound.reload();
      codeInput.current?.focus();
    } catch (failure) {
      setError(failure);
      setResult(undefined);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (field: string) => fieldErrorOf(error, field);

  return (
    <Page title={t.firstKmTitle}>
      <p className="muted small">{t.firstKmIntro}</p>
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="field">
          <label htmlFor="handin-code">{t.parcelCodeLabel}</label>
          <input
            ref={codeInput}
            id="handin-code"
            name="parcelCode"
            className="scan-code-input"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="next"
            placeholder="360722-7KQ2M9XA"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            onKeyDown={onCodeKey}
          />
          <p className="field-hint">
            {selected ? t.handInExpected(selected.sellerName, f.grams(selected.weightGrams)) : t.parcelCodeHint}
          </p>
        </div>
        <div className={`field${fieldError('weighedGrams') ? ' field-invalid' : ''}`}>
          <label htmlFor="handin-weight">{t.weighedKg}</label>
          <input
            ref={weightInput}
            id="handin-weight"
            name="weighedKg"
            className="scan-code-input"
            inputMode="decimal"
            autoComplete="off"
            value={weight}
            onChange={(event) => setWeight(event.target.value)}
            aria-describedby="handin-weight-hint"
          />
          <p className="field-hint" id="handin-weight-hint">
            {grams !== undefined ? t.grams(grams) : t.weighedKgHint}
          </p>
          {fieldError('weighedGrams') && <p className="field-error">{fieldError('weighedGrams')}</p>}
        </div>
        <TextAreaField
          label={t.traceCodes}
          hint={codes.length > 0 ? t.traceCodesCount(codes.length) : t.traceCodesHint}
          name="traceCodes"
          autoComplete="off"
          spellCheck={false}
          rows={3}
          value={traceCodes}
          onChange={(event) => setTraceCodes(event.target.value)}
          error={fieldError('traceCodes')}
        />
        {cold ? (
          <TextField
            label={t.temperatureLabel}
            hint={t.temperatureColdHint(t.temperatureClass(selected!.temperatureClass))}
            name="temperatureC"
            inputMode="decimal"
            required
            value={temperature}
            onChange={(event) => setTemperature(event.target.value)}
          />
        ) : (
          <details className="op-details">
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
        )}
        {error !== undefined && (
          <div>
            <ProblemMessage error={error} />
            {error instanceof ApiError && <WeightProblem error={error} />}
          </div>
        )}
        <button
          type="submit"
          className="button op-button-big"
          disabled={busy || !ref || grams === undefined || codes.length === 0}
          aria-busy={busy}
        >
          {busy ? t.working : t.handInSubmit}
        </button>
      </form>
      {result && (
        <div className="card op-result op-result-good" role="status" data-testid="handin-result">
          <p className="op-result-title">{t.handedIn}</p>
          <p className="op-parcel-code">{result.parcelCode}</p>
          <dl className="facts">
            <dt>{t.declaredWeight}</dt>
            <dd>{f.grams(result.expectedGrams)}</dd>
            <dt>{t.weighed}</dt>
            <dd>
              {f.grams(result.weighedGrams)} ({t.grams(result.differenceGrams)})
            </dd>
            <dt>{t.traceCodes}</dt>
            <dd>{result.traceCodes.join(', ')}</dd>
          </dl>
        </div>
      )}

      <h2>{t.awaitingHandIn}</h2>
      <AsyncView
        data={waiting.data}
        error={waiting.error}
        loading={waiting.loading}
        onRetry={waiting.reload}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title={t.awaitingHandInNone} />}
      >
        {(list) => (
          <ul className="op-parcels">
            {list.map((shipment) => (
              <li key={shipment.id} className="op-parcel">
                <div className="spread">
                  <strong className="op-parcel-code">{shipment.parcelCode}</strong>
                  <span className="muted small">
                    {f.grams(shipment.weightGrams)}
                    {shipment.temperatureClass !== 'ambient' && ` · ${t.temperatureClass(shipment.temperatureClass)}`}
                  </span>
                </div>
                <div className="spread small">
                  <span>{shipment.sellerName}</span>
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => {
                      setCode(shipment.parcelCode);
                      weightInput.current?.focus();
                    }}
                  >
                    {t.takeThisOne}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>

      <h2>{t.outboundTitle}</h2>
      <AsyncView
        data={outbound.data}
        error={outbound.error}
        loading={outbound.loading}
        onRetry={outbound.reload}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title={t.outboundNone} />}
      >
        {(list) => (
          <>
            <p className="muted small">{t.outboundBody(list.length)}</p>
            <ParcelList
              parcels={list}
              extra={(parcel) => (
                <p className="small muted">
                  {parcel.status === 'returning' ? t.outboundReturn : t.outboundProduce} ·{' '}
                  {t.since(f.dateTime(parcel.custodySince))}
                </p>
              )}
            />
          </>
        )}
      </AsyncView>
    </Page>
  );
}
