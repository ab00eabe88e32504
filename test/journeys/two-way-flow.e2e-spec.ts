import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import request from 'supertest';
import { Actor } from '../support/actors';
import {
  addMember,
  buildNetwork,
  chinaToday,
  cityAddress,
  COUNTY,
  expectStatus,
  expectStock,
  get,
  journeyEnds,
  listProduct,
  NodeBody,
  orderOf,
  payGroup,
  person,
  phoneLast4,
  pickupCodeFromMessages,
  placeWhenKnown,
  planRuns,
  post,
  servicePoint,
  shipmentOf,
  signedCarrierWebhook,
  startWorld,
  verifiedOrganisation,
  verifiedSeller,
  waitForOrder,
  World,
} from './support';

jest.setTimeout(120_000);

/** 安西镇大塘村 (oranges) and 大塘埠镇坪石村 (sweet potatoes): two villages in two towns of 信丰县. */
const DATANG_VILLAGE = `${COUNTY}100201`;
const PINGSHI_VILLAGE = `${COUNTY}101203`;

describe('journeys through the gateway, every service real: produce up and goods down', () => {
  let world: World;
  let hub: NodeBody;
  let anxi: NodeBody;
  let datangzhen: NodeBody;
  let datangPoint: NodeBody;
  let pingshiPoint: NodeBody;
  /** The owner of 大塘村服务站 and an operator the owner appointed. */
  let datangOwner: Actor;
  let datangOperator: Actor;
  let pingshiOperator: Actor;

  beforeAll(async () => {
    world = await startWorld();

    // the service points register with identity and are verified by county staff
    datangOwner = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '信丰县安西镇大塘村便民服务站',
      ownerName: '张桂兰',
      villageCode: DATANG_VILLAGE,
    });
    datangOperator = await addMember(world, datangOwner, '钟小梅', MembershipRole.Operator);
    pingshiOperator = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '信丰县大塘埠镇坪石村益农信息社',
      ownerName: '刘德福',
      villageCode: PINGSHI_VILLAGE,
    });

    // county staff build the network: hub (6 digits), towns (9), village points (12) with their operators
    const network = await buildNetwork(world, [
      {
        code: DATANG_VILLAGE,
        name: '大塘村便民服务站',
        hostType: 'village_shop',
        latitude: 25.22,
        longitude: 114.97,
        operatorOrgId: datangOwner.orgId!,
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
    hub = network.hub;
    anxi = network.towns[`${COUNTY}100`];
    datangzhen = network.towns[`${COUNTY}101`];
    datangPoint = network.points[DATANG_VILLAGE];
    pingshiPoint = network.points[PINGSHI_VILLAGE];

    // the public node list is what a buyer picks a point from
    const nodes = expectStatus(await get(world, `/api/logistics/nodes?countyCode=${COUNTY}`), 200, 'the node list');
    expect(nodes.body.map((node: { code: string }) => node.code).sort()).toEqual(
      [COUNTY, anxi.code, datangzhen.code, DATANG_VILLAGE, PINGSHI_VILLAGE].sort(),
    );
  });

  afterEach(() => journeyEnds(world));

  afterAll(async () => {
    await world?.stop();
  });

  it('produce up from two cooperatives: one basket, two orders, stock reserved and sold, paid, handed in, run to the hub, carrier, delivered, completed, traced', async () => {
    // two cooperatives, verified by county staff; catalog learns of them by event
    const oranges = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县安西镇大塘村脐橙专业合作社',
      ownerName: '曾庆华',
      villageCode: DATANG_VILLAGE,
    });
    const potatoes = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县大塘埠镇坪石村红薯专业合作社',
      ownerName: '黄春生',
      villageCode: PINGSHI_VILLAGE,
    });

    const navel = await listProduct(world, oranges, {
      categoryId: 'citrus',
      title: '赣南脐橙 10斤装 大塘村果园现摘',
      description: '信丰安西镇大塘村果园，树上挂果到完熟才摘，果肉细嫩化渣，甜度 13 以上。',
      originVillageCode: DATANG_VILLAGE,
      certifications: ['geographical_indication'],
      weightToleranceGrams: 200,
      sku: { spec: '10斤装 果径80mm+', priceFen: 8990, weightGrams: 5000, volumeMl: 12_000, initialStock: 200 },
    });
    const sweetPotato = await listProduct(world, potatoes, {
      categoryId: 'root-vegetables',
      title: '坪石高山红薯 5斤装 沙地种植',
      description: '大塘埠镇坪石村山地沙土种植的红心红薯，蒸煮软糯香甜。',
      originVillageCode: PINGSHI_VILLAGE,
      weightToleranceGrams: 150,
      sku: { spec: '5斤装 中果', priceFen: 3990, weightGrams: 2500, volumeMl: 6000, initialStock: 120 },
    });
    await expectStock(world, oranges, navel.skuId, { received: 200, available: 200, reserved: 0, sold: 0 });
    await expectStock(world, potatoes, sweetPotato.skuId, { received: 120, available: 120, reserved: 0, sold: 0 });

    // each cooperative records this season's lot: a certificate number and a trace code printed on the boxes
    const lot = async (owner: Actor, listingId: string, grade: string, quantity: number) =>
      expectStatus(
        await post(
          world,
          `/api/catalog/listings/${listingId}/lots`,
          {
            harvestFrom: chinaToday(),
            quantity,
            unit: 'kg',
            grade,
            contactPhone: owner.phone,
            pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
            testResults: [{ item: '农药残留（速测）', result: '抑制率 12%，合格', passed: true }],
          },
          owner,
        ),
        201,
        'recording a lot',
      ).body as { traceCode: string; certificateNo: string };
    const orangeLot = await lot(oranges, navel.listingId, '特级', 1500);
    const potatoLot = await lot(potatoes, sweetPotato.listingId, '一级', 800);
    expect(orangeLot.certificateNo).toMatch(new RegExp(`^HGZ-${COUNTY}-\\d{8}-\\d+$`));

    // an urban buyer in Shenzhen puts both in one basket
    const buyer = await person(world, '陈晓');
    const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
      lines: [
        { skuId: navel.skuId, quantity: 2 },
        { skuId: sweetPotato.skuId, quantity: 3 },
      ],
      destination: cityAddress('陈晓', buyer.phone),
    });
    expect(group.orders).toHaveLength(2);
    expect(group.orders.map((order) => order.status)).toEqual(['placed', 'placed']);
    const orderOfSeller = (seller: Actor) => group.orders.find((order) => order.sellerOrgId === seller.orgId)!;
    const orangeOrder = orderOfSeller(oranges);
    const potatoOrder = orderOfSeller(potatoes);
    expect(orangeOrder.totalFen).toBe(2 * 8990);
    expect(potatoOrder.totalFen).toBe(3 * 3990);
    expect(group.totalFen).toBe(2 * 8990 + 3 * 3990);

    // catalog really reserves (order.placed → stock.reserved) and both orders await payment
    for (const order of [orangeOrder, potatoOrder]) {
      const waiting = await waitForOrder(world, buyer, order.id, 'awaiting_payment');
      expect(waiting.paymentDueAt).toEqual(expect.any(String));
    }
    await expectStock(world, oranges, navel.skuId, { available: 198, reserved: 2, sold: 0 });
    await expectStock(world, potatoes, sweetPotato.skuId, { available: 117, reserved: 3, sold: 0 });
    const seen = expectStatus(await get(world, `/api/orders/order-groups/${group.id}`, buyer), 200, 'the group');
    expect(seen.body.orders.map((order: { status: string }) => order.status)).toEqual([
      'awaiting_payment',
      'awaiting_payment',
    ]);

    // the buyer pays once for both; the provider's signed webhook goes through the gateway
    const { payment, answer } = await payGroup(world, buyer, group.id);
    expect(payment.amountFen).toBe(group.totalFen);
    expect(payment.orderIds.sort()).toEqual([orangeOrder.id, potatoOrder.id].sort());
    expect(answer.body).toMatchObject({ outcome: 'applied', duplicate: false, refundedOrderIds: [] });
    expect(answer.body.appliedOrderIds.sort()).toEqual([orangeOrder.id, potatoOrder.id].sort());
    for (const order of [orangeOrder, potatoOrder]) {
      const paid = await waitForOrder(world, buyer, order.id, 'paid', 'in_fulfilment');
      expect(paid.paidFen).toBe(order.totalFen);
      expect(paid.history.map((entry) => entry.to)).toEqual(
        expect.arrayContaining(['placed', 'awaiting_payment', 'paid']),
      );
    }

    // catalog turns the reservations into sales: the ledger holds
    await expectStock(world, oranges, navel.skuId, { received: 200, available: 198, reserved: 0, sold: 2 });
    await expectStock(world, potatoes, sweetPotato.skuId, { received: 120, available: 117, reserved: 0, sold: 3 });
    // and search ranks by what sold
    const bestSelling = await waitFor(
      async () => {
        const response = await get(world, '/api/catalog/search').query({ countyCode: COUNTY, sort: 'sales' });
        const items = response.body.items as { id: string; salesCount: number }[];
        return items.length === 2 && items.every((item) => item.salesCount > 0) && items;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'search to count the sales' },
    );
    expect(bestSelling.map((item) => [item.id, item.salesCount])).toEqual([
      [sweetPotato.listingId, 3],
      [navel.listingId, 2],
    ]);

    // logistics creates one shipment per order: village point → town → hub, then the carrier to the city
    const orangeShipment = await shipmentOf(world, orangeOrder.id, buyer);
    const potatoShipment = await shipmentOf(world, potatoOrder.id, buyer);
    expect(orangeShipment.id).not.toBe(potatoShipment.id);
    expect(orangeShipment).toMatchObject({ status: 'awaiting_handover', routingProblem: null });
    expect(orangeShipment.path.map((node) => node.code)).toEqual([DATANG_VILLAGE, anxi.code, COUNTY]);
    expect(potatoShipment.path.map((node) => node.code)).toEqual([PINGSHI_VILLAGE, datangzhen.code, COUNTY]);
    expect(orangeShipment.legs.map((leg) => leg.mode)).toEqual(['run', 'run', 'carrier']);
    const countyView = expectStatus(
      await get(world, `/api/logistics/shipments?countyCode=${COUNTY}`, world.staff),
      200,
      "the county's shipments",
    );
    expect(
      countyView.body.filter((shipment: { orderId: string }) =>
        [orangeOrder.id, potatoOrder.id].includes(shipment.orderId),
      ),
    ).toHaveLength(2);
    for (const order of [orangeOrder, potatoOrder]) {
      const inFulfilment = await waitForOrder(world, buyer, order.id, 'in_fulfilment');
      expect(inFulfilment.shipment.shipmentId).toBe(order === orangeOrder ? orangeShipment.id : potatoShipment.id);
    }

    // first kilometre: each cooperative hands its parcel in at its village point; the scale is within tolerance
    const handedIn = expectStatus(
      await post(
        world,
        `/api/logistics/points/${datangPoint.id}/hand-ins`,
        { parcelCode: orangeShipment.parcelCode, weighedGrams: 10_150, traceCodes: [orangeLot.traceCode] },
        datangOperator,
      ),
      201,
      'handing the oranges in',
    );
    expect(handedIn.body).toMatchObject({ status: 'at_node', differenceGrams: 150 });
    expectStatus(
      await post(
        world,
        `/api/logistics/points/${pingshiPoint.id}/hand-ins`,
        { shipmentId: potatoShipment.id, weighedGrams: 7_420, traceCodes: [potatoLot.traceCode] },
        pingshiOperator,
      ),
      201,
      'handing the sweet potatoes in',
    );

    // the day's runs collect both at their points and bring them to the hub
    const runs = await planRuns(world, [orangeShipment.id, potatoShipment.id]);
    for (const run of runs) {
      expectStatus(await post(world, `/api/logistics/runs/${run.id}/dispatch`, {}, world.staff), 200, 'dispatching');
      for (const stop of run.stops.filter((candidate) => candidate.collect.length > 0)) {
        const operator = stop.nodeId === datangPoint.id ? datangOperator : pingshiOperator;
        const collected = expectStatus(
          await post(world, `/api/logistics/runs/${run.id}/stops/${stop.nodeId}/collect`, {}, operator),
          200,
          `collecting at ${stop.nodeCode}`,
        );
        expect(collected.body.scanned.length).toBe(stop.collect.length);
      }
      const back = expectStatus(
        await post(world, `/api/logistics/runs/${run.id}/complete`, {}, world.staff),
        200,
        'completing the run',
      );
      expect(back.body.run.status).toBe('completed');
    }
    // the first departure tells orders the parcel is on its way
    for (const order of [orangeOrder, potatoOrder]) {
      await waitForOrder(world, buyer, order.id, 'out_for_delivery');
    }

    // at the hub each parcel goes to the express carrier for the city leg; its signed webhook confirms delivery
    for (const [order, shipment] of [
      [orangeOrder, orangeShipment],
      [potatoOrder, potatoShipment],
    ] as const) {
      const atHub = await shipmentOf(world, order.id, buyer);
      expect(atHub).toMatchObject({ status: 'at_node', custody: { kind: 'node', node: { code: COUNTY } } });
      const handover = expectStatus(
        await post(world, `/api/logistics/shipments/${shipment.id}/carrier-handover`, { nodeId: hub.id }, world.staff),
        201,
        'the carrier hand-over',
      );
      const waybillNo = handover.body.waybillNo as string;
      expect(waybillNo).toEqual(expect.any(String));
      const body = { waybillNo, status: 'delivered', occurredAt: new Date().toISOString(), signedBy: '陈晓本人签收' };
      const unsigned = await request(world.api).post('/api/logistics/carrier/webhook').send(body);
      expect(unsigned.status).toBe(401);
      const delivered = await request(world.api)
        .post('/api/logistics/carrier/webhook')
        .set(signedCarrierWebhook(body))
        .send(body);
      expectStatus(delivered, 200, 'the carrier webhook');
      expect(delivered.body).toEqual({ outcome: 'delivered', shipmentId: shipment.id });
    }

    // shipment.delivered → the orders are completed, with the carrier's receipt
    for (const order of [orangeOrder, potatoOrder]) {
      const completed = await waitForOrder(world, buyer, order.id, 'completed');
      expect(completed.shipment.receipt).toMatchObject({ method: 'carrier' });
      const done = await shipmentOf(world, order.id, buyer);
      expect(done).toMatchObject({ status: 'delivered', custody: { kind: 'recipient' } });
      expect(done.legs.every((leg) => leg.status === 'done')).toBe(true);
    }
    const sellerView = expectStatus(
      await get(world, `/api/orders/sellers/${oranges.orgId}/orders`, oranges),
      200,
      "the cooperative's orders",
    );
    expect(sellerView.body).toEqual([expect.objectContaining({ id: orangeOrder.id, status: 'completed' })]);

    // the public trace page of the orange lot: certificate, producer and the path its parcel took
    const trace = await waitFor(
      async () => {
        const response = await get(world, `/api/catalog/trace/${orangeLot.traceCode}`);
        expectStatus(response, 200, 'the trace page');
        const scans = (response.body.journeys as { scans: { kind: string }[] }[]).flatMap((journey) => journey.scans);
        return scans.some((scan) => scan.kind === 'handed_to_carrier') && response.body;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the trace page to show the path to the carrier' },
    );
    expect(trace).toMatchObject({
      traceCode: orangeLot.traceCode,
      certificateNo: orangeLot.certificateNo,
      originVillageCode: DATANG_VILLAGE,
      producer: { orgId: oranges.orgId, name: '信丰县安西镇大塘村脐橙专业合作社', status: 'verified' },
      listing: { id: navel.listingId, direction: 'up', purchasable: true },
      county: { code: COUNTY },
    });
    expect(trace.journeys).toHaveLength(1);
    expect(trace.journeys[0].shipmentId).toBe(orangeShipment.id);
    const path = trace.journeys[0].scans.map((scan: { kind: string; nodeCode: string }) => [scan.kind, scan.nodeCode]);
    expect(path.slice(0, 3)).toEqual([
      ['handed_in', DATANG_VILLAGE],
      ['departed', DATANG_VILLAGE],
      ['arrived', COUNTY],
    ]);
    expect(path).toContainEqual(['handed_to_carrier', COUNTY]);

    // a completed order may be reviewed by its buyer
    expectStatus(
      await post(
        world,
        `/api/orders/orders/${orangeOrder.id}/review`,
        { rating: 5, comment: '橙子很甜，包装结实' },
        buyer,
      ),
      201,
      'the review',
    );
    expect((await orderOf(world, buyer, orangeOrder.id)).review).toMatchObject({ rating: 5 });
    // review.posted reaches the catalog: the cooperative's public rating
    const rated = await waitFor(
      async () => {
        const response = await get(world, `/api/catalog/sellers/${oranges.orgId}`);
        return response.body.rating?.count === 1 && response.body;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: "the catalog to show the cooperative's rating" },
    );
    expect(rated.rating).toEqual({ average: 5, count: 1 });
  });

  it('goods down: a villager orders fertiliser to the village point, pays, the parcel comes down from the hub, is shelved and collected with the pickup code', async () => {
    const merchant = await verifiedSeller(world, {
      kind: OrganisationKind.Merchant,
      name: '信丰县嘉禾农资经营部',
      ownerName: '赖国平',
    });
    const fertiliser = await listProduct(world, merchant, {
      categoryId: 'fertiliser',
      title: '史丹利 复合肥 硫酸钾型 15-15-15',
      description: '脐橙、蔬菜通用复合肥，县城仓库直发到村服务站。',
      sku: { spec: '25kg 袋', priceFen: 13_500, weightGrams: 25_000, volumeMl: 30_000, initialStock: 50 },
    });
    const listed = expectStatus(await get(world, `/api/catalog/listings/${fertiliser.listingId}`), 200, 'the listing');
    expect(listed.body.direction).toBe('down');

    // the villager orders to the village service point, agreeing to have the parcel left there
    const villager = await person(world, '王秀英');
    const group = await placeWhenKnown(world, villager, '/api/orders/checkout', {
      lines: [{ skuId: fertiliser.skuId, quantity: 2 }],
      destination: servicePoint(datangOwner.orgId!, '王秀英', villager.phone),
    });
    expect(group.orders).toHaveLength(1);
    const [order] = group.orders;
    expect(order.totalFen).toBe(27_000);
    await waitForOrder(world, villager, order.id, 'awaiting_payment');
    await expectStock(world, merchant, fertiliser.skuId, { available: 48, reserved: 2, sold: 0 });
    const withConsent = await orderOf(world, villager, order.id);
    expect(withConsent.stationConsent).toMatchObject({ servicePointOrgId: datangOwner.orgId, recipientName: '王秀英' });

    // this time the villager pays at the simulated provider's cashier (payUrl, a gateway path), which sends the
    // signed webhook
    const payment = expectStatus(
      await post(world, `/api/orders/order-groups/${group.id}/payments`, {}, villager),
      201,
      'creating the payment',
    ).body as { payUrl: string; amountFen: number };
    expect(payment.amountFen).toBe(27_000);
    const cashier = expectStatus(await post(world, payment.payUrl, {}), 200, 'paying at the cashier');
    expect(cashier.body).toMatchObject({ status: 200, body: { outcome: 'applied', appliedOrderIds: [order.id] } });
    await waitForOrder(world, villager, order.id, 'paid', 'in_fulfilment');
    await expectStock(world, merchant, fertiliser.skuId, { received: 50, available: 48, reserved: 0, sold: 2 });

    // the shipment: hub → town → the villager's point, then the pickup; the consent travels with it
    const shipment = await shipmentOf(world, order.id, villager);
    expect(shipment.path.map((node) => node.code)).toEqual([COUNTY, anxi.code, DATANG_VILLAGE]);
    expect(shipment.legs.map((leg) => leg.mode)).toEqual(['run', 'run', 'pickup']);
    expect(shipment.consents.map((consent) => consent.kind)).toContain('station_delivery');
    await waitForOrder(world, villager, order.id, 'in_fulfilment');

    // the merchant delivers to the hub; the day's run drops it at the village point
    expectStatus(
      await post(
        world,
        `/api/logistics/shipments/${shipment.id}/scans`,
        { kind: 'arrived', nodeId: hub.id },
        world.staff,
      ),
      201,
      'arrival at the hub',
    );
    const [run] = await planRuns(world, [shipment.id]);
    const dispatched = expectStatus(
      await post(world, `/api/logistics/runs/${run.id}/dispatch`, {}, world.staff),
      200,
      'dispatching the run',
    );
    expect(dispatched.body.scanned).toContain(shipment.parcelCode);
    await waitFor(async () => (await orderOf(world, villager, order.id)).shipment.dispatchedAt !== null, {
      timeoutMs: 30_000,
      what: 'orders to learn the parcel was dispatched',
    });

    // the operator scans it in at the point: a shelf, a pickup code, a message to the villager
    const arrival = expectStatus(
      await post(
        world,
        `/api/logistics/points/${datangPoint.id}/arrivals`,
        { parcelCode: shipment.parcelCode },
        datangOperator,
      ),
      201,
      'the arrival at the point',
    );
    expect(arrival.body.status).toBe('ready_for_pickup');
    expectStatus(
      await post(world, `/api/logistics/runs/${run.id}/complete`, {}, world.staff),
      200,
      'completing the run',
    );
    const ready = await waitForOrder(world, villager, order.id, 'ready_for_pickup');
    expect(ready.shipment).toMatchObject({ collectBy: expect.any(String) });

    const code = await pickupCodeFromMessages(world, villager, shipment.id, villager.phone);
    expect(code).toBe(arrival.body.pickupCode);

    // the villager comes to the point: the code and the last four digits of the phone
    const wrong = await post(
      world,
      `/api/logistics/points/${datangPoint.id}/collections`,
      { code, phoneLast4: phoneLast4(villager.phone) === '0000' ? '1111' : '0000' },
      datangOperator,
    );
    expect(wrong.status).toBe(422);
    const collected = expectStatus(
      await post(
        world,
        `/api/logistics/points/${datangPoint.id}/collections`,
        { code, phoneLast4: phoneLast4(villager.phone) },
        datangOperator,
      ),
      200,
      'the collection',
    );
    expect(collected.body).toMatchObject({ method: 'pickup_code', collectedBy: 'recipient' });

    const done = await shipmentOf(world, order.id, villager);
    expect(done).toMatchObject({ status: 'delivered', custody: { kind: 'recipient' } });
    const completed = await waitForOrder(world, villager, order.id, 'completed');
    expect(completed.shipment.receipt).toMatchObject({ method: 'pickup_code', collectedBy: 'recipient' });
    const pointView = expectStatus(
      await get(world, `/api/orders/service-points/${datangOwner.orgId}/orders`, datangOperator),
      200,
      "the point's orders",
    );
    expect(pointView.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: order.id, status: 'completed' })]),
    );
    await expectStock(world, merchant, fertiliser.skuId, { received: 50, available: 48, reserved: 0, sold: 2 });
  });

  it('a paid order cancelled before dispatch: refunded by the provider, restocked by the catalog, its shipment cancelled', async () => {
    const farm = await verifiedSeller(world, {
      kind: OrganisationKind.FamilyFarm,
      name: '信丰县安西镇大塘村钟氏家庭农场',
      ownerName: '钟远山',
      villageCode: DATANG_VILLAGE,
    });
    const honey = await listProduct(world, farm, {
      categoryId: 'honey',
      title: '大塘村土蜂蜜 百花蜜 500g',
      description: '山里中华蜂一年一取的百花蜜，自然成熟。',
      originVillageCode: DATANG_VILLAGE,
      sku: { spec: '500g 玻璃瓶', priceFen: 6800, weightGrams: 800, volumeMl: 900, initialStock: 40 },
    });
    const buyer = await person(world, '周雨桐');
    const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
      lines: [{ skuId: honey.skuId, quantity: 4 }],
      destination: cityAddress('周雨桐', buyer.phone),
    });
    const [order] = group.orders;
    await waitForOrder(world, buyer, order.id, 'awaiting_payment');
    await payGroup(world, buyer, group.id);
    await waitForOrder(world, buyer, order.id, 'in_fulfilment');
    await expectStock(world, farm, honey.skuId, { available: 36, reserved: 0, sold: 4 });
    const shipment = await shipmentOf(world, order.id, buyer);
    expect(shipment.status).toBe('awaiting_handover');

    const cancelled = expectStatus(
      await post(world, `/api/orders/orders/${order.id}/cancel`, { reason: '地址填错了，重新下单' }, buyer),
      200,
      'the cancellation',
    );
    expect(cancelled.body.status).toBe('cancelled');

    // orders refunds through the provider, catalog restocks the sold units, logistics cancels the shipment
    const refunded = await waitFor(
      async () => {
        const seen = await orderOf(world, buyer, order.id);
        return seen.refundedFen === order.totalFen && seen;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the refund of the cancelled order' },
    );
    expect(refunded.refunds).toEqual([expect.objectContaining({ amountFen: order.totalFen, status: 'succeeded' })]);
    await expectStock(world, farm, honey.skuId, { received: 40, restocked: 4, available: 40, reserved: 0, sold: 4 });
    await waitFor(async () => (await shipmentOf(world, order.id, buyer)).status === 'cancelled', {
      timeoutMs: 30_000,
      what: 'logistics to cancel the shipment',
    });
    const handIn = await post(
      world,
      `/api/logistics/points/${datangPoint.id}/hand-ins`,
      { shipmentId: shipment.id, weighedGrams: 3200, traceCodes: ['NOLOT-0001'] },
      datangOperator,
    );
    expect(handIn.status).toBe(409);
  });
});
