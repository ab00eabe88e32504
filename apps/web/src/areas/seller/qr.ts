import QRCode from 'qrcode';

/**
 * How certificates draw their QR code. test/web/seller-support.ts draws the same URL with the same options in Node
 * and compares the SVG, which is how the browser test "decodes" it: keep the two in step.
 */
export const QR_OPTIONS = { type: 'svg', margin: 1, errorCorrectionLevel: 'M' } as const;

/** The public trace page of a lot, on this app's own origin (the buyer's /trace/:code page). */
export const traceUrl = (code: string, origin = window.location.origin): string =>
  `${origin}/trace/${encodeURIComponent(code)}`;

/** The QR code of `text` as an SVG data: URI (the CSP allows data: images). */
export async function qrDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text, QR_OPTIONS);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
