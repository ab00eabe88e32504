import { OrganisationKind } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { COUNTY, listProduct, post, verifiedSeller } from '../journeys/support';
import { Actor, registerActor } from '../support/actors';
import { sql } from './money-support';
import { BrowserSession, fillCityAddress, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

jest.setTimeout(300_000);

const PHONE = { width: 390, height: 844 };
const ANXI_VILLAGE = `${COUNTY}100201`;

/*
 * Pre-sale (预售) and group buying (拼团) on a 390×844 phone, every service real, every step in the web app: the
 * cooperative creates a pre-sale in its console, two buyers pre-order and pay from the listing page, the cooperative
 * records a harvest that covers only the first order — which is released — and the second is refunded; a group of
 * two fills through the share link and both orders go on; a group nobody joins expires and its leader is refunded.
 * Screenshots: test-artifacts/web/presale-*, group-*.
 */
describe('pre-sale and group buying in the browser', () => {
  let world: WebWorld;
  let cooperative: Actor;
  let listingId: string;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    world = await startWebWorld({
      GROUP_EXPIRY_SWEEP_INTERVAL_MS: '1000',
      BALANCE_SWEEP_INTERVAL_MS: '1000',
      // buyers' messages go through logistics' SMS channel into the development inbox (/dev/sms)
      NOTIFICATION_CHANNEL: 'sms',
      SMS_PROVIDER: 'dev',
      LOGISTICS_SWEEP_INTERVAL_MS: '1000',
    });
    cooperative = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县安西镇脐橙专业合作社',
      ownerName: '刘德明',
      villageCode: ANXI_VILLAGE,
    });
    const oranges = await listProduct(world, cooperative, {
      categoryId: 'citrus',
      title: '赣南脐橙 预售 5斤装',
      description: '十二月采摘，产地直发。',
      originVillageCode: ANXI_VILLAGE,
      sku: { spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 20 },
    });
    listingId = oranges.listingId;
    // orders learns of the listing from catalog's event: wait until a quote of it answers
    await waitFor(
      async () =>
        (
          await post(
            world,
            '/api/orders/checkout/quote',
            {
              lines: [{ skuId: oranges.skuId, quantity: 1 }],
              destination: {
                kind: 'address',
                address: { province: '广东省', city: '深圳市', district: '南山区', detail: '1 号' },
                recipientName: '甲',
                recipientPhone: '13800138000',
              },
            },
            cooperative,
          )
        ).status === 200,
      { timeoutMs: 30_000, intervalMs: 200, what: 'orders to know the listing' },
    );
  }, 120_000);

  afterAll(async () => {
    for (const session of sessions) {
      await session.close();
    }
    await world?.stop();
  });

  async function browserOf(name: string, actor: Actor): Promise<BrowserSession> {
    const session = await openBrowser(world, name, { viewport: PHONE });
    sessions.push(session);
    await session.page.goto('/');
    await loginThroughUi(session.page, actor.phone, actor.password, actor.name);
    return session;
  }

  /** On checkout: an address typed in, the order placed, paid with the simulator; back on the order's page. */
  async function checkoutAndPay(session: BrowserSession, step: string): Promise<string> {
    const { page, screenshot } = session;
    await page.waitForURL('**/checkout?sale=1');
    await page.locator('[data-testid="checkout-sale"]').waitFor();
    await fillCityAddress(page, { postalCode: false });
    await screenshot(`${step} checkout`);
    await page.getByRole('button', { name: '提交订单' }).click();
    await page.waitForURL(/\/order-groups\//);
    const pay = page.getByRole('button', { name: /去付款/ });
    await pay.waitFor({ timeout: 30_000 });
    await pay.click();
    await page.locator('[data-testid="paid-notice"]').waitFor({ timeout: 30_000 });
    await screenshot(`${step} paid`);
    await page.getByRole('link', { name: /查看订单/ }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  it('sells a harvest ahead: pre-orders held, the harvest releases the first in order and refunds the shortfall', async () => {
    const seller = await browserOf('presale seller', cooperative);
    await seller.page.goto('/seller/presales');
    await seller.page.locator('h1', { hasText: '预售与拼团' }).waitFor();
    const form = seller.page.locator('[data-testid="presale-form"]');
    await form.getByLabel('商品规格').selectOption({ label: '赣南脐橙 预售 5斤装 · 5斤装' });
    await form.getByLabel('单价（元）').fill('49.90');
    await form.getByLabel('上限（份）').fill('5');
    await form.getByLabel('发货开始日期').fill('2027-01-10');
    await form.getByLabel('发货结束日期').fill('2027-01-20');
    await form.getByLabel('预售截止时间').fill('2027-01-05T20:00');
    await seller.screenshot('presale form');
    await form.getByRole('button', { name: '创建' }).click();
    await seller.page.locator('[data-testid="seller-presale"]', { hasText: '已预订 0/5 份' }).waitFor();

    const orderIds: string[] = [];
    for (const [index, name] of ['李想', '王芳'].entries()) {
      const buyer = await registerActor(`${world.api}/api/identity`, name);
      const session = await browserOf(`presale buyer ${index + 1}`, buyer);
      const { page, screenshot } = session;
      await page.goto(`/listings/${listingId}`);
      const offer = page.locator('[data-testid="presale-offer"]');
      await offer.waitFor();
      expect(await offer.textContent()).toContain('¥49.90');
      await offer.getByLabel('数量').fill('2');
      await screenshot('listing with pre-sale');
      await offer.getByRole('button', { name: '立即预订' }).click();
      orderIds.push(await checkoutAndPay(session, 'presale'));
      await page.locator('[data-testid="order-timeline"] li[data-status="awaiting_harvest"]').waitFor();
      await screenshot('order held for the harvest');
      expect(session.problems).toEqual([]);
    }

    // 3 units come in: the first order (2) is covered, the second (2) is not
    await seller.page.reload();
    const item = seller.page.locator('[data-testid="seller-presale"]', { hasText: '已预订 4/5 份' });
    await item.getByLabel('采收数量（份）').fill('3');
    await item.getByRole('button', { name: '登记采收' }).click();
    await seller.page
      .locator('[data-testid="harvest-done"]', { hasText: '已安排 1 单发货，1 单因采收不足已退款' })
      .waitFor();
    await seller.screenshot('harvest recorded');

    const [first, second] = sessions.slice(-2);
    await first.page
      .locator('[data-testid="order-timeline"] li[data-status="paid"]')
      .nth(1)
      .waitFor({ timeout: 30_000 });
    await first.screenshot('released for hand-in');
    await second.page
      .locator('[data-testid="order-timeline"] li[data-status="cancelled"]')
      .waitFor({ timeout: 30_000 });
    await second.page.getByText('采收不足，已全额退款').first().waitFor();
    await second.screenshot('refunded for the shortfall');
    const refunds = await waitFor(
      async () => {
        const rows = await sql<{ status: string; amount_fen: string }>(
          world,
          `SELECT status, amount_fen FROM orders.refund WHERE order_id = $1`,
          [orderIds[1]],
        );
        return rows.length === 1 && rows[0].status === 'succeeded' && rows;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the shortfall refund to be paid' },
    );
    expect(Number(refunds[0].amount_fen)).toBe(9980);
    expect(seller.problems).toEqual([]);
    expect(first.problems).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it('sells with a deposit: 定金 at order, 尾款 after the harvest goes on to fulfilment; an unpaid balance forfeits it', async () => {
    const seller = await browserOf('deposit seller', cooperative);
    await seller.page.goto('/seller/presales');
    const form = seller.page.locator('[data-testid="presale-form"]');
    await form.getByLabel('商品规格').selectOption({ label: '赣南脐橙 预售 5斤装 · 5斤装' });
    await form.getByLabel('单价（元）').fill('50.00');
    await form.getByLabel(/定金/).fill('10.00');
    await form.getByLabel('尾款期限（小时）').fill('24');
    await form.getByLabel('上限（份）').fill('6');
    await form.getByLabel('发货开始日期').fill('2027-01-10');
    await form.getByLabel('发货结束日期').fill('2027-01-20');
    await form.getByLabel('预售截止时间').fill('2027-01-05T20:00');
    await seller.screenshot('deposit presale form');
    await form.getByRole('button', { name: '创建' }).click();
    await seller.page.locator('[data-testid="seller-presale"]', { hasText: '定金 ¥10.00/份' }).waitFor();

    const buyers: BrowserSession[] = [];
    const phones: string[] = [];
    const orderIds: string[] = [];
    for (const [index, name] of ['孙丽', '郑凯'].entries()) {
      const actor = await registerActor(`${world.api}/api/identity`, name);
      phones.push(actor.phone);
      const session = await browserOf(`deposit buyer ${index + 1}`, actor);
      const { page, screenshot } = session;
      await page.goto(`/listings/${listingId}`);
      const offer = page.locator('[data-testid="presale-offer"]', { hasText: '定金' });
      await offer.waitFor();
      // the rule the buyer agrees to is on the listing
      expect(await offer.locator('[data-testid="presale-deposit"]').textContent()).toContain(
        '逾期不付尾款，订单取消，定金不退',
      );
      await screenshot('listing with a deposit pre-sale');
      await offer.getByRole('button', { name: '立即预订' }).click();
      await page.waitForURL('**/checkout?sale=1');
      await fillCityAddress(page, { postalCode: false });
      await page.getByRole('button', { name: '提交订单' }).click();
      await page.waitForURL(/\/order-groups\//);
      await page
        .locator('[data-testid="deposit-due"]', { hasText: '现在支付定金 ¥10.00' })
        .waitFor({ timeout: 30_000 });
      await screenshot('deposit due');
      await page.getByRole('button', { name: /去付款.*¥10\.00/ }).click();
      await page.locator('[data-testid="paid-notice"]').waitFor({ timeout: 30_000 });
      await page.getByRole('link', { name: /查看订单/ }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      orderIds.push(new URL(page.url()).pathname.split('/').pop()!);
      await page.locator('[data-testid="order-timeline"] li[data-status="awaiting_harvest"]').waitFor();
      await page.locator('[data-testid="deposit-paid"]', { hasText: '已付定金 ¥10.00' }).waitFor();
      await screenshot('deposit paid, held for the harvest');
      buyers.push(session);
    }

    await seller.page.reload();
    const item = seller.page.locator('[data-testid="seller-presale"]', { hasText: '定金' });
    await item.getByLabel('采收数量（份）').fill('2');
    await item.getByRole('button', { name: '登记采收' }).click();
    await seller.page
      .locator('[data-testid="harvest-done"]', { hasText: '已通知 2 单支付尾款（付清后发货），0 单因采收不足已退定金' })
      .waitFor();
    await seller.screenshot('deposit presale harvested');

    // the first buyer pays the balance from the order page: on to fulfilment
    const [payer, defaulter] = buyers;
    await payer.page.reload();
    await payer.page
      .locator('[data-testid="balance-due"]', { hasText: '支付尾款 ¥40.00' })
      .waitFor({ timeout: 30_000 });
    await payer.screenshot('balance due on the order');
    // and was told by SMS: the development inbox shows the message
    await payer.page.goto('/dev/sms');
    await payer.page.locator('input[name="phone"]').fill(phones[0]);
    await payer.page
      .locator('[data-testid="dev-sms"] li', { hasText: '已采收，请在' })
      .first()
      .waitFor({ timeout: 30_000 });
    await payer.screenshot('balance due SMS on /dev/sms');
    await payer.page.goto(`/orders/${orderIds[0]}`);
    await payer.page.getByRole('link', { name: '去付尾款' }).click();
    await payer.page.waitForURL(/\/order-groups\//);
    await payer.page.locator('[data-testid="balance-due"]').waitFor();
    await payer.page.getByRole('button', { name: /去付款.*¥40\.00/ }).click();
    await payer.page.locator('[data-testid="paid-notice"]').waitFor({ timeout: 30_000 });
    await payer.screenshot('balance paid');
    await payer.page.goto(`/orders/${orderIds[0]}`);
    await payer.page.getByText('尾款已付，安排发货').first().waitFor({ timeout: 30_000 });
    await payer.screenshot('balance paid, released for hand-in');

    // the second does not: past the deadline the order is cancelled and the deposit kept, nothing refunded
    await defaulter.page.reload();
    await defaulter.page.locator('[data-testid="balance-due"]').waitFor({ timeout: 30_000 });
    await sql(world, `UPDATE orders.customer_order SET payment_due_at = now() - interval '1 second' WHERE id = $1`, [
      orderIds[1],
    ]);
    await defaulter.page
      .locator('[data-testid="order-timeline"] li[data-status="cancelled"]')
      .waitFor({ timeout: 30_000 });
    await defaulter.page.getByText('尾款逾期未付，订单取消，定金不退').first().waitFor();
    await defaulter.screenshot('balance not paid, deposit forfeited');
    const rows = await sql<{ id: string; status: string; paid_fen: string; refunds: string }>(
      world,
      `SELECT id, status, paid_fen, (SELECT count(*) FROM orders.refund r WHERE r.order_id = o.id) AS refunds
         FROM orders.customer_order o WHERE id = ANY($1::uuid[])`,
      [orderIds],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(orderIds[0])).toMatchObject({ paid_fen: '5000', refunds: '0' });
    expect(['paid', 'in_fulfilment']).toContain(byId.get(orderIds[0])!.status);
    expect(byId.get(orderIds[1])).toMatchObject({ status: 'cancelled', paid_fen: '1000', refunds: '0' });
    for (const session of [seller, ...buyers]) {
      expect(session.problems).toEqual([]);
    }
  });

  it('fills a group of two through the share link (both orders go on), and refunds a group that expires', async () => {
    const seller = await browserOf('group seller', cooperative);
    await seller.page.goto('/seller/presales');
    const form = seller.page.locator('[data-testid="group-deal-form"]');
    await form.getByLabel('商品规格').selectOption({ label: '赣南脐橙 预售 5斤装 · 5斤装' });
    await form.getByLabel('拼团价（元）').fill('45.00');
    await form.getByLabel('成团人数').fill('2');
    await form.getByLabel('成团时限（分钟）').fill('60');
    await form.getByRole('button', { name: '创建' }).click();
    await seller.page.locator('[data-testid="seller-group-deal"]').first().waitFor();
    await seller.screenshot('group deal created');

    const leader = await browserOf('group leader', await registerActor(`${world.api}/api/identity`, '陈静'));
    await leader.page.goto(`/listings/${listingId}`);
    await leader.page.locator('[data-testid="group-offer"]').getByRole('button', { name: '发起拼团' }).click();
    await checkoutAndPay(leader, 'group leader');
    await leader.page.locator('[data-testid="order-timeline"] li[data-status="awaiting_group"]').waitFor();
    await leader.page.getByRole('link', { name: '查看拼团进度' }).click();
    const shareLink = await leader.page.locator('[data-testid="group-share-link"]').textContent();
    expect(await leader.page.locator('[data-testid="group-progress"]').textContent()).toBe(
      '已有 1/2 人参团 · 1 人已付款',
    );
    // the leader sees their own place and the share link, not 参加这个团
    await leader.page.locator('[data-testid="group-mine"]', { hasText: '你已在这个团里' }).waitFor();
    expect(await leader.page.getByRole('button', { name: '参加这个团' }).count()).toBe(0);
    await leader.screenshot('group waiting, share link');

    const friend = await browserOf('group friend', await registerActor(`${world.api}/api/identity`, '赵敏'));
    await friend.page.goto(new URL(shareLink!).pathname);
    await friend.page.getByRole('button', { name: '参加这个团' }).click();
    await checkoutAndPay(friend, 'group friend');
    await friend.page.getByRole('link', { name: '查看拼团进度' }).click();
    await friend.page.locator('[data-testid="group-status"]', { hasText: '拼团成功，已安排发货' }).waitFor();
    await friend.page.locator('[data-testid="group-mine"]').waitFor();
    await friend.screenshot('group complete');

    // a group nobody joins: its time runs out and the leader is refunded
    const alone = await browserOf('group expires', await registerActor(`${world.api}/api/identity`, '周强'));
    await alone.page.goto(`/listings/${listingId}`);
    await alone.page.locator('[data-testid="group-offer"]').getByRole('button', { name: '发起拼团' }).click();
    const orderId = await checkoutAndPay(alone, 'group alone');
    await sql(
      world,
      `UPDATE orders.buying_group SET expires_at = now() - interval '1 second' WHERE id = (SELECT buying_group_id FROM orders.customer_order WHERE id = $1)`,
      [orderId],
    );
    await alone.page.locator('[data-testid="order-timeline"] li[data-status="cancelled"]').waitFor({ timeout: 30_000 });
    await alone.page.getByText('未能按时成团，已退款').first().waitFor();
    await alone.screenshot('group expired, refunded');
    await alone.page.getByRole('link', { name: '查看拼团进度' }).click();
    await alone.page.locator('[data-testid="group-status"]', { hasText: '未成团，已全额退款' }).waitFor();
    await alone.screenshot('group page expired');

    for (const session of [seller, leader, friend, alone]) {
      expect(session.problems).toEqual([]);
    }
  });
});
