import { EventName } from '@countyflow/contracts';
import { inboxTransactions, waitFor } from '@countyflow/testing';
import { expectProblem, OrdersHarness, outboxOf, TestActor } from './support';

describe('the checkout saga across two sellers: placed → awaiting payment → signed webhook → paid → completed', () => {
  let h: OrdersHarness;
  let buyer: TestActor;
  let oranges: Awaited<ReturnType<OrdersHarness['catalog']['listing']>>;
  let duck: Awaited<ReturnType<OrdersHarness['catalog']['listing']>>;
  let orangeSeller: string;
  let duckSeller: string;

  beforeAll(async () => {
    h = await OrdersHarness.start();
    buyer = h.buyer();
    orangeSeller = await h.identity.seller({ name: '安西镇脐橙专业合作社' });
    duckSeller = await h.identity.seller({ name: '南安板鸭合作社' });
    oranges = await h.catalog.listing(orangeSeller, {
      title: '赣南脐橙',
      skus: [{ priceFen: 6800 }, { priceFen: 12_800 }],
    });
    duck = await h.catalog.listing(duckSeller, {
      title: '南安板鸭',
      sellerName: '南安板鸭合作社',
      skus: [{ priceFen: 9900 }],
    });
  });

  afterAll(() => h?.stop());

  /** Checkout of both sellers' goods, reserved by catalog: the group, awaiting payment. */
  async function placeAndReserve(prices: Record<string, number> = {}) {
    const placed = await h
      .checkout(buyer, [
        { skuId: oranges.skus[0].skuId, quantity: 2 },
        { skuId: duck.skus[0].skuId, quantity: 1 },
        { skuId: oranges.skus[1].skuId, quantity: 1 },
      ])
      .expect(202);
    for (const order of placed.body.orders) {
      await h.catalog.reserve(order.id, prices);
    }
    return placed.body;
  }

  it('places one order per seller at once, each in state placed with its lines and prices, and asks catalog to reserve', async () => {
    const response = await h
      .checkout(buyer, [
        { skuId: oranges.skus[0].skuId, quantity: 2 },
        { skuId: duck.skus[0].skuId, quantity: 1 },
        { skuId: oranges.skus[1].skuId, quantity: 1 },
      ])
      .expect(202);

    const group = response.body;
    expect(group.orders).toHaveLength(2);
    const byseller = Object.fromEntries(
      group.orders.map((order: { sellerOrgId: string }) => [order.sellerOrgId, order]),
    );
    expect(byseller[orangeSeller]).toMatchObject({
      status: 'placed',
      sellerName: '安西镇脐橙专业合作社',
      totalFen: 2 * 6800 + 12_800,
      lines: [
        { skuId: oranges.skus[0].skuId, title: '赣南脐橙', quantity: 2, unitPriceFen: 6800, lineTotalFen: 13_600 },
        { skuId: oranges.skus[1].skuId, title: '赣南脐橙', quantity: 1, unitPriceFen: 12_800 },
      ],
    });
    expect(byseller[duckSeller]).toMatchObject({ status: 'placed', totalFen: 9900, lines: [{ title: '南安板鸭' }] });
    expect(group.totalFen).toBe(2 * 6800 + 12_800 + 9900);
    for (const order of group.orders) {
      expect(await h.catalog.placed(order.id)).toEqual({
        orderId: order.id,
        groupId: group.id,
        buyerId: buyer.userId,
        sellerOrgId: order.sellerOrgId,
        lines: order.lines.map((line: { skuId: string; quantity: number }) => ({
          skuId: line.skuId,
          quantity: line.quantity,
        })),
      });
      const detail = await h.get(buyer, `/orders/${order.id}`).expect(200);
      expect(detail.body.history).toEqual([
        expect.objectContaining({ from: null, to: 'placed', actorKind: 'buyer', actorId: buyer.userId }),
      ]);
    }
  });

  it('awaits payment once catalog reserved, then a signed webhook pays both orders and order.paid goes to the outbox', async () => {
    const group = await placeAndReserve();
    for (const order of group.orders) {
      const awaiting = await h.waitForStatus(buyer, order.id, 'awaiting_payment');
      expect(awaiting.paymentDueAt).toEqual(expect.any(String));
    }

    const { payment, answer } = await h.pay(buyer, group.id);

    expect(payment).toMatchObject({ amountFen: group.totalFen, status: 'pending', provider: 'simulated' });
    expect(payment.orderIds.sort()).toEqual(group.orders.map((order: { id: string }) => order.id).sort());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'applied', duplicate: false, refundedOrderIds: [] });
    expect(answer.body.appliedOrderIds.sort()).toEqual(payment.orderIds.sort());
    for (const order of group.orders) {
      const paid = await h.get(buyer, `/orders/${order.id}`).expect(200);
      expect(paid.body).toMatchObject({ status: 'paid', paidFen: order.totalFen });
      expect(paid.body.history.map((entry: { to: string }) => entry.to)).toEqual([
        'placed',
        'awaiting_payment',
        'paid',
      ]);
      expect(paid.body.history[2]).toMatchObject({ actorKind: 'payment_provider' });
      expect(paid.body.payments).toEqual([expect.objectContaining({ outcome: 'applied', amountFen: group.totalFen })]);
      const [event] = await outboxOf(h.db, EventName.OrderPaid, order.id);
      expect(event).toMatchObject({
        orderId: order.id,
        groupId: group.id,
        buyerId: buyer.userId,
        sellerOrgId: order.sellerOrgId,
        countyCode: '360722',
        direction: 'up',
        destination: { kind: 'address', address: expect.objectContaining({ city: '深圳市' }) },
        payment: { method: 'online', amountFen: order.totalFen },
        temperature: { class: 'chilled', minC: 0, maxC: 4 },
      });
      expect(await h.eventsOf(order.id)).toEqual([EventName.OrderPlaced, EventName.OrderPaid]);
    }
    const view = await h.get(buyer, `/order-groups/${group.id}`).expect(200);
    expect(view.body.payments).toEqual([expect.objectContaining({ id: payment.id, status: 'succeeded' })]);
  });

  it("charges catalog's price at reservation when it differs from the one shown, and says so", async () => {
    const group = await placeAndReserve({ [duck.skus[0].skuId]: 10_500 });
    const duckOrder = group.orders.find((order: { sellerOrgId: string }) => order.sellerOrgId === duckSeller);

    const awaiting = await h.waitForStatus(buyer, duckOrder.id, 'awaiting_payment');

    expect(awaiting).toMatchObject({
      priceChanged: true,
      totalFen: 10_500,
      lines: [{ shownUnitPriceFen: 9900, unitPriceFen: 10_500 }],
    });
    expect(awaiting.history[1]).toMatchObject({
      to: 'awaiting_payment',
      actorKind: 'catalog',
      detail: { priceChanges: [{ skuId: duck.skus[0].skuId, shownUnitPriceFen: 9900, unitPriceFen: 10_500 }] },
    });
    const { payment } = await h.pay(buyer, group.id);
    expect(payment.amountFen).toBe(group.totalFen - 9900 + 10_500);
  });

  it('lets the simulated provider pay through its development endpoint, which posts the signed webhook here', async () => {
    const group = await placeAndReserve();
    await h.waitForStatus(buyer, group.orders[0].id, 'awaiting_payment');
    const payment = await h.post(buyer, `/order-groups/${group.id}/payments`).expect(201);

    // payUrl is the path a client uses, through the gateway; this test talks to the orders service directly
    expect(payment.body.payUrl).toBe(`/api/orders/payments/simulator/${payment.body.providerPaymentId}/pay`);
    const paid = await h.post(null, payment.body.payUrl.replace(/^\/api\/orders/, '')).expect(200);
    expect(paid.body).toMatchObject({ status: 200, body: { outcome: 'applied', duplicate: false } });
    for (const order of group.orders) {
      expect((await h.get(buyer, `/orders/${order.id}`)).body.status).toBe('paid');
    }
    expectProblem(await h.post(null, '/payments/simulator/sim_pay_unknown/pay'), 404, 'unknown-payment');
  });

  it('treats a repeated webhook as one: same answer, marked duplicate, nothing paid or published twice', async () => {
    const group = await placeAndReserve();
    const { webhook, answer } = await h.pay(buyer, group.id);

    const again = await h.sendWebhook(webhook.body, webhook.headers).expect(200);
    const resent = h.provider.paymentSucceededWebhook(JSON.parse(webhook.body).data.paymentId, {
      transactionId: JSON.parse(webhook.body).data.transactionId,
    });
    const resentAnswer = await h.sendWebhook(resent.body, resent.headers).expect(200);

    expect(again.body).toEqual({ ...answer.body, duplicate: true });
    expect(resentAnswer.body).toMatchObject({ duplicate: true, transactionId: answer.body.transactionId });
    for (const order of group.orders) {
      expect(await outboxOf(h.db, EventName.OrderPaid, order.id)).toHaveLength(1);
      const detail = await h.get(buyer, `/orders/${order.id}`).expect(200);
      expect(detail.body.payments).toHaveLength(1);
      expect(detail.body.refunds).toEqual([]);
    }
  });

  it('applies a webhook once when the provider sends it twice at the same moment', async () => {
    const group = await placeAndReserve();
    await h.waitForStatus(buyer, group.orders[0].id, 'awaiting_payment');
    const payment = await h.post(buyer, `/order-groups/${group.id}/payments`).expect(201);
    const webhook = h.provider.paymentSucceededWebhook(payment.body.providerPaymentId);

    const answers = await Promise.all([1, 2, 3].map(() => h.sendWebhook(webhook.body, webhook.headers)));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.body.duplicate).sort()).toEqual([false, true, true]);
    for (const order of group.orders) {
      expect(await outboxOf(h.db, EventName.OrderPaid, order.id)).toHaveLength(1);
    }
  });

  it('lets exactly one of a cancel and a payment racing each other take the order, and refunds money it cannot keep', async () => {
    for (let round = 0; round < 3; round++) {
      const placed = await h.checkout(buyer, [{ skuId: duck.skus[0].skuId, quantity: 1 }]).expect(202);
      const order = placed.body.orders[0];
      await h.catalog.reserve(order.id);
      const payment = await h.post(buyer, `/order-groups/${placed.body.id}/payments`).expect(201);
      const webhook = h.provider.paymentSucceededWebhook(payment.body.providerPaymentId);

      const [cancel, paid] = await Promise.all([
        h.post(buyer, `/orders/${order.id}/cancel`),
        h.sendWebhook(webhook.body, webhook.headers),
      ]);

      const detail = (await h.get(buyer, `/orders/${order.id}`).expect(200)).body;
      const left = detail.history.filter((entry: { from: string }) => entry.from === 'awaiting_payment');
      expect(left).toHaveLength(1);
      if (left[0].to === 'paid') {
        // paid first: the cancel either lost the race (409) or cancelled the paid order, which is refunded
        expect([200, 409]).toContain(cancel.status);
        expect(paid.body.outcome).toBe('applied');
      } else {
        expect(cancel.status).toBe(200);
        expect(paid.body).toMatchObject({ outcome: 'refunded', refundedOrderIds: [order.id] });
      }
      if (detail.status === 'cancelled') {
        await waitFor(async () => (await h.refundsOf(order.id)).some((refund) => refund.status === 'succeeded'));
      }
    }
  });

  it('refuses a forged, tampered or unsigned webhook with 401 problem+json and changes nothing', async () => {
    const group = await placeAndReserve();
    await h.waitForStatus(buyer, group.orders[0].id, 'awaiting_payment');
    const payment = await h.post(buyer, `/order-groups/${group.id}/payments`).expect(201);
    const genuine = h.provider.paymentSucceededWebhook(payment.body.providerPaymentId);
    const forged = h.provider.paymentSucceededWebhook(payment.body.providerPaymentId, {
      secret: 'guessed-secret-of-an-attacker',
    });
    const tampered = genuine.body.replace(`"amountFen":${group.totalFen}`, '"amountFen":1');
    const stale = h.provider.paymentSucceededWebhook(payment.body.providerPaymentId, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });

    expectProblem(await h.sendWebhook(forged.body, forged.headers), 401, 'invalid-signature');
    expectProblem(await h.sendWebhook(tampered, genuine.headers), 401, 'invalid-signature');
    expectProblem(await h.sendWebhook(genuine.body, { 'content-type': 'application/json' }), 401, 'missing-signature');
    expectProblem(await h.sendWebhook(stale.body, stale.headers), 401, 'stale-webhook');

    for (const order of group.orders) {
      expect((await h.get(buyer, `/orders/${order.id}`)).body.status).toBe('awaiting_payment');
    }
    const { rows } = await h.db.query('SELECT count(*)::int AS n FROM orders.payment_transaction WHERE group_id = $1', [
      group.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('flags an amount that does not match: recorded, not applied, the captured money refunded', async () => {
    const group = await placeAndReserve();
    await h.waitForStatus(buyer, group.orders[0].id, 'awaiting_payment');

    const { answer } = await h.pay(buyer, group.id, { amountFen: 1 });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: 'amount_mismatch', appliedOrderIds: [], duplicate: false });
    expect(answer.body.detail).toMatch(/captured 1 fen but the payment asked for \d+ fen/);
    for (const order of group.orders) {
      expect((await h.get(buyer, `/orders/${order.id}`)).body.status).toBe('awaiting_payment');
    }
    const refund = await waitFor(async () => {
      const { rows } = await h.db.query(
        `SELECT r.status, r.amount_fen, r.reason FROM orders.refund r JOIN orders.payment_transaction t ON t.id = r.payment_transaction_id
          WHERE t.id = $1`,
        [answer.body.transactionId],
      );
      return rows[0]?.status === 'succeeded' && rows[0];
    });
    expect(refund).toEqual({ status: 'succeeded', amount_fen: '1', reason: 'amount_mismatch' });
  });

  it('refuses a webhook for a payment it never created with 404, and a payment with nothing awaiting payment with 409', async () => {
    const unknown = h.provider.paymentSucceededWebhook('sim_pay_never_created', { amountFen: 100 });
    expectProblem(await h.sendWebhook(unknown.body, unknown.headers), 404, 'unknown-payment');

    const placed = await h.checkout(buyer, [{ skuId: duck.skus[0].skuId, quantity: 1 }]).expect(202);
    expectProblem(await h.post(buyer, `/order-groups/${placed.body.id}/payments`), 409, 'nothing-to-pay', /placed/);
  });

  it('rejects the order when catalog cannot reserve, keeping what was missing', async () => {
    const placed = await h.checkout(buyer, [{ skuId: duck.skus[0].skuId, quantity: 3 }]).expect(202);
    const orderId = placed.body.orders[0].id;

    await h.catalog.reject(orderId);

    const rejected = await h.waitForStatus(buyer, orderId, 'rejected');
    expect(rejected.rejection).toEqual([
      { skuId: duck.skus[0].skuId, requested: 3, available: 0, reason: 'insufficient_stock' },
    ]);
    expect(rejected.history.map((entry: { to: string }) => entry.to)).toEqual(['placed', 'rejected']);
    expectProblem(await h.post(buyer, `/orders/${orderId}/cancel`), 409, 'illegal-transition');
  });

  it('follows the shipment to completion, keeps cold-chain excursions as evidence, and publishes order.completed', async () => {
    const group = await placeAndReserve();
    await h.pay(buyer, group.id);
    const order = group.orders[0];

    await h.logistics.created(order.id);
    await h.logistics.excursion(order.id, 9.5);
    await h.logistics.dispatched(order.id);
    const inTransit = await h.get(buyer, `/orders/${order.id}`).expect(200);
    await h.logistics.delivered(order.id);

    expect(inTransit.body.status).toBe('out_for_delivery');
    const completed = await h.get(buyer, `/orders/${order.id}`).expect(200);
    expect(completed.body).toMatchObject({
      status: 'completed',
      shipment: {
        shipmentId: h.logistics.shipments.get(order.id),
        deliveredAt: expect.any(String),
        receipt: { collectedBy: 'recipient' },
      },
      excursions: [{ readingC: 9.5, minC: 0, maxC: 4, nodeCode: '360722000' }],
    });
    expect(completed.body.history.map((entry: { to: string }) => entry.to)).toEqual([
      'placed',
      'awaiting_payment',
      'paid',
      'in_fulfilment',
      'out_for_delivery',
      'completed',
    ]);
    const seller = h.sellerOwner(order.sellerOrgId);
    const sellerView = await h.get(seller, `/orders/${order.id}`).expect(200);
    expect(sellerView.body.excursions).toHaveLength(1);
    expect(await outboxOf(h.db, EventName.OrderCompleted, order.id)).toEqual([
      {
        orderId: order.id,
        sellerOrgId: order.sellerOrgId,
        lines: order.lines.map((line: { skuId: string; quantity: number }) => ({
          skuId: line.skuId,
          quantity: line.quantity,
        })),
      },
    ]);
  });

  it('retries a shipment event that arrives before the order is ready for it, and ignores one it is past', async () => {
    const group = await placeAndReserve();
    await h.pay(buyer, group.id);
    const order = group.orders[0];

    await expect(h.logistics.dispatched(order.id)).rejects.toThrow(/will be retried/);
    await h.logistics.created(order.id);
    await h.logistics.dispatched(order.id);
    await h.logistics.delivered(order.id);
    const late = await h.logistics.dispatched(order.id);

    expect(late.outcome).toBe('handled');
    expect((await h.get(buyer, `/orders/${order.id}`)).body.status).toBe('completed');
  });

  it('answers several stock.reserved in one inbox transaction, and leaves an order at changed prices to itself', async () => {
    const { deliver } = await import('./support');
    const { randomUUID } = await import('node:crypto');
    const placeDuck = async () => {
      const placed = await h.checkout(buyer, [{ skuId: duck.skus[0].skuId, quantity: 1 }]).expect(202);
      const orderId: string = placed.body.orders[0].id;
      const first = await h.catalog.placed(orderId);
      return { orderId, lines: first.lines.map((line) => ({ ...line, unitPriceFen: 9900 })) };
    };
    const plain = [];
    for (let index = 0; index < 20; index++) {
      plain.push(await placeDuck());
    }
    const ids = plain.map(() => randomUUID());

    const outcomes = await Promise.all(
      plain.map((reserved, index) =>
        deliver(h.inbox, EventName.StockReserved, reserved, 'catalog' as never, ids[index]),
      ),
    );

    expect(outcomes.map((delivered) => delivered.outcome)).toEqual(plain.map(() => 'handled'));
    for (const [index, reserved] of plain.entries()) {
      const detail = await h.get(buyer, `/orders/${reserved.orderId}`).expect(200);
      expect(detail.body.history.map((entry: { to: string }) => entry.to)).toEqual(['placed', 'awaiting_payment']);
      expect(detail.body.history[1]).toMatchObject({ actorKind: 'catalog' });
      // each order's move names its own event, and its payment is due as alone
      const { rows } = await h.db.query<{ actor_id: string; due: boolean }>(
        `SELECT h.actor_id, o.payment_due_at > now() AS due
           FROM orders.order_history h JOIN orders.customer_order o ON o.id = h.order_id
          WHERE h.order_id = $1 AND h.to_status = 'awaiting_payment'`,
        [reserved.orderId],
      );
      expect(rows).toEqual([{ actor_id: ids[index], due: true }]);
    }
    expect(await inboxTransactions(h.db, ids, 'orders.processed_event')).toBeLessThan(plain.length);

    // a batch taken as all new that holds an event handled before: rolled back and handled again with the new ones
    // only (the repeat moves nothing: its order awaits payment already), each order moved once
    const fresh = [await placeDuck(), await placeDuck()];
    const withRepeat = await Promise.all([
      ...fresh.map((reserved) => deliver(h.inbox, EventName.StockReserved, reserved, 'catalog' as never)),
      deliver(h.inbox, EventName.StockReserved, plain[1], 'catalog' as never, ids[1]),
    ]);
    expect(withRepeat.map((delivered) => delivered.outcome)).toEqual(['handled', 'handled', 'duplicate']);
    for (const reserved of [...fresh, plain[1]]) {
      const detail = await h.get(buyer, `/orders/${reserved.orderId}`).expect(200);
      expect(detail.body.history.map((entry: { to: string }) => entry.to)).toEqual(['placed', 'awaiting_payment']);
    }

    // a batch with an order at a changed price, an unknown order, a repeat and an order answered twice (under two
    // event ids) is handled event by event
    const more = [await placeDuck(), await placeDuck()];
    const changed = await placeDuck();
    changed.lines = changed.lines.map((line) => ({ ...line, unitPriceFen: 10_500 }));
    const mixed = await Promise.all([
      ...more.map((reserved) => deliver(h.inbox, EventName.StockReserved, reserved, 'catalog' as never)),
      deliver(h.inbox, EventName.StockReserved, changed, 'catalog' as never),
      deliver(h.inbox, EventName.StockReserved, { ...more[0], orderId: randomUUID() }, 'catalog' as never),
      deliver(h.inbox, EventName.StockReserved, plain[0], 'catalog' as never, ids[0]),
      deliver(h.inbox, EventName.StockReserved, more[1], 'catalog' as never),
    ]);
    expect(mixed.map((delivered) => delivered.outcome)).toEqual([
      'handled',
      'handled',
      'handled',
      'handled',
      'duplicate',
      'handled',
    ]);
    for (const reserved of more) {
      const detail = await h.get(buyer, `/orders/${reserved.orderId}`).expect(200);
      expect(detail.body.history.map((entry: { to: string }) => entry.to)).toEqual(['placed', 'awaiting_payment']);
    }
    expect(await h.get(buyer, `/orders/${changed.orderId}`).expect(200)).toMatchObject({
      body: { status: 'awaiting_payment', priceChanged: true, totalFen: 10_500 },
    });
    const again = await h.get(buyer, `/orders/${plain[0].orderId}`).expect(200);
    expect(again.body.history).toHaveLength(2);
  });

  it('puts twenty orders in fulfilment with few inbox transactions for their shipment.created (one of them twice), and leaves an early one to be retried', async () => {
    const { deliver } = await import('./support');
    const { randomUUID } = await import('node:crypto');
    const paid = [];
    for (let group = 0; group < 10; group++) {
      const placed = await placeAndReserve();
      await h.pay(buyer, placed.id);
      paid.push(...placed.orders.map((order: { id: string }) => order.id));
    }
    const created = (orderId: string, id = randomUUID(), shipmentId: string = randomUUID()) =>
      deliver(
        h.inbox,
        EventName.ShipmentCreated,
        { orderId, shipmentId, at: new Date().toISOString() },
        'logistics' as never,
        id,
      );
    const ids = paid.map(() => randomUUID());
    const shipmentIds = paid.map(() => randomUUID());

    // the first order's shipment.created twice (a redelivery under a new event id), among the twenty
    const outcomes = await Promise.all([
      ...paid.map((orderId, index) => created(orderId, ids[index], shipmentIds[index])),
      created(paid[0], randomUUID(), shipmentIds[0]),
    ]);

    expect(outcomes.map((delivered) => delivered.outcome)).toEqual([...paid, paid[0]].map(() => 'handled'));
    for (const [index, orderId] of paid.entries()) {
      const detail = await h.get(buyer, `/orders/${orderId}`).expect(200);
      expect(detail.body.status).toBe('in_fulfilment');
      expect(detail.body.history.at(-1)).toMatchObject({ to: 'in_fulfilment', actorKind: 'logistics' });
      const { rows } = await h.db.query<{ shipment_id: string; detail: unknown; actor_id: string }>(
        `SELECT o.shipment_id, h.detail, h.actor_id FROM orders.customer_order o
           JOIN orders.order_history h ON h.order_id = o.id AND h.to_status = 'in_fulfilment' WHERE o.id = $1`,
        [orderId],
      );
      expect(rows).toEqual([
        {
          shipment_id: shipmentIds[index],
          detail: { shipmentId: shipmentIds[index] },
          actor_id: index === 0 ? expect.any(String) : ids[index],
        },
      ]);
    }
    expect(await inboxTransactions(h.db, ids, 'orders.processed_event')).toBeLessThan(paid.length);

    // an order not paid yet in a batch: that batch is handled event by event, and only the early one is retried
    const unpaid = (await placeAndReserve()).orders[0].id as string;
    const more = await placeAndReserve();
    await h.pay(buyer, more.id);
    const mixed = await Promise.all([
      ...more.orders.map((order: { id: string }) => created(order.id).then((delivered) => delivered.outcome)),
      created(unpaid).then(
        (delivered) => delivered.outcome,
        (error: Error) => error.message,
      ),
    ]);
    expect(mixed.slice(0, -1)).toEqual(more.orders.map(() => 'handled'));
    expect(mixed.at(-1)).toMatch(/will be retried/);
    expect((await h.get(buyer, `/orders/${unpaid}`).expect(200)).body.status).toBe('awaiting_payment');
    for (const order of more.orders as { id: string }[]) {
      expect((await h.get(buyer, `/orders/${order.id}`).expect(200)).body.status).toBe('in_fulfilment');
    }
  });

  it('makes a redelivered event a no-op', async () => {
    const placed = await h.checkout(buyer, [{ skuId: duck.skus[0].skuId, quantity: 1 }]).expect(202);
    const orderId = placed.body.orders[0].id;
    const first = await h.catalog.placed(orderId);
    const reserved = { orderId, lines: first.lines.map((line) => ({ ...line, unitPriceFen: 9900 })) };
    const { deliver } = await import('./support');
    const id = (await import('node:crypto')).randomUUID();

    const once = await deliver(h.inbox, EventName.StockReserved, reserved, 'catalog' as never, id);
    const twice = await deliver(h.inbox, EventName.StockReserved, reserved, 'catalog' as never, id);

    expect([once.outcome, twice.outcome]).toEqual(['handled', 'duplicate']);
    const detail = await h.get(buyer, `/orders/${orderId}`).expect(200);
    expect(detail.body.history.map((entry: { to: string }) => entry.to)).toEqual(['placed', 'awaiting_payment']);
  });

  describe('cancellation and returns', () => {
    it('cancels an unpaid order at the buyer’s request: stock released (order.cancelled, wasPaid false)', async () => {
      const group = await placeAndReserve();
      const order = group.orders[0];
      await h.waitForStatus(buyer, order.id, 'awaiting_payment');

      const cancelled = await h.post(buyer, `/orders/${order.id}/cancel`, { reason: '买错了' }).expect(200);

      expect(cancelled.body.status).toBe('cancelled');
      expect(cancelled.body.history.at(-1)).toMatchObject({
        from: 'awaiting_payment',
        to: 'cancelled',
        actorKind: 'buyer',
        reason: '买错了',
      });
      expect(await outboxOf(h.db, EventName.OrderCancelled, order.id)).toEqual([
        expect.objectContaining({ orderId: order.id, reason: 'buyer', wasPaid: false, lines: expect.any(Array) }),
      ]);
      expectProblem(await h.post(buyer, `/orders/${order.id}/cancel`), 409, 'illegal-transition', /cancelled/);
    });

    it('cancels a paid order before dispatch and refunds it through the provider', async () => {
      const group = await placeAndReserve();
      await h.pay(buyer, group.id);
      const order = group.orders[0];
      await h.logistics.created(order.id);

      const cancelled = await h.post(buyer, `/orders/${order.id}/cancel`).expect(200);

      expect(cancelled.body.status).toBe('cancelled');
      expect(await outboxOf(h.db, EventName.OrderCancelled, order.id)).toEqual([
        expect.objectContaining({ reason: 'buyer', wasPaid: true }),
      ]);
      const refunded = await waitFor(async () => {
        const detail = await h.get(buyer, `/orders/${order.id}`);
        return detail.body.refundedFen === order.totalFen && detail.body;
      });
      expect(refunded.refunds).toEqual([
        expect.objectContaining({ amountFen: order.totalFen, reason: 'buyer_cancelled', status: 'succeeded' }),
      ]);
      expect(await outboxOf(h.db, EventName.OrderRefunded, order.id)).toEqual([
        { orderId: order.id, amountFen: order.totalFen, reason: 'buyer_cancelled' },
      ]);
      expect([...h.provider.refunds.values()].map((refund) => refund.amountFen)).toContain(order.totalFen);
    });

    it('refuses to cancel once the parcel is dispatched (409)', async () => {
      const group = await placeAndReserve();
      await h.pay(buyer, group.id);
      const order = group.orders[0];
      await h.logistics.created(order.id);
      await h.logistics.dispatched(order.id);

      expectProblem(await h.post(buyer, `/orders/${order.id}/cancel`), 409, 'illegal-transition', /out_for_delivery/);
      expect(await outboxOf(h.db, EventName.OrderCancelled, order.id)).toEqual([]);
    });

    it('returns a refused parcel: order.returned restocks, the payment is refunded, then the order is refunded', async () => {
      const group = await placeAndReserve();
      await h.pay(buyer, group.id);
      const order = group.orders[0];
      await h.logistics.created(order.id);
      await h.logistics.dispatched(order.id);

      await h.logistics.returned(order.id, 'refused');

      expect(await outboxOf(h.db, EventName.OrderReturned, order.id)).toEqual([
        expect.objectContaining({ orderId: order.id, reason: 'refused', lines: expect.any(Array) }),
      ]);
      const refunded = await h.waitForStatus(buyer, order.id, 'refunded');
      expect(refunded.history.slice(-2).map((entry: { to: string }) => entry.to)).toEqual(['returned', 'refunded']);
      expect(refunded.refundedFen).toBe(order.totalFen);
      expect(await h.eventsOf(order.id)).toEqual([
        EventName.OrderPlaced,
        EventName.OrderPaid,
        EventName.OrderReturned,
        EventName.OrderRefunded,
      ]);
    });

    it('retries a refund the provider refused, without paying it twice', async () => {
      const group = await placeAndReserve();
      await h.pay(buyer, group.id);
      const order = group.orders[0];
      h.provider.failNextRefunds = 1;

      await h.post(buyer, `/orders/${order.id}/cancel`).expect(200);
      await h.refunds.runDue();

      // the background runner may have claimed the refund first; either way one attempt fails and is recorded
      const rows = await waitFor(async () => {
        const result = await h.db.query(`SELECT attempts, last_error, status FROM orders.refund WHERE order_id = $1`, [
          order.id,
        ]);
        return result.rows[0]?.attempts >= 1 && result.rows;
      });
      expect(rows).toEqual([
        { attempts: 1, last_error: 'simulated provider: refund service unavailable', status: 'pending' },
      ]);
      await h.db.query(`UPDATE orders.refund SET next_attempt_at = now() WHERE order_id = $1`, [order.id]);
      await waitFor(async () => (await h.refundsOf(order.id))[0]?.status === 'succeeded');
      expect(
        [...h.provider.refunds.values()].filter(
          (refund) => refund.amountFen === order.totalFen && refund.reason === 'buyer_cancelled',
        ).length,
      ).toBeGreaterThanOrEqual(1);
      expect(await outboxOf(h.db, EventName.OrderRefunded, order.id)).toHaveLength(1);
    });
  });
});
