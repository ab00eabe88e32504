import { useId, type ComponentProps, type ReactNode } from 'react';
import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../api';
import { currentLocale, fieldProblemText } from '../i18n';

interface FieldFrame {
  label: ReactNode;
  /** The message for this field: react-hook-form's (server errors put there by setServerErrors) or ApiError.fieldError. */
  error?: string;
  hint?: ReactNode;
}

function Frame({
  id,
  label,
  error,
  hint,
  required,
  children,
}: FieldFrame & { id: string; required?: boolean; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: ReactNode, error: string | undefined): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A labelled input whose hint and error are tied to it (aria-describedby, aria-invalid). */
export function TextField({ label, error, hint, id, ...input }: FieldFrame & ComponentProps<'input'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <Frame id={fieldId} label={label} error={error} hint={hint} required={input.required}>
      <input
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function TextAreaField({ label, error, hint, id, ...input }: FieldFrame & ComponentProps<'textarea'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <Frame id={fieldId} label={label} error={error} hint={hint} required={input.required}>
      <textarea
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({ label, error, hint, id, children, ...select }: FieldFrame & ComponentProps<'select'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <Frame id={fieldId} label={label} error={error} hint={hint} required={select.required}>
      <select
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        {...select}
      >
        {children}
      </select>
    </Frame>
  );
}

/** A submit button that says what is happening while the form is being sent. */
export function SubmitButton({
  busy,
  busyLabel,
  children,
  className,
  disabled,
}: {
  busy?: boolean;
  busyLabel?: ReactNode;
  children: ReactNode;
  className?: string;
  disabled?: boolean;
}) {
  return (
    <button type="submit" className={className ?? 'button'} disabled={busy || disabled} aria-busy={busy || undefined}>
      {busy ? (busyLabel ?? children) : children}
    </button>
  );
}

/**
 * Puts the API's field errors (problem+json `errors[]`) on a react-hook-form form's fields, beside their inputs, in the
 * app's language (each rule's words with its limit, i18n/problems.ts).
 * `fieldOf` maps the API's dotted path (`destination.address.city`) to the form's field (`city`); a path it maps to
 * undefined stays in the problem's list only. Several messages for one field are joined.
 */
export function setServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  error: unknown,
  fieldOf: (apiField: string) => FieldPath<T> | undefined,
): void {
  if (!(error instanceof ApiError)) {
    return;
  }
  const messages = new Map<FieldPath<T>, string[]>();
  const locale = currentLocale();
  for (const problem of error.problem.errors ?? []) {
    const name = fieldOf(problem.field);
    const text = fieldProblemText(locale, problem);
    if (name && !messages.get(name)?.includes(text)) {
      messages.set(name, [...(messages.get(name) ?? []), text]);
    }
  }
  for (const [name, list] of messages) {
    setError(name, { type: 'server', message: list.join(locale === 'en' ? '; ' : '；') });
  }
}

/**
 * A `fieldOf` for setServerErrors from a table of the API's fields to the form's, or from a list of the fields the
 * form names as the API does. A field is found by its whole path (`villager.phone`), else by its first segment
 * (`traceCodes.0` and `traceCodes` are both the form's `traceCodes`); one not in the table stays in the problem's list.
 */
export function fieldsByApiName<T extends FieldValues>(
  table: Record<string, FieldPath<T>> | readonly FieldPath<T>[],
): (apiField: string) => FieldPath<T> | undefined {
  const map = new Map<string, FieldPath<T>>(
    Array.isArray(table) ? table.map((name) => [name, name]) : Object.entries(table),
  );
  return (apiField) => map.get(apiField) ?? map.get(apiField.split(/[.[]/)[0]);
}
