import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of `text` drawn locally as a data: image (the CSP allows data: images); nothing until it is drawn. */
export function QrCode({
  text,
  label,
  size = 160,
  className = 'qr',
}: {
  text: string;
  label: string;
  size?: number;
  className?: string;
}) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(text, { margin: 1, width: size, errorCorrectionLevel: 'M' }).then(
      (url) => current && setSrc(url),
      () => current && setSrc(undefined),
    );
    return () => {
      current = false;
    };
  }, [text, size]);
  return src ? <img className={className} src={src} alt={label} width={size} height={size} /> : null;
}
