import { COUNTY, person } from '../journeys/support';
import { Actor } from '../support/actors';
import {
  confirmedHoursAgo,
  deliverByCarrier,
  fenOfText,
  ledgerBalances,
  moneySetting,
  MoneySetting,
} from './money-support';
import { fillCityAddress, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

jest.setTimeout(300_000);

/** A phone: every person here works on one. */
const PHONE = { width: 390, height: 844 };

/*
 * A harvest festival as the people see it: county staff start a campaign with a budget and issue its coupon (满100减20,
 * funded by the county) in the county console; a buyer claims it at checkout, uses it and pays ¥20 less; after
 * delivery and settlement the seller's statement shows the whole ¥135 sold, ¥20 of it paid by the county, and the
 * ledger's county_discount account holds the county's ¥20.
 */
describe('coupons and campaigns, in the browser', () => {
  let world: WebWorld;
  let setting: MoneySetting;
  let buyer: Actor;

  beforeAll(async () => {
    world = await startWebWorld();
    [setting, buyer] = await Promise.all([moneySetting(world, '节'), person(world, '王芳')]);
  }, 120_000);

  afterAll(() => world?.stop());

  it("a county campaign's coupon claimed and used at checkout, and shown on the seller's statement", async () => {
    const { seller, listing, network } = setting;
    const countyApp = await openBrowser(world, 'coupons-county', { viewport: PHONE });
    const buyerApp = await openBrowser(world, 'coupons-buyer', { viewport: PHONE });
    const sellerApp = await openBrowser(world, 'coupons-seller', { viewport: PHONE });
    try {
      // county staff start the harvest festival with a ¥1000 budget and issue its coupon
      {
        const { page, screenshot } = countyApp;
        await page.goto('/county/promotions');
        await page.waitForURL(/\/login\?next=/);
        await loginThroughUi(page, world.staff.phone, world.staff.password);
        const campaign = page.getByRole('form', { name: '新建活动' });
        await campaign.getByLabel('活动名称').fill('脐橙丰收节');
        await campaign.getByLabel('预算（元）').fill('1000');
        await campaign.getByLabel(/史丹利 复合肥/).check();
        await screenshot('a new campaign');
        await campaign.getByRole('button', { name: '创建活动' }).click();
        await page.locator('[data-testid="campaign"]', { hasText: '脐橙丰收节' }).waitFor();
        const coupon = page.getByRole('form', { name: '发一张满减券' });
        await coupon.getByLabel('券的名称').fill('丰收节满100减20');
        await coupon.getByLabel('满（元）').fill('100');
        await coupon.getByLabel('减（元）').fill('20');
        await coupon.getByLabel('属于哪个活动').selectOption({ label: '脐橙丰收节' });
        await coupon.getByRole('button', { name: '发券' }).click();
        await page.locator('[data-testid="coupon"]', { hasText: '丰收节满100减20' }).waitFor();
        await screenshot('the campaign and its coupon');
      }

      // the buyer claims it at checkout, uses it and pays ¥115 for the ¥135 bag (no freight template: ships free)
      let orderId: string;
      {
        const { page, screenshot } = buyerApp;
        await loginThroughUi(page, buyer.phone, buyer.password);
        await page.goto(`/listings/${listing.listingId}`);
        await page.getByRole('button', { name: '加入购物车' }).click();
        await page.locator('.notice', { hasText: '已加入购物车' }).waitFor();
        await page.goto('/basket');
        await page.getByRole('link', { name: '去结算' }).click();
        await page.getByLabel('寄到地址（城市）').check();
        await fillCityAddress(page, { postalCode: false });
        const offered = page.locator('[data-testid="coupon-picker"] [data-testid="coupon"]', {
          hasText: '丰收节满100减20',
        });
        await offered.getByRole('button', { name: '领取' }).click();
        await offered.getByLabel('使用这张券').waitFor();
        expect(await offered.getByLabel('使用这张券').isChecked()).toBe(true);
        await page.locator('[data-testid="discount"]', { hasText: '¥20.00' }).waitFor();
        await screenshot('checkout with the coupon');
        await page.getByRole('button', { name: '提交订单' }).click();
        await page.waitForURL(/\/order-groups\//);
        const pay = page.getByRole('button', { name: /去付款 ¥115\.00/ });
        await pay.waitFor({ timeout: 30_000 });
        await pay.click();
        await page.locator('[data-testid="paid-notice"]').waitFor({ timeout: 30_000 });
        await screenshot('paid ¥20 less');
        orderId = (await page.locator('[data-testid="group-order"] a').first().getAttribute('href'))!.split('/').pop()!;
      }

      // the hub hands the bag to the carrier, which delivers it; the buyer confirms receipt; the claim window passes
      await deliverByCarrier(world, network, buyer, orderId);
      {
        const { page } = buyerApp;
        await page.goto(`/orders/${orderId}`);
        await page.getByRole('button', { name: '确认收货' }).click();
        await page.locator('.card', { hasText: '确认收货' }).filter({ hasText: '已于' }).waitFor();
        // and reviews the seller: four stars and a word
        const review = page.locator('form', { hasText: '评价卖家' });
        await review.getByLabel('4 星').check();
        await review.getByLabel('评价内容（可选）').fill('橙子很甜，包装结实');
        await buyerApp.screenshot('the review');
        await review.getByRole('button', { name: '提交评价' }).click();
        await page.getByText('您的评价：4 星').waitFor();
      }
      await confirmedHoursAgo(world, orderId, 48);

      // county staff settle the period; the campaign shows what it spent of its budget
      let statementId: string;
      {
        const { page, screenshot } = countyApp;
        await page.goto('/county/promotions');
        await page.locator('[data-testid="campaign"]', { hasText: '已用 ¥20.00 / 预算 ¥1,000.00' }).waitFor();
        await page.goto('/county/settlement');
        await page.getByRole('button', { name: '结算并打款' }).click();
        await page.getByRole('button', { name: '确认结算' }).click();
        const row = page.locator(`[data-testid="county-statements"] [data-party-id="${seller.orgId}"]`);
        await row.waitFor();
        statementId = (await row.getAttribute('data-statement-id'))!;
        await screenshot('settled');
      }

      // the seller's statement: ¥135 sold, ¥20 of it paid by the county's coupon, ¥135 owed to the seller
      {
        const { page, screenshot } = sellerApp;
        await page.goto(`/seller/statements/${statementId}`);
        await page.waitForURL(/\/login\?next=/);
        await loginThroughUi(page, seller.phone, seller.password);
        const figures = page.locator('[data-testid="statement-figures"]');
        await figures.waitFor();
        await screenshot('the statement with the county subsidy');
        const figure = async (name: string) =>
          fenOfText(await figures.locator(`[data-figure="${name}"]`).textContent());
        expect({
          sold: await figure('sold'),
          county: await figure('county-discount'),
          net: await figure('net'),
        }).toEqual({ sold: 13_500, county: 2_000, net: 13_500 });
        expect(await figures.textContent()).toContain('其中县券补贴（县里承担）');
      }

      // the ledger: the county funds ¥20, the provider took ¥115, the seller is owed (or paid) ¥135
      const ledger = await ledgerBalances(world, COUNTY);
      expect(ledger.county_discount).toBe(2_000);
      for (const session of [countyApp, buyerApp, sellerApp]) {
        expect(session.problems).toEqual([]);
      }
    } catch (error) {
      await Promise.all([countyApp, buyerApp, sellerApp].map((session) => session.screenshot('failed')));
      throw error;
    } finally {
      await Promise.all([countyApp.close(), buyerApp.close(), sellerApp.close()]);
    }
  });

  it('领券 on the listing page and 我的优惠券; a seller edits and stops its coupon; a platform admin issues one', async () => {
    const { seller, listing } = setting;
    const shopper = await person(world, '李娜');
    const sellerApp = await openBrowser(world, 'coupons-runner-seller', { viewport: PHONE });
    const adminApp = await openBrowser(world, 'coupons-runner-admin', { viewport: PHONE });
    const buyerApp = await openBrowser(world, 'coupons-runner-buyer', { viewport: PHONE });
    try {
      // the seller issues a shop coupon and, before anyone claims it, changes it to 满50减6
      {
        const { page, screenshot } = sellerApp;
        await page.goto('/seller/coupons');
        await page.waitForURL(/\/login\?next=/);
        await loginThroughUi(page, seller.phone, seller.password);
        const form = page.getByRole('form', { name: '发一张满减券' });
        await form.getByLabel('券的名称').fill('店铺满50减5');
        await form.getByLabel('满（元）').fill('50');
        await form.getByLabel('减（元）').fill('5');
        await form.getByRole('button', { name: '发券' }).click();
        const card = page.locator('[data-testid="coupon"]', { hasText: '店铺满50减5' });
        await card.getByRole('button', { name: '修改' }).click();
        const edit = card.getByRole('form', { name: '修改' });
        await edit.getByLabel('券的名称').fill('店铺满50减6');
        await edit.getByLabel('减（元）').fill('6');
        await screenshot('editing the shop coupon');
        await edit.getByRole('button', { name: '保存' }).click();
        await page.locator('[data-testid="coupon"]', { hasText: '满 ¥50.00 减 ¥6.00' }).waitFor();
      }

      // a platform admin issues a platform-funded coupon on 平台券
      {
        const { page, screenshot } = adminApp;
        await page.goto('/county/platform-coupons');
        await page.waitForURL(/\/login\?next=/);
        await loginThroughUi(page, world.admin.phone, world.admin.password);
        const form = page.getByRole('form', { name: '发一张满减券' });
        await form.getByLabel('券的名称').fill('平台满30减3');
        await form.getByLabel('满（元）').fill('30');
        await form.getByLabel('减（元）').fill('3');
        await form.getByRole('button', { name: '发券' }).click();
        await page.locator('[data-testid="coupon"]', { hasText: '平台满30减3' }).waitFor();
        await screenshot('the platform coupon');
      }

      // the buyer claims both on the listing page and finds them in 我的优惠券, with where each applies
      {
        const { page, screenshot } = buyerApp;
        await loginThroughUi(page, shopper.phone, shopper.password);
        await page.goto(`/listings/${listing.listingId}`);
        const offered = page.locator('[data-testid="claim-coupons"] [data-testid="coupon"]');
        for (const title of ['店铺满50减6', '平台满30减3']) {
          const coupon = offered.filter({ hasText: title });
          await coupon.getByRole('button', { name: '领取' }).click();
          await coupon.locator('.tag', { hasText: '已领取' }).waitFor();
        }
        await screenshot('claimed on the listing page');
        await page.getByRole('link', { name: '我的优惠券' }).click();
        const usable = page.locator('[data-testid="my-coupons-available"]');
        await usable
          .locator('[data-testid="coupon"]', { hasText: '店铺满50减6' })
          .getByText('仅限发券店铺的商品')
          .waitFor();
        await usable
          .locator('[data-testid="coupon"]', { hasText: '平台满30减3' })
          .getByText('全平台商品可用')
          .waitFor();
        await screenshot('my coupons');
      }

      // the seller stops its coupon: no more claims, but the buyer's stays usable
      {
        const { page, screenshot } = sellerApp;
        await page.reload();
        const card = page.locator('[data-testid="coupon"]', { hasText: '店铺满50减6' });
        await card.getByText('已领 1 / 100 张').waitFor();
        await card.getByRole('button', { name: '修改' }).click();
        await card.getByText('已有人领取').waitFor();
        await card.getByRole('button', { name: '取消' }).click();
        await card.getByRole('button', { name: '停发' }).click();
        await card.getByRole('button', { name: '确认停发' }).click();
        await card.getByText('已停发').waitFor();
        await screenshot('the shop coupon stopped');
      }
      {
        const { page, screenshot } = buyerApp;
        await page.goto(`/listings/${listing.listingId}`);
        await page
          .locator('[data-testid="claim-coupons"] [data-testid="coupon"]', { hasText: '平台满30减3' })
          .waitFor();
        expect(await page.locator('[data-testid="claim-coupons"]').textContent()).not.toContain('店铺满50减6');
        await page.goto('/coupons');
        await page
          .locator('[data-testid="my-coupons-available"] [data-testid="coupon"]', { hasText: '店铺满50减6' })
          .waitFor();
        await screenshot('a stopped coupon already claimed stays usable');
      }
      for (const session of [sellerApp, adminApp, buyerApp]) {
        expect(session.problems).toEqual([]);
      }
    } catch (error) {
      await Promise.all([sellerApp, adminApp, buyerApp].map((session) => session.screenshot('failed')));
      throw error;
    } finally {
      await Promise.all([sellerApp.close(), adminApp.close(), buyerApp.close()]);
    }
  });
});
