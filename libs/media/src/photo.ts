import { Problem } from '@countyflow/kernel';

/** What a photo must be before it is stored. */
export interface PhotoRules {
  maxBytes: number;
  /** The shorter side must have at least this many pixels (a licence must stay legible). */
  minSide: number;
  /** Neither side may have more (decompression bombs are refused before they are decoded). */
  maxSide: number;
}

export const PHOTO_RULES: PhotoRules = { maxBytes: 12 * 1_048_576, minSide: 200, maxSide: 12_000 };

/** The sizes every stored photo is kept in: the listing page's and the card's (square). */
export const PHOTO_VARIANTS = { large: 1600, thumb: 400 } as const;
export type PhotoVariant = keyof typeof PHOTO_VARIANTS;

export interface ProcessedPhoto {
  width: number;
  height: number;
  variants: Record<PhotoVariant, Buffer>;
}

type Sniffed = 'jpeg' | 'png' | 'webp';

/** The image kind a file's first bytes say it is, whatever its name or declared type claims. */
export function sniffImage(bytes: Buffer): Sniffed | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpeg';
  }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return null;
}

/**
 * Checks a photo by its content (magic bytes, then what the decoder reads), its size and its dimensions, turns it
 * upright, and re-encodes it as WebP in each variant. The output carries no metadata: EXIF (with GPS location),
 * XMP and ICC are dropped by re-encoding, colours converted to sRGB.
 */
export async function processPhoto(input: Buffer, rules: PhotoRules = PHOTO_RULES): Promise<ProcessedPhoto> {
  if (input.length === 0) {
    throw new Problem(400, 'photo-missing', 'the request carries no photo');
  }
  if (input.length > rules.maxBytes) {
    throw new Problem(413, 'photo-too-large', `the photo has ${input.length} bytes; the limit is ${rules.maxBytes}`, {
      limitBytes: rules.maxBytes,
    });
  }
  const kind = sniffImage(input);
  if (!kind) {
    throw new Problem(415, 'photo-type-unsupported', 'the file is not a JPEG, PNG or WebP image', {
      accepted: ['jpeg', 'png', 'webp'],
    });
  }
  // loaded at the first photo: libvips is native code every process that keeps photos would otherwise hold at idle
  const { default: sharp } = await import('sharp');
  const pixelLimit = rules.maxSide * rules.maxSide;
  const metadata = await sharp(input, { limitInputPixels: pixelLimit })
    .metadata()
    .catch(() => null);
  if (!metadata || metadata.format !== kind) {
    throw new Problem(422, 'photo-unreadable', `the file starts like a ${kind} image but cannot be read as one`);
  }
  const { width, height } = metadata.autoOrient;
  if (Math.max(width, height) > rules.maxSide) {
    throw new Problem(422, 'photo-dimensions-too-large', `the photo is ${width}×${height}; at most ${rules.maxSide}`, {
      maxSide: rules.maxSide,
    });
  }
  if (Math.min(width, height) < rules.minSide) {
    throw new Problem(422, 'photo-dimensions-too-small', `the photo is ${width}×${height}; at least ${rules.minSide}`, {
      minSide: rules.minSide,
    });
  }
  try {
    const upright = sharp(input, { limitInputPixels: pixelLimit, failOn: 'error' }).autoOrient();
    const [large, thumb] = await Promise.all([
      upright
        .clone()
        .resize({ width: PHOTO_VARIANTS.large, height: PHOTO_VARIANTS.large, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer(),
      upright
        .clone()
        .resize({ width: PHOTO_VARIANTS.thumb, height: PHOTO_VARIANTS.thumb, fit: 'cover', position: 'attention' })
        .webp({ quality: 78 })
        .toBuffer(),
    ]);
    return { width, height, variants: { large, thumb } };
  } catch {
    throw new Problem(422, 'photo-unreadable', `the ${kind} image is damaged and cannot be decoded`);
  }
}
