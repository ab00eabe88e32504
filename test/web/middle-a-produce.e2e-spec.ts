import { waitFor } from '@countyflow/testing';
import { randomBytes } from 'node:crypto';
import { FakeKuaidi100 } from '../support/fake-kuaidi100';
import {
  handInAtPingshi,
  heading,
  middleMileWorld,
  MiddleMileWorld,
  orderInShop,
  parcelCodeOnSellerOrder,
  Phones,
  planTheDay,
  scanCode,
  scanState,
  SHENZHEN,
  tab,
  timelineShows,
} from './middle-support';
import { startWebWorld, WebWorld } from './support';

jest.setTimeout(300_000);

/** The platform's public address, which 快递100 is told to push to; the fake reaches it on the test's gateway. */
const PUBLIC_ORIGIN = 'https://countyflow.example.cn';
const WAYBILL = '75312345678901';
/** 快递100's `ftime`: China time without a zone, "2026-12-06 20:31:05". */
const chinaTime = (at: number): string => new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
/** The county's van (journeys/support buildNetwork). */
const VAN = '赣B·D1001';

/**
 * (a) Produce up, in the people's own screens on 390×844 phones in Chinese, with no API call of the test's own: a
 * city buyer orders 坪石村's oranges and pays; the cooperative reads the parcel code off its order; 坪石村's point
 * takes the hand-in; county staff plan the day; the hub sends the van; 坪石村 hands the oranges to it; the hub
 * receives the van and hands the oranges to the express carrier with the carrier's waybill number. The carrier is
 * 快递100 (CARRIER=kuaidi100) — a local 快递100 speaking its protocol, with a key and salt made here — whose signed
 * push of 签收 delivers the parcel; the buyer's order and the lot's trace page show the path.
 */
describe('(a) produce from 坪石村 to a city buyer, through the hub and 快递100', () => {
  const key = randomBytes(16).toString('hex');
  const salt = randomBytes(16).toString('hex');
  let fake: FakeKuaidi100;
  let world: WebWorld;
  let mm: MiddleMileWorld;
  let phones: Phones;

  beforeAll(async () => {
    fake = new FakeKuaidi100(key, (url) => url.replace(PUBLIC_ORIGIN, world.api));
    await fake.start();
    world = await startWebWorld({
      CARRIER: 'kuaidi100',
      KUAIDI100_KEY: key,
      KUAIDI100_COMPANY: 'zhongtong',
      KUAIDI100_POLL_URL: fake.pollUrl,
      KUAIDI100_CALLBACK_URL: `${PUBLIC_ORIGIN}/api/logistics/carrier/kuaidi100/push`,
      KUAIDI100_SALT: salt,
    });
    phones = new Phones(world);
    mm = await middleMileWorld(world);
  }, 180_000);

  afterAll(async () => {
    await phones?.close();
    await world?.stop();
    await fake?.stop();
  });

  it('goes from the hand-in at 坪石村 onto the van, to the hub, to 快递100, delivered, the path on the trace page', async () => {
    // the city buyer orders a box of oranges to Shenzhen and pays
    const buyer = await phones.open(mm.cityBuyer, 'middle-a-1-city-buyer');
    const orderId = await orderInShop(buyer, mm.oranges.listingId, SHENZHEN);

    // the cooperative sees the order and the parcel code to write on the box
    const cooperative = await phones.open(mm.cooperative, 'middle-a-2-cooperative');
    const parcelCode = await parcelCodeOnSellerOrder(cooperative, orderId);

    // 坪石村: the hand-in, weighed, with the lot's trace code
    const pingshi = await phones.open(mm.pingshiOperator, 'middle-a-3-pingshi');
    await pingshi.page.locator('[data-testid="current-point"]', { hasText: '坪石村益农信息社' }).waitFor();
    await handInAtPingshi(pingshi, parcelCode, mm.produceTraceCode);

    // county staff plan the day: the van collects at 坪石村
    const county = await phones.open(world.staff, 'middle-a-4-county');
    await planTheDay(county);

    // the hub sends the van out
    const hub = await phones.open(mm.hubOperator, 'middle-a-5-hub');
    await hub.page.locator('[data-testid="current-point"]', { hasText: '信丰县电商物流配送中心' }).waitFor();
    await tab(hub.page, '装车');
    await heading(hub.page, '装车');
    await hub.page.locator('select[name="run"]').waitFor();
    await hub.page.getByRole('button', { name: '发车' }).click();
    await hub.page.getByText('已发车').waitFor();
    await hub.screenshot('the van sent out');

    // 坪石村 hands the oranges to the van, scanned
    await tab(pingshi.page, '交货车');
    await heading(pingshi.page, '交给货车');
    await scanCode(pingshi.page, parcelCode);
    await scanState(pingshi.page, parcelCode, 'sent');
    await pingshi.screenshot('oranges handed to the van');

    // back at the hub: the oranges off the van, the run complete
    await tab(hub.page, '收车');
    await heading(hub.page, '收车');
    await scanCode(hub.page, parcelCode);
    await scanState(hub.page, parcelCode, 'sent');
    await hub.page.getByRole('button', { name: '收车完成' }).click();
    await scanState(hub.page, VAN, 'sent');
    await hub.screenshot('van received, run complete');

    // to 快递100's carrier: the number on its waybill typed, then the parcel scanned; 快递100 is subscribed
    await tab(hub.page, '交快递');
    await heading(hub.page, '交给快递');
    await hub.page.locator('input[name="waybillNo"]').fill(WAYBILL);
    await scanCode(hub.page, parcelCode);
    await scanState(hub.page, parcelCode, 'sent');
    await hub.page.locator('[data-testid="waybill"]', { hasText: WAYBILL }).waitFor();
    // the subscription follows the hand-over's commit: the answer did not wait for it
    const subscription = await waitFor(() => Promise.resolve(fake.subscriptions.get(WAYBILL)), {
      what: '快递100 is subscribed',
    });
    expect(subscription).toMatchObject({ company: 'zhongtong', salt, to: '广东省深圳市南山区' });
    await hub.screenshot('oranges to the carrier with the waybill');
    await hub.page.goto(`/operator/labels/${encodeURIComponent(parcelCode)}`);
    await hub.page.locator('[data-testid="parcel-label"] img.parcel-label-barcode').waitFor();
    await hub.page.locator('[data-testid="parcel-label"] img.parcel-label-qr').waitFor();
    expect(await hub.page.locator('[data-testid="parcel-label"]').textContent()).not.toContain(mm.cityBuyer.phone);
    await hub.screenshot('the label');

    // 快递100 pushes the track: on its way, then 签收 (signed with the salt of the subscription)
    const taken = { status: 200, body: { result: true, returnCode: '200', message: '成功' } };
    const arrived = { context: '【深圳市】快件已到达 深圳转运中心', ftime: chinaTime(Date.now() - 60_000) };
    expect(await fake.push(WAYBILL, '0', [arrived])).toEqual(taken);
    const signedFor = { context: '【深圳市】已签收，签收人：本人', ftime: chinaTime(Date.now()) };
    expect(await fake.push(WAYBILL, '3', [signedFor, arrived])).toEqual(taken);

    // the buyer's order shows the path and the delivery; the lot's trace page where the parcels went
    await timelineShows(buyer, orderId, ['坪石村益农信息社', '信丰县电商物流配送中心', '签收']);
    await buyer.screenshot('delivered, the path on the order');
    await buyer.page.getByRole('link', { name: mm.produceTraceCode }).click();
    await buyer.page.waitForURL(`**/trace/${mm.produceTraceCode}`);
    await buyer.page.locator('main', { hasText: '坪石村益农信息社' }).waitFor({ timeout: 20_000 });
    await buyer.screenshot('trace page with the path');

    expect(phones.problems()).toEqual([]);
  });
});
