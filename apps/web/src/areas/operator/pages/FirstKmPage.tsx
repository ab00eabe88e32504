import { useMutation } from '@tanstack/react-query';
import { type KeyboardEvent } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  fieldsByApiName,
  Page,
  ProblemMessage,
  setServerErrors,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import { operatorApi, parcelRef, type ShipmentSummary } from '../api';
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

/** The hand-in form's fields, named as the inputs are (the API's are mapped by handInFieldOf). */
interface HandInForm {
  parcelCode: string;
  weighedKg: string;
  traceCodes: string;
  temperatureC: string;
}

const EMPTY: HandInForm = { parcelCode: '', weighedKg: '', traceCodes: '', temperatureC: '' };

/** The API's refusal of a field → the input beside which it is shown. */
const handInFieldOf = fieldsByApiName<HandInForm>({
  parcelCode: 'parcelCode',
  shipmentId: 'parcelCode',
  weighedGrams: 'weighedKg',
  traceCodes: 'traceCodes',
  temperatureC: 'temperatureC',
});

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
  const { register, handleSubmit, watch, reset, setError, setFocus, setValue, formState } = useForm<HandInForm>({
    defaultValues: EMPTY,
  });
  const handIn = useMutation({
    mutationFn: (body: Parameters<typeof operatorApi.handIn>[1]) => operatorApi.handIn(nodeId, body),
    onSuccess: () => {
      reset(EMPTY);
      waiting.reload();
      outbound.reload();
      setFocus('parcelCode');
    },
    onError: (failure) => setServerErrors(setError, failure, handInFieldOf),
  });

  const [code, weight, traceCodes] = watch(['parcelCode', 'weighedKg', 'traceCodes']);
  const ref = code.trim() ? parcelRef(code) : undefined;
  const selected: ShipmentSummary | undefined =
    ref && waiting.data?.find((s) => ('shipmentId' in ref ? s.id === ref.shipmentId : s.parcelCode === ref.parcelCode));
  const cold = selected ? selected.temperatureClass !== 'ambient' : false;
  const grams = kgToGrams(weight);
  const codes = splitCodes(traceCodes);
  const ready = ref !== undefined && grams !== undefined && codes.length > 0;

  // a hand scanner ends the parcel code with Enter: go on to the scale instead of sending a half-filled form
  const onCodeKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      setFocus('weighedKg');
    }
  };

  const onSubmit = handleSubmit((form) => {
    const parcel = parcelRef(form.parcelCode);
    const weighedGrams = kgToGrams(form.weighedKg);
    const lots = splitCodes(form.traceCodes);
    if (weighedGrams === undefined || lots.length === 0 || handIn.isPending) {
      return;
    }
    const temperatureC = form.temperatureC.trim() === '' ? undefined : Number(form.temperatureC.replace(',', '.'));
    handIn.mutate({
      ...parcel,
      weighedGrams,
      traceCodes: lots,
      ...(temperatureC !== undefined && Number.isFinite(temperatureC) && { temperatureC }),
    });
  });
  const errors = formState.errors;
  const temperature = register('temperatureC');
  const result = handIn.data;

  return (
    <Page title={t.firstKmTitle}>
      <p className="muted small">{t.firstKmIntro}</p>
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField
          label={t.parcelCodeLabel}
          id="handin-code"
          className="scan-code-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="next"
          placeholder="360722-7KQ2M9XA"
          hint={selected ? t.handInExpected(selected.sellerName, f.grams(selected.weightGrams)) : t.parcelCodeHint}
          error={errors.parcelCode?.message}
          onKeyDown={onCodeKey}
          {...register('parcelCode')}
        />
        <TextField
          label={t.weighedKg}
          className="scan-code-input"
          inputMode="decimal"
          autoComplete="off"
          hint={grams !== undefined ? t.grams(grams) : t.weighedKgHint}
          error={errors.weighedKg?.message}
          {...register('weighedKg')}
        />
        <TextAreaField
          label={t.traceCodes}
          hint={codes.length > 0 ? t.traceCodesCount(codes.length) : t.traceCodesHint}
          autoComplete="off"
          spellCheck={false}
          rows={3}
          error={errors.traceCodes?.message}
          {...register('traceCodes')}
        />
        {cold ? (
          <TextField
            label={t.temperatureLabel}
            hint={t.temperatureColdHint(t.temperatureClass(selected!.temperatureClass))}
            inputMode="decimal"
            required
            error={errors.temperatureC?.message}
            {...temperature}
          />
        ) : (
          <details className="op-details" open={errors.temperatureC !== undefined || undefined}>
            <summary>{t.coldChain}</summary>
            <TextField
              label={t.temperatureLabel}
              hint={t.temperatureHint}
              inputMode="decimal"
              error={errors.temperatureC?.message}
              {...temperature}
            />
          </details>
        )}
        {handIn.error && (
          <div>
            <ProblemMessage error={handIn.error} />
            {handIn.error instanceof ApiError && <WeightProblem error={handIn.error} />}
          </div>
        )}
        <SubmitButton busy={handIn.isPending} busyLabel={t.working} className="button op-button-big" disabled={!ready}>
          {t.handInSubmit}
        </SubmitButton>
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
                      setValue('parcelCode', shipment.parcelCode);
                      setFocus('weighedKg');
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
