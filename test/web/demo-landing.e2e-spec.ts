import { ALL_USERS, DEMO_PASSWORD, PLATFORM_ADMIN_SETTINGS } from '../../seeds';
import { demoCounty } from '../support/demo-county';
import { loginThroughUi, openBrowser, startWebWorld, WebWorld } from './support';

/** The phone the brief names: 390×844. */
const PHONE = { width: 390, height: 844 };

const person = (phone: string) => {
  const user = ALL_USERS.find((candidate) => candidate.phone === phone);
  if (!user) {
    throw new Error(`no demo account ${phone}`);
  }
  return user;
};

/*
 * The demo county as `npm start` leaves it (seeds/index.ts, with today's work of seeds/demo-today.ts): the hub
 * operator, the town-station operator and the driver log in on a phone and land on a screen with work on it.
 */
describe('the demo county: the hub, a town station and the driver land on work', () => {
  let world: WebWorld;

  beforeAll(async () => {
    // a copy of the demo county the run seeded once (the seed's own services booted, as `npm start` does first)
    const { db } = await demoCounty();
    try {
      // the seed's platform admin is the county's first: identity appoints no other on this database
      world = await startWebWorld(PLATFORM_ADMIN_SETTINGS, { database: db });
    } catch (error) {
      await db.drop();
      throw error;
    }
  }, 900_000);

  afterAll(() => world?.stop());

  it.each([
    ['hub', '15204477391', 'dueIn'],
    ['town-station', '13678302763', 'dueIn'],
  ])('the %s operator lands on the node workspace with parcels due in', async (role, phone, tile) => {
    const user = person(phone);
    const session = await openBrowser(world, `demo-landing-${role}`, { viewport: PHONE });
    try {
      await session.page.goto('/login');
      await loginThroughUi(session.page, user.phone, DEMO_PASSWORD, user.name);
      await session.page.waitForURL(/\/operator/);
      const count = session.page.locator(`[data-testid="ws-${tile}"] .op-tile-number`);
      await count.waitFor();
      expect(Number(await count.innerText())).toBeGreaterThan(0);
      await session.page.locator('[data-testid="node-parcel"]').first().waitFor();
      await session.screenshot(`${role} landing`);
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('the driver lands on her runs of today and opens the one under way, stop by stop', async () => {
    const user = person('15786648368');
    const session = await openBrowser(world, 'demo-landing-driver', { viewport: PHONE });
    try {
      await session.page.goto('/login');
      await loginThroughUi(session.page, user.phone, DEMO_PASSWORD, user.name);
      await session.page.waitForURL(/\/driver/);
      const run = session.page.locator('[data-testid="driver-run"]').first();
      await run.waitFor();
      await session.screenshot('driver runs today');
      await run.click();
      // a phone that has not driven this run yet starts at the hub; the run left it already, so this only moves on
      await session.page.locator('.drv-stop button.button-block').click();
      const stops = await session.page.locator('.drv-stepper li').count();
      const seen: string[] = [];
      for (let stop = 0; stop < stops; stop++) {
        const view = session.page.locator('[data-testid="driver-stop"]');
        await view.waitFor();
        const name = await view.getAttribute('data-stop');
        for (const action of ['drop', 'collect']) {
          for (const done of await view
            .locator(`[data-testid="${action}-parcel"]`)
            .evaluateAll((items) => items.map((item) => item.getAttribute('data-done')))) {
            seen.push(`${action} ${done === 'true' ? 'done' : 'to do'}`);
          }
        }
        await session.screenshot(`driver stop ${stop + 1}`);
        await session.page.locator('.drv-nav button.button:not(.button-secondary)').click();
        await session.page.waitForFunction(
          (previous) => document.querySelector('[data-testid="driver-stop"]')?.getAttribute('data-stop') !== previous,
          name,
        );
      }
      // dropped at 大塘埠村, collected at 游州村; the mutton of 新田镇 is still to collect
      expect(seen).toEqual(expect.arrayContaining(['drop done', 'collect done', 'collect to do']));
      expect(session.problems).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
