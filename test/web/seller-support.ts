import { OrganisationKind } from '@countyflow/contracts';
import { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { verifiedSeller, World } from '../journeys/support';
import type { Actor } from '../support/actors';

/** 安西镇 大塘村 of 信丰县 (360722): the cooperative's village, the default origin of its lots. */
export const COOPERATIVE_VILLAGE = '360722100201';

/** A cooperative registered by its owner and verified by county staff, once catalog knows it. */
export function verifiedCooperative(world: World, name = '安西镇脐橙专业合作社'): Promise<Actor> {
  return verifiedSeller(world, {
    kind: OrganisationKind.Cooperative,
    name,
    ownerName: '刘德明',
    villageCode: COOPERATIVE_VILLAGE,
  });
}

/**
 * The certificate's QR code, "decoded": the page draws `text` with qrcode's SVG renderer
 * (apps/web/src/areas/seller/qr.ts, QR_OPTIONS), which is the same code in the browser and in Node; so the image
 * encodes `text` exactly when its SVG is the one Node draws for `text` with the same options.
 */
export async function expectQrEncodes(dataUri: string, text: string): Promise<void> {
  const prefix = 'data:image/svg+xml;charset=utf-8,';
  expect(dataUri.startsWith(prefix)).toBe(true);
  const svg = decodeURIComponent(dataUri.slice(prefix.length));
  expect(svg).toContain('<svg');
  const expected = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  expect(svg).toBe(expected);
  // and not merely any QR code: another text draws another image
  expect(await QRCode.toString(`${text}X`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })).not.toBe(svg);
}

/** Waits for a page's heading (the Page component's h1) to contain `text`. */
export async function heading(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('h1', { hasText: text }).waitFor();
}
