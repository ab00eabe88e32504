import { Route } from 'playwright-core';
import { expectStatus, get } from '../journeys/support';
import {
  handInAtPingshi,
  heading,
  middleMileWorld,
  MiddleMileWorld,
  orderInShop,
  parcelCodeOnSellerOrder,
  Phones,
  PINGSHI,
  planTheDay,
  scanCode,
  scanInFromSellerAtHub,
  scanState,
  SHENZHEN,
  YUANHE,
} from './middle-support';
import { startWebWorld, WebWorld } from './support';

jest.setTimeout(300_000);

interface ScanView {
  kind: string;
  nodeCode: string | null;
}

/**
 * (c) The driver's run on a 390×844 phone in Chinese, with no API call of the test's own before the checks at the
 * end: a city buyer's oranges handed in at 坪石村 and a villager's fertiliser scanned in at the hub, the day planned
 * in the county console; the driver starts the run, and at the first stop the answer to her first scan is lost after
 * the server applied it (the request goes through, the connection is cut before the answer arrives) — the phone
 * sends it again with the same Idempotency-Key and it is applied once. Between the stops the signal is gone: the
 * second stop's scans wait on the phone and, when the signal returns, each is sent once.
 */
describe('(c) the driver’s run through a lost answer and a dead spot', () => {
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

  it('sends every scan once: a lost answer replayed by its key, the scans of a dead spot sent when it ends', async () => {
    // the day's parcels, through the people's screens: oranges for the city, fertiliser for 元和村
    const buyer = await phones.open(mm.cityBuyer, 'middle-c-1-city-buyer');
    const orangesOrder = await orderInShop(buyer, mm.oranges.listingId, SHENZHEN);
    const villager = await phones.open(mm.villager, 'middle-c-1-villager');
    const fertiliserOrder = await orderInShop(villager, mm.fertiliser.listingId, {
      kind: 'point',
      pointName: '元和村供销便民服务站',
      cash: true,
    });
    const cooperative = await phones.open(mm.cooperative, 'middle-c-2-cooperative');
    const oranges = await parcelCodeOnSellerOrder(cooperative, orangesOrder);
    const merchant = await phones.open(mm.merchant, 'middle-c-2-merchant');
    const fertiliser = await parcelCodeOnSellerOrder(merchant, fertiliserOrder);
    const pingshi = await phones.open(mm.pingshiOperator, 'middle-c-3-pingshi');
    await handInAtPingshi(pingshi, oranges, mm.produceTraceCode);
    const hub = await phones.open(mm.hubOperator, 'middle-c-3-hub');
    await scanInFromSellerAtHub(hub, fertiliser);
    await hub.screenshot('fertiliser scanned in at the hub');
    const county = await phones.open(world.staff, 'middle-c-4-county');
    await planTheDay(county);

    // the driver: my runs today, the run stop by stop; the app installs with its icons
    const driver = await phones.open(mm.driver, 'middle-c-5-driver');
    await driver.page.waitForURL('**/driver');
    await heading(driver.page, '我的车次');
    const icons = await driver.page.evaluate(async () => {
      const manifest = (await (await fetch('/manifest.webmanifest')).json()) as {
        icons: { src: string; sizes: string; type: string }[];
      };
      return Promise.all(
        manifest.icons
          .filter((icon) => icon.type === 'image/png')
          .map(
            (icon) =>
              new Promise<string>((resolve) => {
                const image = new Image();
                image.onload = () => resolve(`${image.naturalWidth}x${image.naturalHeight}=${icon.sizes}`);
                image.onerror = () => resolve(`${icon.src} did not load`);
                image.src = icon.src;
              }),
          ),
      );
    });
    expect(icons).toEqual(['192x192=192x192', '512x512=512x512', '192x192=192x192', '512x512=512x512']);
    await driver.page.locator('[data-testid="driver-run"]').first().waitFor();
    await driver.screenshot('my runs today');
    await driver.page.locator('[data-testid="driver-run"]').first().click();
    await driver.page.getByRole('button', { name: '从县仓出发' }).click();

    // the first scan's answer is lost on the way back: the server applied it, the phone never heard
    const keys: string[] = [];
    let lost: number | null = null;
    const cutTheAnswer = async (route: Route) => {
      const request = route.request();
      if (request.method() !== 'POST') {
        return route.continue();
      }
      keys.push(request.headers()['idempotency-key']);
      if (lost === null) {
        lost = (await route.fetch()).status();
        return route.abort('connectionreset');
      }
      return route.continue();
    };
    await driver.page.route('**/api/logistics/runs/*/stops/*/*', cutTheAnswer);

    const stop = driver.page.locator('[data-testid="driver-stop"]');
    const scanned: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      await stop.waitFor();
      await stop.getByText(`第 ${index + 1} 站 / 共 2 站`).waitFor();
      if (index === 1) {
        // a dead spot between the stops: the scans wait on the phone
        await driver.page.unroute('**/api/logistics/runs/*/stops/*/*', cutTheAnswer);
        await driver.context.setOffline(true);
        await driver.page.locator('[data-testid="signal"][data-online="false"]').waitFor();
      }
      const codes = await stop
        .locator('[data-code]')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-code')!));
      for (const code of codes) {
        await scanCode(driver.page, code);
        // at the first stop the lost answer is sent again by the phone's queue (within its 5 s retry)
        await scanState(driver.page, code, index === 1 ? 'waiting' : 'sent');
        scanned.push(code);
      }
      await driver.screenshot(
        index === 1 ? 'second stop scanned offline' : 'first stop scanned, a lost answer replayed',
      );
      await driver.page.getByRole('button', { name: index === 0 ? '下一站' : '回到县仓' }).click();
    }
    expect(scanned.sort()).toEqual([fertiliser, oranges].sort());
    // the lost answer: the server had applied it (2xx), the phone sent the same key once more and took the replay
    expect(lost).toBeGreaterThanOrEqual(200);
    expect(lost).toBeLessThan(300);
    expect(keys.length).toBe(2);
    expect(keys[1]).toBe(keys[0]);

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

    expect(phones.problems()).toEqual([]);
    // each parcel's scans, read back through the API only to check, after the journey: each stop's scan once
    const scansOf = async (orderId: string): Promise<ScanView[]> =>
      (
        expectStatus(await get(world, `/api/logistics/orders/${orderId}/shipment`, world.staff), 200, 'shipment')
          .body as { scans: ScanView[] }
      ).scans;
    const down = await scansOf(fertiliserOrder);
    expect(down.filter((scan) => scan.kind === 'arrived' && scan.nodeCode === YUANHE)).toHaveLength(1);
    const up = await scansOf(orangesOrder);
    expect(up.filter((scan) => scan.kind === 'departed' && scan.nodeCode === PINGSHI)).toHaveLength(1);
  });
});
