import { Env } from '@countyflow/kernel';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, ConsoleMessage, Download, Page } from 'playwright-core';
import { startWorld, World } from '../journeys/support';
import { CHROMIUM, openChromium } from '../support/browser';
import type { PlatformOptions } from '../support/platform';

/*
 * Browser tests: the whole platform in this process (every service real, behind the real gateway, which serves the
 * built web app from apps/web/dist), driven by Debian's Chromium through playwright-core: one Chromium for the whole
 * run, each file in contexts of its own (test/support/browser.ts). `npm test` builds the web app first when it is
 * missing or stale (scripts/test.mjs). Screenshots of every step land in test-artifacts/web/<test>/<step>.png.
 */

/** The build the gateway serves: apps/web/dist, or WEB_DIST_DIR (e.g. to try a build made elsewhere). */
export const WEB_DIST = resolve(process.env.WEB_DIST_DIR ?? 'apps/web/dist');
export const ARTIFACTS = resolve('test-artifacts/web');
/** Every person's journey is shown on a phone: buyers, operators, drivers, sellers and county staff alike. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };
/** The narrowest phone the layout is held to (no sideways scrolling of the page at 360 px). */
export const SMALL_PHONE_VIEWPORT = { width: 360, height: 740 };

export interface WebWorld extends World {
  browser: Browser;
}

/** The platform behind the gateway that serves the web app, and a browser. Stop it in afterAll. */
export async function startWebWorld(env: Env = {}, options: Pick<PlatformOptions, 'database'> = {}): Promise<WebWorld> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`the web app is not built in ${WEB_DIST}: run npm run build (npm test builds it itself)`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const world = await startWorld({ WEB_DIST_DIR: WEB_DIST, ...env }, options);
  let browser: Browser;
  try {
    browser = await openChromium();
  } catch (error) {
    await world.stop();
    throw error;
  }
  return {
    ...world,
    browser,
    stop: async () => {
      await browser.close().catch(() => undefined);
      await world.stop();
    },
  };
}

/** Latin words that belong in the Chinese app: the other language's name on the switcher, the web's `https`. */
const LATIN_ALLOWED = new Set(['English', 'https']);

/**
 * The English the page shows while the app is in Chinese: every word with three or more lower-case letters in a
 * row (`must`, `seller`, `partial_refund`, `Request`) in the visible text, after leaving out what is Latin by
 * nature (web addresses, e-mail addresses, UUIDs and the short ids made of their first eight hex digits, which may
 * all be letters: 订单 eefcfece). Short upper-case codes (SKU, parcel and trace codes, plates, `kg`, `mL`) and tokens
 * of letters and digits (the unique suffixes tests give names) pass. Empty when the app shows English
 * (`<html lang="en">`).
 */
export async function englishOnPage(page: Page): Promise<string[]> {
  const { lang, text } = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    text: document.body.innerText,
  }));
  if (!lang.startsWith('zh')) {
    return [];
  }
  const found: string[] = [];
  for (const line of text.split('\n')) {
    const words = line
      .replace(/https?:\/\/\S+|\S+@\S+|\b(?=[0-9a-f-]*\d)[0-9a-f-]{6,}\b|\b[0-9a-f]{8}\b/gi, ' ')
      .match(/(?<![A-Za-z0-9])[A-Za-z_]*[a-z]{3,}[A-Za-z_]*(?![A-Za-z0-9])/g);
    if (words?.some((word) => !LATIN_ALLOWED.has(word))) {
      found.push(line.trim());
    }
  }
  return found;
}

/** Fails when the Chinese app shows English (server sentences, raw status words): see englishOnPage. */
export async function expectChineseOnly(page: Page): Promise<void> {
  expect(await englishOnPage(page)).toEqual([]);
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /**
   * Console errors and uncaught exceptions of the page (a CSP violation shows up here), and English shown in the
   * Chinese app at any screenshot (`english at <step>: <line>`); tests expect none.
   */
  problems: string[];
  /**
   * Saves test-artifacts/web/<test>/<nn>-<step>.png (numbered in the order taken), after noting in `problems` any
   * English the page shows in Chinese mode.
   */
  screenshot(step: string): Promise<string>;
  close(): Promise<void>;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * A fresh browser context (its own localStorage, so its own session and basket) on the gateway's origin, with the
 * viewport and language given; Chinese at 390×844 (the phone every journey is shown on) by default.
 */
export async function openBrowser(
  world: WebWorld,
  test: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<BrowserSession> {
  const context = await world.browser.newContext({
    baseURL: world.api,
    viewport: options.viewport ?? PHONE_VIEWPORT,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
  });
  // every wait is for a condition, so this only bounds a failure: 10 s ran out at load 30 for an answer that comes
  // through two services' events (the hub's 发车 → 已发车 in middle-b-goods)
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    // a refused API call is logged by Chromium as a failed resource load; the page shows those itself
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  const directory = join(ARTIFACTS, slug(test));
  mkdirSync(directory, { recursive: true });
  let taken = 0;
  return {
    context,
    page,
    problems,
    screenshot: async (step: string) => {
      taken += 1;
      problems.push(...(await englishOnPage(page)).map((line) => `english at ${step}: ${line}`));
      const path = join(directory, `${String(taken).padStart(2, '0')}-${slug(step)}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => context.close(),
  };
}

/**
 * Logs in through the app's login page, as a person would (staying on it if a members-only page sent the browser
 * there, so that it comes back to that page), and waits until the header shows the name.
 */
export async function loginThroughUi(page: Page, phone: string, password: string, name?: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') {
    await page.goto('/login');
  }
  await page.locator('input[name="phone"]').fill(phone);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
  if (name) {
    await page.locator('.site-header .who', { hasText: name }).waitFor();
  }
}

/**
 * A download's bytes. The browser files share one Chromium over a connection (test/support/browser.ts), and a
 * remote browser keeps its downloads to itself: `download.path()` is not available, its stream is.
 */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/** The city buyer's address in Shenzhen, where the journeys send produce. */
export const SHENZHEN_ADDRESS = {
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园南区 8 栋 1201',
  postalCode: '518057',
} as const;

/** Types the Shenzhen address into the checkout's address fields; the postal code, which is optional, too unless told. */
export async function fillCityAddress(page: Page, { postalCode = true } = {}): Promise<void> {
  for (const name of ['province', 'city', 'district', 'detail', 'postalCode'] as const) {
    if (name !== 'postalCode' || postalCode) {
      await page.locator(`input[name="${name}"]`).fill(SHENZHEN_ADDRESS[name]);
    }
  }
}
