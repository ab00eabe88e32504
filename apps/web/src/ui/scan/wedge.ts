import { useEffect, useRef } from 'react';

/** A hand scanner types a whole code within a few milliseconds per key; a person types far slower. */
const MAX_GAP_MS = 60;
const MIN_LENGTH = 4;

/**
 * Catches a keyboard-wedge scanner (fast keystrokes ending in Enter) when the focus is not in a text field — e.g.
 * after a button was tapped — and hands the code over. Keys typed into a field are the field's own business.
 */
export function useKeyboardWedge(onCode: (code: string) => void, enabled = true): void {
  const handler = useRef(onCode);
  handler.current = onCode;
  useEffect(() => {
    if (!enabled) {
      return;
    }
    let buffer = '';
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        buffer = '';
        return;
      }
      const now = event.timeStamp;
      if (now - last > MAX_GAP_MS) {
        buffer = '';
      }
      last = now;
      if (event.key === 'Enter') {
        if (buffer.length >= MIN_LENGTH) {
          event.preventDefault();
          handler.current(buffer);
        }
        buffer = '';
      } else if (event.key.length === 1) {
        buffer += event.key;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
