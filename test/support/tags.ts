import request from 'supertest';
import { Actor } from './actors';
import { phonePhoto } from './photos';

/**
 * Gives a listing verified origin tags the way people do: the seller's owner applies with a certificate number and a
 * photo of the certificate, county staff of the listing's county verify. `catalog` is the catalog's base URL (or the
 * gateway's `…/api/catalog`).
 */
export async function verifiedTags(
  catalog: string,
  owner: Actor,
  staff: Actor,
  listingId: string,
  kinds: readonly string[],
): Promise<void> {
  for (const kind of kinds) {
    const applied = await request(catalog)
      .post(`/listings/${listingId}/tags`)
      .set('authorization', `Bearer ${owner.token}`)
      .send({
        kind,
        certificateNo: `CERT-${kind.slice(0, 4).toUpperCase()}-${listingId.slice(0, 8)}`,
        ...(kind === 'green_food' || kind === 'organic' ? { expiresOn: '2030-12-31' } : {}),
      });
    expect([applied.status, applied.body]).toEqual([201, expect.objectContaining({ status: 'pending' })]);
    const photo = await request(catalog)
      .post(`/tags/${applied.body.id}/photo`)
      .set('authorization', `Bearer ${owner.token}`)
      .attach('photo', await phonePhoto('#f4efe1', 800, 600), 'certificate.jpg');
    expect(photo.status).toBe(201);
    const verified = await request(catalog)
      .post(`/tags/${applied.body.id}/verify`)
      .set('authorization', `Bearer ${staff.token}`);
    expect([verified.status, verified.body.status]).toEqual([200, 'verified']);
  }
}
