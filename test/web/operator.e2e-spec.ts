import { waitFor } from '@countyflow/testing';
import { get, phoneLast4, pickupCodeFromMessages, shipmentOf, waitForOrder } from '../journeys/support';
import { PointWithParcel, pointWithParcelOnTheWay, wrongCodeFor } from './operator-support';
import { BrowserSession, loginThroughUi, openBrowser, PHONE_VIEWPORT, startWebWorld, WebWorld } from './support';

// a browser journey of some forty steps, several times slower on a busy machine (it ran out of 45 s at load 20)
jest.setTimeout(150_000);

/**
 * The village service point's operator on a phone at the counter (360×740, Chinese): logs in, sees the parcel the
 * day's run brings, scans it in by its typed code (shelf slot and pickup code shown), finds it on the shelf, and
 * hands it over — a wrong pickup code refused with the API's reason, then the right code and phone digits. Then an
 * order for a villager (cash on collection) followed through its saga to the point's commission.
 */
/**
 * A screenshot scrolled to the end of the page first: the operator's tab bar sticks to the bottom of the screen,
 * and a full-page capture draws it where the screen ends; at the end of the page it sits in its own place.
 */
async function screenshotAtEnd(browser: BrowserSession, step: string): Promise<string> {
  await browser.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  return browser.screenshot(step);
}

describe('the operator app in a browser', () => {
  let world: WebWorld;
  let setup: PointWithParcel;

  // two hooks, each with its own limit: the machine is shared, and the platform alone takes 15–25 s to start there
  beforeAll(async () => {
    world = await startWebWorld();
  }, 60_000);

  beforeAll(async () => {
    setup = await pointWithParcelOnTheWay(world);
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('scans a parcel in, shows it on the shelf, refuses a wrong code and hands it over', async () => {
    const { operator, villager, shipment, point } = setup;
    const browser: BrowserSession = await openBrowser(world, 'operator', { viewport: PHONE_VIEWPORT });
    const { page } = browser;
    const shot = (step: string) => screenshotAtEnd(browser, step);
    const tabs = page.getByRole('navigation', { name: '服务点功能' });
    try {
      // the operator area asks for a login and comes back
      await page.goto('/operator');
      await page.waitForURL(/\/login\?next=%2Foperator/);
      await loginThroughUi(page, operator.phone, operator.password, operator.name);
      await page.locator('h1', { hasText: '服务点' }).waitFor();
      await page.locator('[data-testid="current-point"]', { hasText: '元和村供销便民服务站' }).waitFor();
      await page.locator('[data-testid="count-expected"] .op-tile-number', { hasText: '1' }).waitFor();
      expect(await page.locator('[data-testid="count-onShelves"] .op-tile-number').textContent()).toBe('0');
      expect(await page.title()).toContain('服务点');
      await shot('home');

      // scan in: the code typed as a hand scanner would (text + Enter), into the field that has the focus
      await tabs.getByRole('link', { name: '收件' }).click();
      await page.locator('h1', { hasText: '扫码收件' }).waitFor();
      await page.locator('[data-parcel-code]', { hasText: shipment.parcelCode }).waitFor();
      await shot('scan page with the expected parcel');
      const field = page.locator('#parcel-code-field');
      await waitFor(async () => field.evaluate((input) => input === document.activeElement), {
        timeoutMs: 5_000,
        what: 'the code field to have the focus',
      });
      await page.keyboard.type(shipment.parcelCode);
      await page.keyboard.press('Enter');
      const result = page.locator('[data-testid="arrival-result"]');
      await result.waitFor();
      const code = (await result.locator('[data-testid="arrival-code"]').textContent())!.trim();
      expect(code).toMatch(/^\d{1,2}-\d{1,2}-\d{4}$/);
      const [shelf, layer] = code.split('-');
      expect(await result.locator('[data-testid="arrival-slot"]').textContent()).toBe(`${shelf} 号架 第 ${layer} 层`);
      expect(await field.inputValue()).toBe('');
      await shot('scanned in');
      // the villager's text message carries the same code
      expect(await pickupCodeFromMessages(world, villager, shipment.id, villager.phone)).toBe(code);

      // the same parcel scanned again: the API's refusal, in its words
      await field.fill(shipment.parcelCode);
      await field.press('Enter');
      const refusal = page.locator('[data-testid="problem"]');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(shipment.parcelCode);
      await shot('scanned twice refused');

      // on the shelf, with the masked recipient and the days left
      await tabs.getByRole('link', { name: '货架' }).click();
      await page.locator('h1', { hasText: '货架' }).waitFor();
      const onShelf = page.locator(
        `[data-testid="slot-${shelf}-${layer}"] [data-parcel-code="${shipment.parcelCode}"]`,
      );
      await onShelf.waitFor();
      expect(await onShelf.textContent()).toContain(`王*`);
      expect(await onShelf.textContent()).toContain(`尾号 ${phoneLast4(villager.phone)}`);
      expect(await onShelf.textContent()).toMatch(/还剩 \d+ 天/);
      await shot('on the shelf');

      // hand over: a wrong code is refused with the API's reason and the tries left
      await tabs.getByRole('link', { name: '取件' }).click();
      await page.locator('h1', { hasText: '取件核销' }).waitFor();
      await page.locator('#pickup-code').fill(wrongCodeFor(code));
      await page.locator('input[name="phoneLast4"]').fill(phoneLast4(villager.phone));
      await page.getByRole('button', { name: '核对并交付' }).click();
      const wrong = page.locator('[data-testid="handover-error"]');
      await wrong.waitFor();
      expect(await wrong.textContent()).toContain('取件码和手机号对不上，请核对后再试');
      expect(await wrong.textContent()).toContain('本服务点还可再试 4 次');
      await shot('wrong code refused');
      expect((await shipmentOf(world, setup.orderId, villager)).status).toBe('ready_for_pickup');

      // the right code and the phone's last four digits
      await page.locator('#pickup-code').fill(code);
      await page.getByRole('button', { name: '核对并交付' }).click();
      const handedOver = page.locator('[data-testid="handover-result"]');
      await handedOver.waitFor();
      expect(await handedOver.textContent()).toContain(shipment.parcelCode);
      expect(await handedOver.textContent()).toContain('收件人本人');
      await shot('handed over');

      // the API agrees: collected by the recipient with the pickup code, the order completed
      const delivered = await shipmentOf(world, setup.orderId, villager);
      expect(delivered).toMatchObject({
        status: 'delivered',
        custody: { kind: 'recipient' },
        receipt: { method: 'pickup_code', collectedBy: 'recipient' },
      });
      await waitForOrder(world, villager, setup.orderId, 'completed');
      const shelves = await get(world, `/api/logistics/points/${point.id}/shelves`, operator);
      expect(shelves.body.waiting).toBe(0);

      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('orders goods for a villager, cash on collection, and follows the order to the commission', async () => {
    const { operator, pointOwner } = setup;
    const browser = await openBrowser(world, 'operator assisted order', { viewport: PHONE_VIEWPORT });
    const { page } = browser;
    const shot = (step: string) => screenshotAtEnd(browser, step);
    try {
      await page.goto('/login');
      await loginThroughUi(page, operator.phone, operator.password, operator.name);
      await page.goto('/operator/orders/new');
      await page.locator('h1', { hasText: '代客下单' }).waitFor();
      const goods = page.locator('.op-good', { hasText: '史丹利 复合肥' });
      await goods.getByRole('button', { name: '选择' }).click();
      await page.getByRole('radio', { name: /25kg 袋/ }).check();
      await page.getByRole('button', { name: '增加' }).click();
      await page.locator('input[name="villagerName"]').fill('邱桂英');
      await page.locator('input[name="villagerPhone"]').fill('13912345678');
      await page.getByRole('radio', { name: /到站付现金/ }).check();
      expect(await page.locator('.op-total .price').textContent()).toBe('¥270.00');
      await shot('assisted order form');
      await page.getByRole('button', { name: '提交订单' }).click();

      // the saga: placed → catalog reserves → a cash order is settled for fulfilment at once
      await page.waitForURL(/\/operator\/orders\/[0-9a-f-]{36}$/);
      const orderId = new URL(page.url()).pathname.split('/').pop()!;
      await page.locator('[data-testid="saga-progress"]:not([data-current="placed"])').waitFor({ timeout: 30_000 });
      const order = await waitForOrder(world, operator, orderId, 'paid', 'in_fulfilment');
      expect(order).toMatchObject({ paymentMethod: 'cash_on_collection', assistedByOrgId: pointOwner.orgId });
      await shot('assisted order placed');

      // in-app navigation (no reload): the point's orders, then its commission
      await page.getByRole('main').getByRole('link', { name: '本点订单' }).click();
      await page.locator('h1', { hasText: '本点订单' }).waitFor();
      await page.locator(`.op-order a[href="/operator/orders/${orderId}"]`).waitFor();
      await page.getByRole('main').getByRole('link', { name: '佣金' }).click();
      await page.locator('h1', { hasText: '佣金' }).waitFor();
      await page.locator(`.op-order a[href="/operator/orders/${orderId}"]`).waitFor();
      expect(await page.locator('.op-order', { hasText: '待结算' }).count()).toBe(1);
      await shot('commissions');

      await page.goto('/operator/first-km');
      await page.locator('h1', { hasText: '首公里揽收' }).waitFor();
      await page.locator('.state-empty', { hasText: '没有等待上行的包裹' }).waitFor();
      await shot('first kilometre');

      await page.goto('/operator/overdue');
      await page.locator('.state-empty', { hasText: '没有超期或即将到期的包裹' }).waitFor();
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
