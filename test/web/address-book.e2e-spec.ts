import { OrganisationKind } from '@countyflow/contracts';
import { COUNTY, listProduct, verifiedSeller } from '../journeys/support';
import { registerActor } from '../support/actors';
import { sql } from './money-support';
import { BrowserSession, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

const JIADING_TOWN = `${COUNTY}100`;
const SHUIBEI_VILLAGE = `${COUNTY}100201`;

/**
 * A buyer keeps an address book on a 390×844 phone, in Chinese: adds her village address with the cascading picker
 * (province → city → county → town → village, nothing typed but the house), adds a Shenzhen one, makes it the
 * default, and checks out with it. Screenshots: test-artifacts/web/buyer-address-book/.
 */
describe('a buyer’s address book in the browser', () => {
  let world: WebWorld;
  let session: BrowserSession | undefined;
  let listingId: string;

  beforeAll(async () => {
    world = await startWebWorld();
    const cooperative = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县嘉定镇脐橙合作社',
      ownerName: '刘德明',
      villageCode: SHUIBEI_VILLAGE,
    });
    listingId = (
      await listProduct(world, cooperative, {
        categoryId: 'citrus',
        title: '赣南脐橙 10斤装',
        description: '嘉定镇果园现摘。',
        originVillageCode: SHUIBEI_VILLAGE,
        sku: { spec: '10斤装', priceFen: 8800, weightGrams: 5000, volumeMl: 12_000, initialStock: 50 },
      })
    ).listingId;
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await world?.stop();
  });

  it('adds an address with the picker, makes another the default and checks out with it', async () => {
    const buyer = await registerActor(`${world.api}/api/identity`, '王秀英');
    session = await openBrowser(world, 'buyer address book', { viewport: { width: 390, height: 844 } });
    const { page, screenshot } = session;
    await page.goto('/');
    await loginThroughUi(page, buyer.phone, buyer.password, '王秀英');

    await page.locator('.site-nav').getByRole('link', { name: '地址' }).click();
    await page.locator('h1', { hasText: '收货地址' }).waitFor();
    await page.getByText('还没有收货地址。').waitFor();
    await screenshot('empty address book');

    // the village address: every level picked from the dataset's names
    await page.getByRole('button', { name: '新增地址' }).click();
    const form = page.locator('[data-testid="address-form"]');
    const pick = (level: string, code: string) => form.locator(`select[name="place-${level}"]`).selectOption(code);
    await pick('province', '36');
    await pick('city', '3607');
    await pick('county', COUNTY);
    await pick('town', JIADING_TOWN);
    await pick('village', SHUIBEI_VILLAGE);
    await form.getByLabel('门牌号等详细地址').fill('村委会东 50 米 3 号');
    await screenshot('village address picked');
    await form.getByRole('button', { name: '保存地址' }).click();
    const village = page.locator('[data-testid="address-row"]', { hasText: '水北村委会' });
    await village.waitFor();
    expect(await village.textContent()).toContain('江西省赣州市信丰县嘉定镇水北村委会村委会东 50 米 3 号');
    expect(await village.locator('.tag').textContent()).toBe('默认');

    // a city address, down to the district, then made the default
    await page.getByRole('button', { name: '新增地址' }).click();
    await pick('province', '44');
    await pick('city', '4403');
    await pick('county', '440305');
    await form.getByLabel('门牌号等详细地址').fill('科技园南区 8 栋 1201');
    await form.getByRole('button', { name: '保存地址' }).click();
    const city = page.locator('[data-testid="address-row"]', { hasText: '南山区' });
    await city.waitFor();
    expect(await city.locator('.tag').count()).toBe(0);
    await city.getByRole('button', { name: '设为默认' }).click();
    await city.locator('.tag', { hasText: '默认' }).waitFor();
    expect(await village.locator('.tag').count()).toBe(0);
    await screenshot('address book with a default');

    // checkout offers the default address and sends it
    await page.goto(`/listings/${listingId}`);
    await page.getByLabel('数量').fill('1');
    await page.getByRole('button', { name: '加入购物车' }).click();
    await page.locator('.notice', { hasText: '已加入购物车' }).waitFor();
    await page.goto('/checkout');
    await page.locator('h1', { hasText: '确认订单' }).waitFor();
    const chosen = page.locator('select[name="addressId"]');
    await chosen.locator('option', { hasText: '南山区' }).waitFor({ state: 'attached' });
    expect(await chosen.locator('option:checked').textContent()).toContain('广东省深圳市南山区');
    expect(await page.locator('input[name="province"]').count()).toBe(0);
    await page.locator('[data-testid="seller-freight"]').waitFor();
    await screenshot('checkout from the address book');
    // pickup points are offered in the buyer's own county (her default address's), not the seller's
    await page.getByLabel('送到村级服务点自取').check();
    await page.locator('[data-testid="service-point-county"]', { hasText: '南山区' }).waitFor();
    await screenshot('pickup points of her county');
    await page.getByLabel('寄到地址（城市）').check();
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.waitForURL(/\/order-groups\//);
    // the order keeps the address-book entry's division code beside the text
    const groupId = new URL(page.url()).pathname.split('/').pop()!;
    const [stored] = await sql<{ code: string | null }>(
      world,
      `SELECT destination -> 'address' ->> 'placeCode' AS code FROM orders.customer_order WHERE group_id = $1`,
      [groupId],
    );
    expect(stored.code).toBe('440305');
    await page.getByRole('button', { name: /去付款/ }).waitFor({ timeout: 20_000 });
    await screenshot('order placed');

    expect(session.problems).toEqual([]);
  }, 90_000);
});
