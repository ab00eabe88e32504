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

  const upload = (listingId: string, actor: Actor | null, bytes: Buffer, filename = 'IMG_0001.jpg') => {
    const call = request(world.catalog).post(`/listings/${listingId}/photos`);
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
});
