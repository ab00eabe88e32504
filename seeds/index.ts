import type { Env } from '@countyflow/kernel';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { CatalogReport } from './demo-catalog';
import { checkCounty, databaseNow, waitForEvents } from './demo-check';
import { seedHistory } from './demo-history';
import { COUNTY_STAFF, seedIdentity } from './demo-identity';
import type { NetworkReport } from './demo-network';

export { checkCounty } from './demo-check';
export * from './demo-county-catalog';
export * from './demo-county-network';
export * from './demo-identity';

export interface SeedOptions {
  /**
   * Settings of the services the seed boots (REDIS_URL, QUEUE_PREFIX, JWT_SECRET…: those of the platform that will
   * run on this database). DATABASE_URL is the seed's own argument.
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
  history?: { orders: number };
  seconds: number;
}

/**
 * Seeds the demo county, idempotently. Identity's accounts and organisations go in by SQL with fixed ids; everything
 * catalog and logistics own is made by booting the services in this process and calling their APIs as the demo
 * users, so that events, stock ledgers, certificates and trace codes are what the services themselves produce (see
 * docs/demo-county.md). A cheap SQL check comes first: when the county is complete, a second run boots nothing and
 * changes nothing.
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
    const check = await checkCounty(client);
    let report: SeedReport;
    if (check.complete && !options.force) {
      log('demo county 信丰县 is complete: nothing to do');
      report = { skipped: true, seconds: 0 };
    } else {
      log(check.complete ? 'checking every item through the APIs (forced)' : `to seed: ${check.missing.join(', ')}`);
      report = await seedCounty(client, databaseUrl, log, options.env ?? {});
      const after = await checkCounty(client);
      if (!after.complete) {
        throw new Error(`the demo county is still incomplete after seeding: ${after.missing.join(', ')}`);
      }
    }

    // Back-dated, completed orders for the county dashboard (seeds/demo-history.ts): after the network, whose
    // nodes the history's shipments use. Deterministic ids: a second run inserts nothing.
    const historyAt = performance.now();
    const history = await seedHistory(client);
    report.history = history;
    log(`history: ${history.orders} new back-dated orders (${((performance.now() - historyAt) / 1000).toFixed(1)} s)`);

    report.seconds = Number(((performance.now() - startedAt) / 1000).toFixed(2));
    log(`done in ${report.seconds} s`);
    return report;
  } finally {
    await client.end();
  }
}

async function seedCounty(
  client: Client,
  databaseUrl: string,
  log: (message: string) => void,
  env: Env,
): Promise<SeedReport> {
  const since = await databaseNow(client);
  const identityAt = performance.now();
  const identity = await seedIdentity(client);
  log(
    `identity: ${identity.users} new accounts, ${identity.orgs} new organisations ` +
      `(${((performance.now() - identityAt) / 1000).toFixed(1)} s)`,
  );

  const bootedAt = performance.now();
  // Loaded only now: a run that finds the county complete never loads the services.
  const { Api, login, startSeedServices } = await import('./demo-services');
  const { seedNetwork } = await import('./demo-network');
  const { seedCatalog } = await import('./demo-catalog');
  const services = await startSeedServices(databaseUrl, env);
  log(
    `loaded and booted identity, catalog, orders and logistics in ${((performance.now() - bootedAt) / 1000).toFixed(1)} s`,
  );
  try {
    const identityApi = new Api(services.urls.identity);
    const staffToken = await login(identityApi, COUNTY_STAFF.phone);
    let phaseAt = performance.now();
    const lap = (): string => {
      const seconds = ((performance.now() - phaseAt) / 1000).toFixed(1);
      phaseAt = performance.now();
      return `${seconds} s`;
    };
    const network = await seedNetwork(new Api(services.urls.logistics, staffToken), log);
    log(`  (logistics took ${lap()})`);
    const catalog = await seedCatalog(new Api(services.urls.catalog), identityApi, staffToken, log);
    log(`  (catalog took ${lap()})`);
    await waitForEvents(client, since);
    log(`every event of the seed has been handled by its subscribers (waited ${lap()})`);
    return { skipped: false, identity, network, catalog, seconds: 0 };
  } finally {
    const closingAt = performance.now();
    await services.close();
    log(`stopped the services in ${((performance.now() - closingAt) / 1000).toFixed(1)} s`);
  }
}
