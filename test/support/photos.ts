import sharp from 'sharp';

/**
 * A phone photo as a camera writes it: landscape pixels with EXIF orientation 6 (show it turned to portrait) and a
 * GPS position in the EXIF, which the platform must never pass on.
 */
export function phonePhoto(colour = '#e08a1e', width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg({ quality: 80 })
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 51/1 0/1' } })
    .toBuffer();
}
