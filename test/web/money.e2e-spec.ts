import { waitFor } from '@countyflow/testing';
import type { Locator } from 'playwright-core';
import { COUNTY, person, waitForOrder } from '../journeys/support';
import { AlipayCashier, WechatPayCashier } from '../money/providers/cashier';
import { alipayEnv, alipayKeys, FakeAlipay } from '../money/providers/fake-alipay';
import { FakeWechatPay, wechatPayEnv, wechatPayKeys } from '../money/providers/fake-wechatpay';
import { Actor } from '../support/actors';
import { phonePhoto } from '../support/photos';
import { FrontDoor } from './front-door';
import {
  confirmedHoursAgo,
  deliverByCarrier,
  fenOfText,
  ledgerBalances,
  moneySetting,
  MoneySetting,
  paidOutInLedger,
  sql,
  statementInLedger,
} from './money-support';
import {
  BrowserSession,
  downloadedBytes,
  fillCityAddress,
  loginThroughUi,
  openBrowser,
  startWebWorld,
  WebWorld,
} from './support';

jest.setTimeout(300_000);

/** What a liability's (credit-negative) balance means to the people: owed, as a positive amount. */
const owed = (balance: number): number => (balance === 0 ? 0 : -balance);

/** A phone: every person here works on one. */
const PHONE = { width: 390, height: 844 };

/** The photo behind a signed link has loaded in the page (not a broken image). */
async function photoShown(image: Locator): Promise<void> {
  await image.first().waitFor();
  await waitFor(() => image.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), {
    timeoutMs: 15_000,
    what: 'the claim photo loaded',
  });
}

/*
 * Money as the people see it, with a real provider's protocol: the platform runs with PAYMENT_PROVIDER=wechatpay (then
 * alipay) against the local fake of that provider (keys made here), behind a front door whose address the provider
 * was given for its notifications and returns. The buyer pays on the provider's cashier page; its notification pays
 * the order; a claim is refunded through the provider; the buyer confirms receipt; county staff settle and pay out;
 * the seller sees the statement paid. At the end the screens are held to the ledger, read from the database.
 */

interface Provider {
  name: 'wechatpay' | 'alipay';
  start(front: FrontDoor): Promise<Record<string, string>>;
  stop(): Promise<void>;
  /** The browser reaches the provider's cashier (a real cashier's host resolves to the local one). */
  route(browser: BrowserSession): Promise<unknown>;
  payee: { kind: string; account: string };
  transfersMade(): number;
  settled(): Promise<void>;
  /** Makes the provider refuse the next payout, as it refuses a payee account it cannot pay (WeChat Pay only). */
  refuseNextTransfer?(): void;
}

function wechat(): Provider {
  const fake = new FakeWechatPay(wechatPayKeys());
  const cashier = new WechatPayCashier(fake);
  return {
    name: 'wechatpay',
    start: async (front) => {
      const env = wechatPayEnv(fake.keys, await fake.start(), `${front.url}/api/orders`);
      await cashier.start();
      return env;
    },
    stop: async () => {
      await cashier.stop();
      await fake.stop();
    },
    route: (browser) =>
      browser.context.route(`${WechatPayCashier.H5_ORIGIN}/**`, (route) => {
        const url = new URL(route.request().url());
        return route.fulfill({ status: 302, headers: { location: `${cashier.url}${url.pathname}${url.search}` } });
      }),
    payee: { kind: 'wechat_openid', account: 'o4GgauInH8RCEdvrrNGrntX7' },
    transfersMade: () => fake.transfersMade,
    settled: () => cashier.settled(),
    refuseNextTransfer: () =>
      fake.nextTransferRefusals.push({ code: 'INVALID_REQUEST', message: 'openid与appid不匹配' }),
  };
}

function alipay(): Provider {
  const fake = new FakeAlipay(alipayKeys());
  const cashier = new AlipayCashier(fake);
  return {
    name: 'alipay',
    start: async (front) => {
      const env = alipayEnv(fake.keys, await fake.start(), `${front.url}/api/orders`);
      await cashier.start();
      return env;
    },
    stop: async () => {
      await cashier.stop();
      await fake.stop();
    },
    // the signed gateway URL the buyer opens (a GET) is Alipay's cashier; its API calls (POSTs) stay with the fake
    route: (browser) =>
      browser.context.route(
        (url) => url.href.startsWith(fake.gateway),
        (route) => {
          const url = new URL(route.request().url());
          return route.fulfill({ status: 302, headers: { location: `${cashier.url}${url.pathname}${url.search}` } });
        },
      ),
    payee: { kind: 'alipay_login_id', account: '13800138000' },
    transfersMade: () => fake.transfersMade,
    settled: () => cashier.settled(),
  };
}

describe.each([
  ['WeChat Pay', wechat, '一'],
  ['Alipay', alipay, '二'],
])('money with %s, in the browser', (_, make, suffix) => {
  const provider = make();
  const front = new FrontDoor();
  let world: WebWorld;
  let setting: MoneySetting;
  let buyer: Actor;

  beforeAll(async () => {
    await front.start();
    const env = await provider.start(front);
    world = await startWebWorld({ ...env, PAYOUT_INTERVAL_MS: '300' });
    front.target = world.api;
  }, 90_000);

  beforeAll(async () => {
    [setting, buyer] = await Promise.all([moneySetting(world, `${suffix}店`), person(world, '李想')]);
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
    await provider.stop();
    await front.stop();
  });

  const open = async (test: string) => {
    const browser = await openBrowser({ ...world, api: front.url }, test, { viewport: PHONE });
    await provider.route(browser);
    return browser;
  };

  it('takes the money, refunds a claim, settles and pays the seller out, as the ledger says', async () => {
    const { seller, listing, network } = setting;
    const sellerApp = await open(`money-${provider.name}-seller`);
    const buyerApp = await open(`money-${provider.name}-buyer`);
    const countyApp = await open(`money-${provider.name}-county`);
    try {
      // the seller sets the freight template and where payouts go
      {
        const { page, screenshot } = sellerApp;
        await page.goto('/seller/freight');
        await page.waitForURL(/\/login\?next=/);
        await loginThroughUi(page, seller.phone, seller.password);
        await page.locator('[data-testid="freight-form"]').waitFor();
        await page.getByLabel('首重 1 公斤（元）').first().fill('12');
        await page.getByLabel('续重每公斤（元）').first().fill('2');
        await page.getByRole('button', { name: '添加指定省份' }).click();
        const region = page.locator('[data-testid="freight-region"]');
        await region.locator('select').selectOption(['广东省', '广西壮族自治区']);
        await region.locator('[data-testid="region-chosen"]', { hasText: '广东省、广西壮族自治区' }).waitFor();
        await region.getByLabel('首重 1 公斤（元）').fill('15');
        await region.getByLabel('续重每公斤（元）').fill('3');
        await page.getByLabel('满多少元包邮（选填）').fill('500');
        await page.getByLabel('冷链加收（元）').fill('10');
        await page.getByLabel('到村服务点自提（元）').fill('0');
        await page.getByRole('button', { name: '保存运费模板' }).click();
        await page.locator('.notice', { hasText: '运费模板已保存' }).waitFor();
        await screenshot('the freight template');
        await page.goto('/seller/payee');
        await page.getByLabel('账户类型').selectOption(provider.payee.kind);
        await page.getByLabel('账号').fill(provider.payee.account);
        await page.getByRole('button', { name: '保存收款账户' }).click();
        await page.locator('.notice', { hasText: '收款账户已保存' }).waitFor();
        await screenshot('the payee account');
      }

      // the buyer orders a bag to Shenzhen: 25 kg at Guangdong's rates is ¥15 + 24 × ¥3 = ¥87 freight
      let orderId: string;
      {
        const { page, screenshot } = buyerApp;
        await loginThroughUi(page, buyer.phone, buyer.password);
        await page.goto(`/listings/${listing.listingId}`);
        await page.getByRole('button', { name: '加入购物车' }).click();
        await page.locator('.notice', { hasText: '已加入购物车' }).waitFor();
        await page.goto('/basket');
        await page.locator('[data-testid="basket-freight"]').first().waitFor();
        await screenshot('the basket');
        await page.getByRole('link', { name: '去结算' }).click();
        await page.getByLabel('寄到地址（城市）').check();
        await fillCityAddress(page);
        const freight = page.locator('[data-testid="seller-freight"]');
        await freight.filter({ hasText: '¥87.00' }).waitFor();
        await screenshot('checkout with the freight');
        await page.getByRole('button', { name: '提交订单' }).click();
        await page.waitForURL(/\/order-groups\//);
        const pay = page.getByRole('button', { name: /去付款 ¥222\.00/ });
        await pay.waitFor({ timeout: 30_000 });
        await screenshot('the pay page');
        await pay.click();
        if (provider.name === 'wechatpay') {
          // WeChat Pay's default is a QR code (Native); on this phone the buyer opens WeChat Pay's H5 cashier instead
          await page.locator('[data-testid="pay-qr"] img').waitFor();
          await screenshot('the wechat qr code');
          await page.getByRole('button', { name: '在本机打开微信支付' }).click();
        }
        await page.locator('[data-testid="cashier-amount"]', { hasText: '¥222.00' }).waitFor();
        await screenshot(`the ${provider.name} cashier`);
        await page.getByRole('button', { name: '确认支付' }).click();
        await page.waitForURL(/\/order-groups\/.*returned=1/);
        await page.locator('[data-testid="paid-notice"]').waitFor({ timeout: 30_000 });
        await screenshot('paid');
        orderId = (await page.locator('[data-testid="group-order"] a').first().getAttribute('href'))!.split('/').pop()!;
      }

      // the hub hands the bag to the carrier, which delivers it (their work, through the API)
      await deliverByCarrier(world, network, buyer, orderId);

      // part of the fertiliser got wet: the buyer claims ¥20 back, the seller accepts, the provider refunds it
      {
        const { page, screenshot } = buyerApp;
        await page.goto(`/orders/${orderId}`);
        await page.getByLabel('问题描述').fill('袋子破了，一部分肥料受潮结块');
        await page.getByLabel('希望的处理方式').selectOption('partial_refund');
        await page.getByLabel('退款金额（元）').fill('20');
        // the wet bag, photographed with the phone's camera: private evidence for the seller and the county
        await page
          .locator('input[name="claim-photo"]')
          .setInputFiles({ name: 'IMG_3307.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto('#6b4f2a') });
        await page.locator('[data-testid="claim-photo-previews"] img').waitFor();
        await page.getByRole('button', { name: '提交售后申请' }).click();
        await page.locator('#claim-view-title').waitFor();
        await photoShown(page.locator('[data-testid="claim-photos"] img'));
        await screenshot('the claim');
      }
      {
        const { page, screenshot } = sellerApp;
        await page.goto('/seller/claims');
        const claim = page.locator('[data-testid="claim"]').first();
        await claim.waitFor();
        await photoShown(claim.locator('[data-testid="claim-photos"] img'));
        await screenshot('the claim with its photo');
        await claim.getByRole('button', { name: '提交答复' }).click();
        await page.locator('[data-testid="claim"] .tag', { hasText: '已解决' }).first().waitFor();
        await screenshot('the claim accepted');
      }
      await waitFor(
        async () => {
          const [refund] = await sql<{ status: string }>(
            world,
            `SELECT status FROM orders.refund WHERE order_id = $1`,
            [orderId],
          );
          return refund?.status === 'succeeded';
        },
        { timeoutMs: 30_000, what: 'the refund paid by the provider and notified' },
      );

      // the buyer confirms receipt; the claim window after it passes
      {
        const { page, screenshot } = buyerApp;
        await page.goto(`/orders/${orderId}`);
        await page.getByRole('button', { name: '确认收货' }).click();
        await page.locator('.card', { hasText: '确认收货' }).filter({ hasText: '已于' }).waitFor();
        await screenshot('receipt confirmed');
      }
      await confirmedHoursAgo(world, orderId, 48);

      // county staff, who decide claims, see the buyer's photo too
      {
        const { page, screenshot } = countyApp;
        await page.goto('/county/claims?status=resolved');
        await page.waitForURL(/\/login\?next=/);
        await loginThroughUi(page, world.staff.phone, world.staff.password);
        await page.getByRole('link', { name: new RegExp(orderId.slice(0, 8)) }).click();
        await photoShown(page.locator('[data-testid="claim-photos"] img'));
        await screenshot('the claim at the county');
      }

      // county staff settle and pay out
      let statementId: string;
      {
        const { page, screenshot } = countyApp;
        await page.goto('/county/settlement');
        await page.locator('[data-testid="county-figures"]').waitFor();
        await screenshot('settlement before the round');
        provider.refuseNextTransfer?.();
        await page.getByRole('button', { name: '结算并打款' }).click();
        await page.getByRole('button', { name: '确认结算' }).click();
        await page.locator('[data-testid="round-done"]', { hasText: '已出 1 张结算单' }).waitFor();
        const row = page.locator(`[data-testid="county-statements"] [data-party-id="${seller.orgId}"]`);
        await row.waitFor();
        statementId = (await row.getAttribute('data-statement-id'))!;
        const party = page.locator(`[data-testid="county-parties"] [data-party-id="${seller.orgId}"]`);
        if (provider.refuseNextTransfer) {
          // the provider refused the payout: the seller's row says why, in Chinese, and county staff pay again
          const refused = party.locator(`[data-statement-id="${statementId}"][data-state="failed"]`);
          await waitFor(
            async () => {
              await page.reload();
              await party.waitFor();
              return (await refused.count()) === 1;
            },
            { timeoutMs: 30_000, what: 'the payout refused' },
          );
          expect(await refused.locator('[data-testid="payout-reason"]').textContent()).toBe(
            '收款账户与商户不匹配（INVALID_REQUEST）',
          );
          expect(fenOfText(await party.locator('[data-figure="failing"]').textContent())).toBe(20_200);
          expect(fenOfText(await party.locator('[data-figure="owed"]').textContent())).toBe(20_200);
          await screenshot('a payout refused');
          await refused.getByRole('button', { name: '重新打款' }).click();
          await refused.getByRole('button', { name: '重新打款' }).click();
        }
        await waitFor(
          async () => {
            await page.reload();
            await row.waitFor();
            return (await row.locator('[data-payout-state]').getAttribute('data-payout-state')) === 'paid';
          },
          { timeoutMs: 30_000, what: 'the payout paid' },
        );
        await screenshot('paid out');
        // the seller's row: paid to the fen, nothing owed or failing
        await party.locator('.payout-trouble').waitFor({ state: 'detached' });
        expect({
          owed: fenOfText(await party.locator('[data-figure="owed"]').textContent()),
          paidOut: fenOfText(await party.locator('[data-figure="paidOut"]').textContent()),
          failing: fenOfText(await party.locator('[data-figure="failing"]').textContent()),
        }).toEqual({ owed: 0, paidOut: 20_200, failing: 0 });
      }

      // the seller sees the statement paid, and downloads it
      let csv: string;
      {
        const { page, screenshot } = sellerApp;
        await page.goto('/seller/statements');
        const item = page.locator(`[data-statement-id="${statementId}"]`);
        await item.locator('[data-payout-state="paid"]').waitFor();
        await screenshot('statements');
        await item.getByRole('link', { name: /查看/ }).click();
        await page.locator('[data-testid="statement-figures"]').waitFor();
        await screenshot('the statement');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '下载 CSV' }).click(),
        ]);
        csv = (await downloadedBytes(download)).toString('utf8');
      }

      // the screens against the ledger, to the fen
      await provider.settled();
      const figure = async (session: BrowserSession, name: string) =>
        fenOfText(
          await session.page.locator(`[data-testid="statement-figures"] [data-figure="${name}"]`).textContent(),
        );
      const net = await figure(sellerApp, 'net');
      expect({
        sold: await figure(sellerApp, 'sold'),
        freight: await figure(sellerApp, 'freight'),
        refunds: await figure(sellerApp, 'refunds'),
        net,
      }).toEqual({ sold: 13_500, freight: 8_700, refunds: -2_000, net: 20_200 });
      expect(-(await statementInLedger(world, statementId))).toBe(net);
      expect(csv).toContain('202.00');
      const ledger = await ledgerBalances(world, COUNTY);
      expect(ledger[`seller_payable/${seller.orgId}`] ?? 0).toBe(0);
      const county = countyApp.page.locator('[data-testid="county-figures"]');
      const countyFigure = async (name: string) =>
        fenOfText(await county.locator(`[data-figure="${name}"]`).textContent());
      expect(await countyFigure('paidOut')).toBe(await paidOutInLedger(world, COUNTY));
      expect(await countyFigure('paidOut')).toBe(net);
      expect(await countyFigure('owedToSellers')).toBe(
        owed(
          Object.entries(ledger)
            .filter(([account]) => account.startsWith('seller_payable/'))
            .reduce((sum, [, balance]) => sum + balance, 0),
        ),
      );
      expect(await countyFigure('refundsOwed')).toBe(owed(ledger.refunds_payable ?? 0));
      // the provider: ¥222 taken, ¥20 refunded, ¥202 paid out, once
      expect(ledger.provider_clearing).toBe(22_200 - 2_000 - net);
      expect(provider.transfersMade()).toBe(1);
      await waitForOrder(world, buyer, orderId, 'completed');

      for (const session of [sellerApp, buyerApp, countyApp]) {
        expect(session.problems).toEqual([]);
      }
    } catch (error) {
      // what each person saw when it failed
      await Promise.all([sellerApp, buyerApp, countyApp].map((session) => session.screenshot('failed')));
      throw error;
    } finally {
      await Promise.all([sellerApp.close(), buyerApp.close(), countyApp.close()]);
    }
  });
});
