import { Principal } from '@countyflow/auth';
import { EventName, MembershipRole, OrganisationKind, ServiceName } from '@countyflow/contracts';
import { chinaDate } from '@countyflow/kernel';
import { MediumTest, problemOf } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { loadCatalogConfig } from '../../../apps/catalog/src/catalog.config';
import { CATALOG_ENTITIES, CATALOG_FEATURES } from '../../../apps/catalog/src/catalog.module';
import { Certification } from '../../../apps/catalog/src/listing/listing.entity';
import { ListingService } from '../../../apps/catalog/src/listing/listing.service';
import { SearchService } from '../../../apps/catalog/src/search/search.service';
import { TagStatus } from '../../../apps/catalog/src/tag/tag.entity';
import { TagService } from '../../../apps/catalog/src/tag/tag.service';
import { phonePhoto } from '../../support/photos';

const COUNTY = '360722';
const DAY_MS = 24 * 3600 * 1000;
const today = chinaDate(new Date());
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const staffOf = (countyCode: string): Principal =>
  new Principal(randomUUID(), '县商务局', randomUUID(), [
    { orgId: randomUUID(), orgKind: OrganisationKind.CountyOffice, countyCode, role: MembershipRole.CountyStaff },
  ]);

/*
 * Verified tags (TagService with its real repositories): a seller applies with a certificate number and a photo,
 * county staff of the listing's county verify or reject, only verified tags are the listing's certifications and
 * count in search, and a certificate's end takes the tag off the listing.
 */
describe('catalog: verified tags (medium: TagService, real repositories)', () => {
  let t: MediumTest;
  let tags: TagService;
  let photo: Buffer;

  beforeAll(async () => {
    t = await MediumTest.create(process.env, {
      service: ServiceName.Catalog,
      persistence: { schema: 'catalog', entities: CATALOG_ENTITIES },
      config: (env) => loadCatalogConfig(env, { port: 0, tagExpirySweepMs: 0 }),
      inbox: true,
      imports: CATALOG_FEATURES,
    });
    tags = t.get(TagService);
    photo = await phonePhoto('#f4efe1', 800, 600);
  });

  afterAll(() => t?.close());

  /** A verified cooperative of the county with one published listing, a unique word in its title. */
  async function publishedListing(): Promise<{ owner: Principal; listingId: string; word: string }> {
    const sellerOrgId = randomUUID();
    await t.deliver(EventName.OrgVerified, {
      orgId: sellerOrgId,
      kind: OrganisationKind.Cooperative,
      name: '安西镇脐橙专业合作社',
      countyCode: COUNTY,
      villageCode: `${COUNTY}100201`,
      creditCode: null,
      decidedBy: randomUUID(),
      reason: null,
    });
    const owner = new Principal(randomUUID(), '社长', randomUUID(), [
      { orgId: sellerOrgId, orgKind: OrganisationKind.Cooperative, countyCode: COUNTY, role: MembershipRole.Owner },
    ]);
    const word = `橙${randomUUID().slice(0, 6)}`;
    const listings = t.get(ListingService);
    const created = await listings.create(owner, {
      sellerOrgId,
      categoryId: 'citrus',
      title: `赣南脐橙 ${word}`,
      description: '信丰安西镇果园现摘。',
      images: [],
      originVillageCode: `${COUNTY}100201`,
      temperature: { class: 'ambient' },
      skus: [{ spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 10 }],
    } as never);
    await listings.transition(owner, created.id, 'publish');
    return { owner, listingId: created.id, word };
  }

  const certifications = async (listingId: string) => {
    const [row] = await t.rows<{ listing: string[]; search: string[] }>(
      `SELECT l.certifications AS listing, s.certifications AS search
         FROM listing l LEFT JOIN listing_search s ON s.listing_id = l.id WHERE l.id = $1`,
      [listingId],
    );
    return row;
  };
  const facet = async (word: string) =>
    (await t.get(SearchService).find({ q: word, facets: 'true' } as never)).facets?.certification;

  it('shows a tag only once county staff of the county verified it, photo first', async () => {
    const { owner, listingId, word } = await publishedListing();
    const staff = staffOf(COUNTY);

    const applied = await tags.apply(owner, listingId, {
      kind: Certification.GeographicalIndication,
      certificateNo: 'AGI-2019-00123',
    });
    expect(applied).toMatchObject({ status: 'pending', certificateNo: 'AGI-2019-00123', photoUrl: null });
    expect(await certifications(listingId)).toEqual({ listing: [], search: [] });
    expect(await facet(word)).toEqual({});

    // no photo yet; another county's staff; a second application of the kind
    expect(await problemOf(tags.verify(staff, applied.id))).toMatchObject({ status: 409, code: 'tag-photo-missing' });
    const withPhoto = await tags.addPhoto(owner, applied.id, () => Promise.resolve(photo));
    expect(withPhoto.photoUrl).toMatch(/^\/api\/catalog\/media\/private\/[0-9a-f-]{36}\/large\.webp\?expires=\d+&sig=/);
    expect(await problemOf(tags.verify(staffOf('360734'), applied.id))).toMatchObject({
      status: 403,
      code: 'not-county-staff',
    });
    expect(await problemOf(tags.verify(owner, applied.id))).toMatchObject({ status: 403, code: 'not-county-staff' });
    expect(
      await problemOf(
        tags.apply(owner, listingId, { kind: Certification.GeographicalIndication, certificateNo: 'X-0001' }),
      ),
    ).toMatchObject({ status: 409, code: 'tag-already-applied' });
    expect(
      await problemOf(
        tags.apply(staff, listingId, { kind: Certification.Organic, certificateNo: 'OF-0001', expiresOn: today }),
      ),
    ).toMatchObject({ status: 403, code: 'not-a-member' });

    const verified = await tags.verify(staff, applied.id);
    expect(verified).toMatchObject({ status: 'verified', decidedAt: expect.any(String) });
    expect(await certifications(listingId)).toEqual({
      listing: ['geographical_indication'],
      search: ['geographical_indication'],
    });
    expect(await facet(word)).toEqual({ geographical_indication: 1 });
    expect(await t.published(EventName.ListingChanged, { listingId })).not.toHaveLength(0);
    expect(await problemOf(tags.verify(staff, applied.id))).toMatchObject({ status: 409, code: 'illegal-transition' });
    expect((await tags.review(staff, COUNTY)).map((item) => item.id)).not.toContain(applied.id);

    // the seller takes it back: off the listing and out of search
    await tags.withdraw(owner, applied.id);
    expect(await certifications(listingId)).toEqual({ listing: [], search: [] });
  });

  it('lets county staff revoke a verified tag with a reason: it stops showing and counting, the seller sees why', async () => {
    const { owner, listingId, word } = await publishedListing();
    const staff = staffOf(COUNTY);
    const applied = await tags.apply(owner, listingId, {
      kind: Certification.GreenFood,
      certificateNo: 'LB-2026-77',
      expiresOn: '2030-01-01',
    });
    await tags.addPhoto(owner, applied.id, () => Promise.resolve(photo));
    expect(await problemOf(tags.revoke(staff, applied.id, '证书已被注销'))).toMatchObject({
      status: 409,
      code: 'illegal-transition',
    });
    await tags.verify(staff, applied.id);
    expect(await facet(word)).toEqual({ green_food: 1 });
    expect((await tags.review(staff, COUNTY, TagStatus.Verified)).map((item) => item.id)).toContain(applied.id);

    expect(await problemOf(tags.revoke(staffOf('360734'), applied.id, '证书已被注销'))).toMatchObject({
      status: 403,
      code: 'not-county-staff',
    });
    expect(await problemOf(tags.revoke(owner, applied.id, '证书已被注销'))).toMatchObject({ status: 403 });
    const revoked = await tags.revoke(staff, applied.id, '  证书已被注销  ');
    expect(revoked).toMatchObject({ status: 'revoked', reason: '证书已被注销', decidedAt: expect.any(String) });
    expect(await certifications(listingId)).toEqual({ listing: [], search: [] });
    expect(await facet(word)).toEqual({});
    expect((await tags.review(staff, COUNTY, TagStatus.Verified)).map((item) => item.id)).not.toContain(applied.id);
    expect((await tags.list(owner, listingId)).find((tag) => tag.id === applied.id)).toMatchObject({
      status: 'revoked',
      reason: '证书已被注销',
    });
    expect(await problemOf(tags.revoke(staff, applied.id, '再撤一次'))).toMatchObject({
      status: 409,
      code: 'illegal-transition',
    });
    // the seller may apply again
    expect(
      await tags.apply(owner, listingId, {
        kind: Certification.GreenFood,
        certificateNo: 'LB-2026-78',
        expiresOn: '2030-01-01',
      }),
    ).toMatchObject({ status: 'pending' });
  });

  it('rejects with a reason, and refuses applications without the end date their certificates have', async () => {
    const { owner, listingId } = await publishedListing();
    const staff = staffOf(COUNTY);
    expect(
      await problemOf(tags.apply(owner, listingId, { kind: Certification.Organic, certificateNo: 'OF-2026-0001' })),
    ).toMatchObject({ status: 400, code: 'tag-expiry-required' });
    expect(
      await problemOf(
        tags.apply(owner, listingId, {
          kind: Certification.Organic,
          certificateNo: 'OF-2026-0001',
          expiresOn: addDays(today, -1),
        }),
      ),
    ).toMatchObject({ status: 400, code: 'tag-certificate-expired' });
    const applied = await tags.apply(owner, listingId, {
      kind: Certification.Organic,
      certificateNo: 'OF-2026-0001',
      expiresOn: addDays(today, 300),
    });
    await tags.addPhoto(owner, applied.id, () => Promise.resolve(photo));
    const queue = await tags.review(staff, COUNTY);
    expect(queue.find((item) => item.id === applied.id)).toMatchObject({
      listingTitle: expect.stringContaining('赣南脐橙'),
      sellerName: '安西镇脐橙专业合作社',
      photoUrl: expect.stringContaining('/media/private/'),
    });
    expect(await problemOf(tags.review(staffOf('360734'), COUNTY))).toMatchObject({ status: 403 });

    const rejected = await tags.reject(staff, applied.id, '证书编号与照片不一致');
    expect(rejected).toMatchObject({ status: 'rejected', reason: '证书编号与照片不一致' });
    expect(await certifications(listingId)).toEqual({ listing: [], search: [] });
    // rejected: the seller may apply again
    await tags.apply(owner, listingId, {
      kind: Certification.Organic,
      certificateNo: 'OF-2026-0002',
      expiresOn: addDays(today, 300),
    });
  });

  it('takes a tag off its listing the day after its certificate ends', async () => {
    const { owner, listingId, word } = await publishedListing();
    const staff = staffOf(COUNTY);
    const verify = async (kind: Certification, expiresOn?: string) => {
      const applied = await tags.apply(owner, listingId, { kind, certificateNo: `C-${kind}`, expiresOn });
      await tags.addPhoto(owner, applied.id, () => Promise.resolve(photo));
      return tags.verify(staff, applied.id);
    };
    const green = await verify(Certification.GreenFood, today);
    await verify(Certification.ConsumptionAssistance);
    expect(await certifications(listingId)).toMatchObject({ listing: ['consumption_assistance', 'green_food'] });

    expect(await tags.expire(today)).toMatchObject({ ran: true });
    expect((await certifications(listingId)).search).toEqual(['consumption_assistance', 'green_food']);

    expect(await tags.expire(addDays(today, 1))).toMatchObject({ ran: true, listings: expect.any(Number) });
    expect(await certifications(listingId)).toEqual({
      listing: ['consumption_assistance'],
      search: ['consumption_assistance'],
    });
    expect(await facet(word)).toEqual({ consumption_assistance: 1 });
    expect((await tags.list(owner, listingId)).find((tag) => tag.id === green.id)?.status).toBe('expired');
  });
});
