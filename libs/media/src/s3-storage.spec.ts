import { FakeS3 } from '@countyflow/testing';
import { S3Storage } from './s3-storage';

describe(S3Storage.name, () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await new FakeS3().start();
  });
  afterAll(() => s3.stop());

  const storage = (overrides: Partial<{ secretAccessKey: string; now: () => Date }> = {}) =>
    new S3Storage(
      {
        endpoint: s3.url,
        region: s3.region,
        bucket: s3.bucket,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: overrides.secretAccessKey ?? s3.secretAccessKey,
      },
      overrides.now,
    );

  it('puts and gets an object with requests signed by AWS Signature Version 4', async () => {
    const sut = storage();
    const body = Buffer.from('RIFF....WEBPVP8 a photo');
    await sut.put('public/0b9e/large.webp', body, 'image/webp');
    expect(s3.objects.get('public/0b9e/large.webp')).toEqual({ body, contentType: 'image/webp' });
    await expect(sut.get('public/0b9e/large.webp')).resolves.toEqual({ body, contentType: 'image/webp' });
    await expect(sut.get('public/0b9e/thumb.webp')).resolves.toBeNull();
    expect(s3.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `PUT /${s3.bucket}/public/0b9e/large.webp 200`,
      `GET /${s3.bucket}/public/0b9e/large.webp 200`,
      `GET /${s3.bucket}/public/0b9e/thumb.webp 404`,
    ]);
  });

  it('deletes an object with a signed DeleteObject, and a missing one without complaint', async () => {
    const sut = storage();
    await sut.put('private/7c1d/large.webp', Buffer.from('RIFF....WEBP'), 'image/webp');
    await sut.delete('private/7c1d/large.webp');
    await sut.delete('private/7c1d/thumb.webp');
    expect(s3.objects.has('private/7c1d/large.webp')).toBe(false);
    await expect(sut.get('private/7c1d/large.webp')).resolves.toBeNull();
  });

  it('fails, storing nothing, when the secret is wrong or the clock is off by an hour', async () => {
    await expect(
      storage({ secretAccessKey: 'not-the-shared-secret' }).put('a/b.webp', Buffer.from('x'), 'image/webp'),
    ).rejects.toThrow(/403.*SignatureDoesNotMatch/);
    const skewed = storage({ now: () => new Date(Date.now() - 3_600_000) });
    await expect(skewed.put('a/c.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow(/RequestTimeTooSkewed/);
    expect([...s3.objects.keys()].filter((key) => key.startsWith('a/'))).toEqual([]);
  });
});
