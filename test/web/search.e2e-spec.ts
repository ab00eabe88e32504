import { OrganisationKind } from '@countyflow/contracts';
import { COUNTY, listProduct, verifiedSeller } from '../journeys/support';
import { BrowserSession, openBrowser, startWebWorld, WebWorld } from './support';

const ANXI_VILLAGE = `${COUNTY}100201`;

/**
 * A buyer on a 390 px phone searches the way people type — the everyday word, pinyin, one wrong character,
 * traditional characters — and finds the oranges, with the matched words marked, the counts to narrow by and
 * "你是不是要找…" for the wrong character. Screenshots: test-artifacts/web/search-finds-the-oranges/.
 */
describe('search in the browser', () => {
  let world: WebWorld;
  let session: BrowserSession | undefined;

  beforeAll(async () => {
    world = await startWebWorld();
    const cooperative = await verifiedSeller(world, {
      kind: OrganisationKind.Cooperative,
      name: '信丰县安西镇脐橙专业合作社',
      ownerName: '刘德明',
      villageCode: ANXI_VILLAGE,
    });
    await listProduct(world, cooperative, {
      categoryId: 'citrus',
      title: '信丰脐橙 5斤装 产地直发',
      description: '安西镇果园现摘，果肉细嫩化渣。',
      originVillageCode: ANXI_VILLAGE,
      certifications: ['geographical_indication'],
      weightToleranceGrams: 200,
      sku: { spec: '5斤装', priceFen: 5990, weightGrams: 2500, volumeMl: 6000, initialStock: 100 },
    });
    await listProduct(world, cooperative, {
      categoryId: 'honey',
      title: '油山土蜂蜜 500g',
      description: '百花蜜。',
      originVillageCode: ANXI_VILLAGE,
      certifications: [],
      weightToleranceGrams: 50,
      sku: { spec: '500g', priceFen: 6800, weightGrams: 800, volumeMl: 1200, initialStock: 100 },
    });
  }, 90_000);

  afterAll(async () => {
    await session?.close();
    await world?.stop();
  });

  it('finds the oranges by 橙子, qicheng, 信风脐橙 and 臍橙, marking what matched', async () => {
    session = await openBrowser(world, 'search finds the oranges', { viewport: { width: 390, height: 844 } });
    const { page, screenshot } = session;
    const orange = page.locator('[data-testid="listing-card"]', { hasText: '信丰脐橙 5斤装 产地直发' });
    // the oranges come first (the honey's seller is the orange cooperative, so 橙子 finds it too, further down)
    const first = async (q: string) => {
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      await orange.waitFor();
      return page.locator('[data-testid="listing-card"] h3').first().textContent();
    };

    expect(await first('橙子')).toBe('信丰脐橙 5斤装 产地直发');
    expect(await orange.locator('mark').allTextContents()).toEqual(['脐橙']);
    const facets = page.locator('[data-testid="facets"]');
    await facets.locator('summary').click();
    await facets.getByText('柑橘橙柚 1').waitFor();
    await screenshot('橙子 with facets');

    expect(await first('qicheng')).toBe('信丰脐橙 5斤装 产地直发');
    expect(await orange.locator('mark').allTextContents()).toEqual(['脐橙']);
    await screenshot('qicheng');

    expect(await first('信风脐橙')).toBe('信丰脐橙 5斤装 产地直发');
    expect(await orange.locator('mark').allTextContents()).toEqual(['信丰脐橙']);
    const suggestion = page.locator('[data-testid="did-you-mean"] a', { hasText: '信丰脐橙' });
    await suggestion.waitFor();
    await screenshot('信风脐橙 did you mean');
    await suggestion.click();
    await page.waitForURL(/q=%E4%BF%A1%E4%B8%B0/);
    await orange.waitFor();

    expect(await first('臍橙')).toBe('信丰脐橙 5斤装 产地直发');
    expect(await orange.locator('mark').allTextContents()).toEqual(['脐橙']);
    await screenshot('臍橙 traditional');

    expect(session.problems).toEqual([]);
  });
});
