import { useEffect, useRef } from 'react';
import { useMessages } from '../../i18n';
import { scanMessages } from './messages';

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

/**
 * The device has a camera API. Codes are read with the browser's `BarcodeDetector` where it has one (Chrome on
 * Android) and with ZXing (`@zxing/browser`, loaded only then) everywhere else.
 */
export const cameraScanSupported = (): boolean =>
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';

type Stop = () => void;

/** Reads codes from the video with BarcodeDetector, a few times a second, until one is found. */
async function withDetector(
  Detector: BarcodeDetectorClass,
  video: HTMLVideoElement,
  found: (code: string) => void,
): Promise<Stop> {
  const detector = new Detector();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  let stopped = false;
  let timer: number | undefined;
  const stop = () => {
    stopped = true;
    window.clearTimeout(timer);
    stream.getTracks().forEach((track) => track.stop());
  };
  video.srcObject = stream;
  await video.play();
  const look = async () => {
    if (stopped) {
      return;
    }
    const codes = await detector.detect(video).catch(() => []);
    const code = codes.find((barcode) => barcode.rawValue.trim())?.rawValue.trim();
    if (code) {
      stop();
      found(code);
      return;
    }
    timer = window.setTimeout(() => void look(), 250);
  };
  void look();
  return stop;
}

/** Reads codes with ZXing's decoder (Code 128, QR and the other formats it knows) where there is no BarcodeDetector. */
async function withZxing(video: HTMLVideoElement, found: (code: string) => void): Promise<Stop> {
  const { BrowserMultiFormatReader } = await import('@zxing/browser');
  const reader = new BrowserMultiFormatReader();
  let done = false;
  const controls = await reader.decodeFromConstraints(
    { video: { facingMode: 'environment' }, audio: false },
    video,
    (result, _error, ctl) => {
      const code = result?.getText().trim();
      if (code && !done) {
        done = true;
        ctl.stop();
        found(code);
      }
    },
  );
  return () => controls.stop();
}

/**
 * The back camera in a panel; the first code read is handed over. Anything that goes wrong (no permission, no
 * camera) closes it quietly: the typed field and the hand scanner still work.
 */
export function CameraScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const t = useMessages(scanMessages);
  const video = useRef<HTMLVideoElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const handlers = useRef({ onCode, onClose });
  handlers.current = { onCode, onClose };

  useEffect(() => {
    let stop: Stop | undefined;
    let closed = false;
    const found = (code: string) => handlers.current.onCode(code);
    const start = async () => {
      try {
        const Detector = detectorClass();
        const element = video.current!;
        const stopper = Detector ? await withDetector(Detector, element, found) : await withZxing(element, found);
        if (closed) {
          stopper();
        } else {
          stop = stopper;
        }
      } catch {
        if (!closed) {
          handlers.current.onClose();
        }
      }
    };
    void start();
    cancel.current?.focus();
    return () => {
      closed = true;
      stop?.();
    };
  }, []);

  return (
    <div
      className="scan-camera"
      role="group"
      aria-label={t.cameraTitle}
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <video ref={video} className="scan-camera-video" muted playsInline aria-hidden="true" />
      <p className="scan-camera-hint">{t.cameraHint}</p>
      <button ref={cancel} type="button" className="button button-secondary button-block" onClick={onClose}>
        {t.cameraClose}
      </button>
    </div>
  );
}
