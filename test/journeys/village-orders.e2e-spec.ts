import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniquePhone } from '@countyflow/testing';
import { Actor } from '../support/actors';
import {
  addMember,
  buildNetwork,
  cityAddress,
  COUNTY,
  expectStatus,
  expectStock,
  get,
  journeyEnds,
  listProduct,
  Network,
  orderOf,
  person,
  phoneLast4,
  pickupCodeFromMessages,
  placeWhenKnown,
  post,
  PublishedListing,
  shipmentOf,
  startWorld,
  verifiedOrganisation,
  verifiedSeller,
  waitForOrder,
  World,
} from './support';

jest.setTimeout(120_000);

const YUANHE_VILLAGE = `${COUNTY}100203`;
/** Short, so that the expiry journey does not wait long; cash orders never await payment. */
const PAYMENT_TIMEOUT_SECONDS = 3;

describe('journeys through the gateway, every service real: assisted cash orders and unpaid orders', () => {
  let world: World;
  let network: Network;
  let pointOwner: Actor;
  let operator: Actor;
  let merchant: Actor;
  let fertiliser: PublishedListing;

  beforeAll(async () => {
    world = await startWorld({
      ORDER_PAYMENT_TIMEOUT_SECONDS: String(PAYMENT_TIMEOUT_SECONDS),
      // the expiry round every half second (5 s by default), so that the order is cancelled soon after it is due
      ORDER_EXPIRY_SWEEP_INTERVAL_MS: '500',
    });
    pointOwner = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '信丰县安西镇元和村供销便民服务站',
      ownerName: '邱国强',
      villageCode: YUANHE_VILLAGE,
    });
    operator = await addMember(world, pointOwner, '邱小燕', MembershipRole.Operator);
    network = await buildNetwork(world, [
      {
        code: YUANHE_VILLAGE,
        name: '元和村供销便民服务站',
        hostType: 'supply_coop',
        latitude: 25.2,
        longitude: 114.99,
        operatorOrgId: pointOwner.orgId!,
      },
    ]);
    merchant = await verifiedSeller(world, {
      kind: OrganisationKind.Merchant,
      name: '信丰县丰收农资连锁店',
      ownerName: '温建华',
    });
    fertiliser = await listProduct(world, merchant, {
      categoryId: 'fertiliser',
      title: '心连心 尿素 含氮46% 农用化肥',
      description: '县城仓库现货，送到村服务站自提。',
      sku: { spec: '40kg 袋', priceFen: 12_800, weightGrams: 40_000, volumeMl: 45_000, initialStock: 30 },
    });
  });

  afterEach(() => journeyEnds(world));

  afterAll(async () => {
    await world?.stop();
  });

  it('an operator orders urea for a villager, paid in cash at collection: reserved, settled for fulfilment, down to the point, cash confirmed, collected, completed, commission earned', async () => {
    const villager = { name: '邱桂英', phone: uniquePhone() };
    const group = await placeWhenKnown(world, operator, '/api/orders/assisted-orders', {
      servicePointOrgId: pointOwner.orgId,
      villager,
      lines: [{ skuId: fertiliser.skuId, quantity: 2 }],
      paymentMethod: 'cash_on_collection',
    });
    expect(group).toMatchObject({ paymentMethod: 'cash_on_collection', assistedByOrgId: pointOwner.orgId });
    const [placed] = group.orders;
    expect(placed.totalFen).toBe(25_600);

    // catalog reserves; a cash order goes straight on to paid (order.paid, cash on collection) and to logistics
    const settled = await waitForOrder(world, operator, placed.id, 'paid', 'in_fulfilment');
    expect(settled).toMatchObject({ paymentMethod: 'cash_on_collection', paidFen: 0, cashReceivedAt: null });
    expect(settled.paymentDueAt).toBeNull();
    expect(settled.history.map((entry) => entry.to).slice(0, 3)).toEqual(['placed', 'awaiting_payment', 'paid']);
    await expectStock(world, merchant, fertiliser.skuId, { received: 30, available: 28, reserved: 0, sold: 2 });
    const online = await post(world, `/api/orders/order-groups/${group.id}/payments`, {}, operator);
    expect(online.status).toBe(409);
    expect(online.body.type).toBe('/problems/cash-on-collection');
    const early = await post(world, `/api/orders/orders/${placed.id}/cash-received`, { amountFen: 25_600 }, operator);
    expect(early.status).toBe(409);

    const shipment = await shipmentOf(world, placed.id, operator);
    expect(shipment.path.map((node) => node.code)).toEqual([COUNTY, `${COUNTY}100`, YUANHE_VILLAGE]);
    await waitForOrder(world, operator, placed.id, 'in_fulfilment');

    // scanned from the hub onto the van, and in at the point by its operator
    const { hub } = network;
    const vehicles = expectStatus(
      await get(world, `/api/logistics/vehicles?countyCode=${COUNTY}`, world.staff),
      200,
      'vehicles',
    );
    const [van] = vehicles.body as { id: string }[];
    for (const scan of [
      { kind: 'arrived', nodeId: hub.id },
      { kind: 'departed', nodeId: hub.id, vehicleId: van.id },
    ]) {
      expectStatus(
        await post(world, `/api/logistics/shipments/${shipment.id}/scans`, scan, world.staff),
        201,
        scan.kind,
      );
    }
    const point = network.points[YUANHE_VILLAGE];
    const arrival = expectStatus(
      await post(world, `/api/logistics/points/${point.id}/arrivals`, { shipmentId: shipment.id }, operator),
      201,
      'the arrival at the point',
    );
    await waitForOrder(world, operator, placed.id, 'ready_for_pickup');
    const code = await pickupCodeFromMessages(world, operator, shipment.id, villager.phone);
    expect(code).toBe(arrival.body.pickupCode);

    // the villager pays the operator in cash and collects
    const short = await post(world, `/api/orders/orders/${placed.id}/cash-received`, { amountFen: 25_000 }, operator);
    expect(short.status).toBe(422);
    const cash = expectStatus(
      await post(world, `/api/orders/orders/${placed.id}/cash-received`, { amountFen: 25_600 }, operator),
      200,
      'confirming the cash',
    );
    expect(cash.body.cashReceivedAt).toEqual(expect.any(String));
    expect(cash.body.payments).toEqual(
      expect.arrayContaining([expect.objectContaining({ amountFen: 25_600, outcome: 'cash_received' })]),
    );
    const twice = await post(world, `/api/orders/orders/${placed.id}/cash-received`, { amountFen: 25_600 }, operator);
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('/problems/cash-already-received');

    const collected = expectStatus(
      await post(
        world,
        `/api/logistics/points/${point.id}/collections`,
        { code, phoneLast4: phoneLast4(villager.phone) },
        operator,
      ),
      200,
      'the collection',
    );
    expect(collected.body).toMatchObject({ method: 'pickup_code', collectedBy: 'recipient' });
    const completed = await waitForOrder(world, operator, placed.id, 'completed');
    expect(completed.cashReceivedAt).toEqual(expect.any(String));
    expect((await shipmentOf(world, placed.id, operator)).status).toBe('delivered');

    // the point's commission on the order: 3 % by default, earned now the order is complete
    const commissions = expectStatus(
      await get(world, `/api/orders/service-points/${pointOwner.orgId}/commissions`, pointOwner),
      200,
      'the commissions',
    );
    expect(commissions.body).toMatchObject({ earnedFen: 768, pendingFen: 0 });
    expect(commissions.body.items).toEqual([
      expect.objectContaining({ orderId: placed.id, status: 'earned', baseFen: 25_600, amountFen: 768 }),
    ]);
  });

  it('an unpaid order expires and the catalog releases its stock', async () => {
    const buyer = await person(world, '林婉清');
    const before = await expectStock(world, merchant, fertiliser.skuId, { reserved: 0 });
    const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
      lines: [{ skuId: fertiliser.skuId, quantity: 3 }],
      destination: cityAddress('林婉清', buyer.phone),
    });
    const [order] = group.orders;

    // the stock is held for the order while it awaits payment …
    await waitForOrder(world, buyer, order.id, 'awaiting_payment', 'cancelled');
    // … and once the payment window has passed, the order is cancelled (system) and the stock released
    const expired = await waitForOrder(world, buyer, order.id, 'cancelled');
    const cancellation = expired.history.find((entry) => entry.to === 'cancelled');
    expect(cancellation).toMatchObject({ from: 'awaiting_payment', actorKind: 'system' });
    const after = await expectStock(world, merchant, fertiliser.skuId, {
      available: before.available,
      reserved: 0,
      sold: before.sold,
    });
    const movements = after.movements.filter((movement) => movement.orderId === order.id);
    expect(movements.map((movement) => [movement.kind, movement.quantity]).sort()).toEqual([
      ['released', 3],
      ['reserved', 3],
    ]);

    // nothing is left to pay
    const late = await post(world, `/api/orders/order-groups/${group.id}/payments`, {}, buyer);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('/problems/nothing-to-pay');
    expect((await orderOf(world, buyer, order.id)).status).toBe('cancelled');
  });
});
