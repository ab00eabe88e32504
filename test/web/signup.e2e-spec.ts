import { uniquePhone, waitFor } from '@countyflow/testing';
import type { Page } from 'playwright-core';
import { BrowserSession, loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

/** The phone screen the charter names. */
const PHONE_390 = { width: 390, height: 844 };

/**
 * A new buyer signs up by SMS code on a 390 px phone, in Chinese, and later resets a forgotten password the same
 * way. The codes are read as a developer reads them: on the development SMS page (/dev/sms), in a second tab. No API
 * call of the test's own. Screenshots: test-artifacts/web/signup-by-sms/ and signup-dev-sms-inbox/.
 */
describe('signing up and recovering a password by SMS, in the browser', () => {
  let world: WebWorld;
  let buyer: BrowserSession | undefined;
  let developer: BrowserSession | undefined;

  beforeAll(async () => {
    world = await startWebWorld();
  });

  afterAll(async () => {
    await buyer?.close();
    await developer?.close();
    await world?.stop();
  });

  /** The newest code the development inbox shows for `phone`, different from `previous`. */
  async function codeFromInbox(page: Page, phone: string, previous?: string): Promise<string> {
    await page.goto('/dev/sms');
    await page.locator('input[name="phone"]').fill(phone);
    // the page polls the outbox every few seconds
    return waitFor(
      async () => {
        const first = page.locator('[data-testid="dev-sms"] li').first();
        const text = (await first.count()) > 0 ? ((await first.textContent()) ?? '') : '';
        const code = /验证码是 (\d{6})/.exec(text)?.[1];
        return code && code !== previous && text.includes(phone) ? code : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: `a code for ${phone} on /dev/sms` },
    );
  }

  it('signs a new buyer up with a code, lands logged in, and resets the password with a new code', async () => {
    const phone = uniquePhone();
    buyer = await openBrowser(world, 'signup by sms', { viewport: PHONE_390 });
    developer = await openBrowser(world, 'signup dev sms inbox', { viewport: PHONE_390 });
    const { page } = buyer;

    // from the login page to 注册
    await page.goto('/login');
    await page.getByRole('link', { name: '还没有账号？注册' }).click();
    await page.locator('h1', { hasText: '注册县域通' }).waitFor();
    await buyer.screenshot('the sign-up page');

    // everything wrong at once: each field says what is wrong beside it
    await page.locator('input[name="phone"]').fill(phone);
    await page.locator('input[name="code"]').fill('12');
    await page.locator('input[name="password"]').fill('short');
    await page.locator('form button[type="submit"]').click();
    for (const name of ['code', 'name', 'password']) {
      await page.locator(`.field:has(input[name="${name}"]) .field-error`).waitFor();
    }
    await buyer.screenshot('every field error beside its field');

    // the code: asked on the phone, read by the developer on the inbox page
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(`验证码已发送到 ${phone}`).waitFor();
    await page.getByRole('button', { name: /秒后可重新获取/ }).waitFor();
    await buyer.screenshot('the code is sent');
    const code = await codeFromInbox(developer.page, phone);
    await developer.screenshot('the development inbox shows the code');

    await page.locator('input[name="code"]').fill(code);
    await page.locator('input[name="name"]').fill('周小梅');
    await page.locator('input[name="password"]').fill('harvest-2026');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname !== '/register');
    await page.locator('.site-header .who', { hasText: '周小梅' }).waitFor();
    await buyer.screenshot('signed up and logged in');

    // later: logged out, the password forgotten
    await page.locator('.site-header button', { hasText: '退出' }).click();
    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码' }).click();
    await page.locator('h1', { hasText: '忘记密码' }).waitFor();
    await page.locator('input[name="phone"]').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(`验证码已发送到 ${phone}`).waitFor();
    const resetCode = await codeFromInbox(developer.page, phone, code);

    // a mistyped code is counted and said beside the code field
    const wrong = String((Number(resetCode) + 1) % 1_000_000).padStart(6, '0');
    await page.locator('input[name="code"]').fill(wrong);
    await page.locator('input[name="password"]').fill('new-harvest-43');
    await page.locator('form button[type="submit"]').click();
    await page
      .locator('.field:has(input[name="code"]) .field-error', { hasText: '验证码不对，还可以再试 4 次' })
      .waitFor();
    await buyer.screenshot('a wrong code is said beside the code');

    await page.locator('input[name="code"]').fill(resetCode);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname !== '/forgot-password');
    await page.locator('.site-header .who', { hasText: '周小梅' }).waitFor();
    await buyer.screenshot('the new password is set and the buyer is logged in');

    // the old password no longer works; the new one does
    await page.locator('.site-header button', { hasText: '退出' }).click();
    await page.goto('/login');
    await page.locator('input[name="phone"]').fill(phone);
    await page.locator('input[name="password"]').fill('harvest-2026');
    await page.locator('form button[type="submit"]').click();
    await page.locator('[data-testid="problem"]', { hasText: '手机号或密码不正确' }).waitFor();
    await loginThroughUi(page, phone, 'new-harvest-43', '周小梅');

    expect(buyer.problems).toEqual([]);
    expect(developer.problems).toEqual([]);
  });
});
