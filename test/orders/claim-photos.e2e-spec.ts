import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { phonePhoto } from '../support/photos';
import { COUNTY, expectProblem, OrdersHarness, OTHER_COUNTY, TestActor, TestListing } from './support';

/** Files stored under the orders service's private media (each photo: two variants, each with its type file). */
async function privateFiles(h: OrdersHarness): Promise<string[]> {
  const root = join(h.platform.env.MEDIA_DIR!, 'private');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe("claims' evidence photos: private, taken by the buyer, seen by the buyer, the seller and county staff", () => {
  let h: OrdersHarness;
  let seller: string;
  let sellerOwner: TestActor;
  let peaches: TestListing;
  let staff: TestActor;

  beforeAll(async () => {
    h = await OrdersHarness.start();
    seller = await h.identity.seller({ name: '黄桃合作社' });
    sellerOwner = h.sellerOwner(seller);
    peaches = await h.catalog.listing(seller, { title: '黄桃', skus: [{ priceFen: 4000 }] });
    staff = h.countyStaff(COUNTY);
  });

  afterAll(() => h?.stop());

  /** A buyer's claim on an order paid online and delivered. */
  async function claimed(buyer: TestActor): Promise<{ claimId: string; orderId: string }> {
    const placed = await h.checkout(buyer, [{ skuId: peaches.skus[0].skuId, quantity: 1 }]).expect(202);
    const order = placed.body.orders[0] as { id: string };
    await h.catalog.reserve(order.id);
    await h.pay(buyer, placed.body.id);
    await h.logistics.created(order.id);
    await h.logistics.dispatched(order.id);
    await h.logistics.delivered(order.id);
    const opened = await h
      .post(buyer, `/orders/${order.id}/claim`, { reason: '黄桃压坏了一半，汁水流了一箱', remedy: 'full_refund' })
      .expect(201);
    expect(opened.body).toMatchObject({ photoUrls: [], photos: [], photoCount: 0 });
    return { claimId: opened.body.id, orderId: order.id };
  }

  const upload = (claimId: string, actor: TestActor | null, bytes: Buffer) => {
    const call = request(h.url).post(`/claims/${claimId}/photos`);
    if (actor) {
      void call.set('authorization', `Bearer ${actor.token}`);
    }
    return call.attach('photo', bytes, { filename: 'IMG_2041.jpg', contentType: 'image/jpeg' });
  };

  /** A link as the web app gets it (through the gateway), fetched from the orders service itself. */
  const fetchLink = (link: string) => request(h.url).get(link.replace('/api/orders', ''));

  it('stores the phone photo privately and hands signed links only to those entitled', async () => {
    const buyer = h.buyer();
    const { claimId, orderId } = await claimed(buyer);

    const added = await upload(claimId, buyer, await phonePhoto('#d4a017')).expect(201);
    expect(added.body.photoCount).toBe(1);
    const [photo] = added.body.photos as { large: string; thumb: string }[];
    expect(photo.large).toMatch(/^\/api\/orders\/media\/private\/[0-9a-f-]{36}\/large\.webp\?expires=\d+&sig=/);

    // upright, WebP, without EXIF (the GPS position is gone), kept by the browser no longer than the link lives
    const large = await fetchLink(photo.large).expect(200);
    expect(large.headers['content-type']).toBe('image/webp');
    expect(large.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    const metadata = await sharp(large.body as Buffer).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 900, height: 1200 });
    expect(metadata.exif).toBeUndefined();
    const thumb = await fetchLink(photo.thumb).expect(200);
    expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ width: 400, height: 400 });

    // the seller, in its list and on the order; county staff, in the county's list
    const sellerList = await h.get(sellerOwner, `/sellers/${seller}/claims`).expect(200);
    const forSeller = sellerList.body.find((claim: { id: string }) => claim.id === claimId);
    expect(forSeller.photos).toHaveLength(1);
    await fetchLink(forSeller.photos[0].large).expect(200);
    const onOrder = await h.get(sellerOwner, `/orders/${orderId}`).expect(200);
    expect(onOrder.body.claim.photos).toHaveLength(1);
    const countyList = await h.get(staff, `/counties/${COUNTY}/claims`).expect(200);
    const forCounty = countyList.body.find((claim: { id: string }) => claim.id === claimId);
    await fetchLink(forCounty.photos[0].thumb).expect(200);
    const buyerView = await h.get(buyer, `/claims/${claimId}`).expect(200);
    expect(buyerView.body.photos).toHaveLength(1);

    // a stranger: no claim to read, no photo to add; staff of another county likewise
    const stranger = h.buyer('路人');
    expectProblem(await h.get(stranger, `/claims/${claimId}`), 404, 'claim-not-found');
    expectProblem(await upload(claimId, stranger, await phonePhoto()), 404, 'claim-not-found');
    expectProblem(await h.get(h.countyStaff(OTHER_COUNTY), `/claims/${claimId}`), 404, 'claim-not-found');
    expectProblem(await upload(claimId, null, await phonePhoto()), 401, 'unauthenticated');
    // the seller may see the evidence but not add to it
    expectProblem(await upload(claimId, sellerOwner, await phonePhoto()), 403, 'not-the-buyer');

    // without the signature, with another photo's signature, with a changed expiry: refused
    const [path, query] = photo.large.replace('/api/orders', '').split('?');
    expectProblem(await request(h.url).get(path), 403, 'media-link-invalid');
    const otherPath = path.replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000');
    expectProblem(await request(h.url).get(`${otherPath}?${query}`), 403, 'media-link-invalid');
    const later = query.replace(/expires=(\d+)/, (_, expires: string) => `expires=${Number(expires) + 3600}`);
    expectProblem(await request(h.url).get(`${path}?${later}`), 403, 'media-link-invalid');
    // a private photo is not public under its id
    const publicPath = path.replace('/media/private/', '/media/public/');
    await request(h.url).get(publicPath).expect(404);
  });

  it('stops a burst at nine photos and leaves no file of a refused one behind', async () => {
    const buyer = h.buyer();
    const { claimId } = await claimed(buyer);
    // eight photos already (their files elsewhere): room for exactly one more
    await h.db.query(
      `UPDATE orders.claim SET photo_ids = ARRAY(SELECT gen_random_uuid() FROM generate_series(1, 8)) WHERE id = $1`,
      [claimId],
    );
    const before = await privateFiles(h);
    const photo = await phonePhoto('#c0392b');
    const answers = await Promise.all([1, 2, 3].map(() => upload(claimId, buyer, photo)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'claim-photos-full', params: { max: 9 } });
    }
    const added = (await privateFiles(h)).filter((file) => !before.includes(file));
    const accepted = answers.find((answer) => answer.status === 201)!.body as { photoCount: number };
    expect(accepted.photoCount).toBe(9);
    // one photo kept: large and thumb, each with its type; nothing of the two refused
    expect(added).toHaveLength(4);
    const { rows } = await h.db.query(`SELECT photo_ids FROM orders.claim WHERE id = $1`, [claimId]);
    expect(added.every((file) => file.includes((rows[0].photo_ids as string[])[8]))).toBe(true);
  });

  it('takes no photo once the claim is resolved', async () => {
    const buyer = h.buyer();
    const { claimId } = await claimed(buyer);
    await h.post(sellerOwner, `/claims/${claimId}/response`, { decision: 'accept' }).expect(200);
    const before = await privateFiles(h);
    expectProblem(await upload(claimId, buyer, await phonePhoto()), 409, 'claim-resolved');
    expect(await privateFiles(h)).toEqual(before);
  });
});
