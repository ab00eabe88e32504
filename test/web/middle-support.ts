import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { Page } from 'playwright-core';
import request from 'supertest';
import {
  addMember,
  buildNetwork,
  COUNTY,
  expectStatus,
  get,
  listProduct,
  Network,
  person,
  post,
  PublishedListing,
  verifiedOrganisation,
  verifiedSeller,
  World,
} from '../journeys/support';
import { Actor } from '../support/actors';
import { BrowserSession, loginThroughUi, openBrowser, SHENZHEN_ADDRESS, WebWorld } from './support';

/** 安西镇元和村 (the villager's point) and 安西镇坪石村 (the cooperative's village and its point). */
export const YUANHE = `${COUNTY}100203`;
export const PINGSHI = `${COUNTY}100201`;

/** 安西镇 (the town of both villages): its station. */
export const ANXI = `${COUNTY}100`;

/**
 * The county before anyone's day starts — the world no person makes by hand in these journeys: the network with its
 * hub run by the hub's own organisation and its driver on the van, the town station of 安西镇 with its operator, two
 * village points with their operators, a cooperative of 坪石村 with oranges and a lot, a merchant with fertiliser,
 * and the accounts of a city buyer and a villager. No orders: the people place and move them in the browser.
 */
export interface MiddleMileWorld {
  network: Network;
  hubOperator: Actor;
  stationOperator: Actor;
  driver: Actor;
  yuanheOperator: Actor;
  pingshiOperator: Actor;
  cooperative: Actor;
  merchant: Actor;
  villager: Actor;
  cityBuyer: Actor;
  oranges: PublishedListing;
  fertiliser: PublishedListing;
  /** The lot the cooperative's oranges are from (the code on its certificate, for the hand-in). */
  produceTraceCode: string;
}

const pointOrganisation = async (world: World, name: string, ownerName: string, villageCode: string) =>
  verifiedOrganisation(world, { kind: OrganisationKind.ServicePoint, name, ownerName, villageCode });

const handNode = async (world: World, nodeId: string, operatorOrgId: string, what: string) =>
  expectStatus(
    await request(world.api)
      .patch(`/api/logistics/nodes/${nodeId}`)
      .set('authorization', `Bearer ${world.staff.token}`)
      .send({ operatorOrgId }),
    200,
    what,
  );

/** Builds the MiddleMileWorld through the gateway, as the other browser tests set up theirs. */
export async function middleMileWorld(world: World): Promise<MiddleMileWorld> {
  const [hubOwner, stationOwner, yuanhe, pingshi] = await Promise.all([
    pointOrganisation(world, '信丰县电商物流配送中心运营部', '温冬平', YUANHE),
    pointOrganisation(world, '信丰县安西镇快递物流站', '刘建国', YUANHE),
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
  // the hub and the town station are run by their own organisations; the hub's driver drives the county's van
  await handNode(world, network.hub.id, hubOwner.orgId!, 'handing the hub to its organisation');
  await handNode(world, network.towns[ANXI].id, stationOwner.orgId!, 'handing the station to its organisation');
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
  const [yuanheOperator, pingshiOperator, stationOperator] = await Promise.all([
    addMember(world, yuanhe, '邱小燕', MembershipRole.Operator),
    addMember(world, pingshi, '黄小梅', MembershipRole.Operator),
    addMember(world, stationOwner, '刘小华', MembershipRole.Operator),
  ]);
  return {
    network,
    hubOperator: hubOwner,
    stationOperator,
    driver,
    yuanheOperator,
    pingshiOperator,
    cooperative,
    merchant,
    villager,
    cityBuyer,
    oranges,
    fertiliser,
    produceTraceCode: lot.body.traceCode as string,
  };
}

export const PHONE = { width: 390, height: 844 };

/** The people's phones of one journey: each logs in through the app; all are closed at the end. */
export class Phones {
  readonly sessions: BrowserSession[] = [];

  constructor(private readonly world: WebWorld) {}

  async open(who: Actor, test: string): Promise<BrowserSession> {
    const session = await openBrowser(this.world, test, { viewport: PHONE });
    this.sessions.push(session);
    await loginThroughUi(session.page, who.phone, who.password, who.name);
    // the operator's tab bar sticks to the bottom of the screen: a full-page capture at the end of the page shows
    // it in its own place
    const screenshot = session.screenshot;
    session.screenshot = async (step: string) => {
      await session.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      return screenshot(step);
    };
    return session;
  }

  problems(): string[] {
    return this.sessions.flatMap((session) => session.problems);
  }

  close(): Promise<unknown> {
    return Promise.all(this.sessions.map((session) => session.close().catch(() => undefined)));
  }
}

export const heading = (page: Page, text: string) => page.locator('h1', { hasText: text }).waitFor();

/** A tab of the operator's bottom bar. */
export const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: '服务点功能' }).getByRole('link', { name, exact: true }).click();

export type ShopDestination =
  | { kind: 'address'; province: string; city: string; district: string; detail: string; postalCode: string }
  | { kind: 'point'; pointName: string; cash: boolean };

/** The city buyer's address in Shenzhen, where the journeys' oranges go. */
export const SHENZHEN: ShopDestination = { kind: 'address', ...SHENZHEN_ADDRESS };

/**
 * A buyer orders one of a listing in the shop, as buyer.e2e-spec does: the listing, the basket, the checkout (an
 * address, or a village point with cash on collection), then pays with the simulated provider when paying online.
 * Answers the order's id (from the order link the app shows).
 */
export async function orderInShop(session: BrowserSession, listingId: string, to: ShopDestination): Promise<string> {
  const { page } = session;
  await page.goto(`/listings/${listingId}`);
  await page.getByRole('button', { name: '加入购物车' }).click();
  await page.locator('.notice', { hasText: '已加入购物车' }).waitFor();
  await page
    .locator('.site-nav')
    .getByRole('link', { name: /购物车/ })
    .click();
  await page.getByRole('link', { name: '去结算' }).click();
  await page.locator('h1', { hasText: '确认订单' }).waitFor();
  if (to.kind === 'address') {
    await page.getByLabel('寄到地址（城市）').check();
    for (const name of ['province', 'city', 'district', 'detail', 'postalCode'] as const) {
      await page.locator(`input[name="${name}"]`).fill(to[name]);
    }
  } else {
    await page.getByLabel('送到村级服务点自取').check();
    const option = page.locator('select[name="servicePointOrgId"] option', { hasText: to.pointName });
    await option.waitFor({ state: 'attached' });
    await page.locator('select[name="servicePointOrgId"]').selectOption(await option.getAttribute('value'));
    await page.locator('input[name="consent"]').check();
    await page.locator('select[name="paymentMethod"]').selectOption(to.cash ? 'cash_on_collection' : 'online');
  }
  await session.screenshot('checkout filled');
  await page.getByRole('button', { name: '提交订单' }).click();
  await page.waitForURL(/\/order-groups\//);
  const cash = to.kind === 'point' && to.cash;
  if (!cash) {
    const pay = page.getByRole('button', { name: /去付款 ¥/ });
    await pay.waitFor({ timeout: 30_000 });
    await pay.click();
  }
  // a cash order is never shown as paid: "下单成功", to be paid at collection
  await page
    .locator('[data-testid="paid-notice"]', { hasText: cash ? '取件时付现金' : '' })
    .waitFor({ timeout: 30_000 });
  const link = page.getByRole('link', { name: /查看订单/ }).first();
  await link.waitFor({ timeout: 30_000 });
  await session.screenshot(cash ? 'ordered, cash at collection' : 'ordered and paid');
  return /\/orders\/([0-9a-f-]{36})/.exec((await link.getAttribute('href'))!)![1];
}

/** The seller opens the order in the seller centre and reads the parcel code to write on the box. */
export async function parcelCodeOnSellerOrder(session: BrowserSession, orderId: string): Promise<string> {
  const { page } = session;
  await page.goto(`/seller/orders/${orderId}`);
  const code = page.locator('[data-testid="parcel-code"]');
  await waitFor(
    async () => {
      // the shipment is made when logistics hears of the payment: until then the page says there is none yet
      const shown = await code.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (!shown) {
        await page.reload();
      }
      return shown;
    },
    { timeoutMs: 30_000, what: 'the parcel code on the seller’s order' },
  ).catch(async (error: unknown) => {
    await session.screenshot('no parcel code').catch(() => undefined);
    throw new Error(`${String(error)}; the page says: ${await page.locator('main').innerText()}`, { cause: error });
  });
  const text = (await code.textContent())!.trim();
  await session.screenshot('the parcel code to write on the box');
  return text;
}

/** At 坪石村: the cooperative's oranges handed in (weighed, the lot's trace code) on the point's 揽收 screen. */
export async function handInAtPingshi(session: BrowserSession, parcelCode: string, traceCode: string): Promise<void> {
  const { page } = session;
  await page.goto('/operator/first-km');
  await heading(page, '揽收');
  await page.locator('#handin-code').fill(parcelCode);
  await page.locator('input[name="weighedKg"]').fill('2.5');
  await page.locator('textarea[name="traceCodes"]').fill(traceCode);
  await page.locator('form button[type="submit"]').click();
  await page.locator('[data-testid="handin-result"]').waitFor();
  await session.screenshot('oranges handed in');
}

/** At the hub: the merchant's parcel scanned in from a seller in town. */
export async function scanInFromSellerAtHub(session: BrowserSession, parcelCode: string): Promise<void> {
  const { page } = session;
  await tab(page, '入站');
  await heading(page, '扫码入站');
  await page.locator('select[name="source"]').selectOption('seller');
  await scanCode(page, parcelCode);
  await scanState(page, parcelCode, 'sent');
}

/** County staff plan the day from their console (排车). */
export async function planTheDay(session: BrowserSession): Promise<void> {
  const { page } = session;
  await page.goto('/county/runs');
  await heading(page, '车次');
  await page.getByRole('button', { name: '排车', exact: true }).click();
  await page.getByRole('button', { name: '确认排车' }).click();
  await page.locator('#plan-summary', { hasText: '已排出' }).waitFor({ timeout: 30_000 });
  await session.screenshot('county staff plan the day');
}

/** The buyer's order page, reloaded until its shipment's timeline holds every one of `texts`. */
export async function timelineShows(session: BrowserSession, orderId: string, texts: string[]): Promise<void> {
  const { page } = session;
  await page.goto(`/orders/${orderId}`);
  await waitFor(
    async () => {
      await page.reload();
      const timeline = page.locator('[data-testid="shipment"] .timeline');
      await timeline.waitFor();
      const text = (await timeline.textContent())!;
      return texts.every((item) => text.includes(item));
    },
    { timeoutMs: 30_000, what: `the order's timeline showing ${texts.join(', ')}` },
  );
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
