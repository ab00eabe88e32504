import { get } from '../journeys/support';
import { phonePhoto } from '../support/photos';
import { expectQrEncodes, heading, verifiedCooperative } from './seller-support';
import { loginThroughUi, openBrowser, PHONE_VIEWPORT, startWebWorld, WebWorld } from './support';

/**
 * The seller console in a browser: a verified cooperative's owner, at a desk, lists oranges with a SKU, takes stock
 * in, records a harvested lot, prints its compliance certificate with the QR code of the public trace page, and
 * publishes the listing.
 */
describe('the seller console in a browser', () => {
  let world: WebWorld;

  beforeAll(async () => {
    world = await startWebWorld();
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('lists produce with a SKU, adds stock, records a lot, prints its certificate and publishes', async () => {
    const owner = await verifiedCooperative(world);
    const browser = await openBrowser(world, 'seller console', { viewport: PHONE_VIEWPORT });
    const { page } = browser;
    try {
      // a members-only page: the login page brings the owner back to the console
      await page.goto('/seller');
      await page.waitForURL(/\/login\?next=%2Fseller/);
      await loginThroughUi(page, owner.phone, owner.password, owner.name);
      await heading(page, '卖家中心');
      await page.locator('[data-testid="org-status"]', { hasText: '已认证' }).waitFor();
      await page.locator('[data-testid="figures"]').waitFor();
      expect(await page.title()).toContain('卖家中心');
      await browser.screenshot('home');

      // the customer hotline: a non-number is refused beside the field, in Chinese; a landline is published
      const hotline = page.locator('[data-testid="hotline-form"]');
      await hotline.getByLabel('客服电话').fill('打我手机');
      await hotline.getByRole('button', { name: '保存客服电话' }).click();
      await hotline.locator('.field-error', { hasText: '请填写正确的电话号码' }).waitFor();
      await hotline.getByLabel('客服电话').fill('0797-3312345');
      await hotline.getByRole('button', { name: '保存客服电话' }).click();
      await hotline.locator('.notice', { hasText: '已保存' }).waitFor();
      await browser.screenshot('hotline published');

      // a new produce listing with its first SKU (price typed in yuan)
      await page.locator('.seller-tabs a[href="/seller/listings"]').click();
      await heading(page, '我的商品');
      await page.getByRole('link', { name: '发布新商品' }).first().click();
      await heading(page, '发布新商品');
      expect(await page.locator('input[name="direction"][value="up"]').isChecked()).toBe(true);
      await page.locator('#listing-category').selectOption('citrus');
      await page.locator('#listing-title').fill('安西脐橙 5斤装 产地直发');
      await page.locator('#listing-description').fill('安西镇果园现摘，果肉细嫩化渣。');
      await page.locator('#first-sku-spec').fill('5斤装 果径75mm+');
      await page.locator('#first-sku-price').fill('39.9');
      await page.locator('#first-sku-weight').fill('2.6');
      await page.locator('#first-sku-volume').fill('6');
      await browser.screenshot('new listing form');
      await page.getByRole('button', { name: '保存为草稿' }).click();
      await page.waitForURL(/\/seller\/listings\/[0-9a-f-]{36}$/);
      const listingId = new URL(page.url()).pathname.split('/').pop()!;
      await heading(page, '安西脐橙 5斤装 产地直发');
      await page.locator('.notice', { hasText: '已保存' }).waitFor();
      const sku = page.locator('[data-testid="sku-row"]');
      await sku.filter({ hasText: '¥39.90' }).waitFor();
      // a draft can be published or archived, not unpublished
      const actions = page.locator('[data-testid="listing-actions"] button');
      expect(await actions.allTextContents()).toEqual(['上架', '归档（删除）']);
      await browser.screenshot('draft listing');

      // stock: 120 units received
      await sku.getByRole('link', { name: '库存' }).click();
      await heading(page, '库存：安西脐橙 5斤装 产地直发 · 5斤装 果径75mm+');
      await page.locator('[data-figure="available"] .figure-value', { hasText: '0' }).waitFor();
      expect(await page.locator('input[name="kind"][value="received"]').isChecked()).toBe(true);
      await page.locator('#stock-quantity').fill('120');
      await page.locator('#stock-reason').fill('新采摘入库');
      await page.getByRole('button', { name: '确认调整' }).click();
      await page.locator('[data-figure="available"] .figure-value', { hasText: '120' }).waitFor();
      await page.locator('[data-testid="ledger"] tr', { hasText: '新采摘入库' }).filter({ hasText: '+120' }).waitFor();
      await browser.screenshot('stock received');

      // a harvested lot of the listing
      await page.goto(`/seller/lots?listing=${listingId}`);
      await heading(page, '批次与合格证');
      await page.getByRole('link', { name: '记录新批次' }).first().click();
      await heading(page, '记录采收批次');
      expect(await page.locator('#lot-listing').inputValue()).toBe(listingId);
      await page.locator('#lot-quantity').fill('500');
      await page.locator('#lot-grade').fill('特级');
      await page.locator('#lot-phone').fill('13800138000');
      await page.locator('#lot-test-item').fill('农药残留（速测）');
      await page.locator('#lot-test-result').fill('抑制率 12%');
      // without the whole pledge catalog issues no certificate, and says why
      await page.getByRole('button', { name: '记录批次并签发合格证' }).click();
      await page.locator('[data-testid="problem"]', { hasText: '还缺：不使用禁用农药兽药' }).waitFor();
      await page.locator('input[name="noBannedSubstances"]').check();
      await page.locator('input[name="safetyIntervalsKept"]').check();
      await page.locator('input[name="residuesWithinLimits"]').check();
      await browser.screenshot('lot form');
      await page.getByRole('button', { name: '记录批次并签发合格证' }).click();
      await page.waitForURL(/\/seller\/lots\?listing=/);
      const lotRow = page.locator('[data-testid="lot-row"]');
      await lotRow.waitFor();
      const traceCode = (await lotRow.locator('.trace-code').textContent())!.trim();
      expect(traceCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
      await page.locator('.notice', { hasText: traceCode }).waitFor();
      await browser.screenshot('lot recorded');

      // the certificate: what DOMAIN.md asks of a 合格证, and the QR code of the public trace page
      await page.locator('.notice').getByRole('link', { name: '打印合格证' }).click();
      await page.waitForURL(/\/seller\/lots\/[0-9a-f-]{36}\/certificate/);
      await heading(page, '承诺达标合格证');
      const certificate = page.locator('[data-testid="certificate"]');
      expect((await certificate.locator('[data-testid="trace-code"]').textContent())!.trim()).toBe(traceCode);
      expect(await certificate.locator('[data-testid="certificate-no"]').textContent()).toMatch(
        /^HGZ-360722-\d{8}-\d{6}$/,
      );
      const text = (await certificate.textContent())!;
      for (const expected of [
        '安西脐橙 5斤装 产地直发',
        '500 千克',
        '安西镇脐橙专业合作社',
        '360722100201',
        '13800138000',
        '不使用禁用农药兽药',
        '农药残留（速测）',
      ]) {
        expect(text).toContain(expected);
      }
      const qr = certificate.locator('img[data-testid="certificate-qr"]');
      await qr.waitFor();
      const traceUrl = `${world.api}/trace/${traceCode}`;
      expect(await qr.getAttribute('alt')).toBe(traceUrl);
      await expectQrEncodes((await qr.getAttribute('src'))!, traceUrl);
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      // the trace code is the lot's, as catalog issued it
      const lots = await get(world, `/api/catalog/listings/${listingId}/lots`, owner).expect(200);
      expect(lots.body.map((lot: { traceCode: string }) => lot.traceCode)).toEqual([traceCode]);
      await browser.screenshot('certificate');
      await page.emulateMedia({ media: 'print' });
      await browser.screenshot('certificate print');
      await page.emulateMedia({ media: 'screen' });

      // a photo of the lot from the camera: under the label (not printed), then on the public trace page
      const lotPhotos = page.locator('[data-testid="lot-photos"]');
      await lotPhotos.locator('input[type="file"]').setInputFiles({
        name: 'IMG_0042.jpg',
        mimeType: 'image/jpeg',
        buffer: await phonePhoto('#ef6c00'),
      });
      await lotPhotos.locator('.notice', { hasText: '照片已添加' }).waitFor();
      await lotPhotos.locator('img').waitFor();
      expect(await lotPhotos.textContent()).toContain('1/6 张');
      await browser.screenshot('lot photo taken');
      await page.goto(`/trace/${traceCode}`);
      await page.locator('[data-testid="trace-photos"] img').waitFor();
      await browser.screenshot('trace page with the lot photo');

      // publish: the buttons follow the allowed transitions
      await page.goto(`/seller/listings/${listingId}`);
      await heading(page, '安西脐橙 5斤装 产地直发');
      await page.locator('[data-testid="listing-actions"] button[data-action="publish"]').click();
      await page.locator('.notice', { hasText: '已上架' }).waitFor();
      await page.locator('.tag[data-status="published"]').waitFor();
      expect(await actions.allTextContents()).toEqual(['下架', '归档（删除）']);
      const published = await get(world, `/api/catalog/listings/${listingId}`).expect(200);
      expect(published.body).toMatchObject({ status: 'published', purchasable: true });
      expect(published.body.skus).toEqual([
        expect.objectContaining({ priceFen: 3990, weightGrams: 2600, available: 120 }),
      ]);
      await browser.screenshot('published');
      expect(browser.problems).toEqual([]);
    } catch (error) {
      await browser.screenshot('failure').catch(() => undefined);
      throw new Error(`${String(error)}\nbrowser problems: ${browser.problems.join('\n')}`, { cause: error });
    } finally {
      await browser.close();
    }

    // the same console on a phone: stock, orders (none yet) and sales, in English
    const phone = await openBrowser(world, 'seller console phone', { locale: 'en' });
    try {
      await phone.page.goto('/login');
      await phone.page.locator('#language-switch').selectOption('en');
      await loginThroughUi(phone.page, owner.phone, owner.password, owner.name);
      await phone.page.goto('/seller/stock');
      await heading(phone.page, 'Stock');
      await phone.page.locator('[data-testid="stock-table"] td', { hasText: '120' }).waitFor();
      await phone.screenshot('stock');
      await phone.page.locator('.seller-tabs a[href="/seller/orders"]').click();
      await heading(phone.page, 'Orders');
      await phone.page.locator('.state-empty', { hasText: 'No orders match' }).waitFor();
      await phone.screenshot('orders to pack');
      await phone.page.goto('/seller/sales');
      await heading(phone.page, 'Sales');
      await phone.page.locator('[data-testid="sales-bars"] rect').first().waitFor({ state: 'attached' });
      expect(await phone.page.locator('[data-testid="sales-bars"] rect').count()).toBe(30);
      await phone.screenshot('sales');
      expect(phone.problems).toEqual([]);
    } catch (error) {
      await phone.screenshot('failure').catch(() => undefined);
      throw new Error(`${String(error)}\nbrowser problems: ${phone.problems.join('\n')}`, { cause: error });
    } finally {
      await phone.close();
    }
  }, 60_000);
});
