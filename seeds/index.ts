import type { Env } from '@countyflow/kernel';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { CatalogReport } from './demo-catalog';
import { checkCounty, databaseNow, HISTORY, TODAY, waitForEvents } from './demo-check';
import { HISTORY_SELLERS, historyMonths, HistoryShelf, seedHistory } from './demo-history';
import { COUNTY_STAFF, PLATFORM_ADMIN, PLATFORM_ADMIN_SETTINGS, seedIdentity } from './demo-identity';
import type { NetworkReport } from './demo-network';
import type { TodayReport } from './demo-today';

export { checkCounty } from './demo-check';
export * from './demo-county-catalog';
export * from './demo-county-network';
export * from './demo-identity';

export interface SeedOptions {
  /**
   * Settings of the services the seed boots (REDIS_URL, QUEUE_PREFIX, JWT_SECRET…: those of the platform that will
   * run on this database), and SEED_HISTORY_MONTHS (how far back the past trade goes: 13 months unless set).
   * DATABASE_URL is the seed's own argument.
   */
  env?: Env;
  /** Boot the services and check every item through the APIs even when the quick SQL check finds nothing missing. */
  force?: boolean;
}

export interface SeedReport {
  /** The quick check found the county complete and nothing was booted. */
  skipped: boolean;
  identity?: { users: number; orgs: number };
  network?: NetworkReport;
  catalog?: CatalogReport;
  history?: { orders: number; shipments: number; sales: number };
  today?: TodayReport;
  seconds: number;
}

/**
 * Seeds the demo county, idempotently, by booting the services in this process and calling their APIs: no row of
 * any service is written by SQL. Identity appoints the platform admin itself at boot (PLATFORM_ADMIN_*); as that
 * admin the seed imports the county's accounts and organisations with fixed ids (identity's `POST /history/…`),
 * then makes the network, listings and lots as the demo users, the past year of trade through orders', logistics'
 * and catalog's history imports as the platform admin, and today's work as the people of the county would do it
 * (see docs/demo-county.md). A cheap SQL check comes first: when the county, its history and today's work are complete,
 * a second run boots nothing and changes nothing; on a later day it boots the services for that day's work only.
 */
export async function seedDemo(
  databaseUrl: string,
  log: (message: string) => void = console.log,
  options: SeedOptions = {},
): Promise<SeedReport> {
  const startedAt = performance.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // SEED_HISTORY_MONTHS: a shorter past (the seed's tests); a later run without it imports the rest
    const months = historyMonths(options.env);
    const check = await checkCounty(client, new Date(), months);
    let report: SeedReport;
    if (check.complete && !options.force) {
      log("demo county 信丰县 is complete, with its history and today's work: nothing to do");
      report = { skipped: true, seconds: 0 };
    } else {
      log(check.complete ? 'checking every item through the APIs (forced)' : `to seed: ${check.missing.join(', ')}`);
      const all = options.force ? [...check.missing, COUNTY_ITEMS, HISTORY, TODAY] : check.missing;
      report = await seedCounty(client, databaseUrl, log, options.env ?? {}, new Set(all), months);
      const after = await checkCounty(client, new Date(), months);
      if (!after.complete) {
        throw new Error(`the demo county is still incomplete after seeding: ${after.missing.join(', ')}`);
      }
    }
    report.seconds = Number(((performance.now() - startedAt) / 1000).toFixed(2));
    log(`done in ${report.seconds} s`);
    return report;
  } finally {
    await client.end();
  }
}

/** Stands for every item of the county itself (accounts, network, listings…) in the set of what to seed. */
const COUNTY_ITEMS = 'county';

async function seedCounty(
  client: Client,
  databaseUrl: string,
  log: (message: string) => void,
  env: Env,
  missing: Set<string>,
  months: number,
): Promise<SeedReport> {
  const since = await databaseNow(client);
  const county = [...missing].some((item) => item !== HISTORY && item !== TODAY);
  const report: SeedReport = { skipped: false, seconds: 0 };
  const bootedAt = performance.now();
  // Loaded only now: a run that finds the county complete never loads the services.
  const { Api, login, startSeedServices } = await import('./demo-services');
  // identity appoints the platform admin itself at boot (docs/identity.md), from these settings
  const services = await startSeedServices(databaseUrl, { ...env, ...PLATFORM_ADMIN_SETTINGS });
  log(
    `loaded and booted identity, catalog, orders and logistics in ${((performance.now() - bootedAt) / 1000).toFixed(1)} s`,
  );
  try {
    const identityApi = new Api(services.urls.identity);
    let phaseAt = performance.now();
    const lap = (): string => {
      const seconds = ((performance.now() - phaseAt) / 1000).toFixed(1);
      phaseAt = performance.now();
      return `${seconds} s`;
    };
    if (county) {
      // the people and organisations first, through identity's imports as the platform admin; catalog and orders
      // learn of the verified sellers and service points from identity's events before anyone lists or orders
      const admin = await login(identityApi, PLATFORM_ADMIN.phone);
      report.identity = await seedIdentity(identityApi.as(admin));
      await waitForEvents(client, since);
      log(
        `identity: ${report.identity.users} new accounts, ${report.identity.orgs} new organisations, ` +
          `their events handled (${lap()})`,
      );
      const { seedNetwork } = await import('./demo-network');
      const { seedCatalog } = await import('./demo-catalog');
      const staffToken = await login(identityApi, COUNTY_STAFF.phone);
      report.network = await seedNetwork(new Api(services.urls.logistics, staffToken), log);
      log(`  (logistics took ${lap()})`);
      report.catalog = await seedCatalog(new Api(services.urls.catalog), identityApi, staffToken, log);
      log(`  (catalog took ${lap()})`);
      await waitForEvents(client, since);
      log(`every event of the seed has been handled by its subscribers (waited ${lap()})`);
    }
    if (missing.has(HISTORY)) {
      // Back-dated, completed orders for the county dashboard and the sales on every card, through orders',
      // logistics' and catalog's history imports
      const admin = await login(identityApi, PLATFORM_ADMIN.phone);
      const orders = new Api(services.urls.orders, admin);
      const logistics = new Api(services.urls.logistics, admin);
      const catalog = new Api(services.urls.catalog, admin);
      // the history sells the sellers' real SKUs, so that every card's 已售 counts the past year
      type Sku = { id: string; spec: string; priceFen: number; weightGrams: number; volumeMl: number };
      type Listing = { id: string; title: string; skus: Sku[] };
      const shelfOf = async (sellerOrgId: string): Promise<HistoryShelf['up']> =>
        (await catalog.get<Listing[]>('/listings', { sellerOrgId, status: 'published' }))
          .flatMap((listing) =>
            listing.skus.map((sku) => ({
              listingId: listing.id,
              skuId: sku.id,
              title: listing.title,
              spec: sku.spec,
              priceFen: sku.priceFen,
              weightGrams: sku.weightGrams,
              volumeMl: sku.volumeMl,
            })),
          )
          .sort((a, b) => `${a.title} ${a.spec}`.localeCompare(`${b.title} ${b.spec}`));
      const shelf = { up: await shelfOf(HISTORY_SELLERS.up), down: await shelfOf(HISTORY_SELLERS.down) };
      report.history = await seedHistory(
        {
          sales: async (batch) =>
            (await catalog.post<{ imported: number }>('/history/sales', { orders: batch })).imported,
          orders: async (batch) =>
            (await orders.post<{ imported: number }>('/history/orders', { orders: batch })).imported,
          shipments: async (batch) =>
            (await logistics.post<{ imported: number }>('/history/shipments', { shipments: batch })).imported,
        },
        { shelf, months },
      );
      log(
        `history: ${report.history.orders} new back-dated orders, ${report.history.shipments} shipments, ` +
          `${report.history.sales} orders' sales counted by catalog (${lap()})`,
      );
    }
    if (missing.has(TODAY)) {
      const { seedToday } = await import('./demo-today');
      report.today = await seedToday(
        {
          identity: identityApi,
          catalog: new Api(services.urls.catalog),
          orders: new Api(services.urls.orders),
          logistics: new Api(services.urls.logistics),
        },
        log,
      );
      await waitForEvents(client, since);
      log(`today's work is ready, and its events handled (${lap()})`);
    }
    return report;
  } finally {
    const closingAt = performance.now();
    await services.close();
    log(`stopped the services in ${((performance.now() - closingAt) / 1000).toFixed(1)} s`);
  }
}
