import { waitFor } from '@countyflow/testing';
import { Page } from 'playwright-core';
import { expectStatus, get, phoneLast4, pickupCodeFromMessages, post } from '../journeys/support';
import { Actor } from '../support/actors';
import { MiddleMile, middleMileDay, scanCode, scanState } from './middle-support';
import { BrowserSession, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

jest.setTimeout(240_000);

const PHONE = { width: 390, height: 844 };

/**
 * The middle mile through the people's own screens, on 390×844 phones in Chinese, with no API call of the test's
 * own between them (the county's setup and the express carrier's delivery aside; county staff plan the day and
 * confirm the point's cash in their console):
 * (a) the cooperative's oranges handed in at 坪石村, onto the van, to the hub, to the carrier, delivered, the path on
 * the buyer's order; (b) the merchant's fertiliser handed in at the hub, loaded, dropped and shelved at 元和村,
 * collected with the code and the cash taken, that cash handed to the county office and confirmed there; (c) the
 * driver's run with the connection cut between the two stops, every scan sent once when it returns.
 */
describe('the middle mile in people’s hands', () => {
  let world: WebWorld;
  let day: MiddleMile;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    world = await startWebWorld();
  }, 90_000);

  beforeAll(async () => {
    day = await middleMileDay(world);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close().catch(() => undefined)));
    await world?.stop();
  });

  const open = async (who: Actor, test: string): Promise<BrowserSession> => {
    const session = await openBrowser(world, test, { viewport: PHONE });
    sessions.push(session);
    await loginThroughUi(session.page, who.phone, who.password, who.name);
    // the operator's tab bar sticks to the bottom of the screen: a full-page capture at the end of the page shows it
    // in its own place
    const screenshot = session.screenshot;
    session.screenshot = async (step: string) => {
      await session.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      return screenshot(step);
    };
    return session;
  };
  const heading = (page: Page, text: string) => page.locator('h1', { hasText: text }).waitFor();
  const tab = (page: Page, name: string) =>
    page.getByRole('navigation', { name: '服务点功能' }).getByRole('link', { name }).click();

  it('moves produce up and goods down through the hub, the van and the village points', async () => {
    const { produce, goods } = day;

    // (a) 坪石村: the cooperative hands its oranges in at its village point (weighed, the lot's trace code)
    const pingshi = await open(day.pingshiOperator, 'middle-a-pingshi-hand-in');
    await pingshi.page.waitForURL('**/operator');
    await pingshi.page.locator('[data-testid="current-point"]', { hasText: '坪石村益农信息社' }).waitFor();
    await pingshi.screenshot('village point home');
    await pingshi.page.goto('/operator/first-km');
    await heading(pingshi.page, '揽收');
    await pingshi.page.locator('#handin-code').fill(produce.parcelCode);
    await pingshi.page.locator('input[name="weighedKg"]').fill('2.5');
    await pingshi.page.locator('textarea[name="traceCodes"]').fill(day.produceTraceCode);
    await pingshi.page.locator('form button[type="submit"]').click();
    await pingshi.page.locator('[data-testid="handin-result"]').waitFor();
    await pingshi.screenshot('oranges handed in');

    // (b) the hub: the merchant's fertiliser scanned in (from a seller in town); the hub's workspace
    const hub = await open(day.hubOperator, 'middle-b-hub');
    await hub.page.waitForURL('**/operator');
    await heading(hub.page, '工作台');
    await hub.page.locator('[data-testid="current-point"]', { hasText: '信丰县电商物流配送中心' }).waitFor();
    await hub.screenshot('hub workspace');
    await tab(hub.page, '入站');
    await heading(hub.page, '扫码入站');
    await hub.page.locator('select[name="source"]').selectOption('seller');
    await scanCode(hub.page, goods.parcelCode);
    await scanState(hub.page, goods.parcelCode, 'sent');
    // a code that is no parcel is refused, plainly, in Chinese
    await scanCode(hub.page, '360722-ZZZZ9999');
    await scanState(hub.page, '360722-ZZZZ9999', 'refused');
    await hub.page.locator('[data-testid="refusal"]', { hasText: '没有这个包裹' }).waitFor();
    await hub.screenshot('fertiliser scanned in, an unknown code refused');

    // county staff plan the day from their console: one run drops the fertiliser and collects the oranges
    const county = await open(world.staff, 'middle-county');
    await county.page.goto('/county/runs');
    await heading(county.page, '车次');
    await county.page.getByRole('button', { name: '排车', exact: true }).click();
    await county.page.getByRole('button', { name: '确认排车' }).click();
    await county.page.locator('#plan-summary', { hasText: '已排出' }).waitFor({ timeout: 30_000 });
    await county.screenshot('county staff plan the day');

    // the hub loads the van: the fertiliser onto the run
    await tab(hub.page, '装车');
    await heading(hub.page, '装车');
    await hub.page.locator('select[name="run"]').waitFor();
    await scanCode(hub.page, goods.parcelCode);
    await scanState(hub.page, goods.parcelCode, 'sent');
    // the oranges are still at 坪石村: they cannot be loaded at the hub, and the screen says why
    await scanCode(hub.page, produce.parcelCode);
    await scanState(hub.page, produce.parcelCode, 'refused');
    await hub.screenshot('fertiliser loaded, the oranges refused');

    // (c) the driver: my runs today, the run stop by stop; the connection cut between the two stops
    const driver = await open(day.driver, 'middle-c-driver');
    await driver.page.waitForURL('**/driver');
    await heading(driver.page, '我的车次');
    await driver.page.locator('[data-testid="driver-run"]').first().waitFor();
    await driver.screenshot('my runs today');
    await driver.page.locator('[data-testid="driver-run"]').first().click();
    await driver.page.getByRole('button', { name: '从县仓出发' }).click();
    const stop = driver.page.locator('[data-testid="driver-stop"]');
    const scanned: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      await stop.waitFor();
      if (index === 1) {
        // a dead spot between the stops: the scans wait on the phone
        await driver.context.setOffline(true);
        await driver.page.locator('[data-testid="signal"][data-online="false"]').waitFor();
      }
      const codes = await stop
        .locator('[data-code]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-code')!));
      for (const code of codes) {
        await scanCode(driver.page, code);
        await scanState(driver.page, code, index === 1 ? 'waiting' : 'sent');
        scanned.push(code);
      }
      await driver.screenshot(index === 1 ? 'second stop scanned offline' : 'first stop scanned');
      await driver.page.getByRole('button', { name: index === 0 ? '下一站' : '回到县仓' }).click();
    }
    expect(scanned.sort()).toEqual([goods.parcelCode, produce.parcelCode].sort());
    // the signal returns: every waiting scan is sent, once
    await driver.context.setOffline(false);
    for (const code of scanned) {
      await scanState(driver.page, code, 'sent');
      expect(await driver.page.locator(`[data-testid="queued-scan"][data-label="${code}"]`).count()).toBe(1);
    }
    await driver.page.locator('[data-testid="signal"][data-waiting="0"][data-online="true"]').waitFor();
    await driver.screenshot('back online, every scan sent once');
    await driver.page.getByRole('button', { name: '收车完成' }).click();
    await driver.page.locator('[data-testid="run-complete"]', { hasText: '本趟已完成' }).waitFor({ timeout: 20_000 });
    await driver.screenshot('run complete');

    // (a) at the hub again: the oranges go to the express carrier, with the waybill number to write on them
    await tab(hub.page, '交快递');
    await heading(hub.page, '交给快递');
    await scanCode(hub.page, produce.parcelCode);
    await scanState(hub.page, produce.parcelCode, 'sent');
    const waybill = (await hub.page.locator('[data-testid="waybill"]').first().textContent())!;
    const waybillNo = /运单号 (\S+)/.exec(waybill)![1];
    await hub.screenshot('oranges to the carrier');
    await hub.page.goto(`/operator/labels/${encodeURIComponent(produce.parcelCode)}`);
    await hub.page.locator('[data-testid="parcel-label"] img.parcel-label-barcode').waitFor();
    await hub.page.locator('[data-testid="parcel-label"] img.parcel-label-qr').waitFor();
    expect(await hub.page.locator('[data-testid="parcel-label"]').textContent()).not.toContain(day.cityBuyer.phone);
    await hub.screenshot('the label');

    // the express carrier delivers in the city (its own system; the simulator confirms it)
    expectStatus(
      await post(world, `/api/logistics/carrier/simulated/${waybillNo}/deliver`, {}, world.staff),
      200,
      'the carrier delivering',
    );
    const buyer = await open(day.cityBuyer, 'middle-a-buyer');
    await buyer.page.goto(`/orders/${day.produceOrderId}`);
    await waitFor(
      async () => {
        await buyer.page.reload();
        const timeline = buyer.page.locator('[data-testid="shipment"] .timeline');
        await timeline.waitFor();
        const text = (await timeline.textContent())!;
        return text.includes('坪石村益农信息社') && text.includes('信丰县电商物流配送中心') && text.includes('签收');
      },
      { timeoutMs: 30_000, what: 'the path on the buyer’s order' },
    );
    await buyer.screenshot('delivered, the path on the order');
    // the trace page of the lot: where the parcels went
    await buyer.page.getByRole('link', { name: day.produceTraceCode }).click();
    await buyer.page.waitForURL(`**/trace/${day.produceTraceCode}`);
    await buyer.page.locator('main', { hasText: '坪石村益农信息社' }).waitFor({ timeout: 20_000 });
    await buyer.screenshot('trace page with the path');

    // (b) 元和村: the fertiliser waits on the shelf; the villager collects it with her code and pays cash
    const code = await pickupCodeFromMessages(world, day.villager, goods.id, day.villager.phone);
    const yuanhe = await open(day.yuanheOperator, 'middle-b-yuanhe-handover');
    await yuanhe.page.waitForURL('**/operator');
    await tab(yuanhe.page, '取件');
    await yuanhe.page.locator('#pickup-code').fill(code);
    await yuanhe.page.locator('input[name="phoneLast4"]').fill(phoneLast4(day.villager.phone));
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

    for (const session of sessions) {
      expect(session.problems).toEqual([]);
    }
    // what the villager's order says now (read back through the API only to check, after the journey)
    const order = expectStatus(await get(world, `/api/orders/orders/${day.goodsOrderId}`, day.villager), 200, 'order');
    expect(order.body.cashReceivedAt).not.toBeNull();
  });
});
