import { OrganisationKind } from '@countyflow/contracts';
import ExcelJS from 'exceljs';
import { COUNTY, listProduct, verifiedSeller } from '../journeys/support';
import { phonePhoto } from '../support/photos';
import { downloadedBytes, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

const ANXI_VILLAGE = `${COUNTY}100201`;

/**
 * Verified tags and the statistics export on a 390 px phone: the cooperative's owner applies for the geographical
 * indication tag with the certificate number and a photo of the certificate, county staff verify it in their review
 * queue, a buyer sees the 地理标志 badge and finds the oranges filtered by it (and not the honey, which has none), and
 * county staff revoke it with a reason (the badge leaves, the seller sees why) and download the county's figures as
 * Excel. Screenshots: test-artifacts/web/verified-tags-and-export/.
 */
describe('verified tags and the statistics export in the browser', () => {
  let world: WebWorld;

  beforeAll(async () => {
    world = await startWebWorld();
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('takes a tag from the seller’s application to the buyer’s filter, and downloads the county’s figures', async () => {
    const owner = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县安西镇脐橙专业合作社',
      ownerName: '刘德明',
      villageCode: ANXI_VILLAGE,
    });
    const oranges = await listProduct(world, owner, {
      categoryId: 'citrus',
      title: '信丰脐橙 5斤装 产地直发',
      description: '安西镇果园现摘。',
      originVillageCode: ANXI_VILLAGE,
      sku: { spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 100 },
    });
    await listProduct(world, owner, {
      categoryId: 'honey',
      title: '油山土蜂蜜 脐橙花蜜 500g',
      description: '百花蜜。',
      originVillageCode: ANXI_VILLAGE,
      sku: { spec: '500g', priceFen: 6800, weightGrams: 800, volumeMl: 1200, initialStock: 100 },
    });

    const seller = await openBrowser(world, 'verified tags and export');
    const county = await openBrowser(world, 'verified tags and export (county)');
    const buyer = await openBrowser(world, 'verified tags and export (buyer)');
    try {
      // the seller applies: certificate number and a photo taken with the phone
      await seller.page.goto('/login');
      await loginThroughUi(seller.page, owner.phone, owner.password, owner.name);
      await seller.page.goto(`/seller/listings/${oranges.listingId}`);
      const form = seller.page.locator('[data-testid="tag-form"]');
      await form.locator('select[name="kind"]').selectOption('geographical_indication');
      await form.locator('input[name="certificateNo"]').fill('AGI-2019-00123');
      await form.locator('input[type="file"]').setInputFiles({
        name: 'certificate.jpg',
        mimeType: 'image/jpeg',
        buffer: await phonePhoto('#f4efe1', 800, 600),
      });
      await form.getByRole('button', { name: '提交审核' }).click();
      await seller.page.locator('[data-testid="tag-row"]', { hasText: '审核中' }).waitFor();
      await seller.screenshot('seller applied');

      // county staff verify it in the review queue, with the certificate photo in front of them
      await county.page.goto('/login');
      await loginThroughUi(county.page, world.staff.phone, world.staff.password, world.staff.name);
      await county.page.goto('/county/tags');
      const card = county.page.locator('[data-testid="tag-card"]', { hasText: '信丰脐橙' });
      await card.locator('text=AGI-2019-00123').waitFor();
      expect(await card.locator('img').getAttribute('src')).toMatch(/\/media\/private\/.+sig=/);
      await county.screenshot('review queue');
      await card.getByRole('button', { name: '通过', exact: true }).click();
      await county.page.locator('.notice', { hasText: '已通过' }).waitFor();

      // the buyer sees the badge and filters by it
      await buyer.page.goto('/search?q=脐橙&certification=geographical_indication');
      const cards = buyer.page.locator('[data-testid="listing-card"]');
      await cards.filter({ hasText: '信丰脐橙' }).locator('.tag', { hasText: '地理标志' }).waitFor();
      expect(await cards.count()).toBe(1);
      await buyer.screenshot('filtered by the tag');
      await buyer.page.goto('/search?q=脐橙');
      await cards.filter({ hasText: '土蜂蜜' }).waitFor();
      expect(await cards.count()).toBe(2);

      // the certificate is cancelled: county staff revoke the tag with a reason; the badge leaves, the seller sees why
      await county.page.goto('/county/tags');
      await county.page.getByRole('button', { name: '已认证' }).click();
      const verifiedCard = county.page.locator('[data-testid="tag-verified"] [data-testid="tag-card"]', {
        hasText: '信丰脐橙',
      });
      await verifiedCard.getByRole('button', { name: '撤销认证' }).click();
      await verifiedCard.getByLabel('撤销的原因（卖家会看到）').fill('证书已被注销');
      await county.screenshot('revoking a verified tag');
      await verifiedCard.getByRole('button', { name: '确认撤销' }).click();
      await county.page.locator('.notice', { hasText: '已撤销' }).waitFor();
      await buyer.page.goto('/search?q=脐橙');
      await cards.filter({ hasText: '土蜂蜜' }).waitFor();
      await cards.filter({ hasText: '信丰脐橙' }).waitFor();
      expect(await cards.filter({ hasText: '信丰脐橙' }).locator('.tag', { hasText: '地理标志' }).count()).toBe(0);
      await seller.page.reload();
      const revoked = seller.page.locator('[data-testid="tag-row"]', { hasText: '已被县里撤销' });
      await revoked.getByText('原因：证书已被注销').waitFor();
      await seller.screenshot('seller sees the revocation');

      // county staff download the county's figures as Excel
      await county.page.goto('/county/export');
      await county.page.locator('[data-testid="export-form"]').waitFor();
      await county.screenshot('export page');
      const [download] = await Promise.all([
        county.page.waitForEvent('download'),
        county.page.getByRole('button', { name: '下载表格 XLSX' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^county-statistics-${COUNTY}-.+\\.xlsx$`));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(await downloadedBytes(download)).buffer);
      const summary = workbook.getWorksheet('汇总')!;
      expect(summary.getRow(2).values).toEqual([undefined, '统计区域', `信丰县（${COUNTY}）`]);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('按日交易额');

      for (const session of [seller, county, buyer]) {
        expect(session.problems).toEqual([]);
      }
    } finally {
      await Promise.all([seller.close(), county.close(), buyer.close()]);
    }
  }, 240_000);
});
