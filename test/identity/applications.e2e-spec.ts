import { MediaLinks } from '@countyflow/media';
import { waitFor } from '@countyflow/testing';
import sharp from 'sharp';
import request from 'supertest';
import { bearer, CatalogWorld, startCatalogWorld } from '../catalog/support';
import { Actor, countyStaff, registerActor, sellerOwner } from '../support/actors';
import { phonePhoto } from '../support/photos';

/** The development signing secret (the test platform sets none), to make an expired link as the service would. */
const DEV_MEDIA_SECRET = 'development-only-media-signing-secret-0001';

describe('seller applications', () => {
  let world: CatalogWorld;
  let owner: Actor;
  let otherStaff: Actor;

  beforeAll(async () => {
    world = await startCatalogWorld();
    owner = await sellerOwner(world.identity, { name: '安西镇脐橙专业合作社' });
    otherStaff = await countyStaff(world.identity, world.admin, '360781');
  });

  afterAll(() => world.stop());

  const api = () => request(world.identity);
  const path = (suffix = '') => `/organisations/${owner.orgId}/application${suffix}`;
  const upload = (suffix: string, actor: Actor, bytes: Buffer) =>
    api()
      .post(path(suffix))
      .set(...bearer(actor))
      .attach('photo', bytes, { filename: 'licence.jpg', contentType: 'image/jpeg' });
  /** A signed link as the browser gets it (`/api/identity/…`), asked of the service directly. */
  const fetchPhoto = (url: string) => api().get(url.replace('/api/identity', ''));

  it('an owner fills the application in; submitting needs the licence photo and the permits its categories need', async () => {
    const started = await api()
      .put(path())
      .set(...bearer(owner))
      .send({ legalRepresentative: '刘桂兰', categories: ['citrus', 'packaged-food'] })
      .expect(200);
    expect(started.body).toMatchObject({
      status: 'draft',
      orgStatus: 'pending',
      licencePhoto: null,
      permits: [{ kind: 'food_business_licence', number: null, photo: null, required: true }],
    });

    const noLicence = await api()
      .post(path('/submit'))
      .set(...bearer(owner))
      .expect(409);
    expect(noLicence.body).toMatchObject({ code: 'application-licence-missing' });

    const withLicence = await upload('/licence', owner, await phonePhoto('#d9d2c0')).expect(200);
    expect(withLicence.body.licencePhoto.large).toMatch(
      /^\/api\/identity\/media\/private\/[0-9a-f-]{36}\/large\.webp\?expires=\d+&sig=[\w-]+$/,
    );
    const noPermit = await api()
      .post(path('/submit'))
      .set(...bearer(owner))
      .expect(409);
    expect(noPermit.body).toMatchObject({
      code: 'application-permit-missing',
      params: { missing: ['food_business_licence'] },
    });

    await api()
      .put(path())
      .set(...bearer(owner))
      .send({
        legalRepresentative: '刘桂兰',
        categories: ['citrus', 'packaged-food'],
        permits: [{ kind: 'food_business_licence', number: 'JY13607220012345' }],
      })
      .expect(200);
    await upload('/permits/food_business_licence', owner, await phonePhoto('#c0d2d9')).expect(200);
    await upload('/permits/seed_licence', owner, await phonePhoto()).expect(400);
    const submitted = await api()
      .post(path('/submit'))
      .set(...bearer(owner))
      .expect(200);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      permits: [{ kind: 'food_business_licence', number: 'JY13607220012345', required: true }],
    });
    expect(submitted.body.submittedAt).toEqual(expect.any(String));
    // submitted: the applicant waits; nothing can be changed
    const locked = await upload('/licence', owner, await phonePhoto()).expect(409);
    expect(locked.body).toMatchObject({
      code: 'application-illegal-transition',
      params: { currentStatus: 'submitted' },
    });
  });

  it('keeps the licence private: signed links only for those entitled, a changed or expired link is refused', async () => {
    const { body } = await api()
      .get(path())
      .set(...bearer(owner))
      .expect(200);
    const licence = await fetchPhoto(body.licencePhoto.large).expect(200);
    expect(licence.headers['content-type']).toBe('image/webp');
    expect(licence.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect((await sharp(licence.body as Buffer).metadata()).exif).toBeUndefined();

    const url = new URL(body.licencePhoto.large as string, 'http://x');
    const tampered = `${url.pathname.replace('large.webp', 'thumb.webp')}${url.search}`;
    const refused = await fetchPhoto(tampered).expect(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'media-link-invalid' });
    await fetchPhoto(url.pathname).expect(403);
    await fetchPhoto(url.pathname.replace('/private/', '/public/')).expect(404);

    const file = url.pathname.replace('/api/identity/media/', '');
    const yesterday = new MediaLinks(DEV_MEDIA_SECRET, 300, () => Date.now() - 86_400_000).sign(file);
    const expired = await fetchPhoto(`${url.pathname}?${yesterday}`).expect(403);
    expect(expired.body).toMatchObject({ code: 'media-link-expired' });

    const stranger = await registerActor(world.identity, '路人');
    await api()
      .get(path())
      .set(...bearer(stranger))
      .expect(404);
    await api()
      .get(path())
      .set(...bearer(otherStaff))
      .expect(404);
    await api().get(path()).expect(401);
  });

  it('county staff review the queue, reject with a reason, and approve the resubmission; the owner is told', async () => {
    const queue = await api()
      .get('/applications')
      .set(...bearer(world.staff))
      .expect(200);
    const mine = queue.body.find((application: { orgId: string }) => application.orgId === owner.orgId);
    expect(mine).toMatchObject({ orgName: '安西镇脐橙专业合作社', status: 'submitted', legalRepresentative: '刘桂兰' });
    await fetchPhoto(mine.licencePhoto.thumb).expect(200);
    expect(
      (
        await api()
          .get('/applications')
          .set(...bearer(otherStaff))
          .expect(200)
      ).body,
    ).toEqual([]);
    await api()
      .get('/applications')
      .set(...bearer(owner))
      .expect(403);
    await api()
      .post(path('/approve'))
      .set(...bearer(otherStaff))
      .expect(403);
    await api()
      .post(path('/approve'))
      .set(...bearer(owner))
      .expect(403);

    const rejected = await api()
      .post(path('/reject'))
      .set(...bearer(world.staff))
      .send({ reason: '营业执照照片不清楚，请重新拍摄' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      reason: '营业执照照片不清楚，请重新拍摄',
      orgStatus: 'pending',
    });
    const told = await api()
      .get('/me/messages')
      .set(...bearer(owner))
      .expect(200);
    expect(told.body[0]).toMatchObject({
      kind: 'application_rejected',
      params: { orgName: '安西镇脐橙专业合作社', reason: '营业执照照片不清楚，请重新拍摄' },
    });

    await upload('/licence', owner, await phonePhoto('#f0eee8')).expect(200);
    await api()
      .post(path('/submit'))
      .set(...bearer(owner))
      .expect(200);
    // two staff decide at once: one decision, one event
    const decisions = await Promise.all([
      api()
        .post(path('/approve'))
        .set(...bearer(world.staff)),
      api()
        .post(path('/reject'))
        .set(...bearer(world.staff))
        .send({ reason: '重复' }),
    ]);
    const statuses = decisions.map((decision) => decision.status).sort();
    expect(statuses).toEqual([200, 409]);
    const approved = decisions[0].status === 200;
    if (!approved) {
      // the rejection won the race: submit again and approve (the race itself is what this test is about)
      await api()
        .post(path('/submit'))
        .set(...bearer(owner))
        .expect(200);
      await api()
        .post(path('/approve'))
        .set(...bearer(world.staff))
        .expect(200);
    }
    const after = await api()
      .get(path())
      .set(...bearer(owner))
      .expect(200);
    expect(after.body).toMatchObject({ status: 'approved', orgStatus: 'verified' });
    const messages = await api()
      .get('/me/messages')
      .set(...bearer(owner))
      .expect(200);
    expect(messages.body[0]).toMatchObject({ kind: 'application_approved', params: { orgId: owner.orgId } });
    await waitFor(async () => (await request(world.catalog).get(`/sellers/${owner.orgId}`)).status === 200);
    const again = await api()
      .post(path('/approve'))
      .set(...bearer(world.staff))
      .expect(409);
    expect(again.body).toMatchObject({ code: 'application-illegal-transition' });
    const { rows } = await world.db.query(
      `SELECT count(*)::int AS n FROM identity.outbox WHERE name = 'org.verified' AND payload->>'orgId' = $1`,
      [owner.orgId],
    );
    expect(rows[0].n).toBe(1);
  });
});
