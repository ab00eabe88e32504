import { Principal } from '@countyflow/auth';
import { EventName, MembershipRole, OrganisationKind, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { CouponService } from '../../../apps/orders/src/coupon/coupon.service';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { SettlementService } from '../../../apps/orders/src/settlement/settlement.service';
import { expectLedgerAgrees, refundsPaid } from './ledger-replay';
import {
  cityAddress,
  confirmedAgo,
  COUNTY,
  countyStaff,
  principal,
  publishedListing,
  sellerOwner,
  startOrders,
  verifiedSeller,
} from './support';

const DAY = 24 * 3600 * 1000;
const platformAdmin = () =>
  principal([
    {
      orgId: randomUUID(),
      orgKind: OrganisationKind.Platform,
      countyCode: '000000',
      role: MembershipRole.PlatformAdmin,
    },
  ]);
const valid = () => ({ validFrom: new Date(Date.now() - DAY), validUntil: new Date(Date.now() + 10 * DAY) });

describe('orders: coupons and campaigns (medium: pricing, stacking, rounding, limits, the ledger)', () => {
  let t: MediumTest;
  let coupons: CouponService;
  const staff = countyStaff();

  beforeAll(async () => {
    t = await startOrders();
    coupons = t.get(CouponService);
  });

  afterAll(() => t?.close());

  /** A seller with two listings (1 yuan 33 and 33 yuan 33 a box) and its payee. */
  async function shop(): Promise<{
    seller: string;
    a: { listingId: string; skuId: string };
    b: { listingId: string; skuId: string };
  }> {
    const seller = await verifiedSeller(t);
    const a = await publishedListing(t, seller, { priceFen: 133 });
    const b = await publishedListing(t, seller, { priceFen: 3333 });
    await t
      .get(SettlementService)
      .setPayee(sellerOwner(seller), seller, { kind: 'simulated', account: `c-${seller.slice(0, 8)}` });
    return {
      seller,
      a: { listingId: a.listingId, skuId: a.skus[0].skuId },
      b: { listingId: b.listingId, skuId: b.skus[0].skuId },
    };
  }

  async function claimOne(buyer: Principal, couponId: string): Promise<string> {
    return (await coupons.claim(buyer, couponId)).id;
  }

  /** Stock reserved at the prices shown, paid through the simulator. */
  async function reserveAndPay(
    buyer: Principal,
    groupId: string,
    orders: { id: string; lines: { skuId: string; quantity: number; unitPriceFen: number }[] }[],
  ) {
    for (const order of orders) {
      await t.deliver(
        EventName.StockReserved,
        {
          orderId: order.id,
          lines: order.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity, unitPriceFen: l.unitPriceFen })),
        },
        { producer: ServiceName.Catalog },
      );
    }
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, groupId);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    await payments.webhook(Buffer.from(webhook.body), webhook.headers);
  }

  it('splits a shop coupon and a county campaign coupon over the lines to the fen, and states who funded them', async () => {
    const { seller, a, b } = await shop();
    const campaign = await coupons.createCampaign(staff, COUNTY, {
      name: '脐橙丰收节',
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 20 * DAY),
      budgetFen: 100_000,
      listingIds: [a.listingId, b.listingId],
    });
    const county = await coupons.createCountyCoupon(staff, COUNTY, {
      title: '丰收节满50减7.77',
      thresholdFen: 5_000,
      amountFen: 777,
      ...valid(),
      totalLimit: 100,
      perBuyerLimit: 1,
      campaignId: campaign.id,
    });
    const own = await coupons.createSellerCoupon(sellerOwner(seller), seller, {
      title: '店铺满100减10',
      thresholdFen: 10_000,
      amountFen: 1_000,
      ...valid(),
      totalLimit: 100,
      perBuyerLimit: 1,
    });
    expect(county).toMatchObject({ scope: 'county', funder: 'county', campaignName: '脐橙丰收节' });
    expect(own).toMatchObject({ scope: 'seller', funder: 'seller', sellerOrgId: seller });
    expect((await coupons.claimable([a.listingId])).map((c) => c.id)).toEqual(
      expect.arrayContaining([county.id, own.id]),
    );

    const buyer = principal();
    const claims = [await claimOne(buyer, own.id), await claimOne(buyer, county.id)];
    // goods: 3 × 1.33 + 3 × 33.33 = 103.98 yuan
    const lines = [
      { skuId: a.skuId, quantity: 3 },
      { skuId: b.skuId, quantity: 3 },
    ];
    const quote = await t
      .get(CheckoutService)
      .quote(buyer, { lines, destination: cityAddress(), couponClaimIds: claims });
    expect(quote).toMatchObject({ goodsFen: 10_398, discountFen: 1_777, totalFen: 10_398 + quote.freightFen - 1_777 });

    const { group } = await t
      .get(CheckoutService)
      .checkout(buyer, { lines, destination: cityAddress(), couponClaimIds: claims }, undefined);
    const [order] = await t.rows<{
      id: string;
      total: string;
      freight: string;
      seller_discount: string;
      sponsor_discount: string;
      sponsor: string;
    }>(
      `SELECT id, total_fen AS total, freight_fen AS freight, seller_discount_fen AS seller_discount,
              sponsor_discount_fen AS sponsor_discount, sponsor FROM customer_order WHERE group_id = $1`,
      [group.id],
    );
    expect(order).toMatchObject({ seller_discount: '1000', sponsor_discount: '777', sponsor: 'county' });
    expect(Number(order.total)).toBe(10_398 + Number(order.freight) - 1_777);
    // the shop coupon: 1000 × 399/10398 = 38.37 → 38, 1000 × 9999/10398 = 961.62 → 961, +1 to the larger remainder
    // the county coupon over what is left (361, 9037): 777 × 361/9398 = 29.84, 777 × 9037/9398 = 747.15 → 29+1, 747
    const lineRows = await t.rows<{ sku_id: string; discount: string }>(
      `SELECT sku_id, discount_fen AS discount FROM order_line WHERE order_id = $1 ORDER BY position`,
      [order.id],
    );
    expect(lineRows.map((row) => Number(row.discount))).toEqual([38 + 30, 962 + 747]);
    expect((await coupons.campaigns(staff, COUNTY)).find((c) => c.id === campaign.id)!.spentFen).toBe(777);
    expect((await coupons.myClaims(buyer)).map((claim) => claim.state)).toEqual(['used', 'used']);

    await reserveAndPay(buyer, group.id, [
      {
        id: order.id,
        lines: [
          { skuId: a.skuId, quantity: 3, unitPriceFen: 133 },
          { skuId: b.skuId, quantity: 3, unitPriceFen: 3333 },
        ],
      },
    ]);
    const shipment = { shipmentId: order.id, orderId: order.id, at: new Date().toISOString() };
    await t.deliver(EventName.ShipmentCreated, shipment, { producer: ServiceName.Logistics });
    await t.deliver(
      EventName.ShipmentDelivered,
      { ...shipment, receipt: { method: 'pickup_code', collectedBy: 'recipient' } },
      { producer: ServiceName.Logistics },
    );
    await t.get(OrderService).confirmReceipt(buyer, order.id);
    await confirmedAgo(t, order.id, 25);
    const [statement] = (await t.get(SettlementService).close(staff, COUNTY, {})).filter((s) => s.partyId === seller);
    expect(statement).toMatchObject({
      soldFen: 10_398,
      sellerDiscountFen: 1_000,
      countyDiscountFen: 777,
      platformDiscountFen: 0,
      netFen: 10_398 + Number(order.freight) - 1_000,
    });
    const detail = await t.get(SettlementService).detail(staff, statement.id);
    expect(detail.lines.filter((line) => line.item === 'seller_discount').map((line) => line.amountFen)).toEqual([
      1_000,
    ]);
    const balances = await expectLedgerAgrees(t);
    expect(balances.county_discount).toBeGreaterThanOrEqual(777);
  });

  it('refuses two sponsored coupons, two of one shop, a threshold not met and a coupon used twice', async () => {
    const { seller, b } = await shop();
    const platform = await coupons.createPlatformCoupon(platformAdmin(), null, {
      title: '平台满20减2',
      thresholdFen: 2_000,
      amountFen: 200,
      ...valid(),
      totalLimit: 10,
      perBuyerLimit: 2,
    });
    const county = await coupons.createCountyCoupon(staff, COUNTY, {
      title: '县券满20减3',
      thresholdFen: 2_000,
      amountFen: 300,
      ...valid(),
      totalLimit: 10,
      perBuyerLimit: 1,
    });
    const own = await coupons.createSellerCoupon(sellerOwner(seller), seller, {
      title: '店铺满200减20',
      thresholdFen: 20_000,
      amountFen: 2_000,
      ...valid(),
      totalLimit: 10,
      perBuyerLimit: 2,
    });
    const buyer = principal();
    const [p1, c1, o1, o2] = [
      await claimOne(buyer, platform.id),
      await claimOne(buyer, county.id),
      await claimOne(buyer, own.id),
      await claimOne(buyer, own.id),
    ];
    const basket = (couponClaimIds: string[], quantity = 1) => ({
      lines: [{ skuId: b.skuId, quantity }],
      destination: cityAddress(),
      couponClaimIds,
    });
    const checkout = t.get(CheckoutService);
    expect(await problemOf(checkout.checkout(buyer, basket([p1, c1]), undefined))).toEqual({
      status: 422,
      code: 'coupon-stacking',
    });
    expect(await problemOf(checkout.checkout(buyer, basket([o1, o2], 7), undefined))).toEqual({
      status: 422,
      code: 'coupon-stacking',
    });
    expect(await problemOf(checkout.checkout(buyer, basket([o1], 5), undefined))).toEqual({
      status: 422,
      code: 'coupon-threshold-not-met',
    });
    expect(await problemOf(checkout.checkout(principal(), basket([p1]), undefined))).toEqual({
      status: 404,
      code: 'coupon-claim-not-found',
    });
    await checkout.checkout(buyer, basket([p1, o1], 7), undefined);
    expect(await problemOf(checkout.checkout(buyer, basket([p1], 7), undefined))).toEqual({
      status: 409,
      code: 'coupon-not-usable',
    });
    expect(await problemOf(coupons.claim(buyer, county.id))).toEqual({ status: 409, code: 'coupon-claim-limit' });
    expect(
      await problemOf(
        coupons.createSellerCoupon(sellerOwner(seller), seller, {
          ...valid(),
          title: 'x',
          thresholdFen: 100,
          amountFen: 100,
          totalLimit: 1,
          perBuyerLimit: 1,
        }),
      ),
    ).toEqual({
      status: 400,
      code: 'coupon-amount-not-below-threshold',
    });
    expect(
      (
        await problemOf(
          coupons.createSellerCoupon(sellerOwner(randomUUID()), seller, {
            ...valid(),
            title: 'x',
            thresholdFen: 200,
            amountFen: 100,
            totalLimit: 1,
            perBuyerLimit: 1,
          }),
        )
      ).status,
    ).toBe(403);
    await expectLedgerAgrees(t);
  });

  it('gives the coupon and the budget back when the order is cancelled, and takes the sponsor share back on a refund', async () => {
    const { a } = await shop();
    const campaign = await coupons.createCampaign(staff, COUNTY, {
      name: '小预算',
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 20 * DAY),
      budgetFen: 500,
      listingIds: [a.listingId],
    });
    const coupon = await coupons.createCountyCoupon(staff, COUNTY, {
      title: '满3减0.99',
      thresholdFen: 300,
      amountFen: 99,
      ...valid(),
      totalLimit: 10,
      perBuyerLimit: 1,
      campaignId: campaign.id,
    });
    const buyer = principal();
    const claim = await claimOne(buyer, coupon.id);
    const basket = { lines: [{ skuId: a.skuId, quantity: 3 }], destination: cityAddress(), couponClaimIds: [claim] };
    const first = await t.get(CheckoutService).checkout(buyer, basket, undefined);
    const spent = async () => (await coupons.campaigns(staff, COUNTY)).find((c) => c.id === campaign.id)!.spentFen;
    expect(await spent()).toBe(99);
    await t.deliver(
      EventName.StockReserved,
      { orderId: first.group.orders[0].id, lines: [{ skuId: a.skuId, quantity: 3, unitPriceFen: 133 }] },
      { producer: ServiceName.Catalog },
    );
    await t.get(OrderService).cancel(buyer, first.group.orders[0].id, '买错了');
    expect(await spent()).toBe(0);
    expect((await coupons.myClaims(buyer))[0].state).toBe('available');

    // used again, paid, then cancelled before dispatch: refunded, and the county's 0.99 goes back to the county
    const second = await t.get(CheckoutService).checkout(buyer, basket, undefined);
    const orderId = second.group.orders[0].id;
    await reserveAndPay(buyer, second.group.id, [
      { id: orderId, lines: [{ skuId: a.skuId, quantity: 3, unitPriceFen: 133 }] },
    ]);
    await t.get(OrderService).cancel(buyer, orderId, '不要了');
    await refundsPaid(t);
    const entries = await t.rows<{ kind: string }>(
      `SELECT kind FROM ledger_entry WHERE order_id = $1 ORDER BY posted_at`,
      [orderId],
    );
    expect(entries.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(['payment_applied', 'refund_decided', 'discount_reversed', 'refund_paid']),
    );
    const [seller] = await t.rows<{ balance: string }>(
      `SELECT coalesce(sum(p.amount_fen), 0) AS balance FROM ledger_posting p JOIN ledger_entry e ON e.id = p.entry_id
         JOIN ledger_account a ON a.id = p.account_id WHERE e.order_id = $1 AND a.kind = 'seller_payable'`,
      [orderId],
    );
    expect(Number(seller.balance)).toBe(0);
    expect(await spent()).toBe(0);
    await expectLedgerAgrees(t);
  });

  it('stops a coupon (no new claim, claimed ones still usable) and edits only what its runner may', async () => {
    const { seller, a } = await shop();
    const owner = sellerOwner(seller);
    const own = await coupons.createSellerCoupon(owner, seller, {
      title: '店铺满3减1',
      thresholdFen: 300,
      amountFen: 100,
      ...valid(),
      totalLimit: 5,
      perBuyerLimit: 1,
    });
    // before any claim the terms can change; another shop and the county cannot touch it
    expect(await coupons.updateCoupon(owner, own.id, { thresholdFen: 390, amountFen: 120 })).toMatchObject({
      thresholdFen: 390,
      amountFen: 120,
    });
    expect(await problemOf(coupons.updateCoupon(sellerOwner(randomUUID()), own.id, { title: 'x' }))).toMatchObject({
      status: 403,
    });
    expect(await problemOf(coupons.stopCoupon(staff, own.id))).toMatchObject({ status: 403 });

    const early = principal();
    const claim = await claimOne(early, own.id);
    await claimOne(principal(), own.id);
    expect(await problemOf(coupons.updateCoupon(owner, own.id, { amountFen: 200 }))).toEqual({
      status: 409,
      code: 'coupon-terms-claimed',
    });
    expect(await problemOf(coupons.updateCoupon(owner, own.id, { totalLimit: 1 }))).toEqual({
      status: 409,
      code: 'coupon-limit-below-issued',
    });
    expect(await coupons.updateCoupon(owner, own.id, { title: '店铺满3.9减1.2', totalLimit: 2 })).toMatchObject({
      title: '店铺满3.9减1.2',
      totalLimit: 2,
      issuedCount: 2,
    });
    await coupons.updateCoupon(owner, own.id, { totalLimit: 5 });

    const stopped = await coupons.stopCoupon(owner, own.id);
    expect(stopped.stoppedAt).not.toBeNull();
    expect(await problemOf(coupons.claim(principal(), own.id))).toEqual({ status: 409, code: 'coupon-stopped' });
    expect(await problemOf(coupons.stopCoupon(owner, own.id))).toEqual({ status: 409, code: 'coupon-stopped' });
    expect(await problemOf(coupons.updateCoupon(owner, own.id, { title: '改名' }))).toEqual({
      status: 409,
      code: 'coupon-stopped',
    });
    expect((await coupons.claimable([a.listingId])).map((c) => c.id)).not.toContain(own.id);
    // honoured: the buyer who claimed before the stop still uses it
    const placed = await t
      .get(CheckoutService)
      .checkout(
        early,
        { lines: [{ skuId: a.skuId, quantity: 3 }], destination: cityAddress(), couponClaimIds: [claim] },
        undefined,
      );
    expect(placed.group.orders[0].totalFen).toBe(3 * 133 + placed.group.orders[0].freightFen - 120);
  });

  it("stops a campaign's claims and never lowers its budget below what it spent", async () => {
    const { a } = await shop();
    const campaign = await coupons.createCampaign(staff, COUNTY, {
      name: '可停的活动',
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 20 * DAY),
      budgetFen: 1_000,
      listingIds: [a.listingId],
    });
    const coupon = await coupons.createCountyCoupon(staff, COUNTY, {
      title: '满3减0.99',
      thresholdFen: 300,
      amountFen: 99,
      ...valid(),
      totalLimit: 10,
      perBuyerLimit: 1,
      campaignId: campaign.id,
    });
    const buyer = principal();
    const claim = await claimOne(buyer, coupon.id);
    await t
      .get(CheckoutService)
      .checkout(
        buyer,
        { lines: [{ skuId: a.skuId, quantity: 3 }], destination: cityAddress(), couponClaimIds: [claim] },
        undefined,
      );
    expect(await problemOf(coupons.updateCampaign(staff, campaign.id, { budgetFen: 98 }))).toEqual({
      status: 409,
      code: 'campaign-budget-below-spent',
    });
    expect(await coupons.updateCampaign(staff, campaign.id, { budgetFen: 99, name: '改过的活动' })).toMatchObject({
      budgetFen: 99,
      spentFen: 99,
      name: '改过的活动',
    });
    expect(await problemOf(coupons.updateCampaign(countyStaff('360000'), campaign.id, { name: 'x' }))).toMatchObject({
      status: 403,
    });
    await coupons.updateCampaign(staff, campaign.id, { budgetFen: 1_000 });
    await coupons.stopCampaign(staff, campaign.id);
    expect(await problemOf(coupons.claim(principal(), coupon.id))).toEqual({ status: 409, code: 'coupon-stopped' });
    expect(await problemOf(coupons.updateCampaign(staff, campaign.id, { budgetFen: 2_000 }))).toEqual({
      status: 409,
      code: 'campaign-stopped',
    });
    expect((await coupons.claimable([a.listingId])).map((c) => c.id)).not.toContain(coupon.id);
  });

  it('lists the platform-funded coupons to platform admins only', async () => {
    const admin = platformAdmin();
    const created = await coupons.createPlatformCoupon(admin, null, {
      title: '平台满100减10',
      thresholdFen: 10_000,
      amountFen: 1_000,
      ...valid(),
      totalLimit: 100,
      perBuyerLimit: 1,
    });
    expect((await coupons.platformCoupons(admin)).map((c) => c.id)).toContain(created.id);
    expect(await problemOf(coupons.platformCoupons(staff))).toMatchObject({ status: 403 });
    expect(await coupons.stopCoupon(admin, created.id)).toMatchObject({ stoppedAt: expect.any(Date) });
  });

  it("re-checks a coupon's threshold at catalog's reserved price: kept when it holds, dropped (coupon back) when not", async () => {
    const { seller, a } = await shop();
    const own = await coupons.createSellerCoupon(sellerOwner(seller), seller, {
      title: '店铺满3减1',
      thresholdFen: 300,
      amountFen: 100,
      ...valid(),
      totalLimit: 10,
      perBuyerLimit: 2,
    });
    const buyer = principal();
    const order = async (unitPriceFen: number) => {
      const claim = await claimOne(buyer, own.id);
      const placed = await t
        .get(CheckoutService)
        .checkout(
          buyer,
          { lines: [{ skuId: a.skuId, quantity: 3 }], destination: cityAddress(), couponClaimIds: [claim] },
          undefined,
        );
      const orderId = placed.group.orders[0].id;
      await t.deliver(
        EventName.StockReserved,
        { orderId, lines: [{ skuId: a.skuId, quantity: 3, unitPriceFen }] },
        { producer: ServiceName.Catalog },
      );
      const [row] = await t.rows<{ status: string; total: string; freight: string; discount: string; lines: string }>(
        `SELECT o.status, o.total_fen AS total, o.freight_fen AS freight, o.seller_discount_fen AS discount,
                (SELECT sum(discount_fen) FROM order_line WHERE order_id = o.id) AS lines
           FROM customer_order o WHERE o.id = $1`,
        [orderId],
      );
      const state = (await coupons.myClaims(buyer)).find((each) => each.id === claim)!.state;
      return {
        status: row.status,
        goods: Number(row.total) - Number(row.freight),
        discount: Number(row.discount),
        lines: Number(row.lines),
        claim: state,
      };
    };
    // 3 × 1.33 = 3.99 at checkout; reserved at 1.20 each: 3.60 still reaches 3.00, the 1.00 off holds
    expect(await order(120)).toEqual({
      status: 'awaiting_payment',
      goods: 260,
      discount: 100,
      lines: 100,
      claim: 'used',
    });
    // reserved at 0.90 each: 2.70 is below 3.00, so the order costs its goods in full and the coupon is the buyer's again
    expect(await order(90)).toEqual({
      status: 'awaiting_payment',
      goods: 270,
      discount: 0,
      lines: 0,
      claim: 'available',
    });
    await expectLedgerAgrees(t);
  });
});
