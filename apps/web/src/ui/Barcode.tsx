import JsBarcode from 'jsbarcode';
import { useEffect, useState } from 'react';

/**
 * A Code 128 barcode of `text`, drawn on a canvas and shown as a data: image (the CSP allows data: images; an SVG
 * drawn by the library would carry inline styles, which it does not). Drawn at several device pixels per module
 * so a thermal printer's 203 dpi stays sharp.
 */
export function Code128({ text, label, className = 'barcode' }: { text: string; label: string; className?: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    try {
      const canvas = document.createElement('canvas');
      JsBarcode(canvas, text, { format: 'CODE128', width: 3, height: 120, margin: 10, displayValue: false });
      setSrc(canvas.toDataURL('image/png'));
    } catch {
      setSrc(undefined);
    }
  }, [text]);
  return src ? <img className={className} src={src} alt={label} /> : null;
}
