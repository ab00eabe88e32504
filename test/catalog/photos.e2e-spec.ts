import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import request from 'supertest';
import { Actor } from '../support/actors';
import { phonePhoto } from '../support/photos';
import { bearer, CatalogWorld, createListing, quickSeller, startCatalogWorld } from './support';

describe('listing photos', () => {
  let world: CatalogWorld;
  let seller: Actor;
  let stranger: Actor;

  beforeAll(async () => {
    world = await startCatalogWorld({ officials: false });
    seller = await quickSeller(world, { name: '安西镇脐橙专业合作社' });
    stranger = await quickSeller(world, { name: '另一个合作社' });
  });

  afterAll(() => world.stop());

  const upload = (listingId: string, actor: Actor | null, bytes: Buffer, filename = 'IMG_0001.jpg') =>
    uploadTo(`/listings/${listingId}/photos`, actor, bytes, filename);

  const uploadTo = (path: string, actor: Actor | null, bytes: Buffer, filename = 'IMG_0001.jpg') => {
    const call = request(world.catalog).post(path);
    if (actor) {
      void call.set(...bearer(actor));
    }
    return call.attach('photo', bytes, { filename, contentType: 'image/jpeg' });
  };

  it('takes a phone photo into the gallery and serves it upright, as WebP, without EXIF, with cache headers', async () => {
    const { id } = await createListing(world, seller);
    const added = await upload(id, seller, await phonePhoto()).expect(201);
    expect(added.body.images).toHaveLength(2);
    const url: string = added.body.images[1];
    expect(url).toMatch(/^\/api\/catalog\/media\/public\/[0-9a-f-]{36}\/large\.webp$/);

    const large = await request(world.catalog).get(url.replace('/api/catalog', '')).expect(200);
    expect(large.headers['content-type']).toBe('image/webp');
    expect(large.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const metadata = await sharp(large.body as Buffer).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 900, height: 1200 });
    expect(metadata.exif).toBeUndefined();

    const thumb = await request(world.catalog)
      .get(url.replace('/api/catalog', '').replace('large.webp', 'thumb.webp'))
      .expect(200);
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ width: 400, height: 400 });
    await request(world.catalog).get(url.replace('/api/catalog', '').replace('large.webp', 'x.png')).expect(404);
  });

  it('refuses what is not a photo, a body that is not multipart, strangers and anonymous callers', async () => {
    const { id } = await createListing(world, seller);
    const text = await upload(id, seller, Buffer.from('#!/bin/sh\necho not a photo\n'), 'orange.jpg').expect(415);
    expect(text.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(text.body).toMatchObject({ code: 'photo-type-unsupported' });

    const json = await request(world.catalog)
      .post(`/listings/${id}/photos`)
      .set(...bearer(seller))
      .send({ photo: 'https://img.example.cn/x.jpg' })
      .expect(415);
    expect(json.body).toMatchObject({ code: 'multipart-required' });

    const truncated = (await phonePhoto()).subarray(0, 300);
    expect((await upload(id, seller, truncated).expect(422)).body).toMatchObject({ code: 'photo-unreadable' });

    expect((await upload(id, stranger, await phonePhoto()).expect(403)).body).toMatchObject({ code: 'not-a-member' });
    await upload(id, null, await phonePhoto()).expect(401);
    const { body } = await request(world.catalog).get(`/listings/${id}`).expect(200);
    expect(body.images).toEqual(['https://img.example.cn/orange-1.jpg']);
  });

  it('a burst of 14 uploads to one listing fills its gallery to 9 and refuses the rest', async () => {
    const { id } = await createListing(world, seller);
    const photo = await phonePhoto('#2f7d32', 640, 480);
    const answers = await Promise.all(Array.from({ length: 14 }, () => upload(id, seller, photo)));
    const statuses = answers.map((answer) => answer.status).sort();
    // the listing started with one image (the web link of createListing): 8 uploads fit
    expect(statuses.filter((status) => status === 201)).toHaveLength(8);
    expect(statuses.filter((status) => status === 409)).toHaveLength(6);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(answer.body).toMatchObject({ code: 'listing-photos-full', params: { limit: 9 } });
    }
    const { body } = await request(world.catalog).get(`/listings/${id}`).expect(200);
    expect(body.images).toHaveLength(9);
    expect(new Set(body.images).size).toBe(9);
  });

  describe('photos of a harvested lot', () => {
    const recordLot = async (): Promise<{ id: string; listingId: string; traceCode: string }> => {
      const { id: listingId } = await createListing(world, seller);
      const { body } = await request(world.catalog)
        .post(`/listings/${listingId}/lots`)
        .set(...bearer(seller))
        .send({
          harvestFrom: '2026-01-08',
          quantity: 500,
          unit: 'kg',
          contactPhone: '13800138000',
          issueDate: '2026-01-10',
          pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
        })
        .expect(201);
      expect(body.photos).toEqual([]);
      return { id: body.id, listingId, traceCode: body.traceCode };
    };

    it('takes a camera photo of the lot and shows it publicly on the listing and on the trace page', async () => {
      const lot = await recordLot();
      const added = await uploadTo(`/lots/${lot.id}/photos`, seller, await phonePhoto()).expect(201);
      expect(added.body.photos).toEqual([
        expect.stringMatching(/^\/api\/catalog\/media\/public\/[0-9a-f-]{36}\/large\.webp$/),
      ]);
      const [url] = added.body.photos as string[];

      const served = await request(world.catalog).get(url.replace('/api/catalog', '')).expect(200);
      const metadata = await sharp(served.body as Buffer).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: 900, height: 1200 });
      expect(metadata.exif).toBeUndefined();

      const trace = await request(world.catalog).get(`/trace/${lot.traceCode}`).expect(200);
      expect(trace.body.photos).toEqual([url]);
      const shown = await request(world.catalog).get(`/listings/${lot.listingId}/lots/public`).expect(200);
      expect(shown.body[0].photos).toEqual([url]);
    });

    it('refuses a file that is not a photo, strangers, anonymous callers and a lot that does not exist', async () => {
      const lot = await recordLot();
      const text = await uploadTo(`/lots/${lot.id}/photos`, seller, Buffer.from('GIF89a not really'), 'a.jpg');
      expect(text.status).toBe(415);
      expect(text.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(text.body).toMatchObject({ code: 'photo-type-unsupported' });
      const foreign = await uploadTo(`/lots/${lot.id}/photos`, stranger, await phonePhoto()).expect(403);
      expect(foreign.body).toMatchObject({ code: 'not-a-member' });
      await uploadTo(`/lots/${lot.id}/photos`, null, await phonePhoto()).expect(401);
      const missing = await uploadTo(`/lots/${randomUUID()}/photos`, seller, await phonePhoto()).expect(404);
      expect(missing.body).toMatchObject({ code: 'lot-not-found' });
      const trace = await request(world.catalog).get(`/trace/${lot.traceCode}`).expect(200);
      expect(trace.body.photos).toEqual([]);
    });

    it('a burst of 10 uploads to one lot keeps 6 photos and refuses the rest', async () => {
      const lot = await recordLot();
      const photo = await phonePhoto('#8d6e63', 640, 480);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => uploadTo(`/lots/${lot.id}/photos`, seller, photo)),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(6);
      expect(statuses.filter((status) => status === 409)).toHaveLength(4);
      for (const answer of answers.filter((a) => a.status === 409)) {
        expect(answer.body).toMatchObject({ code: 'lot-photos-full', params: { limit: 6 } });
      }
      const trace = await request(world.catalog).get(`/trace/${lot.traceCode}`).expect(200);
      expect(new Set(trace.body.photos).size).toBe(6);
    });
  });
});
