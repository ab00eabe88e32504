import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useFormat, useLocale, useMessages } from '../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, TextAreaField, type ApiState } from '../../ui';
import { countyMessages } from './messages';

// ---- dates (every county lives in China Standard Time) -------------------------------------------------------------

const DAY_MS = 24 * 3600 * 1000;

/** Today's date in China, YYYY-MM-DD. */
/** A list with `value` ticked (moved to the end: the order things were ticked in) or unticked. */
export const toggled = <V,>(list: readonly V[], value: V, on: boolean): V[] => {
  const rest = list.filter((other) => other !== value);
  return on ? [...rest, value] : rest;
};

export const chinaToday = (): string => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

/** A calendar date moved by whole days. */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Inclusive number of days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS) + 1;

// ---- formatting ---------------------------------------------------------------------------------------------------

/** The shared formatters plus numbers, percentages, kilograms and short day labels in the current language. */
/** The day a page shows, kept in the address (`?date=`); China's today when none is given. */
export function useDayParam(): [string, (date: string) => void] {
  const [params, setParams] = useSearchParams();
  return [params.get('date') ?? chinaToday(), (date) => setParams({ date }, { replace: true })];
}

/** A card row with the page's day; an emptied field changes nothing. Actions for that day follow it. */
export function DayPicker({
  value,
  onChange,
  children,
}: {
  value: string;
  onChange: (date: string) => void;
  children?: ReactNode;
}) {
  const t = useMessages(countyMessages);
  return (
    <div className="row card">
      <label className="inline-field">
        {t.runDate}{' '}
        <input
          type="date"
          value={value}
          onChange={(event) => {
            if (event.target.value) {
              onChange(event.target.value);
            }
          }}
        />
      </label>
      {children}
    </div>
  );
}

export function useCountyFormat() {
  const f = useFormat();
  const { locale } = useLocale();
  return useMemo(() => {
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'auto' });
    const signed = new Intl.NumberFormat(locale, {
      style: 'percent',
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    });
    const yuan = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    return {
      ...f,
      num: (value: number) => number.format(value),
      pct: (ratio: number) => percent.format(ratio),
      growth: (ratio: number) => signed.format(ratio),
      kg: (grams: number) => `${number.format(grams / 1000)} kg`,
      /** Whole yuan for chart axes: ¥1,280. */
      yuan: (fen: number) => `¥${yuan.format(fen / 100)}`,
      /** 2026-11-05 → 11-05. */
      day: (date: string) => date.slice(5),
    };
  }, [f, locale]);
}

// ---- tables -------------------------------------------------------------------------------------------------------

/**
 * A table that scrolls sideways inside its card on a narrow screen; the scroll box is focusable (keyboard users can
 * scroll it) and named by the table's caption.
 */
export function ScrollTable({
  label,
  children,
  className,
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className={`data-table ${className ?? ''}`.trim()}>
        <caption className="visually-hidden">{label}</caption>
        {children}
      </table>
    </div>
  );
}

// ---- tags ---------------------------------------------------------------------------------------------------------

const TONE: Record<string, string> = {
  pending: 'tag-warn',
  verified: 'tag-good',
  suspended: 'tag-bad',
  draft: 'tag-warn',
  open: 'tag-good',
  closed: 'tag-muted',
  planned: 'tag-warn',
  dispatched: '',
  completed: 'tag-good',
  cancelled: 'tag-muted',
  escalated: 'tag-bad',
  awaiting_seller: 'tag-warn',
  countered: 'tag-warn',
  resolved: 'tag-good',
};

/** A status as a coloured tag with its translated name. */
export function StatusTag({ status }: { status: string }) {
  const t = useMessages(countyMessages);
  return (
    <span className={`tag ${TONE[status] ?? ''}`.trim()} data-status={status}>
      {t.status(status)}
    </span>
  );
}

// ---- guarded actions ----------------------------------------------------------------------------------------------

/**
 * An action that asks before it acts: the button opens a small confirmation (focus moves to it, Escape cancels),
 * the confirm button runs it, a refusal is shown in the API's words.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  danger,
  disabled,
  onConfirm,
  children,
  canConfirm = true,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => Promise<unknown>;
  /** Extra inputs the confirmation needs (e.g. a reason). */
  children?: ReactNode;
  canConfirm?: boolean;
}) {
  const t = useMessages(countyMessages);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const panel = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (open) {
      panel.current?.focus();
    }
  }, [open]);
  const close = () => {
    setOpen(false);
    setError(undefined);
    opener.current?.focus();
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setOpen(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        className={`button ${danger ? 'button-danger' : ''}`.trim()}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div
      ref={panel}
      className={`county-confirm card ${danger ? 'county-confirm-danger' : ''}`.trim()}
      role="group"
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          close();
        }
      }}
    >
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p id={titleId} className="county-confirm-question">
          {question}
        </p>
        {children}
        <ProblemMessage error={error} />
        <div className="row">
          <button
            type="submit"
            className={`button ${danger ? 'button-danger' : ''}`.trim()}
            disabled={busy || !canConfirm}
            aria-busy={busy || undefined}
          >
            {busy ? t.working : confirmLabel}
          </button>
          <button type="button" className="button button-secondary" onClick={close} disabled={busy}>
            {t.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}

// ---- date range ---------------------------------------------------------------------------------------------------

export interface DateRange {
  from: string;
  to: string;
  /** 7, 30, 90 or 'custom'. */
  preset: number | 'custom';
}

export const presetRange = (days: number): DateRange => {
  const to = chinaToday();
  return { from: addDays(to, -(days - 1)), to, preset: days };
};

const PRESETS = [7, 30, 90];
const MAX_DAYS = 400;

/** Last 7 / 30 / 90 days, or a custom range (both ends inclusive, checked before it is applied). */
export function DateRangePicker({ value, onChange }: { value: DateRange; onChange: (range: DateRange) => void }) {
  const t = useMessages(countyMessages);
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const [custom, setCustom] = useState(value.preset === 'custom');
  useEffect(() => {
    setFrom(value.from);
    setTo(value.to);
  }, [value.from, value.to]);
  const problem =
    !from || !to
      ? t.rangeMissing
      : to < from
        ? t.rangeReversed
        : daysBetween(from, to) > MAX_DAYS
          ? t.rangeTooLong(MAX_DAYS)
          : null;
  const onApply = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) {
      onChange({ from, to, preset: 'custom' });
    }
  };
  return (
    <div className="range-picker no-print">
      <div className="row" role="group" aria-label={t.rangeLabel}>
        {PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            className={`button button-small ${value.preset === days ? '' : 'button-secondary'}`.trim()}
            aria-pressed={value.preset === days}
            onClick={() => {
              setCustom(false);
              onChange(presetRange(days));
            }}
          >
            {t.lastDays(days)}
          </button>
        ))}
        <button
          type="button"
          className={`button button-small ${custom || value.preset === 'custom' ? '' : 'button-secondary'}`.trim()}
          aria-pressed={custom || value.preset === 'custom'}
          aria-expanded={custom}
          onClick={() => setCustom((shown) => !shown)}
        >
          {t.customRange}
        </button>
      </div>
      {custom && (
        <form className="row range-custom" onSubmit={onApply} noValidate>
          <label>
            {t.rangeFrom}{' '}
            <input type="date" value={from} max={to || undefined} onChange={(event) => setFrom(event.target.value)} />
          </label>
          <label>
            {t.rangeTo}{' '}
            <input type="date" value={to} min={from || undefined} onChange={(event) => setTo(event.target.value)} />
          </label>
          <button type="submit" className="button button-small" disabled={Boolean(problem)}>
            {t.apply}
          </button>
          {problem && (
            <p className="field-error" role="status">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

/** A line that tells screen readers (politely) that something was saved or changed. */
export function Notice({ children }: { children?: ReactNode }) {
  return (
    <p className="county-notice" role="status" aria-live="polite">
      {children}
    </p>
  );
}

/**
 * A review queue of county staff (applications to join, tag applications): oldest first, each item a card that
 * decides it; a decision shows its notice and loads the queue again.
 */
export function ReviewQueuePage<T extends { id: string }>({
  title,
  intro,
  empty,
  testId,
  view,
  card,
  toolbar,
}: {
  title: string;
  intro: string;
  /** Shown above the intro (e.g. which queue). */
  toolbar?: ReactNode;
  empty: string;
  testId: string;
  view: ApiState<T[]>;
  card: (item: T, onDecided: (notice: string) => void) => ReactNode;
}) {
  const [notice, setNotice] = useState<string>();
  const decided = (text: string) => {
    setNotice(text);
    view.reload();
  };
  return (
    <Page title={title}>
      {toolbar}
      <p className="muted">{intro}</p>
      {notice && <p className="notice">{notice}</p>}
      <AsyncView {...view} onRetry={view.reload}>
        {(queue) =>
          queue.length === 0 ? (
            <EmptyState title={empty} />
          ) : (
            <ul className="list application-queue" data-testid={testId}>
              {queue.map((item) => card(item, decided))}
            </ul>
          )
        }
      </AsyncView>
    </Page>
  );
}

/** The foot of a review queue's card: accept, or reject with a reason the applicant sees. */
export function ReviewDecision({
  labels,
  decide,
  onDecided,
}: {
  /** Without `accept` only the rejection (a revocation) is offered. */
  labels: { accept?: string; reject: string; reason: string; confirmReject: string };
  /** Sends the decision (a rejection with its reason) and answers the notice to show. */
  decide: (rejection?: { reason: string }) => Promise<string>;
  onDecided: (notice: string) => void;
}) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const send = async (rejection?: { reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      onDecided(await decide(rejection));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {rejecting ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send({ reason: reason.trim() });
          }}
          noValidate
        >
          <TextAreaField
            label={labels.reason}
            name="reason"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            rows={2}
          />
          <button type="submit" className="button" disabled={busy}>
            {labels.confirmReject}
          </button>
        </form>
      ) : (
        <div className="row">
          {labels.accept && (
            <button type="button" className="button" disabled={busy} onClick={() => void send()}>
              {labels.accept}
            </button>
          )}
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => setRejecting(true)}>
            {labels.reject}
          </button>
        </div>
      )}
      <ProblemMessage error={error} compact />
    </>
  );
}
