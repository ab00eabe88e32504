import { Principal } from '@countyflow/auth';
import { EventName, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { GroupBuyService } from '../../../apps/orders/src/group-buy/group-buy.service';
import { OrderGroupResponseDto } from '../../../apps/orders/src/order/order.dto';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { expectLedgerAgrees, refundsPaid } from './ledger-replay';
import { cityAddress, principal, publishedListing, sellerOwner, startOrders, verifiedSeller } from './support';

describe('orders: group buying (拼团) — places, held payments, completion and expiry with refunds (medium)', () => {
  let t: MediumTest;
  let groups: GroupBuyService;
  let seller: string;
  let skuId: string;

  beforeAll(async () => {
    t = await startOrders();
    groups = t.get(GroupBuyService);
    seller = await verifiedSeller(t);
    skuId = (await publishedListing(t, seller, { priceFen: 6800 })).skus[0].skuId;
  });

  afterAll(() => t?.close());

  const createDeal = (groupSize: number) =>
    groups.createDeal(sellerOwner(seller), { skuId, groupPriceFen: 4900, groupSize, windowMinutes: 60 });

  /** Catalog reserved the member's unit (at its own single-buyer price, which the group price overrides). */
  const reserve = (orderGroup: OrderGroupResponseDto) =>
    t.deliver(
      EventName.StockReserved,
      { orderId: orderGroup.orders[0].id, lines: [{ skuId, quantity: 1, unitPriceFen: 6800 }] },
      { producer: ServiceName.Catalog },
    );

  async function pay(buyer: Principal, groupId: string) {
    const payments = t.get(PaymentService);
    const payment = await payments.create(buyer, groupId);
    const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
    return payments.webhook(Buffer.from(webhook.body), webhook.headers);
  }

  const join = (buyingGroupId: string, buyer = principal()) =>
    groups.join(buyer, buyingGroupId, { quantity: 1, destination: cityAddress() }, undefined).then((placed) => ({
      buyer,
      ...placed,
    }));

  const statusOf = async (orderId: string) =>
    (await t.rows<{ status: string }>(`SELECT status FROM customer_order WHERE id = $1`, [orderId]))[0].status;

  it('completes when the last place is paid: every member goes on to fulfilment at the group price', async () => {
    const deal = await createDeal(3);
    const leader = principal();
    const started = await groups.start(leader, deal.id, { quantity: 1, destination: cityAddress() }, undefined);
    expect(started.buyingGroup).toMatchObject({ groupSize: 3, members: 1, placesLeft: 2, status: 'open' });
    expect(started.buyingGroup.sharePath).toBe(`/groups/${started.buyingGroup.id}`);
    const members = [
      { buyer: leader, ...started },
      await join(started.buyingGroup.id),
      await join(started.buyingGroup.id),
    ];
    expect(await problemOf(join(started.buyingGroup.id))).toEqual({ status: 409, code: 'group-full' });

    for (const [index, member] of members.entries()) {
      await reserve(member.orderGroup);
      expect((await pay(member.buyer, member.orderGroup.id)).outcome).toBe('applied');
      const orderId = member.orderGroup.orders[0].id;
      if (index < 2) {
        expect(await statusOf(orderId)).toBe('awaiting_group');
        expect(await t.published(EventName.OrderPaid, { orderId })).toEqual([]);
      }
    }

    expect(await groups.get(started.buyingGroup.id)).toMatchObject({ status: 'complete', paidMembers: 3 });
    for (const member of members) {
      const orderId = member.orderGroup.orders[0].id;
      expect(await statusOf(orderId)).toBe('paid');
      expect(await t.published(EventName.OrderPaid, { orderId })).toEqual([
        expect.objectContaining({ payment: { method: 'online', amountFen: 4900 } }),
      ]);
      // each member is told by SMS, once
      expect(await t.published(EventName.BuyerNotified, { orderId })).toEqual([
        expect.objectContaining({ template: 'group_complete' }),
      ]);
    }
    await expectLedgerAgrees(t);
  });

  it('expires a group not full in time: paid members refunded once, unpaid ones cancelled, stock released', async () => {
    const deal = await createDeal(3);
    const leader = principal();
    const started = await groups.start(leader, deal.id, { quantity: 1, destination: cityAddress() }, undefined);
    const unpaid = await join(started.buyingGroup.id);
    await reserve(started.orderGroup);
    await reserve(unpaid.orderGroup);
    await pay(leader, started.orderGroup.id);
    const leaderOrder = started.orderGroup.orders[0].id;
    const unpaidOrder = unpaid.orderGroup.orders[0].id;
    expect(await statusOf(leaderOrder)).toBe('awaiting_group');

    await t.rows(`UPDATE buying_group SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      started.buyingGroup.id,
    ]);
    expect(await problemOf(join(started.buyingGroup.id))).toEqual({ status: 409, code: 'group-closed' });
    expect(await groups.expireDue()).toBeGreaterThanOrEqual(1);
    expect(await groups.expireDue()).toBe(0);

    expect(await groups.get(started.buyingGroup.id)).toMatchObject({ status: 'expired', placesLeft: 0 });
    for (const orderId of [leaderOrder, unpaidOrder]) {
      expect(await statusOf(orderId)).toBe('cancelled');
      expect(await t.published(EventName.OrderCancelled, { orderId })).toEqual([
        expect.objectContaining({ reason: 'expired' }),
      ]);
    }
    await refundsPaid(t);
    const refunds = await t.rows<{ order_id: string; amount_fen: string; reason: string; status: string }>(
      `SELECT order_id, amount_fen, reason, status FROM refund WHERE order_id = ANY($1::uuid[])`,
      [[leaderOrder, unpaidOrder]],
    );
    expect(refunds.map((refund) => [refund.order_id, Number(refund.amount_fen), refund.reason, refund.status])).toEqual(
      [[leaderOrder, 4900, 'group_expired', 'succeeded']],
    );
    // the paid leader is told of the refund; the member who never paid has nothing refunded to be told of
    expect(await t.published(EventName.BuyerNotified, { orderId: leaderOrder })).toEqual([
      expect.objectContaining({ template: 'group_refunded' }),
    ]);
    expect(await t.published(EventName.BuyerNotified, { orderId: unpaidOrder })).toEqual([]);
    await expectLedgerAgrees(t);
  });

  it('frees the place of a member whose order catalog rejected', async () => {
    const deal = await createDeal(2);
    const started = await groups.start(principal(), deal.id, { quantity: 1, destination: cityAddress() }, undefined);
    const rejected = await join(started.buyingGroup.id);
    await t.deliver(
      EventName.StockRejected,
      {
        orderId: rejected.orderGroup.orders[0].id,
        lines: [{ skuId, requested: 1, available: 0, reason: 'insufficient_stock' }],
      },
      { producer: ServiceName.Catalog },
    );

    expect(await groups.get(started.buyingGroup.id)).toMatchObject({ members: 1, placesLeft: 1 });
    await join(started.buyingGroup.id);
  });

  it('never takes more than N members: 50 concurrent joins to a group of 5 (burst)', async () => {
    const deal = await createDeal(5);
    const leader = principal();
    const started = await groups.start(leader, deal.id, { quantity: 1, destination: cityAddress() }, undefined);
    const begun = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => join(started.buyingGroup.id)));
    const elapsedMs = Date.now() - begun;

    const joined = outcomes.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value);
    const refused = await Promise.all(
      outcomes
        .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
        .map((outcome) => problemOf(Promise.reject(outcome.reason as Error))),
    );
    expect(joined).toHaveLength(4);
    expect(refused).toEqual(Array.from({ length: 46 }, () => ({ status: 409, code: 'group-full' })));
    const [row] = await t.rows<{ members: number; orders: number }>(
      `SELECT g.members, (SELECT count(*)::int FROM customer_order o WHERE o.buying_group_id = g.id) AS orders
         FROM buying_group g WHERE g.id = $1`,
      [started.buyingGroup.id],
    );
    expect(row).toEqual({ members: 5, orders: 5 });

    // the five pay at once: the group completes once, every member's order.paid once, no deadlock
    const members = [{ buyer: leader, orderGroup: started.orderGroup }, ...joined];
    for (const member of members) {
      await reserve(member.orderGroup);
    }
    const paid = await Promise.all(members.map((member) => pay(member.buyer, member.orderGroup.id)));
    expect(paid.map((outcome) => outcome.outcome)).toEqual(Array.from({ length: 5 }, () => 'applied'));
    expect(await groups.get(started.buyingGroup.id)).toMatchObject({ status: 'complete', paidMembers: 5 });
    for (const member of members) {
      expect(await t.published(EventName.OrderPaid, { orderId: member.orderGroup.orders[0].id })).toHaveLength(1);
    }
    console.log(
      `group burst: 50 concurrent joins to a group of 5 (leader in) → 4 joined, 46 refused 409, ${elapsedMs} ms`,
    );
  });
});
