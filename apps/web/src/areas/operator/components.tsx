import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useFormat, useMessages } from '../../i18n';
import { daysLeft, type OrderStatus, type PointParcel } from './api';
import { operatorMessages } from './messages';

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

// ---- camera scanning (progressive enhancement) ----------------------------------------------------------------

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorClass = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

const detectorClass = (): BarcodeDetectorClass | undefined =>
  typeof window === 'undefined'
    ? undefined
    : (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;

/** The browser can read barcodes from the camera (Chrome on Android, among others); elsewhere the button is absent. */
export const cameraScanSupported = (): boolean =>
  Boolean(detectorClass()) &&
  typeof navigator !== 'undefined' &&
  typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * The back camera in a panel, read with `BarcodeDetector` a few times a second; the first code read is handed over.
 * Anything that goes wrong (no permission, no camera, an unsupported format) closes it quietly: the typed field and
 * the hand scanner still work.
 */
function CameraScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const t = useMessages(operatorMessages);
  const video = useRef<HTMLVideoElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const handlers = useRef({ onCode, onClose });
  handlers.current = { onCode, onClose };

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    const start = async () => {
      try {
        const Detector = detectorClass();
        if (!Detector) {
          throw new Error('no BarcodeDetector');
        }
        const detector = new Detector();
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) {
          stop();
          return;
        }
        video.current.srcObject = stream;
        await video.current.play();
        const look = async () => {
          if (stopped || !video.current) {
            return;
          }
          const found = await detector.detect(video.current).catch(() => []);
          const code = found.find((barcode) => barcode.rawValue.trim())?.rawValue.trim();
          if (code) {
            stop();
            handlers.current.onCode(code);
            return;
          }
          timer = window.setTimeout(() => void look(), 250);
        };
        void look();
      } catch {
        stop();
        handlers.current.onClose();
      }
    };
    void start();
    cancel.current?.focus();
    return stop;
  }, []);

  return (
    <div
      className="op-camera"
      role="group"
      aria-label={t.cameraTitle}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <video ref={video} className="op-camera-video" muted playsInline aria-hidden="true" />
      <p className="op-camera-hint">{t.cameraHint}</p>
      <button ref={cancel} type="button" className="button button-secondary button-block" onClick={onClose}>
        {t.cameraClose}
      </button>
    </div>
  );
}

/**
 * A code field for a parcel label, a trace code or anything printed as a barcode: typed, sent by a hand scanner
 * (which types the code and presses Enter), or — where the browser can — read with the camera. The field keeps
 * focus between scans, so a stack of parcels goes through without touching the screen.
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
  const t = useMessages(operatorMessages);
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
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send(value);
  };

  return (
    <form className="form op-scan-form" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${name}-field`}>{label}</label>
        <input
          ref={input}
          id={`${name}-field`}
          name={name}
          className="op-code-input"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          placeholder={placeholder}
          aria-describedby={hint ? `${name}-hint` : undefined}
        />
        {hint && (
          <p className="field-hint" id={`${name}-hint`}>
            {hint}
          </p>
        )}
      </div>
      <div className="op-scan-actions">
        <button type="submit" className="button op-button-big" disabled={busy || !value.trim()} aria-busy={busy}>
          {busy ? t.working : submitLabel}
        </button>
        {canUseCamera && !camera && (
          <button type="button" className="button button-secondary op-button-big" onClick={() => setCamera(true)}>
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

// ---- parcels --------------------------------------------------------------------------------------------------

/** "3 days left", "due today", "2 days overdue" for a collect-by time. */
export function DaysLeft({ collectBy }: { collectBy: string | null }) {
  const t = useMessages(operatorMessages);
  const days = daysLeft(collectBy);
  if (days === null) {
    return null;
  }
  const tone = days < 0 ? 'op-pill-bad' : days <= 1 ? 'op-pill-warn' : 'op-pill-good';
  return <span className={`op-pill ${tone}`}>{t.daysLeft(days)}</span>;
}

/** One parcel at the point: its label code, the recipient (masked by the API), the slot and what else matters. */
export function ParcelItem({
  parcel,
  extra,
  showSlot = true,
}: {
  parcel: PointParcel;
  extra?: ReactNode;
  showSlot?: boolean;
}) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  return (
    <li className="op-parcel" data-testid="parcel" data-parcel-code={parcel.parcelCode}>
      <div className="spread">
        <strong className="op-parcel-code">{parcel.parcelCode}</strong>
        {showSlot && parcel.shelf !== null && parcel.layer !== null && (
          <span className="op-slot">{t.slot(parcel.shelf, parcel.layer)}</span>
        )}
      </div>
      <div className="spread small">
        <span>
          {parcel.recipientName} · {t.phoneTail(parcel.recipientPhoneTail)}
        </span>
        <span className="muted">
          {f.grams(parcel.weightGrams)}
          {parcel.temperatureClass !== 'ambient' && ` · ${t.temperatureClass(parcel.temperatureClass)}`}
        </span>
      </div>
      {extra}
    </li>
  );
}

export function ParcelList({
  parcels,
  extra,
  showSlot,
}: {
  parcels: PointParcel[];
  extra?: (parcel: PointParcel) => ReactNode;
  showSlot?: boolean;
}) {
  return (
    <ul className="op-parcels">
      {parcels.map((parcel) => (
        <ParcelItem key={parcel.shipmentId} parcel={parcel} extra={extra?.(parcel)} showSlot={showSlot} />
      ))}
    </ul>
  );
}

const ORDER_TONE: Partial<Record<OrderStatus, string>> = {
  placed: 'op-pill-warn',
  awaiting_payment: 'op-pill-warn',
  rejected: 'op-pill-bad',
  cancelled: 'op-pill-muted',
  returned: 'op-pill-bad',
  refunded: 'op-pill-muted',
  completed: 'op-pill-good',
  ready_for_pickup: 'op-pill-good',
};

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  const t = useMessages(operatorMessages);
  return <span className={`op-pill ${ORDER_TONE[status] ?? ''}`}>{t.orderStatus(status)}</span>;
}
