import { waitFor } from '@countyflow/testing';
import request from 'supertest';
import { Actor, countyStaff, platformAdmin, sellerOwner } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

describe('a seller verified in identity becomes a verified seller in catalog', () => {
  let platform: Platform;
  let identity: string;
  let catalog: string;
  let staff: Actor;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['identity', 'catalog'] });
    identity = platform.urls.identity!;
    catalog = platform.urls.catalog!;
    const admin = await platformAdmin(identity, platform.env);
    staff = await countyStaff(identity, admin, '360722');
  });

  afterAll(() => platform.stop());

  it('carries verification and suspension to the catalog through the outbox and the queue', async () => {
    const owner = await sellerOwner(identity);
    await request(catalog).get(`/sellers/${owner.orgId}`).expect(404);

    await request(identity)
      .post(`/organisations/${owner.orgId}/verify`)
      .set('authorization', `Bearer ${staff.token}`)
      .expect(200);
    const verified = await waitFor(
      async () => {
        const response = await request(catalog).get(`/sellers/${owner.orgId}`);
        return response.status === 200 && response.body;
      },
      { what: 'catalog to learn of the verification' },
    );
    expect(verified).toMatchObject({ orgId: owner.orgId, status: 'verified', countyCode: '360722' });

    await request(identity)
      .post(`/organisations/${owner.orgId}/suspend`)
      .set('authorization', `Bearer ${staff.token}`)
      .send({ reason: '抽检不合格' })
      .expect(200);
    await waitFor(async () => (await request(catalog).get(`/sellers/${owner.orgId}`)).body.status === 'suspended', {
      what: 'catalog to learn of the suspension',
    });
    const listed = await request(catalog).get('/sellers').query({ countyCode: '360722' }).expect(200);
    expect(listed.body.map((seller: { orgId: string }) => seller.orgId)).not.toContain(owner.orgId);
  });
});
