import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { Page } from 'playwright-core';
import request from 'supertest';
import {
  addMember,
  buildNetwork,
  cityAddress,
  COUNTY,
  expectStatus,
  get,
  listProduct,
  Network,
  payGroup,
  person,
  placeWhenKnown,
  post,
  servicePoint,
  shipmentOf,
  ShipmentView,
  verifiedOrganisation,
  verifiedSeller,
  waitForOrder,
  World,
} from '../journeys/support';
import { Actor } from '../support/actors';

/** 安西镇元和村 (the villager's point) and 安西镇坪石村 (the cooperative's village and its point). */
export const YUANHE = `${COUNTY}100203`;
export const PINGSHI = `${COUNTY}100201`;

export interface MiddleMile {
  network: Network;
  hubOperator: Actor;
  driver: Actor;
  yuanheOperator: Actor;
  pingshiOperator: Actor;
  villager: Actor;
  cityBuyer: Actor;
  /** (a) the cooperative's oranges to a city address, paid online: waiting for the hand-in at 坪石村. */
  produce: ShipmentView;
  produceOrderId: string;
  produceTraceCode: string;
  /** (b) the merchant's fertiliser to 元和村, cash on collection: waiting for the merchant's hand-in at the hub. */
  goods: ShipmentView;
  goodsOrderId: string;
}

const pointOrganisation = async (world: World, name: string, ownerName: string, villageCode: string) =>
  verifiedOrganisation(world, { kind: OrganisationKind.ServicePoint, name, ownerName, villageCode });

/**
 * Everything before the people of the middle mile start their day, through the gateway as the other browser tests
 * set up: the county network with its hub run by the hub's own organisation (温冬平) and its driver (刘师傅) on the
 * van, two village points with their operators, a cooperative of 坪石村 with oranges and a lot, a merchant with
 * fertiliser, a city buyer's order of oranges (paid online) and a villager's order of fertiliser (cash on
 * collection at 元和村).
 */
export async function middleMileDay(world: World): Promise<MiddleMile> {
  const [hubOwner, yuanhe, pingshi] = await Promise.all([
    pointOrganisation(world, '信丰县电商物流配送中心运营部', '温冬平', `${COUNTY}100203`),
    pointOrganisation(world, '信丰县安西镇元和村供销便民服务站', '邱国强', YUANHE),
    pointOrganisation(world, '信丰县安西镇坪石村益农信息社', '黄春梅', PINGSHI),
  ]);
  const network = await buildNetwork(world, [
    {
      code: YUANHE,
      name: '元和村供销便民服务站',
      hostType: 'supply_coop',
      latitude: 25.2,
      longitude: 114.99,
      operatorOrgId: yuanhe.orgId!,
    },
    {
      code: PINGSHI,
      name: '坪石村益农信息社',
      hostType: 'yinong_agency',
      latitude: 25.23,
      longitude: 114.97,
      operatorOrgId: pingshi.orgId!,
    },
  ]);
  // the hub is run by its own organisation, whose driver drives the county's van
  const patched = await request(world.api)
    .patch(`/api/logistics/nodes/${network.hub.id}`)
    .set('authorization', `Bearer ${world.staff.token}`)
    .send({ operatorOrgId: hubOwner.orgId });
  expectStatus(patched, 200, 'handing the hub to its organisation');
  const driver = await addMember(world, hubOwner, '刘师傅', 'driver' as MembershipRole);
  const vehicles = expectStatus(
    await get(world, `/api/logistics/vehicles?countyCode=${COUNTY}`, world.staff),
    200,
    'vans',
  );
  const [van] = vehicles.body as { id: string }[];
  const assigned = await request(world.api)
    .put(`/api/logistics/vehicles/${van.id}/driver`)
    .set('authorization', `Bearer ${world.staff.token}`)
    .send({ driverUserId: driver.userId });
  expectStatus(assigned, 200, 'assigning the driver to the van');

  const [cooperative, merchant, villager, cityBuyer] = await Promise.all([
    verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县坪石脐橙专业合作社',
      ownerName: '黄德明',
      villageCode: PINGSHI,
    }),
    verifiedSeller(world, { kind: OrganisationKind.Merchant, name: '信丰县丰收农资连锁店', ownerName: '温建华' }),
    person(world, '王秀英'),
    person(world, '李想'),
  ]);
  const [oranges, fertiliser] = await Promise.all([
    listProduct(world, cooperative, {
      categoryId: 'citrus',
      title: '赣南脐橙 5斤装 产地直发',
      description: '坪石村果园现摘。',
      originVillageCode: PINGSHI,
      weightToleranceGrams: 200,
      sku: { spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 50 },
    }),
    listProduct(world, merchant, {
      categoryId: 'fertiliser',
      title: '史丹利 复合肥 15-15-15',
      description: '县城仓库直发到村服务站。',
      sku: { spec: '25kg 袋', priceFen: 13_500, weightGrams: 25_000, volumeMl: 30_000, initialStock: 50 },
    }),
  ]);
  const lot = expectStatus(
    await post(
      world,
      `/api/catalog/listings/${oranges.listingId}/lots`,
      {
        harvestFrom: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
        quantity: 500,
        unit: 'kg',
        grade: '特级',
        contactPhone: cooperative.phone,
        pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
        testResults: [{ item: '农药残留（速测）', result: '合格', passed: true }],
      },
      cooperative,
    ),
    201,
    'recording a lot',
  );

  const produceGroup = await placeWhenKnown(world, cityBuyer, '/api/orders/checkout', {
    lines: [{ skuId: oranges.skuId, quantity: 1 }],
    destination: cityAddress('李想', cityBuyer.phone),
  });
  const goodsGroup = await placeWhenKnown(world, villager, '/api/orders/checkout', {
    lines: [{ skuId: fertiliser.skuId, quantity: 1 }],
    destination: servicePoint(yuanhe.orgId!, '王秀英', villager.phone),
    paymentMethod: 'cash_on_collection',
  });
  const [produceOrder] = produceGroup.orders;
  const [goodsOrder] = goodsGroup.orders;
  await waitForOrder(world, cityBuyer, produceOrder.id, 'awaiting_payment');
  await payGroup(world, cityBuyer, produceGroup.id);
  const [produce, goods, yuanheOperator, pingshiOperator] = await Promise.all([
    shipmentOf(world, produceOrder.id, cityBuyer),
    shipmentOf(world, goodsOrder.id, villager),
    addMember(world, yuanhe, '邱小燕', MembershipRole.Operator),
    addMember(world, pingshi, '黄小梅', MembershipRole.Operator),
  ]);
  return {
    network,
    hubOperator: hubOwner,
    driver,
    yuanheOperator,
    pingshiOperator,
    villager,
    cityBuyer,
    produce,
    produceOrderId: produceOrder.id,
    produceTraceCode: lot.body.traceCode as string,
    goods,
    goodsOrderId: goodsOrder.id,
  };
}

/** Types a code into the page's scan field as a hand scanner does (the keys, then Enter). */
export async function scanCode(page: Page, code: string): Promise<void> {
  const field = page.locator('#parcel-code-field');
  await field.click();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/** Waits until the device's queue shows the scan of `code` in `state` (sent, waiting, refused). */
export async function scanState(page: Page, code: string, state: 'sent' | 'waiting' | 'refused'): Promise<void> {
  await page
    .locator(`[data-testid="queued-scan"][data-label="${code}"][data-state="${state}"]`)
    .first()
    .waitFor({ timeout: 20_000 });
}
