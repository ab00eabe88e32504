import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { COUNTY, expectProblem, OrdersHarness, OTHER_COUNTY, outboxOf, TestActor, TestListing } from './support';

const CLAIM = {
  reason: '到货时樱桃已经腐烂，约三分之一不能吃',
  photoUrls: ['https://img.example.com/claims/1.jpg', 'https://img.example.com/claims/2.jpg'],
};

describe('after-sales: claims, reviews, and assisted orders with cash at collection', () => {
  let h: OrdersHarness;
  let seller: string;
  let sellerOwner: TestActor;
  let cherries: TestListing;
  let staff: TestActor;

  beforeAll(async () => {
    h = await OrdersHarness.start();
    seller = await h.identity.seller({ name: '樱桃合作社' });
    sellerOwner = h.sellerOwner(seller);
    cherries = await h.catalog.listing(seller, { title: '樱桃', skus: [{ priceFen: 5000 }] });
    staff = h.countyStaff(COUNTY);
  });

  afterAll(() => h?.stop());

  /** An order paid online, shipped and delivered to the buyer. */
  async function delivered(buyer: TestActor, quantity = 2) {
    const placed = await h.checkout(buyer, [{ skuId: cherries.skus[0].skuId, quantity }]).expect(202);
    const order = placed.body.orders[0];
    await h.catalog.reserve(order.id);
    await h.pay(buyer, placed.body.id);
    await h.logistics.created(order.id);
    await h.logistics.dispatched(order.id);
    await h.logistics.delivered(order.id);
    return order as { id: string; totalFen: number; sellerOrgId: string };
  }

  const refundOf = (claimId: string) =>
    waitFor(async () => {
      const { rows } = await h.db.query(`SELECT status, amount_fen, reason FROM orders.refund WHERE claim_id = $1`, [
        claimId,
      ]);
      return rows[0]?.status === 'succeeded' && rows[0];
    });

  describe('claims', () => {
    it('go to the seller, and when declined to county staff of the county, whose decision is refunded', async () => {
      const buyer = h.buyer();
      const order = await delivered(buyer);
      await h.logistics.excursion(order.id, 11.2);

      const opened = await h
        .post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'partial_refund', amountFen: 3000 })
        .expect(201);
      expect(opened.body).toMatchObject({
        status: 'awaiting_seller',
        requestedRemedy: 'partial_refund',
        requestedAmountFen: 3000,
        respondBy: expect.any(String),
      });
      const sellerList = await h.get(sellerOwner, `/sellers/${seller}/claims`).expect(200);
      expect(sellerList.body.map((claim: { id: string }) => claim.id)).toContain(opened.body.id);

      const declined = await h
        .post(sellerOwner, `/claims/${opened.body.id}/response`, { decision: 'decline', note: '发货时完好' })
        .expect(200);
      expect(declined.body).toMatchObject({
        status: 'escalated',
        escalationReason: 'seller_declined',
        sellerNote: '发货时完好',
      });
      const escalated = await h.get(staff, `/counties/${COUNTY}/claims?status=escalated`).expect(200);
      expect(escalated.body.map((claim: { id: string }) => claim.id)).toContain(opened.body.id);
      const evidence = await h.get(staff, `/orders/${order.id}`).expect(200);
      expect(evidence.body.excursions).toEqual([expect.objectContaining({ readingC: 11.2 })]);

      expectProblem(
        await h.post(h.countyStaff(OTHER_COUNTY), `/claims/${opened.body.id}/decision`, {
          resolution: 'full_refund',
          note: '判定',
        }),
        404,
        'claim-not-found',
      );
      expectProblem(
        await h.post(buyer, `/claims/${opened.body.id}/decision`, { resolution: 'full_refund', note: '我说了算' }),
        403,
        'not-county-staff',
      );
      const decided = await h
        .post(staff, `/claims/${opened.body.id}/decision`, {
          resolution: 'full_refund',
          note: '冷链记录显示途中温度超标，判定全额退款',
        })
        .expect(200);

      expect(decided.body).toMatchObject({
        status: 'resolved',
        resolution: 'full_refund',
        resolutionAmountFen: order.totalFen,
        resolvedBy: 'county_staff',
        refundId: expect.any(String),
      });
      expect(decided.body.actions.map((action: { action: string }) => action.action)).toEqual([
        'opened',
        'escalated',
        'resolved',
      ]);
      expect(await refundOf(opened.body.id)).toEqual({
        status: 'succeeded',
        amount_fen: String(order.totalFen),
        reason: 'claim',
      });
      await waitFor(async () => (await outboxOf(h.db, EventName.OrderRefunded, order.id)).length === 1);
      const after = await h.get(buyer, `/orders/${order.id}`).expect(200);
      expect(after.body).toMatchObject({
        status: 'completed',
        refundedFen: order.totalFen,
        claim: { status: 'resolved' },
      });
      expectProblem(
        await h.post(staff, `/claims/${opened.body.id}/decision`, { resolution: 'rejected', note: '再判一次' }),
        409,
        'illegal-claim-transition',
      );
    });

    it('settle between buyer and seller when the buyer accepts a counter-offer', async () => {
      const buyer = h.buyer();
      const order = await delivered(buyer);
      const opened = await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'full_refund' }).expect(201);

      expectProblem(
        await h.post(buyer, `/claims/${opened.body.id}/response`, { decision: 'accept' }),
        403,
        'not-the-seller',
      );
      const countered = await h
        .post(sellerOwner, `/claims/${opened.body.id}/response`, {
          decision: 'counter',
          remedy: 'partial_refund',
          amountFen: 2500,
          note: '退一半',
        })
        .expect(200);
      expect(countered.body).toMatchObject({
        status: 'countered',
        counterRemedy: 'partial_refund',
        counterAmountFen: 2500,
      });
      const accepted = await h.post(buyer, `/claims/${opened.body.id}/counter-answer`, { accept: true }).expect(200);

      expect(accepted.body).toMatchObject({
        status: 'resolved',
        resolution: 'partial_refund',
        resolutionAmountFen: 2500,
        resolvedBy: 'buyer_accepted_counter',
      });
      expect(await refundOf(opened.body.id)).toMatchObject({ amount_fen: '2500' });
    });

    it('resolve without money when the seller accepts a resend', async () => {
      const buyer = h.buyer();
      const order = await delivered(buyer);
      const opened = await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'resend' }).expect(201);

      const accepted = await h
        .post(sellerOwner, `/claims/${opened.body.id}/response`, { decision: 'accept' })
        .expect(200);

      expect(accepted.body).toMatchObject({
        status: 'resolved',
        resolution: 'resend',
        resolvedBy: 'seller_accepted',
        refundId: null,
      });
      expectProblem(
        await h.post(sellerOwner, `/claims/${opened.body.id}/response`, { decision: 'decline' }),
        409,
        'illegal-claim-transition',
      );
    });

    it('escalate by themselves when the seller does not answer in time', async () => {
      const buyer = h.buyer();
      const order = await delivered(buyer);
      const opened = await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'full_refund' }).expect(201);
      await h.db.query(`UPDATE orders.claim SET respond_by = now() - interval '1 minute' WHERE id = $1`, [
        opened.body.id,
      ]);

      await h.claimSweeper.task.runOnce();

      const claim = await h.get(buyer, `/claims/${opened.body.id}`).expect(200);
      expect(claim.body).toMatchObject({
        status: 'escalated',
        escalationReason: 'no_answer_from_seller',
        respondBy: null,
      });
      expect(claim.body.actions.at(-1)).toMatchObject({ action: 'escalated', actorKind: 'system' });
    });

    it('are refused before delivery, twice, after the window, and with a refund larger than the payment', async () => {
      const buyer = h.buyer();
      const undelivered = await h.checkout(buyer, [{ skuId: cherries.skus[0].skuId, quantity: 1 }]).expect(202);
      expectProblem(
        await h.post(buyer, `/orders/${undelivered.body.orders[0].id}/claim`, { ...CLAIM, remedy: 'resend' }),
        409,
        'not-delivered',
      );

      const order = await delivered(buyer, 1);
      expectProblem(
        await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'partial_refund' }),
        400,
        'amount-required',
      );
      expectProblem(
        await h.post(buyer, `/orders/${order.id}/claim`, {
          ...CLAIM,
          remedy: 'partial_refund',
          amountFen: order.totalFen + 1,
        }),
        422,
        'refund-exceeds-payment',
      );
      expectProblem(
        await h.post(buyer, `/orders/${order.id}/claim`, {
          ...CLAIM,
          photoUrls: ['javascript:alert(1)'],
          remedy: 'resend',
        }),
        400,
        'validation-failed',
      );

      await h.db.query(`UPDATE orders.customer_order SET delivered_at = now() - interval '25 hours' WHERE id = $1`, [
        order.id,
      ]);
      expectProblem(
        await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'resend' }),
        422,
        'claim-window-closed',
        /24 h after delivery/,
      );

      await h.put(staff, `/county-settings/${COUNTY}`, { claimWindowHours: 48 }).expect(200);
      await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'resend' }).expect(201);
      expectProblem(
        await h.post(buyer, `/orders/${order.id}/claim`, { ...CLAIM, remedy: 'resend' }),
        409,
        'claim-exists',
      );
      await h.put(staff, `/county-settings/${COUNTY}`, { claimWindowHours: 24 }).expect(200);
    });
  });

  describe('reviews', () => {
    it('rate a completed order once; the seller aggregate goes out as review.posted', async () => {
      const reviewer = h.buyer();
      const first = await delivered(reviewer);
      const second = await delivered(reviewer);
      const before = (await h.get(null, `/sellers/${seller}/rating`).expect(200)).body;

      const posted = await h.post(reviewer, `/orders/${first.id}/review`, { rating: 5, comment: '很新鲜' }).expect(201);
      const again = await h.post(reviewer, `/orders/${first.id}/review`, { rating: 1 });
      await h.post(reviewer, `/orders/${second.id}/review`, { rating: 2 }).expect(201);

      expect(posted.body).toMatchObject({
        orderId: first.id,
        rating: 5,
        comment: '很新鲜',
        ratingCount: before.ratingCount + 1,
      });
      expectProblem(again, 409, 'already-reviewed');
      const rating = await h.get(null, `/sellers/${seller}/rating`).expect(200);
      expect(rating.body.ratingCount).toBe(before.ratingCount + 2);
      expect(await outboxOf(h.db, EventName.ReviewPosted, first.id)).toEqual([
        {
          orderId: first.id,
          sellerOrgId: seller,
          rating: 5,
          sellerRatingCount: before.ratingCount + 1,
          sellerRatingAverage: expect.any(Number),
        },
      ]);
      expect(await outboxOf(h.db, EventName.ReviewPosted, second.id)).toEqual([
        expect.objectContaining({
          rating: 2,
          sellerRatingCount: before.ratingCount + 2,
          sellerRatingAverage: rating.body.ratingAverage,
        }),
      ]);
      const reviews = await h.get(null, `/sellers/${seller}/reviews`).expect(200);
      expect(reviews.body.map((review: { orderId: string }) => review.orderId)).toEqual(
        expect.arrayContaining([first.id, second.id]),
      );
    });

    it('refuses a review before completion and a rating out of 1–5', async () => {
      const buyer = h.buyer();
      const placed = await h.checkout(buyer, [{ skuId: cherries.skus[0].skuId, quantity: 1 }]).expect(202);
      expectProblem(
        await h.post(buyer, `/orders/${placed.body.orders[0].id}/review`, { rating: 4 }),
        409,
        'not-completed',
      );
      const order = await delivered(buyer);
      expectProblem(
        await h.post(buyer, `/orders/${order.id}/review`, { rating: 6 }),
        400,
        'validation-failed',
        /rating must not be greater than 5/,
      );
    });
  });

  describe('assisted orders', () => {
    it('an operator orders for a villager, cash is taken at collection, and the point earns its county commission', async () => {
      const point = await h.identity.servicePoint({ name: '圳下村服务站' });
      const operator = h.operator(point);
      await h.put(staff, `/county-settings/${COUNTY}`, { commissionRateBp: 500 }).expect(200);
      const body = {
        servicePointOrgId: point,
        villager: { name: '李大爷', phone: '13912345678' },
        lines: [{ skuId: cherries.skus[0].skuId, quantity: 2 }],
        paymentMethod: 'cash_on_collection',
      };

      expectProblem(await h.post(h.buyer(), '/assisted-orders', body), 403, 'not-a-member');
      expectProblem(
        await h.post(h.operator(await h.identity.servicePoint()), '/assisted-orders', body),
        403,
        'not-a-member',
      );
      const placed = await h.post(operator, '/assisted-orders', body, { 'idempotency-key': 'assist-1' }).expect(202);
      const order = placed.body.orders[0];
      expect(placed.body).toMatchObject({
        assistedByOrgId: point,
        paymentMethod: 'cash_on_collection',
        buyerId: operator.userId,
      });
      expect(order.destination).toMatchObject({
        kind: 'service_point',
        servicePointOrgId: point,
        recipientName: '李大爷',
        recipientPhone: '13912345678',
      });

      await h.catalog.reserve(order.id);
      await h.logistics.created(order.id);
      await h.logistics.dispatched(order.id);
      expectProblem(
        await h.post(operator, `/orders/${order.id}/cash-received`, { amountFen: order.totalFen }),
        409,
        'not-collectable',
      );
      await h.logistics.readyForPickup(order.id, point);
      const ready = await h.get(operator, `/service-points/${point}/orders`).expect(200);
      expect(ready.body).toEqual([expect.objectContaining({ id: order.id, status: 'ready_for_pickup' })]);

      expectProblem(
        await h.post(operator, `/orders/${order.id}/cash-received`, { amountFen: 1 }),
        422,
        'cash-amount-mismatch',
      );
      expectProblem(
        await h.post(sellerOwner, `/orders/${order.id}/cash-received`, { amountFen: order.totalFen }),
        403,
        'not-the-service-point',
      );
      const confirmed = await h
        .post(operator, `/orders/${order.id}/cash-received`, { amountFen: order.totalFen })
        .expect(200);
      expectProblem(
        await h.post(operator, `/orders/${order.id}/cash-received`, { amountFen: order.totalFen }),
        409,
        'cash-already-received',
      );
      await h.logistics.delivered(order.id);

      expect(confirmed.body).toMatchObject({ paidFen: order.totalFen, cashReceivedAt: expect.any(String) });
      expect(confirmed.body.payments).toEqual([
        expect.objectContaining({ provider: 'cash', outcome: 'cash_received', amountFen: order.totalFen }),
      ]);
      expect(confirmed.body.stationConsent.text).toMatch(/圳下村服务站/);
      const commissions = await h.get(operator, `/service-points/${point}/commissions`).expect(200);
      expect(commissions.body).toMatchObject({
        earnedFen: Math.round((order.totalFen * 500) / 10_000),
        pendingFen: 0,
        items: [
          {
            orderId: order.id,
            rateBp: 500,
            baseFen: order.totalFen,
            status: 'earned',
            operatorUserId: operator.userId,
          },
        ],
      });
      expect((await h.get(operator, `/orders/${order.id}`).expect(200)).body.status).toBe('completed');
      await h.put(staff, `/county-settings/${COUNTY}`, { commissionRateBp: 300 }).expect(200);
    });

    it('a villager may pay online instead: the operator pays the group and can cancel it for them', async () => {
      const point = await h.identity.servicePoint();
      const operator = h.operator(point);
      const placed = await h
        .post(operator, '/assisted-orders', {
          servicePointOrgId: point,
          villager: { name: '王婶', phone: '13712345678' },
          lines: [{ skuId: cherries.skus[0].skuId, quantity: 1 }],
        })
        .expect(202);
      const order = placed.body.orders[0];
      await h.catalog.reserve(order.id);

      const { answer } = await h.pay(operator, placed.body.id);
      await h.post(operator, `/orders/${order.id}/cancel`).expect(200);

      expect(answer.body.outcome).toBe('applied');
      const commissions = await h.get(operator, `/service-points/${point}/commissions`).expect(200);
      expect(commissions.body.items).toEqual([expect.objectContaining({ orderId: order.id, status: 'void' })]);
      expect((await h.get(operator, `/orders/${order.id}`)).body.history.at(-1)).toMatchObject({
        to: 'cancelled',
        actorKind: 'buyer',
      });
    });
  });
});
