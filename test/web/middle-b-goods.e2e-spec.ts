import { COUNTY, expectStatus, get, phoneLast4 } from '../journeys/support';
import {
  heading,
  middleMileWorld,
  MiddleMileWorld,
  orderInShop,
  parcelCodeOnSellerOrder,
  Phones,
  planTheDay,
  scanCode,
  scanInFromSellerAtHub,
  scanState,
  tab,
} from './middle-support';
import { fenOfText, ledgerBalances } from './money-support';
import { startWebWorld, WebWorld } from './support';

jest.setTimeout(300_000);

/**
 * (b) Goods down, in the people's own screens on 390×844 phones in Chinese, with no API call of the test's own: a
 * villager of 元和村 orders fertiliser to her village point, cash on collection; the merchant reads the parcel code
 * off the order; the hub scans it in from a seller in town; county staff plan the day; the hub loads it onto the van
 * and sends the van; the town station of 安西镇 receives the van and is told the parcel is not for it; 元和村's point
 * scans it in and shelves it; the villager reads her pickup code on her order; the point hands it over and takes the
 * cash, declares it to the county, and county staff count and confirm it.
 */
describe('(b) fertiliser from the merchant to 元和村, collected with the code and paid in cash', () => {
  let world: WebWorld;
  let mm: MiddleMileWorld;
  let phones: Phones;

  beforeAll(async () => {
    world = await startWebWorld();
    phones = new Phones(world);
    mm = await middleMileWorld(world);
  }, 180_000);

  afterAll(async () => {
    await phones?.close();
    await world?.stop();
  });

  it('goes from the hand-in at the hub onto the van, is shelved at 元和村, collected with the code, cash taken', async () => {
    // the villager orders a bag of fertiliser to her village point and will pay cash there
    const villager = await phones.open(mm.villager, 'middle-b-1-villager');
    const orderId = await orderInShop(villager, mm.fertiliser.listingId, {
      kind: 'point',
      pointName: '元和村供销便民服务站',
      cash: true,
    });

    // the merchant reads the parcel code off the order and brings the bag to the hub
    const merchant = await phones.open(mm.merchant, 'middle-b-2-merchant');
    const parcelCode = await parcelCodeOnSellerOrder(merchant, orderId);

    // the hub: its workspace; the bag scanned in from a seller in town; a code that is no parcel refused in Chinese
    const hub = await phones.open(mm.hubOperator, 'middle-b-3-hub');
    await heading(hub.page, '工作台');
    await hub.page.locator('[data-testid="current-point"]', { hasText: '信丰县电商物流配送中心' }).waitFor();
    await hub.screenshot('hub workspace');
    await scanInFromSellerAtHub(hub, parcelCode);
    await scanCode(hub.page, '360722-ZZZZ9999');
    await scanState(hub.page, '360722-ZZZZ9999', 'refused');
    await hub.page.locator('[data-testid="refusal"]', { hasText: '没有这个包裹' }).waitFor();
    await hub.screenshot('fertiliser scanned in, an unknown code refused');

    // county staff plan the day: the van drops the bag at 元和村
    const county = await phones.open(world.staff, 'middle-b-4-county');
    await planTheDay(county);

    // the hub loads the bag onto the van, then sends it out
    await tab(hub.page, '装车');
    await heading(hub.page, '装车');
    await hub.page.locator('select[name="run"]').waitFor();
    await scanCode(hub.page, parcelCode);
    await scanState(hub.page, parcelCode, 'sent');
    await hub.page.getByRole('button', { name: '发车' }).click();
    await hub.page.getByText('已发车').waitFor();
    await hub.screenshot('fertiliser loaded, the van sent out');

    // the town station of 安西镇 receives the van through its town: the bag is for 元和村, not for the station
    const station = await phones.open(mm.stationOperator, 'middle-b-5-town-station');
    await heading(station.page, '工作台');
    await station.page.locator('[data-testid="current-point"]', { hasText: '安西镇快递物流站' }).waitFor();
    await station.screenshot('station workspace');
    await tab(station.page, '卸车');
    await heading(station.page, '货车到站卸货');
    await station.page.locator('select[name="run"]').waitFor();
    await scanCode(station.page, parcelCode);
    await scanState(station.page, parcelCode, 'refused');
    await station.page
      .locator('[data-testid="refusal"][data-code="wrong-stop"]', { hasText: '包裹不是这一站的' })
      .waitFor();
    await station.screenshot('a parcel for a village point refused at the station');

    // 元和村: the van's drop scanned in; shelved with a slot and a pickup code
    const yuanhe = await phones.open(mm.yuanheOperator, 'middle-b-6-yuanhe');
    await yuanhe.page.locator('[data-testid="current-point"]', { hasText: '元和村供销便民服务站' }).waitFor();
    await tab(yuanhe.page, '收件');
    await heading(yuanhe.page, '扫码收件');
    await scanCode(yuanhe.page, parcelCode);
    await yuanhe.page.locator('[data-testid="arrival-code"]').waitFor({ timeout: 20_000 });
    await yuanhe.screenshot('fertiliser shelved with its code');

    // the villager's order shows her pickup code (and says she pays cash there)
    await villager.page.goto(`/orders/${orderId}`);
    const pickup = villager.page.locator('[data-testid="pickup-code"] .pickup-code');
    await pickup.waitFor({ timeout: 20_000 });
    const code = (await pickup.textContent())!.trim();
    await villager.screenshot('pickup code on the order');

    // she collects it: the code and her phone's last four; the screen says to take ¥135 in cash
    await tab(yuanhe.page, '取件');
    await yuanhe.page.locator('#pickup-code').fill(code);
    await yuanhe.page.locator('input[name="phoneLast4"]').fill(phoneLast4(mm.villager.phone));
    await yuanhe.page.locator('form button[type="submit"]').click();
    await yuanhe.page.locator('[data-testid="cash-due"]', { hasText: '收现金 ¥135.00' }).waitFor();
    await yuanhe.screenshot('collected: take the cash');
    await yuanhe.page.locator('[data-testid="cash-due"] button').click();
    await yuanhe.page.locator('[data-testid="cash-taken"]').waitFor();
    await yuanhe.screenshot('cash taken');

    // the point's cash book: the ¥135 taken, handed to the county office; county staff count it and confirm
    await yuanhe.page.goto('/operator/cash-book');
    await heading(yuanhe.page, '现金账');
    await yuanhe.page.locator('[data-testid="cash-day"]', { hasText: '135.00' }).waitFor();
    await yuanhe.page.locator('input[name="yuan"]').fill('135');
    await yuanhe.page.getByRole('button', { name: '申报上交' }).click();
    await yuanhe.page.getByText('已申报，待县局清点确认').waitFor();
    await yuanhe.screenshot('cash declared to the county');
    await county.page.goto('/county/cash');
    await heading(county.page, '服务站现金对账');
    const handover = county.page.locator('[data-testid="cash-handover"]', { hasText: '¥135.00' });
    await handover.getByRole('button', { name: '已点清，确认' }).click();
    await county.page.getByRole('button', { name: '确认收到' }).click();
    await county.page.getByText('没有待确认的上交').waitFor({ timeout: 20_000 });
    await county.page.locator('[data-testid="cash-point"]', { hasText: '¥135.00' }).waitFor();
    await county.screenshot('county staff confirmed the cash');

    // the point's cash book and commission after the county counted the cash; county staff's settlement figures
    await yuanhe.page.goto('/operator/cash-book');
    await heading(yuanhe.page, '现金账');
    const cashDay = yuanhe.page.locator('[data-testid="cash-day"]');
    await cashDay.locator('[data-figure="handedOver"]', { hasText: '135.00' }).waitFor();
    await yuanhe.screenshot('cash book after the county counted it');
    const cashFigure = async (name: string) =>
      fenOfText(await cashDay.locator(`[data-figure="${name}"]`).textContent());
    const book = { taken: await cashFigure('taken'), handedOver: await cashFigure('handedOver') };
    const held = await cashFigure('closing');
    await yuanhe.page.goto('/operator/commissions');
    await heading(yuanhe.page, '佣金');
    const earned = fenOfText(await yuanhe.page.locator('[data-figure="earned"]').textContent());
    const pending = fenOfText(await yuanhe.page.locator('[data-figure="pending"]').textContent());
    await yuanhe.screenshot('commission');
    await county.page.goto('/county/settlement');
    await heading(county.page, '结算打款');
    const merchantRow = county.page.locator(`[data-testid="county-parties"] [data-party-id="${mm.merchant.orgId}"]`);
    await merchantRow.waitFor();
    await county.screenshot('settlement: the cash order owed to the merchant');
    const countyFigure = async (name: string) =>
      fenOfText(await county.page.locator(`[data-testid="county-figures"] [data-figure="${name}"]`).textContent());
    const owedToMerchant = fenOfText(await merchantRow.locator('[data-figure="owed"]').textContent());

    // the screens against the ledger, to the fen: ¥135 taken into the point's drawer, handed to the county office,
    // owed to the merchant; the point earns no commission on an order its customer placed herself
    const ledger = await ledgerBalances(world, COUNTY);
    const pointId = mm.yuanheOperator.orgId!;
    // what the ledger says is owed to a party: minus its account's balance (0, not −0, when it has none)
    const owedIn = (account: string) => 0 - (ledger[account] ?? 0);
    expect(book).toEqual({ taken: 13_500, handedOver: 13_500 });
    expect(held).toBe(ledger[`point_cash/${pointId}`] ?? 0);
    expect(held).toBe(0);
    expect(await countyFigure('cashAtPoints')).toBe(held);
    expect(ledger.county_cash).toBe(book.handedOver);
    expect(owedToMerchant).toBe(owedIn(`seller_payable/${mm.merchant.orgId}`));
    expect(owedToMerchant).toBe(13_500);
    expect({ earned, pending }).toEqual({ earned: owedIn(`point_commission_payable/${pointId}`), pending: 0 });
    expect(await countyFigure('owedToPoints')).toBe(owedIn(`point_commission_payable/${pointId}`));

    expect(phones.problems()).toEqual([]);
    // what the villager's order says now (read back through the API only to check, after the journey)
    const order = expectStatus(await get(world, `/api/orders/orders/${orderId}`, mm.villager), 200, 'order');
    expect(order.body.cashReceivedAt).not.toBeNull();
  });
});
