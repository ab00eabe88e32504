import { uniqueCreditCode, waitFor } from '@countyflow/testing';
import type { Locator, Page } from 'playwright-core';
import { COUNTY, person } from '../journeys/support';
import { phonePhoto } from '../support/photos';
import { catalogSellerIs } from './county-support';
import { heading } from './seller-support';
import { BrowserSession, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

jest.setTimeout(240_000);

/** Everyone here works on a phone. */
const PHONE = { width: 390, height: 844 };

/** The image has arrived and decoded (a refused or broken photo has no natural width). */
async function imageShown(image: Locator): Promise<void> {
  await image.waitFor();
  await waitFor(
    async () => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0),
    {
      timeoutMs: 15_000,
      what: 'the photo to load',
    },
  );
}

/** Picks a photo as the phone's camera would hand it to the page (a JPEG with EXIF location). */
async function takePhoto(page: Page, input: string, colour: string, filename: string): Promise<void> {
  await page.locator(input).setInputFiles({ name: filename, mimeType: 'image/jpeg', buffer: await phonePhoto(colour) });
}

/**
 * Issue 15's journey on a phone, in Chinese: a cooperative's owner (an account that exists) applies with a photo of
 * the business licence, county staff approve it, the cooperative lists oranges with photos, and a buyer sees the
 * first photo on the card and the gallery on the listing. Every step is a person in the app; the test only waits.
 */
describe('photos and applications in a browser', () => {
  let world: WebWorld;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    world = await startWebWorld();
  }, 60_000);

  afterAll(async () => {
    for (const session of sessions) {
      await session.close().catch(() => undefined);
    }
    await world?.stop();
  });

  const open = async (name: string) => {
    const session = await openBrowser(world, name, { viewport: PHONE });
    sessions.push(session);
    return session;
  };

  it('a cooperative applies with its licence photo, is approved, lists with photos, and a buyer sees them', async () => {
    const owner = await person(world, '刘桂兰');
    const creditCode = uniqueCreditCode();
    const orgName = '坪石村脐橙专业合作社';

    // the owner applies from the phone
    const applicant = await open('photos applicant');
    const page = applicant.page;
    await page.goto('/apply');
    await page.waitForURL(/\/login\?next=%2Fapply/);
    await loginThroughUi(page, owner.phone, owner.password, owner.name);
    await heading(page, '申请入驻');
    const register = page.locator('[data-testid="register-form"]');
    await register.locator('select[name="kind"]').selectOption('cooperative');
    await register.locator('input[name="name"]').fill(orgName);
    await register.locator('input[name="creditCode"]').fill(creditCode);
    await register.locator('input[name="countyCode"]').fill(COUNTY);
    await register.locator('input[name="villageCode"]').fill(`${COUNTY}100201`);
    await applicant.screenshot('register the cooperative');
    await register.getByRole('button', { name: '登记并继续' }).click();

    const application = page.locator('[data-testid="application"]');
    await application.locator('h2', { hasText: orgName }).waitFor();
    await application.locator('input[name="legalRepresentative"]').fill('刘桂兰');
    await application.locator('input[name="categories"][value="citrus"]').check();
    await application.getByRole('button', { name: '保存资料' }).click();
    await application.locator('[data-testid="application-status"]', { hasText: '填写中' }).waitFor();
    await takePhoto(page, 'input[name="licence"]', '#e9e4d4', 'IMG_20261206_business_licence.jpg');
    await imageShown(application.locator('[data-testid="licence-photo"]'));
    await applicant.screenshot('licence photo taken');
    await application.getByRole('button', { name: '提交审核' }).click();
    await application.locator('[data-testid="application-status"]', { hasText: '等待县里审核' }).waitFor();
    await applicant.screenshot('application submitted');

    // county staff review the queue on their phone and approve
    const staff = await open('photos county staff');
    await staff.page.goto('/county/applications');
    await staff.page.waitForURL(/\/login\?next=%2Fcounty%2Fapplications/);
    await loginThroughUi(staff.page, world.staff.phone, world.staff.password, world.staff.name);
    await heading(staff.page, '入驻审核');
    const card = staff.page.locator('[data-testid="application-card"]', { hasText: orgName });
    await card.locator('dd', { hasText: creditCode }).waitFor();
    await imageShown(card.locator('img[alt="营业执照照片"]'));
    await staff.screenshot('county staff see the licence');
    await card.getByRole('button', { name: '通过', exact: true }).click();
    await staff.page.locator('.notice', { hasText: `已通过：${orgName}` }).waitFor();
    await staff.screenshot('county staff approved');

    // the owner is told, and opens the seller centre
    await page.reload();
    await application.locator('[data-testid="application-status"]', { hasText: '已通过' }).waitFor();
    await page.locator('[data-testid="messages"]', { hasText: `${orgName}的入驻申请已通过` }).waitFor();
    await applicant.screenshot('owner told of the approval');
    const orgId = (await application.getAttribute('data-org')) ?? '';
    await catalogSellerIs(world, orgId, 'verified');

    await application.getByRole('link', { name: '进入卖家中心' }).click();
    await heading(page, '卖家中心');
    await page.locator('.seller-tabs a[href="/seller/listings"]').click();
    await heading(page, '我的商品');
    await page.getByRole('link', { name: '发布新商品' }).first().click();
    await heading(page, '发布新商品');
    await page.locator('#listing-category').selectOption('citrus');
    await page.locator('#listing-title').fill('坪石脐橙 5斤装 树上现摘');
    await page.locator('#listing-description').fill('坪石村果园现摘，皮薄多汁。');
    await page.locator('#first-sku-spec').fill('5斤装');
    await page.locator('#first-sku-price').fill('45');
    await page.locator('#first-sku-weight').fill('2.6');
    await page.locator('#first-sku-volume').fill('6');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    await page.waitForURL(/\/seller\/listings\/[0-9a-f-]{36}$/);
    const listingId = new URL(page.url()).pathname.split('/').pop()!;

    // two photos from the camera into the gallery, then publish
    const gallery = page.locator('[data-testid="gallery"]');
    await takePhoto(page, '[data-testid="gallery"] input[name="photo"]', '#f28c1b', 'IMG_0001.jpg');
    await gallery.getByText('1/9 张').waitFor();
    // a 12 MP camera photo leaves the phone shrunk (long edge 2048, re-encoded): a fraction of the camera's bytes
    const camera = await phonePhoto('#3c8d2f', 4000, 3000);
    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/photos'));
    await page
      .locator('[data-testid="gallery"] input[name="photo"]')
      .setInputFiles({ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: camera });
    const bodyBytes = Number((await (await sent).allHeaders())['content-length']);
    expect(bodyBytes).toBeGreaterThan(0);
    expect(bodyBytes).toBeLessThan(camera.length / 4);
    await gallery.getByText('2/9 张').waitFor();
    await imageShown(gallery.locator('img').nth(1));
    await applicant.screenshot('listing with two photos');
    await page.locator('[data-testid="listing-actions"]').getByRole('button', { name: '上架' }).click();
    await page.locator('.notice', { hasText: '上架' }).waitFor();
    await applicant.screenshot('listing published');

    // a buyer finds it: the first photo on the card, both on the listing
    const buyer = await open('photos buyer');
    await buyer.page.goto('/');
    await buyer.page.locator('#search-q').fill('坪石脐橙');
    await buyer.page.locator('form[role="search"] button[type="submit"]').click();
    await buyer.page.waitForURL(/\/search\?q=/);
    const found = buyer.page.locator('[data-testid="listing-card"]', { hasText: '坪石脐橙 5斤装 树上现摘' });
    await waitFor(
      async () => {
        if ((await found.count()) > 0) {
          return true;
        }
        await buyer.page.reload();
        return false;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the listing to be searchable' },
    );
    const cover = found.locator('img.listing-cover');
    await imageShown(cover);
    expect(await cover.getAttribute('src')).toMatch(/^\/api\/catalog\/media\/public\/[0-9a-f-]{36}\/thumb\.webp$/);
    await buyer.screenshot('buyer sees the photo on the card');
    await found.getByRole('link', { name: '坪石脐橙 5斤装 树上现摘' }).click();
    await buyer.page.waitForURL(`**/listings/${listingId}`);
    const photos = buyer.page.locator('.gallery img');
    await waitFor(async () => (await photos.count()) === 2, { timeoutMs: 10_000, what: 'two photos on the listing' });
    await imageShown(photos.nth(0));
    await imageShown(photos.nth(1));
    await buyer.screenshot('buyer sees the gallery');

    for (const session of [applicant, staff, buyer]) {
      expect(session.problems).toEqual([]);
    }
  });
});
