import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import {
  COUNTY,
  expectProblem,
  OrdersHarness,
  OTHER_COUNTY,
  servicePointDestination,
  TestActor,
  TestListing,
} from './support';

describe('who sees and acts on which orders', () => {
  let h: OrdersHarness;
  let alice: TestActor;
  let bob: TestActor;
  let sellerA: string;
  let sellerB: string;
  let point: string;
  let aliceOrder: { id: string; groupId: string };
  let bobOrder: { id: string; groupId: string };
  let listingA: TestListing;

  beforeAll(async () => {
    h = await OrdersHarness.start();
    alice = h.buyer('Alice');
    bob = h.buyer('Bob');
    sellerA = await h.identity.seller({ name: '甲合作社' });
    sellerB = await h.identity.seller({ name: '乙合作社', countyCode: OTHER_COUNTY });
    point = await h.identity.servicePoint();
    listingA = await h.catalog.listing(sellerA);
    const listingB = await h.catalog.listing(sellerB, { countyCode: OTHER_COUNTY, sellerName: '乙合作社' });
    const placedA = await h
      .post(alice, '/checkout', {
        lines: [{ skuId: listingA.skus[0].skuId, quantity: 1 }],
        destination: servicePointDestination(point),
      })
      .expect(202);
    const placedB = await h.checkout(bob, [{ skuId: listingB.skus[0].skuId, quantity: 2 }]).expect(202);
    aliceOrder = placedA.body.orders[0];
    bobOrder = placedB.body.orders[0];
    await h.catalog.reserve(aliceOrder.id);
    await h.catalog.reserve(bobOrder.id);
  });

  afterAll(() => h?.stop());

  describe('buyers', () => {
    it("list and open only their own orders; another buyer's order is 404 wherever they look", async () => {
      const mine = await h.get(alice, '/orders').expect(200);
      expect(mine.body.map((order: { id: string }) => order.id)).toEqual([aliceOrder.id]);

      expectProblem(await h.get(alice, `/orders/${bobOrder.id}`), 404, 'order-not-found');
      expectProblem(await h.get(alice, `/order-groups/${bobOrder.groupId}`), 404, 'order-group-not-found');
      expectProblem(await h.get(alice, '/orders/00000000-0000-4000-8000-000000000000'), 404, 'order-not-found');
    });

    it("cannot cancel, pay, claim or review another buyer's order, and nothing changes", async () => {
      expectProblem(await h.post(alice, `/orders/${bobOrder.id}/cancel`), 404, 'order-not-found');
      expectProblem(await h.post(alice, `/order-groups/${bobOrder.groupId}/payments`), 404, 'order-group-not-found');
      expectProblem(
        await h.post(alice, `/orders/${bobOrder.id}/claim`, {
          reason: '全坏了，要求退款',
          photoUrls: [],
          remedy: 'full_refund',
        }),
        404,
        'order-not-found',
      );
      expectProblem(await h.post(alice, `/orders/${bobOrder.id}/review`, { rating: 1 }), 404, 'order-not-found');
      expect((await h.get(bob, `/orders/${bobOrder.id}`).expect(200)).body.status).toBe('awaiting_payment');
    });

    it('need a token for everything but the webhook and public ratings', async () => {
      expectProblem(await h.get(null, '/orders'), 401, 'unauthenticated');
      expectProblem(await h.get(null, `/orders/${aliceOrder.id}`), 401, 'unauthenticated');
      await h.get(null, `/sellers/${sellerA}/rating`).expect(200);
    });
  });

  describe('sellers', () => {
    it('see their own orders with what to pack, and not another seller’s', async () => {
      const ownerA = h.sellerOwner(sellerA);
      await h.pay(alice, aliceOrder.groupId);

      const orders = await h.get(ownerA, `/sellers/${sellerA}/orders`).expect(200);
      const packing = await h.get(ownerA, `/sellers/${sellerA}/packing-list`).expect(200);

      expect(orders.body.map((order: { id: string }) => order.id)).toEqual([aliceOrder.id]);
      expect(orders.body[0].lines).toEqual([expect.objectContaining({ skuId: listingA.skus[0].skuId, quantity: 1 })]);
      expect(packing.body).toEqual([
        { skuId: listingA.skus[0].skuId, title: '赣南脐橙', spec: expect.any(String), quantity: 1, orders: 1 },
      ]);
      await h.get(ownerA, `/orders/${aliceOrder.id}`).expect(200);
      expectProblem(await h.get(ownerA, `/sellers/${sellerB}/orders`), 403, 'not-a-member');
      expectProblem(await h.get(ownerA, `/orders/${bobOrder.id}`), 404, 'order-not-found');
    });

    it('cannot cancel a buyer’s order (403: they see it, but it is not theirs to cancel)', async () => {
      expectProblem(await h.post(h.sellerOwner(sellerA), `/orders/${aliceOrder.id}/cancel`), 403, 'not-the-buyer');
    });
  });

  describe('service points and county staff', () => {
    it('a service point sees the orders bound for it', async () => {
      const operator = h.operator(point);
      const otherOperator = h.operator(await h.identity.servicePoint());

      const bound = await h.get(operator, `/service-points/${point}/orders`).expect(200);

      expect(bound.body.map((order: { id: string }) => order.id)).toEqual([aliceOrder.id]);
      await h.get(operator, `/orders/${aliceOrder.id}`).expect(200);
      expectProblem(await h.get(otherOperator, `/service-points/${point}/orders`), 403, 'not-a-member');
      expectProblem(await h.get(operator, `/orders/${bobOrder.id}`), 404, 'order-not-found');
    });

    it("county staff see their county's orders only", async () => {
      const staff = h.countyStaff(COUNTY);

      const county = await h.get(staff, `/counties/${COUNTY}/orders`).expect(200);

      expect(county.body.map((order: { id: string }) => order.id)).toEqual([aliceOrder.id]);
      await h.get(staff, `/orders/${aliceOrder.id}`).expect(200);
      expectProblem(await h.get(staff, `/counties/${OTHER_COUNTY}/orders`), 403, 'not-county-staff');
      expectProblem(await h.get(staff, `/orders/${bobOrder.id}`), 404, 'order-not-found');
      const other = await h.get(h.countyStaff(OTHER_COUNTY), `/counties/${OTHER_COUNTY}/orders`).expect(200);
      expect(other.body.map((order: { id: string }) => order.id)).toEqual([bobOrder.id]);
    });

    it('a staff member of a seller cannot see orders as a buyer', async () => {
      const staffer = h.member(sellerA, OrganisationKind.Cooperative, MembershipRole.Staff);
      expect((await h.get(staffer, '/orders').expect(200)).body).toEqual([]);
    });
  });
});
