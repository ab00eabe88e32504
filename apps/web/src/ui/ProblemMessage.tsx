import { ApiError } from '../api';
import { commonMessages, useMessages } from '../i18n';

/**
 * Shows why a call failed, in the API's words: the problem's title and detail sentence, each field error, and the
 * request id to quote to support. A network failure gets a plain "cannot reach the server".
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
  if (error === undefined || error === null) {
    return null;
  }
  let title = t.errorTitle;
  let detail: string;
  let fields: { field: string; message: string }[] = [];
  let requestId: string | null | undefined;
  if (error instanceof ApiError) {
    if (error.isNetwork) {
      detail = t.networkError;
    } else {
      title = t.problemTitle(error.code) || t.statusTitle(error.status) || error.problem.title || title;
      fields = error.problem.errors ?? [];
      // a validation problem's detail lists the same field errors again
      detail = fields.length > 0 ? t.fieldErrors : error.problem.detail;
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
          {fields.map(({ field, message }) => (
            <li key={`${field}:${message}`} data-field={field}>
              {message}
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
