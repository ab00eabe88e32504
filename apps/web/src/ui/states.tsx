import type { ReactNode } from 'react';
import { commonMessages, useMessages } from '../i18n';
import { ProblemMessage } from './ProblemMessage';

/** A page or a part of one is loading: a spinner with a label screen readers announce. */
export function Loading({ label }: { label?: string }) {
  const t = useMessages(commonMessages);
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t.loading}</span>
    </div>
  );
}

/** Nothing to show (no results, an empty basket): a title, a sentence and what to do next. */
export function EmptyState({ title, children, action }: { title?: string; children?: ReactNode; action?: ReactNode }) {
  const t = useMessages(commonMessages);
  return (
    <div className="state state-empty">
      <p className="state-title">{title ?? t.empty}</p>
      {children && <div className="state-body">{children}</div>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

/** Loading failed: the API's own message and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="state state-error">
      <ProblemMessage error={error} onRetry={onRetry} />
    </div>
  );
}

/**
 * The usual three-way switch of a data-driven view: loading, failed (with retry), or the content;
 * `isEmpty` shows `empty` instead of the content.
 */
export function AsyncView<T>({
  data,
  error,
  loading,
  onRetry,
  isEmpty,
  empty,
  children,
}: {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  onRetry?: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (error !== undefined && error !== null) {
    return <ErrorState error={error} onRetry={onRetry} />;
  }
  if (data === undefined || (loading && data === undefined)) {
    return <Loading />;
  }
  if (isEmpty?.(data)) {
    return <>{empty ?? <EmptyState />}</>;
  }
  return <>{children(data)}</>;
}
