/**
 * Phone photos are shrunk in the browser before they are sent: a 12 MP camera JPEG (4–8 MB) would take a minute
 * on a weak 4G signal, and the platform keeps no more than 1600 px of it anyway. The long edge is brought down to
 * {@link MAX_EDGE} and the picture re-encoded (WebP where the browser can encode it, else JPEG), which also leaves
 * the camera's EXIF (with its GPS position) on the phone. The server checks every photo as before (content, size,
 * dimensions) and strips metadata itself: shrinking only saves the buyer's and the seller's data and time.
 */

/** The longest edge sent (the server keeps 1600 px; a little more leaves room for its own resizing). */
export const MAX_EDGE = 2048;

/** A photo already this small, and within {@link MAX_EDGE}, is sent as it is. */
const SMALL_BYTES = 1_000_000;

/** The size a `width`×`height` picture is drawn at so that its long edge is at most `maxEdge` (never enlarged). */
export function fitWithin(width: number, height: number, maxEdge = MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * The photo to send: `photo` shrunk and re-encoded when it is large, else `photo` itself. Anything the browser
 * cannot decode or encode (an old browser, a HEIC file) is sent as it is, for the server to judge.
 */
export async function shrinkPhoto(photo: Blob): Promise<Blob> {
  if (!photo.type.startsWith('image/') || typeof createImageBitmap !== 'function') {
    return photo;
  }
  let bitmap: ImageBitmap;
  try {
    // upright as the camera meant it (EXIF orientation applied), since the re-encoded file carries no EXIF
    bitmap = await createImageBitmap(photo, { imageOrientation: 'from-image' });
  } catch {
    return photo;
  }
  try {
    if (Math.max(bitmap.width, bitmap.height) <= MAX_EDGE && photo.size <= SMALL_BYTES) {
      return photo;
    }
    const size = fitWithin(bitmap.width, bitmap.height);
    const shrunk = await encode(bitmap, size);
    return shrunk && shrunk.size < photo.size ? shrunk : photo;
  } catch {
    return photo;
  } finally {
    bitmap.close();
  }
}

async function encode(bitmap: ImageBitmap, size: { width: number; height: number }): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) {
    return null;
  }
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  const toBlob = (type: string, quality: number) =>
    new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
  // a browser that cannot encode WebP answers PNG (or nothing): JPEG then
  const webp = await toBlob('image/webp', 0.85);
  return webp?.type === 'image/webp' ? webp : toBlob('image/jpeg', 0.85);
}
