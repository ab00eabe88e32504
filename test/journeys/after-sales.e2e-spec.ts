import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniquePhone, waitFor } from '@countyflow/testing';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  addMember,
  buildNetwork,
  chinaToday,
  cityAddress,
  completedRetentionSweep,
  COUNTY,
  countyStaffOf,
  expectProblem,
  expectStatus,
  expectStock,
  get,
  handOverAndDeliver,
  journeyEnds,
  listProduct,
  logisticsClock,
  logisticsToday,
  Network,
  notificationsOf,
  orderOf,
  OrderView,
  payGroup,
  person,
  phoneLast4,
  pickupCodeFromMessages,
  placeWhenKnown,
  planRuns,
  planRunsOn,
  post,
  shipmentOf,
  ShipmentView,
  startWorld,
  verifiedOrganisation,
  verifiedSeller,
  waitForOrder,
  World,
} from './support';

jest.setTimeout(180_000);

/** 安西镇长江村 (a villager's parcel waits there) and 大塘埠镇坪石村 (a cooperative's oranges leave from there). */
const CHANGJIANG_VILLAGE = `${COUNTY}100202`;
const PINGSHI_VILLAGE = `${COUNTY}101203`;
/** 瑞金市: another county of 赣州, whose staff have no say over 信丰县's orders. */
const OTHER_COUNTY = '360781';

const HOUR = 3600_000;
const MINUTE = 60_000;
/** The county keeps a parcel one day and reminds the recipient six hours before it goes back. */
const RETENTION_DAYS = 1;
const REMINDER_HOURS_BEFORE = 6;

type LegView = ShipmentView['legs'][number] & { purpose: string };

describe('journeys through the gateway, every service real: after-sales (returns and claims)', () => {
  let world: World;
  let network: Network;
  let changjiangOwner: Actor;
  let changjiangOperator: Actor;
  let pingshiOperator: Actor;

  beforeAll(async () => {
    // the retention sweep runs by itself every 200 ms, so that a deadline passing is acted on as in production
    world = await startWorld({ LOGISTICS_SWEEP_INTERVAL_MS: '200' });
    changjiangOwner = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '信丰县安西镇长江村邮政便民服务站',
      ownerName: '罗美华',
      villageCode: CHANGJIANG_VILLAGE,
    });
    changjiangOperator = await addMember(world, changjiangOwner, '罗小军', MembershipRole.Operator);
    pingshiOperator = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '信丰县大塘埠镇坪石村益农信息社',
      ownerName: '刘德福',
      villageCode: PINGSHI_VILLAGE,
    });
    network = await buildNetwork(world, [
      {
        code: CHANGJIANG_VILLAGE,
        name: '长江村邮政便民服务站',
        hostType: 'post_station',
        latitude: 25.23,
        longitude: 114.96,
        operatorOrgId: changjiangOwner.orgId!,
      },
      {
        code: PINGSHI_VILLAGE,
        name: '坪石村益农信息社',
        hostType: 'yinong_agency',
        latitude: 25.48,
        longitude: 114.76,
        operatorOrgId: pingshiOperator.orgId!,
      },
    ]);
  });

  afterEach(() => journeyEnds(world));

  afterAll(async () => {
    await world?.stop();
  });

  it('an uncollected parcel: an operator orders cooking oil for a villager, paid online, shelved with a pickup code, reminded, sent back at the deadline, refunded by the provider and restocked', async () => {
    // the county keeps parcels one day at its points and reminds six hours before they go back
    const settings = expectStatus(
      await request(world.api)
        .put(`/api/logistics/counties/${COUNTY}/settings`)
        .set('authorization', `Bearer ${world.staff.token}`)
        .send({ retentionDays: RETENTION_DAYS, reminderHoursBefore: REMINDER_HOURS_BEFORE }),
      200,
      'setting the retention rules',
    );
    expect(settings.body).toMatchObject({ retentionDays: 1, reminderHoursBefore: 6 });

    const merchant = await verifiedSeller(world, {
      kind: OrganisationKind.Merchant,
      name: '信丰县好又多日用百货批发部',
      ownerName: '谢永平',
    });
    const oil = await listProduct(world, merchant, {
      categoryId: 'packaged-food',
      title: '金龙鱼 食用植物调和油 5L',
      description: '县城仓库现货，送到村服务站自提。',
      sku: { spec: '5L 桶', priceFen: 6990, weightGrams: 4800, volumeMl: 5500, initialStock: 60 },
    });

    // the operator orders for the villager, who will pay online; the parcel goes to the point
    const villager = { name: '罗桂香', phone: uniquePhone() };
    const group = await placeWhenKnown(world, changjiangOperator, '/api/orders/assisted-orders', {
      servicePointOrgId: changjiangOwner.orgId,
      villager,
      lines: [{ skuId: oil.skuId, quantity: 2 }],
      paymentMethod: 'online',
    });
    const [placed] = group.orders;
    expect(placed.totalFen).toBe(13_980);
    await waitForOrder(world, changjiangOperator, placed.id, 'awaiting_payment');
    await expectStock(world, merchant, oil.skuId, { received: 60, available: 58, reserved: 2, sold: 0 });

    const { payment, answer } = await payGroup(world, changjiangOperator, group.id);
    expect(payment.amountFen).toBe(13_980);
    expect(answer.body).toMatchObject({ outcome: 'applied', appliedOrderIds: [placed.id] });
    await waitForOrder(world, changjiangOperator, placed.id, 'paid', 'in_fulfilment');
    await expectStock(world, merchant, oil.skuId, { received: 60, available: 58, reserved: 0, sold: 2 });

    // down from the hub on the day's run; the point's operator scans it in: a shelf, a code, a message
    const shipment = await shipmentOf(world, placed.id, changjiangOperator);
    expect(shipment.path.map((node) => node.code)).toEqual([COUNTY, `${COUNTY}100`, CHANGJIANG_VILLAGE]);
    await waitForOrder(world, changjiangOperator, placed.id, 'in_fulfilment');
    const point = network.points[CHANGJIANG_VILLAGE];
    expectStatus(
      await post(
        world,
        `/api/logistics/shipments/${shipment.id}/scans`,
        { kind: 'arrived', nodeId: network.hub.id },
        world.staff,
      ),
      201,
      'arrival at the hub',
    );
    const [run] = await planRuns(world, [shipment.id]);
    expectStatus(await post(world, `/api/logistics/runs/${run.id}/dispatch`, {}, world.staff), 200, 'dispatching');
    const arrival = expectStatus(
      await post(
        world,
        `/api/logistics/points/${point.id}/arrivals`,
        { parcelCode: shipment.parcelCode },
        changjiangOperator,
      ),
      201,
      'the arrival at the point',
    );
    expectStatus(await post(world, `/api/logistics/runs/${run.id}/complete`, {}, world.staff), 200, 'run complete');
    const code = await pickupCodeFromMessages(world, changjiangOperator, shipment.id, villager.phone);
    expect(code).toBe(arrival.body.pickupCode);

    const ready = await waitForOrder(world, changjiangOperator, placed.id, 'ready_for_pickup');
    const shelved = await shipmentOf(world, placed.id, changjiangOperator);
    expect(shelved).toMatchObject({ status: 'ready_for_pickup', pickup: { code } });
    const collectBy = Date.parse(shelved.pickup!.collectBy!);
    expect(Date.parse(ready.shipment.collectBy!)).toBe(collectBy);
    const clock = logisticsClock(world);
    // the county's one day, not the default five
    const keptFor = collectBy - clock.now().getTime();
    expect(keptFor).toBeGreaterThan(RETENTION_DAYS * 24 * HOUR - 5 * MINUTE);
    expect(keptFor).toBeLessThanOrEqual(RETENTION_DAYS * 24 * HOUR);

    // nobody comes. A whole sweep has run since the shelving, and it is too early to remind anyone
    await completedRetentionSweep(world);
    expect((await notificationsOf(world, changjiangOperator, shipment.id)).map((message) => message.template)).toEqual([
      'parcel_dispatched',
      'ready_for_pickup',
    ]);

    try {
      // 18.5 h later the deadline is 5.5 h away: the periodic sweep reminds the villager, once
      clock.travel((RETENTION_DAYS * 24 - REMINDER_HOURS_BEFORE) * HOUR + 30 * MINUTE);
      const reminded = await waitFor(
        async () => {
          const messages = await notificationsOf(world, changjiangOperator, shipment.id);
          return messages.some((message) => message.template === 'pickup_reminder') && messages;
        },
        { timeoutMs: 30_000, intervalMs: 100, what: 'the pickup reminder' },
      );
      const reminder = reminded.find((message) => message.template === 'pickup_reminder')!;
      expect(reminder.recipientPhone).toBe(villager.phone);
      expect(reminder.body).toContain(shipment.parcelCode);
      expect(reminder.body).toContain(code);
      await completedRetentionSweep(world);
      expect(
        (await notificationsOf(world, changjiangOperator, shipment.id)).map((message) => message.template),
      ).toEqual(['parcel_dispatched', 'ready_for_pickup', 'pickup_reminder']);
      expect((await shipmentOf(world, placed.id, changjiangOperator)).status).toBe('ready_for_pickup');
      expect((await orderOf(world, changjiangOperator, placed.id)).status).toBe('ready_for_pickup');
      const dueSoon = expectStatus(
        await get(world, `/api/logistics/points/${point.id}/overdue`, changjiangOperator),
        200,
        "the point's overdue list",
      );
      expect(dueSoon.body.dueSoon.map((parcel: { parcelCode: string }) => parcel.parcelCode)).toEqual([
        shipment.parcelCode,
      ]);
      expect(dueSoon.body.overdue).toEqual([]);

      // the deadline passes: the sweep takes the parcel off the shelf and sends it back (shipment.returned)
      clock.travel(REMINDER_HOURS_BEFORE * HOUR);
      const returning = await waitFor(
        async () => {
          const seen = await shipmentOf(world, placed.id, changjiangOperator);
          return seen.status === 'returning' && seen;
        },
        { timeoutMs: 30_000, intervalMs: 100, what: 'logistics to send the parcel back' },
      );
      expect(returning).toMatchObject({
        custody: { kind: 'node', node: { code: CHANGJIANG_VILLAGE } },
        pickup: { code: null },
      });
      expect(returning.scans.map((scan) => scan.kind)).toContain('return_started');
      expect((returning.legs as LegView[]).map((leg) => [leg.mode, leg.purpose, leg.status])).toEqual([
        ['run', 'forward', 'done'],
        ['run', 'forward', 'done'],
        ['pickup', 'forward', 'cancelled'],
        ['run', 'return', 'pending'],
        ['run', 'return', 'pending'],
      ]);
      const messages = await notificationsOf(world, changjiangOperator, shipment.id);
      expect(messages.map((message) => [message.template, message.recipientPhone])).toEqual([
        ['parcel_dispatched', villager.phone],
        ['ready_for_pickup', villager.phone],
        ['pickup_reminder', villager.phone],
        ['returned_to_sender', villager.phone],
      ]);

      // the code is dead: the villager turning up late is told the parcel went back
      const late = await post(
        world,
        `/api/logistics/points/${point.id}/collections`,
        { code, phoneLast4: phoneLast4(villager.phone) },
        changjiangOperator,
      );
      expectProblem(late, 409, 'pickup-code-used');
      expect(late.body.detail).toMatch(/sent back/);

      // orders: returned (catalog restocks), the payment refunded by the provider, then refunded
      const refunded = await waitForOrder(world, changjiangOperator, placed.id, 'refunded');
      expect(refunded).toMatchObject({ totalFen: 13_980, paidFen: 13_980, refundedFen: 13_980 });
      expect(refunded.history.map((entry) => [entry.from, entry.to, entry.actorKind])).toEqual([
        [null, 'placed', 'operator'],
        ['placed', 'awaiting_payment', 'catalog'],
        ['awaiting_payment', 'paid', 'payment_provider'],
        ['paid', 'in_fulfilment', 'logistics'],
        ['in_fulfilment', 'ready_for_pickup', 'logistics'],
        ['ready_for_pickup', 'returned', 'logistics'],
        ['returned', 'refunded', 'payment_provider'],
      ]);
      expect(detail(refunded).history.find((entry) => entry.to === 'returned')!.reason).toBe('uncollected');
      expect(detail(refunded).refunds).toEqual([
        expect.objectContaining({
          orderId: placed.id,
          amountFen: 13_980,
          reason: 'returned',
          status: 'succeeded',
          claimId: null,
          providerRefundId: expect.any(String),
        }),
      ]);
      await expectStock(world, merchant, oil.skuId, {
        received: 60,
        restocked: 2,
        available: 60,
        reserved: 0,
        sold: 2,
      });
      // the point earns no commission on a parcel that went back
      const commissions = expectStatus(
        await get(world, `/api/orders/service-points/${changjiangOwner.orgId}/commissions`, changjiangOwner),
        200,
        'the commissions',
      );
      expect(commissions.body).toMatchObject({ earnedFen: 0, pendingFen: 0 });
      expect(commissions.body.items).toEqual([expect.objectContaining({ orderId: placed.id, status: 'void' })]);

      // the next day's run collects the return at the point and brings it back to the hub
      const [back] = await planRunsOn(world, logisticsToday(world), [shipment.id]);
      const stop = back.stops.find((candidate) => candidate.nodeId === point.id)!;
      expect(stop.collect.map((parcel) => parcel.shipmentId)).toEqual([shipment.id]);
      expectStatus(await post(world, `/api/logistics/runs/${back.id}/dispatch`, {}, world.staff), 200, 'dispatch');
      expectStatus(
        await post(world, `/api/logistics/runs/${back.id}/stops/${point.id}/collect`, {}, changjiangOperator),
        200,
        'collecting the return',
      );
      expectStatus(await post(world, `/api/logistics/runs/${back.id}/complete`, {}, world.staff), 200, 'run complete');
      const home = await shipmentOf(world, placed.id, changjiangOperator);
      expect(home).toMatchObject({ status: 'returned', custody: { kind: 'node', node: { code: COUNTY } } });
      expect((home.legs as LegView[]).filter((leg) => leg.purpose === 'return').map((leg) => leg.status)).toEqual([
        'done',
        'done',
      ]);
      expect((await orderOf(world, changjiangOperator, placed.id)).status).toBe('refunded');
    } finally {
      clock.reset();
    }
  });

  it('a produce claim: oranges delivered to a city buyer arrive bruised, the cooperative disputes the claim, county staff decide a partial refund that reaches the payment; staff of another county cannot decide it', async () => {
    const cooperative = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县大塘埠镇坪石村脐橙专业合作社',
      ownerName: '黄春生',
      villageCode: PINGSHI_VILLAGE,
    });
    const navel = await listProduct(world, cooperative, {
      categoryId: 'citrus',
      title: '赣南脐橙 10斤装 坪石村果园现摘',
      description: '坪石村山地果园，完熟采摘，当天装箱发出。',
      originVillageCode: PINGSHI_VILLAGE,
      weightToleranceGrams: 200,
      sku: { spec: '10斤装 果径75mm+', priceFen: 8990, weightGrams: 5000, volumeMl: 12_000, initialStock: 100 },
    });

    // this season's lot: the certificate and the trace code printed on the boxes
    const lot = expectStatus(
      await post(
        world,
        `/api/catalog/listings/${navel.listingId}/lots`,
        {
          harvestFrom: chinaToday(),
          quantity: 500,
          unit: 'kg',
          grade: '一级',
          contactPhone: cooperative.phone,
          pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
        },
        cooperative,
      ),
      201,
      'recording the lot',
    ).body as { traceCode: string };

    // an urban buyer in Shenzhen orders two boxes and pays
    const buyer = await person(world, '李想');
    const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
      lines: [{ skuId: navel.skuId, quantity: 2 }],
      destination: cityAddress('李想', buyer.phone),
    });
    const [order] = group.orders;
    expect(order.totalFen).toBe(17_980);
    await waitForOrder(world, buyer, order.id, 'awaiting_payment');
    await payGroup(world, buyer, group.id);
    await waitForOrder(world, buyer, order.id, 'in_fulfilment');
    const shipment = await shipmentOf(world, order.id, buyer);
    expect(shipment.path.map((node) => node.code)).toEqual([PINGSHI_VILLAGE, `${COUNTY}101`, COUNTY]);

    // no claim before delivery
    const early = await post(
      world,
      `/api/orders/orders/${order.id}/claim`,
      { reason: '还没收到就想先登记', photoUrls: [], remedy: 'full_refund' },
      buyer,
    );
    expectProblem(early, 409, 'not-delivered');

    // first kilometre at the village point, the run up to the hub, the express carrier to Shenzhen
    expectStatus(
      await post(
        world,
        `/api/logistics/points/${network.points[PINGSHI_VILLAGE].id}/hand-ins`,
        { parcelCode: shipment.parcelCode, weighedGrams: 10_080, traceCodes: [lot.traceCode] },
        pingshiOperator,
      ),
      201,
      'handing the oranges in',
    );
    for (const run of await planRuns(world, [shipment.id])) {
      expectStatus(await post(world, `/api/logistics/runs/${run.id}/dispatch`, {}, world.staff), 200, 'dispatch');
      for (const stop of run.stops.filter((candidate) => candidate.collect.length > 0)) {
        expectStatus(
          await post(world, `/api/logistics/runs/${run.id}/stops/${stop.nodeId}/collect`, {}, pingshiOperator),
          200,
          `collecting at ${stop.nodeCode}`,
        );
      }
      expectStatus(await post(world, `/api/logistics/runs/${run.id}/complete`, {}, world.staff), 200, 'complete');
    }
    await waitForOrder(world, buyer, order.id, 'out_for_delivery');
    await handOverAndDeliver(world, shipment.id, network.hub.id, '李想本人签收');
    const completed = await waitForOrder(world, buyer, order.id, 'completed');
    expect(completed.shipment.receipt).toMatchObject({ method: 'carrier' });
    await expectStock(world, cooperative, navel.skuId, { received: 100, available: 98, reserved: 0, sold: 2 });

    // a third of the oranges arrived bruised and mouldy: the buyer claims 60 yuan back, with photos
    const opened = expectStatus(
      await post(
        world,
        `/api/orders/orders/${order.id}/claim`,
        {
          reason: '到货时约三分之一的脐橙磕碰发霉，不能吃',
          photoUrls: ['https://img.example.cn/claims/navel-1.jpg', 'https://img.example.cn/claims/navel-2.jpg'],
          remedy: 'partial_refund',
          amountFen: 6000,
        },
        buyer,
      ),
      201,
      'opening the claim',
    );
    const claimId = opened.body.id as string;
    expect(opened.body).toMatchObject({
      orderId: order.id,
      sellerOrgId: cooperative.orgId,
      countyCode: COUNTY,
      status: 'awaiting_seller',
      requestedRemedy: 'partial_refund',
      requestedAmountFen: 6000,
      respondBy: expect.any(String),
    });
    expectProblem(
      await post(
        world,
        `/api/orders/orders/${order.id}/claim`,
        { reason: '再提交一次试试', photoUrls: [], remedy: 'full_refund' },
        buyer,
      ),
      409,
      'claim-exists',
    );
    // only county staff decide, and only once the claim has escalated
    expectProblem(
      await post(
        world,
        `/api/orders/claims/${claimId}/decision`,
        { resolution: 'full_refund', note: '卖家自己判定' },
        cooperative,
      ),
      403,
      'not-county-staff',
    );
    expectProblem(
      await post(
        world,
        `/api/orders/claims/${claimId}/decision`,
        { resolution: 'partial_refund', amountFen: 4500, note: '尚未升级' },
        world.staff,
      ),
      409,
      'illegal-claim-transition',
    );

    // the cooperative disputes it: the claim goes to county staff
    const declined = expectStatus(
      await post(
        world,
        `/api/orders/claims/${claimId}/response`,
        { decision: 'decline', note: '发货时果子完好，是快递途中挤压造成的' },
        cooperative,
      ),
      200,
      'the seller declining',
    );
    expect(declined.body).toMatchObject({
      status: 'escalated',
      escalationReason: 'seller_declined',
      sellerNote: '发货时果子完好，是快递途中挤压造成的',
      escalatedAt: expect.any(String),
      respondBy: null,
    });
    const escalated = expectStatus(
      await get(world, `/api/orders/counties/${COUNTY}/claims?status=escalated`, world.staff),
      200,
      "the county's escalated claims",
    );
    expect(escalated.body.map((claim: { id: string }) => claim.id)).toEqual([claimId]);

    // county staff of another county see neither the claim nor the order, and cannot decide it
    const stranger = await countyStaffOf(world, OTHER_COUNTY);
    expectProblem(
      await post(
        world,
        `/api/orders/claims/${claimId}/decision`,
        { resolution: 'full_refund', note: '外县越权判定' },
        stranger,
      ),
      404,
      'claim-not-found',
    );
    expectProblem(await get(world, `/api/orders/claims/${claimId}`, stranger), 404, 'claim-not-found');
    expect((await get(world, `/api/orders/orders/${order.id}`, stranger)).status).toBe(404);
    const foreignList = await get(world, `/api/orders/counties/${COUNTY}/claims?status=escalated`, stranger);
    expect(foreignList.status).toBe(403);
    expect(foreignList.headers['content-type']).toMatch(/^application\/problem\+json/);

    // county staff of 信丰县 decide: a partial refund of 45 yuan
    const decided = expectStatus(
      await post(
        world,
        `/api/orders/claims/${claimId}/decision`,
        {
          resolution: 'partial_refund',
          amountFen: 4500,
          note: '照片显示部分果实受损，双方各担一部分，退款 45 元',
        },
        world.staff,
      ),
      200,
      'the decision',
    );
    expect(decided.body).toMatchObject({
      status: 'resolved',
      resolution: 'partial_refund',
      resolutionAmountFen: 4500,
      resolvedBy: 'county_staff',
      decisionNote: '照片显示部分果实受损，双方各担一部分，退款 45 元',
      refundId: expect.any(String),
    });
    expectProblem(
      await post(
        world,
        `/api/orders/claims/${claimId}/decision`,
        { resolution: 'full_refund', note: '再判一次' },
        world.staff,
      ),
      409,
      'illegal-claim-transition',
    );

    // the provider refunds 45 yuan of the payment; the order stays completed and shows the money and the claim
    const refunded = await waitFor(
      async () => {
        const seen = detail(await orderOf(world, buyer, order.id));
        return seen.refundedFen === 4500 && seen.refunds.every((refund) => refund.status === 'succeeded') && seen;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the claim refund to reach the payment' },
    );
    expect(refunded).toMatchObject({ status: 'completed', paidFen: 17_980, refundedFen: 4500 });
    expect(refunded.refunds).toEqual([
      expect.objectContaining({
        id: decided.body.refundId,
        orderId: order.id,
        amountFen: 4500,
        reason: 'claim',
        status: 'succeeded',
        claimId,
        providerRefundId: expect.any(String),
      }),
    ]);
    expect(refunded.history.map((entry) => entry.to)).toEqual([
      'placed',
      'awaiting_payment',
      'paid',
      'in_fulfilment',
      'out_for_delivery',
      'completed',
    ]);
    const claim = refunded.claim!;
    expect(claim.status).toBe('resolved');
    expect(claim.actions.map((action) => [action.action, action.actorKind, action.actorId])).toEqual([
      ['opened', 'buyer', buyer.userId],
      ['escalated', 'seller', cooperative.userId],
      ['resolved', 'county_staff', world.staff.userId],
    ]);
    const sellerView = expectStatus(
      await get(world, `/api/orders/claims/${claimId}`, cooperative),
      200,
      "the seller's view of the claim",
    );
    expect(sellerView.body).toMatchObject({
      status: 'resolved',
      resolutionAmountFen: 4500,
      refundId: decided.body.refundId,
    });

    // nothing went back to the shelf: a claim refunds money, the stock stays sold
    await expectStock(world, cooperative, navel.skuId, {
      received: 100,
      restocked: 0,
      available: 98,
      reserved: 0,
      sold: 2,
    });
  });
});

/** What the order detail shows beyond `OrderView`: the reasons in its history, its refunds and its claim. */
type OrderDetail = Omit<OrderView, 'history'> & {
  history: (OrderView['history'][number] & { reason: string | null })[];
  refunds: { id: string; amountFen: number; reason: string; status: string; claimId: string | null }[];
  claim: { status: string; actions: { action: string; actorKind: string; actorId: string | null }[] } | null;
};

/** The order detail as its API answers it (`OrderView` is the part the shared helpers rely on). */
const detail = (order: OrderView): OrderDetail => order as unknown as OrderDetail;
