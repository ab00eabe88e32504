import { Problem } from '@countyflow/kernel';
import sharp from 'sharp';
import { processPhoto, sniffImage } from './photo';

/** A phone photo: landscape pixels, EXIF orientation 6 (turn to portrait) and a GPS position. */
const phonePhoto = (width = 800, height = 600): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#c83' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '25/1 51/1 0/1' } })
    .toBuffer();

const hasGpsPointer = (exif: Buffer): boolean =>
  exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

async function problemOf(work: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Problem);
  return { status: (error as Problem).getStatus(), code: (error as Problem).code };
}

describe(processPhoto.name, () => {
  it('turns a phone photo upright, drops its EXIF (with the location) and keeps it as WebP in two sizes', async () => {
    const input = await phonePhoto();
    const before = await sharp(input).metadata();
    expect(hasGpsPointer(before.exif!)).toBe(true);

    const sut = await processPhoto(input);

    expect({ width: sut.width, height: sut.height }).toEqual({ width: 600, height: 800 });
    const large = await sharp(sut.variants.large).metadata();
    expect(large).toMatchObject({ format: 'webp', width: 600, height: 800 });
    expect(large.exif).toBeUndefined();
    expect(large.orientation).toBeUndefined();
    const thumb = await sharp(sut.variants.thumb).metadata();
    expect(thumb).toMatchObject({ format: 'webp', width: 400, height: 400 });
    expect(thumb.exif).toBeUndefined();
  });

  it('shrinks a large photo to 1600 px on its long side', async () => {
    const input = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#383' } })
      .png()
      .toBuffer();
    const sut = await processPhoto(input);
    expect(await sharp(sut.variants.large).metadata()).toMatchObject({ width: 1600, height: 1200 });
  });

  it('judges a file by its content, not its name: a text file is refused, a PNG named .jpg is taken', async () => {
    expect(await problemOf(processPhoto(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')))).toEqual({
      status: 415,
      code: 'photo-type-unsupported',
    });
    const png = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#fff' } })
      .png()
      .toBuffer();
    expect(sniffImage(png)).toBe('png');
    await expect(processPhoto(png)).resolves.toMatchObject({ width: 300, height: 300 });
  });

  it('refuses a truncated JPEG, a tiny photo, an oversized file and a photo too many pixels wide', async () => {
    const jpeg = await phonePhoto();
    expect(await problemOf(processPhoto(jpeg.subarray(0, 200)))).toEqual({ status: 422, code: 'photo-unreadable' });
    const tiny = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect(await problemOf(processPhoto(tiny))).toEqual({ status: 422, code: 'photo-dimensions-too-small' });
    const rules = { maxBytes: 1000, minSide: 200, maxSide: 12_000 };
    expect(await problemOf(processPhoto(jpeg, rules))).toEqual({ status: 413, code: 'photo-too-large' });
    const wide = await sharp({ create: { width: 5000, height: 300, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(await problemOf(processPhoto(wide, { maxBytes: 1e7, minSide: 200, maxSide: 4000 }))).toEqual({
      status: 422,
      code: 'photo-dimensions-too-large',
    });
    expect(await problemOf(processPhoto(Buffer.alloc(0)))).toEqual({ status: 400, code: 'photo-missing' });
  });
});
