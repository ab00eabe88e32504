import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useMessages } from '../../i18n';
import { CameraScanner, cameraScanSupported } from './camera';
import { scanMessages } from './messages';
import './scan.css';
import { useKeyboardWedge } from './wedge';

/**
 * Puts the cursor in the code field once the page has opened. `<Page>` moves focus to its heading when it mounts
 * (after its children's effects), so this waits a tick: on a scanning page the field must hold focus, because a hand
 * scanner types into whatever has it. The field is labelled, so a screen reader still says where it is.
 */
export function useFocusOnOpen(ref: RefObject<HTMLElement | null>, enabled = true): void {
  useEffect(() => {
    if (!enabled) {
      return;
    }
    const timer = window.setTimeout(() => ref.current?.focus({ preventScroll: true }), 0);
    return () => window.clearTimeout(timer);
  }, [ref, enabled]);
}

/**
 * A code field for a parcel label, a trace code or anything printed as a barcode, three ways: typed, sent by a
 * hand scanner (a keyboard wedge: the code's keys fast, then Enter — into the field, which keeps the focus between
 * scans, or caught on the page when the focus is elsewhere), or read with the camera. A stack of parcels goes
 * through without touching the screen.
 */
export function ScanForm({
  label,
  hint,
  submitLabel,
  busy,
  onScan,
  name,
  placeholder,
  children,
  autoFocus = true,
}: {
  label: string;
  hint?: ReactNode;
  submitLabel: string;
  busy: boolean;
  /** Resolves true when the code was taken (the field is cleared for the next one). */
  onScan: (code: string) => Promise<boolean>;
  name: string;
  placeholder?: string;
  /** Extra fields sent with the code (e.g. a temperature). */
  children?: ReactNode;
  autoFocus?: boolean;
}) {
  const t = useMessages(scanMessages);
  const [value, setValue] = useState('');
  const [camera, setCamera] = useState(false);
  const [canUseCamera] = useState(cameraScanSupported);
  const input = useRef<HTMLInputElement>(null);
  useFocusOnOpen(input, autoFocus);

  const send = async (code: string) => {
    if (!code.trim() || busy) {
      return;
    }
    if (await onScan(code.trim())) {
      setValue('');
    }
    input.current?.focus();
  };
  useKeyboardWedge((code) => void send(code), !camera);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(value);
  };

  return (
    <form className="form scan-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${name}-field`}>{label}</label>
        <input
          ref={input}
          id={`${name}-field`}
          name={name}
          className="scan-code-input"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          placeholder={placeholder}
          aria-describedby={`${name}-hint`}
        />
        <p className="field-hint" id={`${name}-hint`}>
          {hint ?? t.wedgeHint}
        </p>
      </div>
      <div className="scan-actions">
        <button type="submit" className="button scan-button" disabled={busy || !value.trim()} aria-busy={busy}>
          {busy ? t.working : submitLabel}
        </button>
        {canUseCamera && !camera && (
          <button type="button" className="button button-secondary scan-button" onClick={() => setCamera(true)}>
            {t.cameraScan}
          </button>
        )}
      </div>
      {children}
      {camera && (
        <CameraScanner
          onCode={(code) => {
            setCamera(false);
            setValue(code);
            void send(code);
          }}
          onClose={() => {
            setCamera(false);
            input.current?.focus();
          }}
        />
      )}
    </form>
  );
}
