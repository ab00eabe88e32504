import request, { Response } from 'supertest';
import { OrdersHarness, TestActor } from '../orders/support';
import { burst, report, statusesOf } from './support';

const DAY = 24 * 3600 * 1000;

/*
 * Coupons many buyers reach for at once (a harvest festival's opening minute): the total issue limit, the per-buyer
 * limit and a campaign's budget must each be decided and counted in one step, or a burst gets past them.
 */
describe('concurrency: coupon claims and campaign checkouts in parallel (orders alone over HTTP)', () => {
  let h: OrdersHarness;
  let staff: TestActor;
  let listing: { listingId: string; skuId: string };

  beforeAll(async () => {
    h = await OrdersHarness.start();
    staff = h.countyStaff();
    const seller = await h.identity.seller();
    const created = await h.catalog.listing(seller, { skus: [{ priceFen: 1_500, weightGrams: 1_000 }] });
    listing = { listingId: created.listingId, skuId: created.skus[0].skuId };
  });

  afterAll(() => h?.stop());

  const coupon = async (body: object): Promise<string> =>
    (
      await h
        .post(staff, '/counties/360722/coupons', {
          title: '丰收节券',
          thresholdFen: 1_000,
          amountFen: 300,
          validFrom: new Date(Date.now() - DAY).toISOString(),
          validUntil: new Date(Date.now() + DAY).toISOString(),
          ...body,
        })
        .expect(201)
    ).body.id;

  const issued = async (couponId: string): Promise<{ issued: number; claims: number }> => {
    const { rows } = await h.db.query<{ issued: number; claims: number }>(
      `SELECT c.issued_count AS issued, (SELECT count(*)::int FROM orders.coupon_claim WHERE coupon_id = c.id) AS claims
         FROM orders.coupon c WHERE c.id = $1`,
      [couponId],
    );
    return rows[0];
  };

  it('issues exactly 20 of a coupon limited to 20 to 100 buyers claiming at once', async () => {
    const couponId = await coupon({ totalLimit: 20, perBuyerLimit: 1 });
    const buyers = Array.from({ length: 100 }, (_, index) => h.buyer(`买家${index}`));
    const claims = await burst(buyers.map((buyer) => () => h.post(buyer, `/coupons/${couponId}/claims`)));
    report('100 buyers claim a coupon limited to 20 at once', claims.figures);
    expect(claims.figures.statuses).toEqual({ '201': 20, '409': 80 });
    for (const { response } of claims.results.filter((result) => result.response!.status === 409)) {
      expect(response!.body).toMatchObject({ code: 'coupon-sold-out', params: { totalLimit: 20 } });
    }
    expect(await issued(couponId)).toEqual({ issued: 20, claims: 20 });
  });

  it('gives one buyer claiming 20 times at once exactly one coupon limited to one per buyer', async () => {
    const couponId = await coupon({ totalLimit: 100, perBuyerLimit: 1 });
    const buyer = h.buyer('手快的买家');
    const claims = await burst(Array.from({ length: 20 }, () => () => h.post(buyer, `/coupons/${couponId}/claims`)));
    report('one buyer claims a one-per-buyer coupon 20 times at once', claims.figures);
    expect(statusesOf(claims).sort()).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
    expect(claims.results.filter((result) => result.response!.body.code === 'coupon-claim-limit')).toHaveLength(19);
    expect(await issued(couponId)).toEqual({ issued: 1, claims: 1 });
  });

  it("never spends more than a campaign's budget when its coupons are used at checkout at once", async () => {
    const campaign = await h
      .post(staff, '/counties/360722/campaigns', {
        name: '脐橙丰收节',
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + 2 * DAY).toISOString(),
        budgetFen: 1_000,
        listingIds: [listing.listingId],
      })
      .expect(201);
    const couponId = await coupon({ totalLimit: 10, perBuyerLimit: 1, campaignId: campaign.body.id });
    const buyers = Array.from({ length: 10 }, (_, index) => h.buyer(`节日买家${index}`));
    const claimIds: string[] = [];
    for (const buyer of buyers) {
      claimIds.push((await h.post(buyer, `/coupons/${couponId}/claims`).expect(201)).body.id);
    }
    const checkouts = await burst(
      buyers.map(
        (buyer, index) => () =>
          h.checkout(buyer, [{ skuId: listing.skuId, quantity: 1 }], { couponClaimIds: [claimIds[index]] }),
      ),
    );
    report('10 checkouts spend 3-yuan campaign coupons against a 10-yuan budget at once', checkouts.figures);
    // 300 fen each: three fit in 1000 fen, the fourth would pass it
    expect(checkouts.figures.statuses).toEqual({ '202': 3, '409': 7 });
    for (const { response } of checkouts.results.filter((result) => result.response!.status === 409)) {
      expect(response!.body).toMatchObject({ code: 'campaign-budget-exhausted' });
    }
    const { rows } = await h.db.query<{ spent: string; discounts: string; used: number }>(
      `SELECT k.spent_fen AS spent,
              (SELECT sum(amount_fen) FROM orders.order_discount WHERE campaign_id = k.id) AS discounts,
              (SELECT count(*)::int FROM orders.coupon_claim WHERE coupon_id = $2 AND status = 'used') AS used
         FROM orders.campaign k WHERE k.id = $1`,
      [campaign.body.id, couponId],
    );
    expect(rows[0]).toEqual({ spent: '900', discounts: '900', used: 3 });
  });

  it('accepts no claim that started after the stop, while claims stream in around it', async () => {
    const couponId = await coupon({ totalLimit: 1_000, perBuyerLimit: 1 });
    let stopEnded = Infinity;
    const calls: { started: number; answer: Promise<{ response: Response; ms: number }> }[] = [];
    // a claim every 15 ms from 300 ms before the stop is asked until 20 have started after it answered
    const stream = (async () => {
      for (let index = 0; calls.filter((call) => call.started > stopEnded).length < 20; index += 1) {
        const started = performance.now();
        const answer = h
          .post(h.buyer(`流水买家${index}`), `/coupons/${couponId}/claims`)
          .then((response) => ({ response, ms: performance.now() - started }));
        calls.push({ started, answer });
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopStarted = performance.now();
    const stop = await h.post(staff, `/coupons/${couponId}/stop`).expect(200);
    stopEnded = performance.now();
    await stream;
    const answers = await Promise.all(calls.map(async (call) => ({ ...call, ...(await call.answer) })));
    const sorted = answers.map((answer) => answer.ms).sort((x, y) => x - y);
    const statuses: Record<string, number> = {};
    for (const { response } of answers) {
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
    report(
      `${answers.length} claims stream in while the coupon is stopped (the stop took ${Math.round(stopEnded - stopStarted)} ms)`,
      { statuses, p50Ms: Math.round(sorted[Math.floor((sorted.length - 1) / 2)]), maxMs: Math.round(sorted.at(-1)!) },
    );
    expect(stop.body.stoppedAt).toEqual(expect.any(String));
    const after = answers.filter((answer) => answer.started > stopEnded);
    expect(after).toHaveLength(20);
    for (const { response } of after) {
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('coupon-stopped');
    }
    expect(Object.keys(statuses).every((status) => ['201', '409'].includes(status))).toBe(true);
    const granted = answers.filter((answer) => answer.response.status === 201).length;
    expect(await issued(couponId)).toEqual({ issued: granted, claims: granted });
  });

  it('never lets spending pass the budget while the budget is edited during a burst of checkouts', async () => {
    const campaign = await h
      .post(staff, '/counties/360722/campaigns', {
        name: '边改预算边结算',
        startsAt: new Date(Date.now() - DAY).toISOString(),
        endsAt: new Date(Date.now() + 2 * DAY).toISOString(),
        budgetFen: 3_000,
        listingIds: [listing.listingId],
      })
      .expect(201);
    const couponId = await coupon({ totalLimit: 12, perBuyerLimit: 1, campaignId: campaign.body.id });
    const buyers = Array.from({ length: 12 }, (_, index) => h.buyer(`改预算买家${index}`));
    const claimIds: string[] = [];
    for (const buyer of buyers) {
      claimIds.push((await h.post(buyer, `/coupons/${couponId}/claims`).expect(201)).body.id);
    }
    const budgets = [1_200, 2_100, 600, 1_500, 900];
    const edit = (budgetFen: number) => () =>
      request(h.url)
        .patch(`/campaigns/${campaign.body.id}`)
        .set('authorization', `Bearer ${staff.token}`)
        .send({ budgetFen });
    const answers = await burst([
      ...buyers.map(
        (buyer, index) => () =>
          h.checkout(buyer, [{ skuId: listing.skuId, quantity: 1 }], { couponClaimIds: [claimIds[index]] }),
      ),
      ...budgets.map(edit),
    ]);
    report('12 campaign checkouts and 5 budget edits at once', answers.figures);
    const checkouts = answers.results.slice(0, buyers.length).map((result) => result.response!);
    const edits = answers.results.slice(buyers.length).map((result) => result.response!);
    for (const response of checkouts.filter((item) => item.status !== 202)) {
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('campaign-budget-exhausted');
    }
    for (const response of edits.filter((item) => item.status !== 200)) {
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('campaign-budget-below-spent');
    }
    const { rows } = await h.db.query<{ budget: string; spent: string; discounts: string | null }>(
      `SELECT k.budget_fen AS budget, k.spent_fen AS spent,
              (SELECT sum(amount_fen) FROM orders.order_discount WHERE campaign_id = k.id) AS discounts
         FROM orders.campaign k WHERE k.id = $1`,
      [campaign.body.id],
    );
    const placed = checkouts.filter((item) => item.status === 202).length;
    expect(Number(rows[0].spent)).toBe(placed * 300);
    expect(Number(rows[0].discounts ?? 0)).toBe(placed * 300);
    expect(Number(rows[0].spent)).toBeLessThanOrEqual(Number(rows[0].budget));
    // every edit that was accepted left a budget at least what had been spent when it committed
    expect(edits.filter((item) => item.status === 200).every((item) => item.body.spentFen <= item.body.budgetFen)).toBe(
      true,
    );
  });
});
