import { PlaceNames } from '@countyflow/kernel';
import { cityAddress, expectProblem, OrdersHarness, TestListing } from './support';

jest.setTimeout(90_000);

describe('checkout keeps the division an address was picked by', () => {
  let h: OrdersHarness;
  let listing: TestListing;

  beforeAll(async () => {
    h = await OrdersHarness.start();
    const seller = await h.identity.seller({ name: '脐橙合作社' });
    listing = await h.catalog.listing(seller, { title: '脐橙', skus: [{ priceFen: 3000 }] });
  });

  afterAll(() => h?.stop());

  it("stores the address-book entry's village code with the text, and refuses a code the dataset lacks", async () => {
    // a village of Nanshan, Shenzhen, as the cascading picker offers it
    const places = new PlaceNames();
    const [town] = await places.children('440305');
    const [village] = await places.children(town.code);
    const buyer = h.buyer();
    const lines = [{ skuId: listing.skus[0].skuId, quantity: 1 }];
    const destination = cityAddress();
    const placed = await h
      .checkout(buyer, lines, {
        destination: { ...destination, address: { ...destination.address, placeCode: village.code } },
      })
      .expect(202);
    const order = await h.get(buyer, `/orders/${placed.body.orders[0].id}`).expect(200);
    expect(order.body.destination.address).toMatchObject({ ...destination.address, placeCode: village.code });
    const { rows } = await h.db.query(
      `SELECT destination -> 'address' ->> 'placeCode' AS code FROM orders.customer_order WHERE id = $1`,
      [placed.body.orders[0].id],
    );
    expect(rows[0].code).toBe(village.code);

    // typed by hand: no code, as before
    const typist = h.buyer();
    const typed = await h.checkout(typist, lines).expect(202);
    const typedOrder = await h.get(typist, `/orders/${typed.body.orders[0].id}`).expect(200);
    expect(typedOrder.body.destination.address.placeCode).toBeNull();

    const unknown = await h.checkout(h.buyer(), lines, {
      destination: { ...destination, address: { ...destination.address, placeCode: '440305999' } },
    });
    expectProblem(unknown, 400, 'address-place-unknown');
    expect(unknown.body.params).toEqual({ placeCode: '440305999' });
    const malformed = await h.checkout(h.buyer(), lines, {
      destination: { ...destination, address: { ...destination.address, placeCode: '4403' } },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'destination.address.placeCode' })]);
  });
});
