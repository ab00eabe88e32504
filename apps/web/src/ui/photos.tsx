import { useId, type ChangeEvent, type ReactNode } from 'react';

/**
 * A photo the platform stored is kept as WebP in two sizes: `large.webp` (the listing page's, up to 1600 px) and
 * `thumb.webp` (400×400, the card's). Any other image (a link to elsewhere) has one size.
 */
export function photoVariant(url: string, variant: 'large' | 'thumb'): string {
  return /\/media\/(public|private)\/[0-9a-f-]{36}\/large\.webp/.test(url)
    ? url.replace('/large.webp', `/${variant}.webp`)
    : url;
}

/**
 * Takes a photo with the phone's camera (or picks one from the album on a desktop): a button-like label over a
 * hidden `<input type=file accept=image/* capture=environment>`. The photo is checked by the server.
 */
export function PhotoPicker({
  label,
  onPick,
  disabled,
  hint,
  name,
}: {
  label: ReactNode;
  onPick: (photo: File) => void;
  disabled?: boolean;
  hint?: ReactNode;
  name: string;
}) {
  const id = useId();
  const picked = (event: ChangeEvent<HTMLInputElement>) => {
    const photo = event.currentTarget.files?.[0];
    if (photo) {
      onPick(photo);
    }
    // the same photo may be picked again after a refusal
    event.currentTarget.value = '';
  };
  return (
    <div className="photo-picker">
      <label htmlFor={id} className={`button button-secondary${disabled ? ' button-disabled' : ''}`}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="file"
        accept="image/*"
        capture="environment"
        className="visually-hidden"
        disabled={disabled}
        onChange={picked}
      />
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}

/** A private photo's two sizes, each a short-lived signed link (a signature covers one size only). */
export interface SignedPhoto {
  large: string;
  thumb: string;
}

/**
 * Thumbnails of uploaded photos in a row, each a link to its large size (nothing when there are none). A public
 * photo is given by its URL; a private one by its signed links.
 */
export function PhotoStrip({ photos, testId }: { photos: (string | SignedPhoto)[]; testId?: string }) {
  if (photos.length === 0) {
    return null;
  }
  return (
    <div className="row listing-images" data-testid={testId}>
      {photos.map((photo) => {
        const { large, thumb } =
          typeof photo === 'string' ? { large: photo, thumb: photoVariant(photo, 'thumb') } : photo;
        return (
          <a key={large} href={large}>
            <img src={thumb} alt="" width={96} height={96} loading="lazy" />
          </a>
        );
      })}
    </div>
  );
}
