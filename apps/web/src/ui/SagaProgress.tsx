import { commonMessages, useMessages } from '../i18n';

export interface SagaStep {
  key: string;
  label: string;
}

/**
 * Where an asynchronous process stands: its steps, the ones done, the current one (with a spinner while
 * `pending`), announced politely to screen readers. `failed` marks the current step as the one that went wrong.
 */
export function SagaProgress({
  steps,
  current,
  pending,
  slow,
  failed,
  label,
}: {
  steps: SagaStep[];
  /** The key of the step reached; steps before it are done. */
  current: string;
  pending: boolean;
  slow?: boolean;
  failed?: boolean;
  label?: string;
}) {
  const t = useMessages(commonMessages);
  const index = Math.max(
    0,
    steps.findIndex((step) => step.key === current),
  );
  return (
    <div className="saga" data-testid="saga-progress" data-current={current} data-pending={pending || undefined}>
      <ol className="saga-steps" aria-label={label ?? t.pendingTitle}>
        {steps.map((step, position) => {
          const state =
            position < index ? 'done' : position === index ? (failed ? 'failed' : pending ? 'active' : 'done') : 'todo';
          return (
            <li
              key={step.key}
              className={`saga-step saga-step-${state}`}
              aria-current={position === index ? 'step' : undefined}
            >
              <span className="saga-dot" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'failed' ? '!' : position + 1}
              </span>
              <span className="saga-label">{step.label}</span>
            </li>
          );
        })}
      </ol>
      <p className="saga-status" role="status" aria-live="polite">
        {pending && <span className="spinner spinner-small" aria-hidden="true" />}
        {pending ? (slow ? t.pendingSlow : t.pendingStill) : ''}
      </p>
    </div>
  );
}
