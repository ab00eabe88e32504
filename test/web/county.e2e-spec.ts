import { catalogSellerIs, cooperativeApplies, organisationOf, paidOrderFrom } from './county-support';
import { loginThroughUi, openBrowser, PHONE_VIEWPORT, SMALL_PHONE_VIEWPORT, startWebWorld, WebWorld } from './support';

/**
 * The county staff console in a browser: a cooperative applies, county staff verify it on the sellers page (and the
 * catalog learns it), and after a real paid order the dashboard draws its charts from the county's figures.
 */
describe('the county staff console in a browser', () => {
  let world: WebWorld;

  beforeAll(async () => {
    world = await startWebWorld();
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('verifies an applicant from the sellers page and shows the county’s figures as charts', async () => {
    const name = `安西镇脐橙专业合作社${Date.now() % 1_000_000}`;
    const applicant = await cooperativeApplies(world, { name, ownerName: '曾庆华' });

    const browser = await openBrowser(world, 'county', { viewport: PHONE_VIEWPORT });
    const { page } = browser;
    try {
      // county staff open the sellers page, log in, and come back to it
      await page.goto('/county/sellers');
      await page.waitForURL(/\/login\?next=%2Fcounty%2Fsellers/);
      await loginThroughUi(page, world.staff.phone, world.staff.password, world.staff.name);
      await page.waitForURL(/\/county\/sellers$/);
      await page.locator('h1', { hasText: '卖家审核' }).waitFor();
      await page.waitForFunction(() => document.title.startsWith('卖家审核'));
      const row = page.locator('[data-testid="org-row"]', { hasText: name });
      await row.waitFor();
      expect(await row.textContent()).toContain(applicant.creditCode);
      expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('pending');
      await browser.screenshot('sellers waiting');

      // the applicant's page: facts, members; verification asks before it acts
      await row.getByRole('link', { name }).click();
      await page.locator('h1', { hasText: name }).waitFor();
      await page
        .getByRole('cell', { name: '曾庆华' })
        .or(page.getByRole('rowheader', { name: '曾庆华' }))
        .waitFor();
      await page.getByRole('button', { name: '审核通过' }).click();
      await page.getByRole('button', { name: '确认通过' }).waitFor();
      await browser.screenshot('verify asks first');
      await page.getByRole('button', { name: '确认通过' }).click();
      await page.locator('[data-testid="org-status"] [data-status="verified"]').waitFor();
      // the page follows the catalog until it has learnt of the decision
      await page.locator('[data-testid="catalog-standing"][data-status="verified"]').waitFor({ timeout: 20_000 });
      await browser.screenshot('verified');

      expect((await organisationOf(world, world.staff, applicant.orgId)).status).toBe('verified');
      expect(await catalogSellerIs(world, applicant.orgId, 'verified')).toMatchObject({ name });

      // a real order, placed and paid, so that the county's figures are not zero
      const { totalFen } = await paidOrderFrom(world, applicant);
      const total = (totalFen / 100).toFixed(2);

      await page.locator('.county-tabs').getByRole('link', { name: '数据看板' }).click();
      await page.locator('h1', { hasText: '全县数据看板' }).waitFor();
      await page.locator('[data-testid="kpi-gmv"]', { hasText: total }).waitFor();
      for (const chart of [
        'chart-gmv',
        'chart-orders',
        'chart-growth',
        'chart-nodes',
        'chart-first-km',
        'chart-excursions',
      ]) {
        await page.locator(`[data-testid="${chart}"] h2`).waitFor();
      }
      const gmvChart = page.locator('[data-testid="chart-gmv"]');
      const svg = gmvChart.locator('svg[role="img"]');
      await svg.waitFor();
      expect(await svg.getAttribute('aria-labelledby')).toBeTruthy();
      const tallest = await gmvChart
        .locator('rect.bar')
        .evaluateAll((bars) => Math.max(0, ...bars.map((bar) => Number(bar.getAttribute('height')))));
      expect(tallest).toBeGreaterThan(10);
      expect(await page.locator('[data-testid="chart-orders"] svg[role="img"] circle').count()).toBeGreaterThan(0);
      await browser.screenshot('dashboard');

      // every chart's figures are also a table
      await gmvChart.getByRole('button', { name: '显示数据表' }).click();
      const table = gmvChart.getByRole('table');
      await table.waitFor();
      expect(await table.textContent()).toContain(total);
      await browser.screenshot('dashboard with table');

      // at 360 px the tables scroll inside their card and the charts fit the screen
      await page.setViewportSize(SMALL_PHONE_VIEWPORT);
      // the charts follow the width through a ResizeObserver, a frame or two after the resize: the page must come to
      // fit (no sideways scrolling) once they have, and fails here if it never does
      await page.waitForFunction(() => {
        const chart = document.querySelector('[data-testid="chart-gmv"] svg[role="img"]');
        return (
          chart !== null && chart.getBoundingClientRect().width <= 360 && document.documentElement.scrollWidth <= 360
        );
      });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await browser.screenshot('dashboard at 360px');

      // the other sections open at 360 px too: the storefront (none yet: the create form, refused, then made), the network (the hub
      // made through the node form, then a village code under it refused by the code rules before it is sent),
      // runs and claims
      const tabs = page.locator('.county-tabs');
      await tabs.getByRole('link', { name: '县域馆' }).click();
      await page.getByRole('heading', { name: '创建县域馆' }).waitFor();
      await browser.screenshot('storefront at 360px');
      // a name too short and a banner that is no address: both refused beside their fields, then the draft is made
      const storefrontForm = page.locator('form', { has: page.getByRole('heading', { name: '创建县域馆' }) });
      await storefrontForm.getByLabel('馆名').fill('馆');
      await storefrontForm.getByLabel('横幅图片地址').fill('不是地址');
      await storefrontForm.getByRole('button', { name: '创建草稿' }).click();
      for (const label of ['馆名', '横幅图片地址']) {
        await storefrontForm.getByLabel(label).and(page.locator('[aria-invalid="true"]')).waitFor();
      }
      await browser.screenshot('storefront refused field by field at 360px');
      await storefrontForm.getByLabel('馆名').fill('信丰县农特产品馆');
      await storefrontForm.getByLabel('横幅图片地址').fill('');
      await storefrontForm.getByRole('button', { name: '创建草稿' }).click();
      await page.getByText('县域馆草稿已创建。').waitFor();

      await tabs.getByRole('link', { name: '物流网络' }).click();
      await page.getByRole('button', { name: '添加县级中心' }).click();
      const hubForm = page.getByRole('form', { name: '添加县级中心' });
      await hubForm.getByLabel('名称').fill('信丰县电商物流配送中心');
      await hubForm.getByLabel('纬度').fill('25.386');
      await hubForm.getByLabel('经度').fill('114.922');
      await hubForm.getByRole('button', { name: '添加站点' }).click();
      const hub = page.locator('[data-testid="node"][data-code="360722"]');
      await hub.waitFor();
      await hub.getByRole('button', { name: '添加乡镇站' }).click();
      const townForm = page.getByRole('form', { name: /添加乡镇站/ });
      await townForm.getByLabel('编码').fill('360722100201');
      await townForm.locator('.field-error', { hasText: '这里应添加乡镇站（9 位编码）' }).waitFor();
      expect(await townForm.getByRole('button', { name: '添加站点' }).isDisabled()).toBe(true);
      await browser.screenshot('network code rules at 360px');

      // a vehicle the API refuses field by field (no plate, no load): each reason beside its own field, at once
      await page.getByRole('link', { name: '车辆', exact: true }).click();
      const vehicleForm = page.locator('form', { has: page.getByRole('heading', { name: '登记车辆' }) });
      await vehicleForm.getByLabel('名称').fill('冷链厢式货车 1 号');
      await vehicleForm.getByLabel('载重（千克）').fill('0');
      await vehicleForm.getByRole('button', { name: '登记', exact: true }).click();
      for (const label of ['车牌', '载重（千克）']) {
        await vehicleForm.getByLabel(label).and(page.locator('[aria-invalid="true"]')).waitFor();
      }
      expect(await vehicleForm.locator('.field-error').count()).toBe(2);
      await browser.screenshot('vehicle refused field by field at 360px');

      await tabs.getByRole('link', { name: '车次与清单' }).click();
      await page.locator('h1', { hasText: '车次与配送清单' }).waitFor();
      await page.getByText('这一天没有车次').waitFor();
      await tabs.getByRole('link', { name: '售后仲裁' }).click();
      await page.getByText('没有待裁决的售后申请').waitFor();
      await browser.screenshot('claims at 360px');

      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
