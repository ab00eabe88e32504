import type { ReactNode } from 'react';
import { ApiError } from '../../api';
import { useFormat, useMessages } from '../../i18n';
import { ProblemMessage } from '../ProblemMessage';
import { scanMessages } from './messages';
import { flushScans, type QueuedScan, type ScanQueueState } from './scanQueue';

/** Whether the device has a signal, and how many scans wait or were refused. */
export function SignalBar({ queue }: { queue: ScanQueueState }) {
  const t = useMessages(scanMessages);
  return (
    <div
      className={`scan-signal ${queue.online ? '' : 'scan-signal-off'}`}
      role="status"
      data-testid="signal"
      data-online={queue.online}
      data-waiting={queue.waiting}
    >
      <strong>{queue.online ? t.online : t.offline}</strong>
      {queue.waiting > 0 && <span data-testid="waiting-count">{t.waiting(queue.waiting)}</span>}
      {queue.refused > 0 && <span className="tag tag-bad">{t.refused(queue.refused)}</span>}
      {queue.waiting > 0 && queue.online && (
        <button type="button" className="button button-secondary button-small" onClick={() => void flushScans()}>
          {t.sendNow}
        </button>
      )}
    </div>
  );
}

/** Why the scan was refused: a plain headline in the page's language, then the API's own reason. */
function Refusal({ error }: { error: ApiError }) {
  const t = useMessages(scanMessages);
  const headline = t.refusal(error.code);
  return (
    <div data-testid="refusal" data-code={error.code}>
      {headline && <p className="scan-refusal">{headline}</p>}
      <ProblemMessage error={error} />
    </div>
  );
}

const STATE_TAG = { waiting: 'tag-warn', sent: 'tag-good', refused: 'tag-bad' } as const;

/** The scans of one screen, newest first: sent, waiting, or refused with the API's reason in plain words. */
export function QueueList({
  scans,
  actionLabel,
  detail,
}: {
  scans: QueuedScan[];
  actionLabel: (action: string) => string;
  /** What to show of a sent scan's answer. */
  detail?: (scan: QueuedScan) => ReactNode;
}) {
  const t = useMessages(scanMessages);
  const f = useFormat();
  if (scans.length === 0) {
    return <p className="muted small">{t.queueEmpty}</p>;
  }
  const stateLabel = { waiting: t.stateWaiting, sent: t.stateSent, refused: t.stateRefused };
  return (
    <ul className="scan-queue" data-testid="scan-queue">
      {[...scans].reverse().map((scan) => (
        <li key={scan.key} data-testid="queued-scan" data-state={scan.state} data-label={scan.label}>
          <div className="spread">
            <span className="scan-queue-code">{scan.label}</span>
            <span className={`tag ${STATE_TAG[scan.state]}`}>{stateLabel[scan.state]}</span>
          </div>
          <div className="small muted">
            {actionLabel(scan.action)} · {f.dateTime(new Date(scan.createdAt).toISOString())}
          </div>
          {scan.state === 'sent' && detail?.(scan)}
          {scan.problem && <Refusal error={new ApiError(scan.problem)} />}
        </li>
      ))}
    </ul>
  );
}
