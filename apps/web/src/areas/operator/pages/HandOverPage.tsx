import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import { fieldsByApiName, Page, ProblemMessage, setServerErrors, SubmitButton, TextField, useApi } from '../../../ui';
import { normalisePickupCode, operatorApi, type CollectionResult, type PointParcel } from '../api';
import { ParcelItem, useFocusOnOpen } from '../components';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

const CODE = /^\d{1,2}-\d{1,2}-\d{4}$/;

/** The hand-over form's fields, named as the API's. */
interface CollectForm {
  code: string;
  phoneLast4: string;
  collectorName: string;
}

const EMPTY_COLLECT: CollectForm = { code: '', phoneLast4: '', collectorName: '' };
const collectFieldOf = fieldsByApiName<CollectForm>(['code', 'phoneLast4', 'collectorName']);

/** Re-renders every `ms` while `on`, for a countdown. */
function useTick(on: boolean, ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!on) {
      return;
    }
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [on, ms]);
  return now;
}

/**
 * A cash-on-collection parcel: "收现金 ¥…" in large print, and the operator records the cash taken (orders'
 * `cash-received`, which settles the order; the point's cash book counts it).
 */
function CashToTake({ shipmentId, amountFen }: { shipmentId: string; amountFen: number }) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const [state, setState] = useState<'due' | 'sending' | 'taken'>('due');
  const [error, setError] = useState<unknown>();
  const take = async () => {
    setState('sending');
    setError(undefined);
    try {
      const shipment = await operatorApi.shipment(shipmentId);
      await operatorApi.cashReceived(shipment.orderId, amountFen);
      setState('taken');
    } catch (failure) {
      setError(failure);
      setState('due');
    }
  };
  return (
    <div className="op-cash" data-testid="cash-due">
      <p className="op-cash-amount">{t.takeCash(f.fen(amountFen))}</p>
      {state === 'taken' ? (
        <p className="notice" role="status" data-testid="cash-taken">
          {t.cashReceived(f.fen(amountFen))}
        </p>
      ) : (
        <button
          type="button"
          className="button op-button-big button-block"
          disabled={state === 'sending'}
          aria-busy={state === 'sending' || undefined}
          onClick={() => void take()}
        >
          {t.cashTakenButton(f.fen(amountFen))}
        </button>
      )}
      <ProblemMessage error={error} />
    </div>
  );
}

function HandedOver({
  result,
  parcel,
  onNext,
}: {
  result: CollectionResult;
  parcel?: PointParcel;
  onNext: () => void;
}) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!result.cash) {
      next.current?.focus();
    }
  }, [result.cash]);
  return (
    <div className="card op-result op-result-good" role="status" data-testid="handover-result">
      <p className="op-result-title">{t.handedOver}</p>
      {result.cash && <CashToTake shipmentId={result.shipmentId} amountFen={result.cash.amountFen} />}
      {parcel ? (
        <ul className="op-parcels">
          <ParcelItem parcel={parcel} />
        </ul>
      ) : (
        <p className="op-parcel-code">{result.parcelCode}</p>
      )}
      <dl className="facts">
        <dt>{t.collectedBy}</dt>
        <dd>
          {t.collectedByWho(result.collectedBy)}
          {result.collectorName ? ` · ${result.collectorName}` : ''}
        </dd>
        <dt>{t.receiptMethod}</dt>
        <dd>{t.method(result.method)}</dd>
        <dt>{t.at}</dt>
        <dd>{f.dateTime(result.at)}</dd>
      </dl>
      <button ref={next} type="button" className="button op-button-big button-block" onClick={onNext}>
        {t.nextPickup}
      </button>
    </div>
  );
}

/**
 * Hand a parcel to the villager: the pickup code from their SMS and the last four digits of their phone (or their
 * named agent's). Wrong tries count towards the point's lock; the lock and its end are shown as the API says.
 */
export function HandOverPage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const { current } = useNode();
  const nodeId = current.node.id;
  const shelves = useApi(['operator', 'HandOverPage.shelves', nodeId], (signal) => operatorApi.shelves(nodeId, signal));
  const { register, handleSubmit, watch, reset, setError, setFocus, formState } = useForm<CollectForm>({
    defaultValues: EMPTY_COLLECT,
  });
  const [lockedUntil, setLockedUntil] = useState<number>();
  const collect = useMutation({
    mutationFn: (body: Parameters<typeof operatorApi.collect>[1]) => operatorApi.collect(nodeId, body),
    onSuccess: () => setLockedUntil(undefined),
    onError: (failure) => {
      setServerErrors(setError, failure, collectFieldOf);
      if (failure instanceof ApiError && failure.code === 'pickup-locked') {
        const seconds = Number(failure.problem.retryAfterSeconds ?? 0);
        setLockedUntil(Date.now() + seconds * 1000);
      }
      setFocus('code');
    },
  });
  const now = useTick(lockedUntil !== undefined, 5_000);
  const locked = lockedUntil !== undefined && lockedUntil > now;
  const codeInput = useRef<HTMLInputElement>(null);
  useFocusOnOpen(codeInput);

  const [code, phone] = watch(['code', 'phoneLast4']);
  const normalised = normalisePickupCode(code);
  const codeError = code && !CODE.test(normalised) ? t.codeFormat : undefined;
  const phoneError = phone && !/^\d{4}$/.test(phone) ? t.phoneFormat : undefined;
  const ready = CODE.test(normalised) && /^\d{4}$/.test(phone) && !locked;

  const onSubmit = handleSubmit((form) => {
    if (!ready || collect.isPending) {
      return;
    }
    collect.mutate({
      code: normalisePickupCode(form.code),
      phoneLast4: form.phoneLast4,
      ...(form.collectorName.trim() && { collectorName: form.collectorName.trim() }),
    });
  });

  const next = () => {
    collect.reset();
    reset(EMPTY_COLLECT);
    shelves.reload();
    window.setTimeout(() => setFocus('code'), 0);
  };

  const error = collect.error ?? undefined;
  const result = collect.data;
  const codeField = register('code');
  const phoneField = register('phoneLast4');
  const attemptsLeft =
    error instanceof ApiError && typeof error.problem.attemptsLeft === 'number'
      ? error.problem.attemptsLeft
      : undefined;
  const parcel =
    result && shelves.data?.slots.flatMap((slot) => slot.parcels).find((p) => p.shipmentId === result.shipmentId);

  return (
    <Page title={t.handOverTitle}>
      {result ? (
        <HandedOver result={result} parcel={parcel} onNext={next} />
      ) : (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <p className="muted small">{t.handOverIntro}</p>
          <TextField
            label={t.pickupCode}
            id="pickup-code"
            className="scan-code-input"
            inputMode="tel"
            autoComplete="off"
            placeholder="3-5-6075"
            hint={codeError ?? t.pickupCodeHint}
            error={formState.errors.code?.message}
            aria-invalid={codeError || formState.errors.code ? true : undefined}
            {...codeField}
            ref={(element) => {
              codeField.ref(element);
              codeInput.current = element;
            }}
          />
          <TextField
            label={t.phoneLast4}
            hint={phoneError ?? t.phoneLast4Hint}
            className="scan-code-input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            error={formState.errors.phoneLast4?.message}
            {...phoneField}
            onChange={(event) => {
              event.target.value = event.target.value.replace(/\D/g, '').slice(0, 4);
              void phoneField.onChange(event);
            }}
          />
          <details className="op-details">
            <summary>{t.someoneElse}</summary>
            <TextField
              label={t.collectorName}
              hint={t.collectorNameHint}
              maxLength={50}
              error={formState.errors.collectorName?.message}
              {...register('collectorName')}
            />
          </details>
          {locked && (
            <p className="op-lock" role="alert" data-testid="pickup-lock">
              {t.lockedUntil(f.dateTime(new Date(lockedUntil)), Math.ceil((lockedUntil - now) / 60_000))}
            </p>
          )}
          {error !== undefined && (
            <div data-testid="handover-error">
              <ProblemMessage error={error} />
              {attemptsLeft !== undefined && attemptsLeft > 0 && (
                <p className="op-attempts">{t.attemptsLeft(attemptsLeft)}</p>
              )}
            </div>
          )}
          <SubmitButton
            busy={collect.isPending}
            busyLabel={t.working}
            className="button op-button-big"
            disabled={!ready}
          >
            {t.handOverSubmit}
          </SubmitButton>
        </form>
      )}
    </Page>
  );
}
