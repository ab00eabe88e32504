import { EventName, MembershipRole, OrganisationKind, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { CashBookService } from '../../../apps/orders/src/cash-book/cash-book.service';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { ClaimCreateDto } from '../../../apps/orders/src/claim/claim.dto';
import { ClaimService } from '../../../apps/orders/src/claim/claim.service';
import { PaymentMethod } from '../../../apps/orders/src/order/order.entities';
import { OrderService } from '../../../apps/orders/src/order/order.service';
import { expectLedgerAgrees } from './ledger-replay';
import { COUNTY, countyStaff, principal, publishedListing, sellerOwner, startOrders, verifiedSeller } from './support';

describe('orders: cash orders end to end (medium: cash taken, a claim refunded in cash, the cash book, hand-over)', () => {
  let t: MediumTest;
  let cash: CashBookService;
  const staff = countyStaff();
  const logistics = { producer: ServiceName.Logistics };

  beforeAll(async () => {
    t = await startOrders();
    cash = t.get(CashBookService);
  });

  afterAll(() => t?.close());

  it("posts the cash taken, pays a claim's refund in cash, and hands the rest to the county, all in the cash book", async () => {
    const seller = await verifiedSeller(t);
    const skuId = (await publishedListing(t, seller, { priceFen: 4000 })).skus[0].skuId;
    const point = await verifiedSeller(t, OrganisationKind.ServicePoint);
    const operator = principal(
      [{ orgId: point, orgKind: OrganisationKind.ServicePoint, countyCode: COUNTY, role: MembershipRole.Operator }],
      '村级服务站',
    );
    const { group } = await t.get(CheckoutService).assisted(
      operator,
      {
        servicePointOrgId: point,
        villager: { name: '王大妈', phone: '13800000002' },
        lines: [{ skuId, quantity: 3 }],
        paymentMethod: PaymentMethod.CashOnCollection,
      },
      undefined,
    );
    const orderId = group.orders[0].id;
    await t.deliver(
      EventName.StockReserved,
      { orderId, lines: [{ skuId, quantity: 3, unitPriceFen: 4000 }] },
      { producer: ServiceName.Catalog },
    );
    const shipment = { shipmentId: orderId, orderId, at: new Date().toISOString() };
    await t.deliver(EventName.ShipmentCreated, shipment, logistics);
    await t.deliver(
      EventName.ShipmentReadyForPickup,
      { ...shipment, servicePointOrgId: point, collectBy: new Date(Date.now() + 86_400_000).toISOString() },
      logistics,
    );
    await t.get(OrderService).cashReceived(operator, orderId, { amountFen: 12_000 });
    await t.deliver(
      EventName.ShipmentDelivered,
      { ...shipment, receipt: { method: 'pickup_code', collectedBy: 'recipient' } },
      logistics,
    );

    // a claim on a cash order is no longer refused: it is refunded in cash at the point
    const claims = t.get(ClaimService);
    const claim = await claims.open(operator, orderId, {
      reason: '有两个橙子压坏了',
      photoUrls: ['https://img.example.com/claims/2.jpg'],
      remedy: 'partial_refund',
      amountFen: 2_500,
    } as ClaimCreateDto);
    const accepted = await claims.respond(sellerOwner(seller), claim.id, { decision: 'accept' });
    expect(accepted).toMatchObject({ status: 'resolved', refundId: expect.any(String) });
    const before = await cash.book(operator, point, {});
    expect(before.refundsDue).toEqual([expect.objectContaining({ orderId, amountFen: 2_500 })]);
    expect(before.day).toMatchObject({ takenFen: 12_000, refundedFen: 0, closingFen: 12_000 });

    const book = await cash.payRefundInCash(operator, accepted.refundId!);
    expect(book.day).toMatchObject({ openingFen: 0, takenFen: 12_000, refundedFen: 2_500, closingFen: 9_500 });
    expect(book.refundsDue).toEqual([]);
    expect(book.movements.map((movement) => [movement.kind, movement.amountFen])).toEqual([
      ['cash_received', 12_000],
      ['cash_refunded', -2_500],
    ]);
    expect(await problemOf(cash.payRefundInCash(operator, accepted.refundId!))).toEqual({
      status: 409,
      code: 'refund-not-awaiting-cash',
    });
    expect((await t.get(OrderService).detail(operator, orderId)).refundedFen).toBe(2_500);
    await expectLedgerAgrees(t);

    // the point hands its cash to the county office; county staff count and confirm it
    expect(await problemOf(cash.declareHandover(operator, point, { amountFen: 9_501 }))).toEqual({
      status: 422,
      code: 'more-than-cash-held',
    });
    // three operators' phones declare the same cash at once: one declaration goes through
    const raced = await Promise.allSettled(
      [1, 2, 3].map(() => cash.declareHandover(operator, point, { amountFen: 9_500, note: '交给县局' })),
    );
    const declared = raced.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(declared).toHaveLength(1);
    const [handover] = declared;
    const county = await cash.county(staff, COUNTY, {});
    expect(county.toConfirm.map((h) => h.id)).toEqual([handover.id]);
    expect(county.points.find((p) => p.pointOrgId === point)).toMatchObject({ closingFen: 9_500, declaredFen: 9_500 });
    expect((await problemOf(cash.confirmHandover(operator, handover.id))).status).toBe(403);
    await cash.confirmHandover(staff, handover.id);
    expect(await problemOf(cash.confirmHandover(staff, handover.id))).toEqual({
      status: 409,
      code: 'handover-already-confirmed',
    });

    const after = await cash.book(operator, point, {});
    expect(after.day).toMatchObject({ takenFen: 12_000, refundedFen: 2_500, handedOverFen: 9_500, closingFen: 0 });
    expect((await problemOf(cash.book(countyStaff('360723'), point, {}))).status).toBe(403);
    expect((await problemOf(cash.book(operator, point, { date: '2026-02-30' }))).status).toBe(400);
    const balances = await expectLedgerAgrees(t);
    expect(balances[`point_cash/${point}`]).toBeUndefined();
    expect(balances.county_cash).toBe(9_500);
  });
});
