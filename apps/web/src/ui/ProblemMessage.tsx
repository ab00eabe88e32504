import { ApiError } from '../api';
import { commonMessages, fieldProblemText, problemText, useLocale, useMessages } from '../i18n';

/**
 * Shows why a call failed in the user's language: the words for the problem's `code` (i18n/problems.ts) under a
 * title for its status, each field error by its rule and limit, and the request id to quote to support. The API's
 * English `detail` is shown only in English and only for a code the app has no words for. A network failure gets a
 * plain "cannot reach the server".
 */
export function ProblemMessage({
  error,
  onRetry,
  compact,
}: {
  error: unknown;
  onRetry?: () => void;
  /** Only the detail sentence (e.g. under a button). */
  compact?: boolean;
}) {
  const t = useMessages(commonMessages);
  const { locale } = useLocale();
  if (error === undefined || error === null) {
    return null;
  }
  let title = t.errorTitle;
  let detail: string;
  let fields: { field: string; text: string }[] = [];
  let requestId: string | null | undefined;
  if (error instanceof ApiError) {
    if (error.isNetwork) {
      detail = t.networkError;
    } else {
      title = t.statusTitle(error.status) || title;
      fields = (error.problem.errors ?? []).map((problem) => ({
        field: problem.field,
        text: fieldProblemText(locale, problem),
      }));
      // a validation problem's detail lists the same field errors again
      detail =
        fields.length > 0
          ? t.fieldErrors
          : (problemText(locale, error.code, error.problem.params ?? {}) ??
            (locale === 'en' ? error.problem.detail : title));
      requestId = error.problem.requestId;
    }
  } else {
    detail = error instanceof Error ? error.message : typeof error === 'string' ? error : t.errorTitle;
  }
  return (
    <div className="problem" role="alert" data-testid="problem">
      {!compact && <p className="problem-title">{title}</p>}
      <p className="problem-detail">{detail}</p>
      {fields.length > 0 && (
        <ul className="problem-fields">
          {fields.map(({ field, text }) => (
            <li key={`${field}:${text}`} data-field={field}>
              {text}
            </li>
          ))}
        </ul>
      )}
      {!compact && requestId && <p className="problem-request">{t.requestId(requestId)}</p>}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}
