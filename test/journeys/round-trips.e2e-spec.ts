import { inboxQueueName, OrganisationKind, ServiceName } from '@countyflow/contracts';
import { envelopesOf, InboxJobData } from '@countyflow/messaging';
import { waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { appendFile } from 'node:fs/promises';
import { Client } from 'pg';
import { Actor } from '../support/actors';
import { RoundTripCounter, roundTripTable, ServiceRoundTrips } from '../support/round-trips';
import {
  buildNetwork,
  cityAddress,
  COUNTY,
  expectStatus,
  journeyEnds,
  listProduct,
  payGroup,
  person,
  placeWhenKnown,
  post,
  PublishedListing,
  startWorld,
  verifiedOrganisation,
  verifiedSeller,
  VillagePointSpec,
  World,
} from './support';

jest.setTimeout(120_000);

/** 安西镇大塘村 and 大塘埠镇坪石村: the sellers' villages, in two towns of 信丰县. */
const DATANG_VILLAGE = `${COUNTY}100201`;
const PINGSHI_VILLAGE = `${COUNTY}101203`;

/** Every recurring round an hour away: only the checkout's own work is counted. */
const HOUR = '3600000';
const QUIET_TASKS = {
  OUTBOX_POLL_INTERVAL_MS: HOUR,
  MESSAGING_RETENTION_INTERVAL_MS: HOUR,
  ORDER_EXPIRY_SWEEP_INTERVAL_MS: HOUR,
  REFUND_INTERVAL_MS: HOUR,
  CLAIM_SWEEP_INTERVAL_MS: HOUR,
  GROUP_EXPIRY_SWEEP_INTERVAL_MS: HOUR,
  BALANCE_SWEEP_INTERVAL_MS: HOUR,
  RECEIPT_CONFIRM_SWEEP_INTERVAL_MS: HOUR,
  PAYOUT_INTERVAL_MS: HOUR,
  PAYMENT_RECONCILE_INTERVAL_MS: HOUR,
  LOGISTICS_SWEEP_INTERVAL_MS: HOUR,
  TAG_EXPIRY_SWEEP_MS: HOUR,
};

/**
 * The most each service may send PostgreSQL for one checkout of two sellers' lines, placed → reserved → paid →
 * shipment created (docs/performance.md "Round trips per checkout"): a change that adds a round trip or a
 * transaction to the saga's hot paths fails here and has to say why. Measured: orders 50 round trips in 13
 * transactions, catalog 30 in 8, logistics 18 in 4 (58 in 15, 34 in 8 and 22 in 4 before issue 18's last changes:
 * the checkout's reads one statement, stock.reserved one statement, and the committing process publishing its
 * outbox rows and marking them with one autocommit UPDATE where a relay sweep took three round trips); orders 47 in
 * 12 since unpaid orders expire by a sweep (the round that handed each order to a delayed job is gone); orders 44 in
 * 11, catalog 24 in 6, logistics 14 in 2 since the events of one name committed together travel in one job (the two
 * orders' events reach each handler together and share its batch transaction; docs/messaging.md "Jobs"); orders 41 in
 * 10 since its shipment.created is batch-safe too, catalog 16 in 4 since its order.paid is; orders 37 in 10 since
 * a batch of stock.reserved is one statement and paying reads each order once and locks the payment's pre-sales and
 * buying groups in one statement. Writes count the statements that leave together once (a transaction's start with
 * its first statement, a statement sent ahead with the next): orders 33, catalog 13, logistics 11 before, orders 27
 * since those changes and the checkout's placement and the payment request are sent ahead too (docs/performance.md
 * "Fewer statements and waits in orders, marks held"); orders 32 in 23 writes since a payment of ordinary orders
 * pays them in one pass (the orders, order.paid's payloads and their money facts in one statement, the ledger's
 * entries in one, order.paid in one insert; docs/performance.md "A payment's orders paid in one pass"), 21 writes in
 * 9 transactions since creating a payment reads the group, locks its orders and reads its attempts in one write
 * (`readTogether`) instead of a read before its transaction and two waits in it; orders 19 writes, catalog 11,
 * logistics 10 since an inbox batch's processed_event insert leaves with its handler's first statement (the events
 * taken as new; docs/messaging.md "Batches"); logistics 9 in 3 writes since a batch of order.paid reads which orders
 * are shipped, their cancellations and their routes in one write and inserts every shipment in one statement sent
 * ahead (docs/logistics.md "Shipments created in batches"), and orders 31 in 18 since a batch of shipment.created moves
 * its orders in one statement. Each ceiling allows one more mark (one round trip, one transaction), since the marks of two commits made close
 * together may be one statement or two.
 */
const CEILINGS: Record<string, Pick<ServiceRoundTrips, 'roundTrips' | 'writes' | 'transactions'>> = {
  countyflow_orders: { roundTrips: 32, writes: 19, transactions: 10 },
  countyflow_catalog: { roundTrips: 17, writes: 12, transactions: 5 },
  countyflow_logistics: { roundTrips: 10, writes: 4, transactions: 3 },
};

/**
 * The events a checkout of two sellers delivers between services, two of each: order.placed (to catalog),
 * stock.reserved (to orders), order.paid (to catalog and to logistics), shipment.created (to orders).
 */
const EVENTS_PER_CHECKOUT = 10;

/*
 * What a checkout costs in SQL: every statement each service sends PostgreSQL (through the `pg` driver, counted by
 * the role each service connects as) for one checkout of two sellers' goods, from POST /checkout to both shipments
 * created and every event handled. A first checkout warms up what happens once (orders learning the listings, the
 * county's ledger accounts); the second is counted. ROUND_TRIPS_REPORT=<file> appends the figures to that file.
 */
describe('the round trips of one checkout saga', () => {
  let world: World;
  let db: Client;
  let buyer: Actor;
  let listings: PublishedListing[];

  beforeAll(async () => {
    world = await startWorld(QUIET_TASKS);
    db = new Client({ connectionString: world.platform.db.url });
    await db.connect();
    // the network the produce travels up: each seller's village has a service point under its town and the hub
    const villages = [
      { code: DATANG_VILLAGE, name: '大塘村便民服务站', owner: '张桂兰', latitude: 25.27, longitude: 114.93 },
      { code: PINGSHI_VILLAGE, name: '坪石村益农信息社', owner: '刘德福', latitude: 25.47, longitude: 114.79 },
    ];
    const points: VillagePointSpec[] = [];
    for (const { owner, ...village } of villages) {
      const operator = await verifiedOrganisation(world, {
        kind: OrganisationKind.ServicePoint,
        name: `信丰县${village.name}`,
        ownerName: owner,
        villageCode: village.code,
      });
      points.push({ ...village, hostType: 'village_shop', operatorOrgId: operator.orgId! });
    }
    await buildNetwork(world, points);
    const sellers = [
      {
        name: '信丰县安西镇大塘村果蔬专业合作社',
        ownerName: '刘春华',
        title: '大塘村脐橙 5斤装',
        village: DATANG_VILLAGE,
      },
      { name: '信丰县坪石村红薯专业合作社', ownerName: '陈国平', title: '坪石村红薯 5斤装', village: PINGSHI_VILLAGE },
    ];
    listings = [];
    for (const seller of sellers) {
      const owner = await verifiedSeller(world, {
        kind: OrganisationKind.Cooperative,
        name: seller.name,
        ownerName: seller.ownerName,
        villageCode: seller.village,
      });
      listings.push(
        await listProduct(world, owner, {
          categoryId: 'citrus',
          title: seller.title,
          description: '合作社统一分拣装箱，常温发出。',
          originVillageCode: seller.village,
          sku: { spec: '标准装', priceFen: 4990, weightGrams: 2500, volumeMl: 6000, initialStock: 1000 },
        }),
      );
    }
    buyer = await person(world, '周敏');
  });

  afterEach(() => journeyEnds(world));

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  const basket = () => ({
    lines: listings.map((listing) => ({ skuId: listing.skuId, quantity: 1 })),
    destination: cityAddress('周敏', buyer.phone),
  });

  /** The jobs on the services' inbox queues so far, and the events they carry (finished jobs are kept a day). */
  async function inboxJobs(): Promise<{ jobs: number; events: number }> {
    const connection = new Redis(world.platform.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    try {
      let jobs = 0;
      let events = 0;
      for (const service of [ServiceName.Identity, ServiceName.Catalog, ServiceName.Orders, ServiceName.Logistics]) {
        const queue = new Queue<InboxJobData>(inboxQueueName(service), {
          connection,
          prefix: world.platform.env.QUEUE_PREFIX,
        });
        const found = await queue.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed', 'prioritized']);
        jobs += found.length;
        events += found.reduce((sum, job) => sum + envelopesOf(job.data).length, 0);
        await queue.close();
      }
      return { jobs, events };
    } finally {
      connection.disconnect();
    }
  }

  /** Waits, reading the database as the test's own role (not counted), until `sql` answers true. */
  const until = (what: string, sql: string, values: unknown[]) =>
    waitFor(async () => (await db.query<{ done: boolean }>(sql, values)).rows[0].done, {
      timeoutMs: 30_000,
      intervalMs: 20,
      what,
    });

  /** The saga after placement: reserved, paid by the provider's webhook, the shipments made. */
  async function settle(group: { id: string; orders: { id: string }[] }) {
    const orderIds = group.orders.map((order) => order.id);
    await until(
      'both orders to await payment',
      `SELECT bool_and(status = 'awaiting_payment') AS done FROM orders.customer_order WHERE group_id = $1`,
      [group.id],
    );
    await payGroup(world, buyer, group.id);
    await until(
      'both orders to be in fulfilment',
      `SELECT bool_and(status = 'in_fulfilment') AS done FROM orders.customer_order WHERE group_id = $1`,
      [group.id],
    );
    await until(
      'both shipments',
      `SELECT count(*) = 2 AS done FROM logistics.shipment WHERE order_id = ANY($1::uuid[])`,
      [orderIds],
    );
    await world.platform.idle();
  }

  it('places, reserves, pays and ships a checkout of two sellers within the ceilings of round trips', async () => {
    // the first checkout: orders learns the listings, the county's ledger accounts are made
    const first = await placeWhenKnown(world, buyer, '/api/orders/checkout', basket());
    await settle(first);

    const jobsBefore = await inboxJobs();
    const counter = new RoundTripCounter();
    counter.start();
    let counts: Record<string, ServiceRoundTrips> = {};
    try {
      const placed = expectStatus(
        await post(world, '/api/orders/checkout', basket(), buyer).set('idempotency-key', `round-trips-${Date.now()}`),
        202,
        'the counted checkout',
      ).body as { id: string; orders: { id: string }[] };
      expect(placed.orders).toHaveLength(2);
      await settle(placed);
    } finally {
      counts = counter.stop();
    }
    const jobsAfter = await inboxJobs();
    const delivered = {
      jobs: jobsAfter.jobs - jobsBefore.jobs,
      events: jobsAfter.events - jobsBefore.events,
    };

    const report = process.env.ROUND_TRIPS_REPORT;
    if (report) {
      const statements = Object.entries(counts)
        .map(([role, count]) => [`${role}:`, ...count.statements.map(([sql, n]) => `  ${n} × ${sql}`)].join('\n'))
        .join('\n');
      await appendFile(
        report,
        `${new Date().toISOString()}\n${roundTripTable(counts)}\n` +
          `inbox jobs ${delivered.jobs} for ${delivered.events} events\n\n${statements}\n\n`,
      );
    }
    const over = Object.entries(CEILINGS)
      .filter(
        ([role, ceiling]) =>
          !counts[role] ||
          counts[role].roundTrips > ceiling.roundTrips ||
          counts[role].writes > ceiling.writes ||
          counts[role].transactions > ceiling.transactions,
      )
      .map(([role, ceiling]) => ({
        role,
        ceiling,
        counted: counts[role] && { ...counts[role], statements: undefined },
      }));
    expect(over).toEqual([]);
    // the two orders' order.placed, committed together, reach catalog in one job, and their order.paid, committed
    // together, one job to catalog and one to logistics (docs/messaging.md "Jobs"): three jobs fewer than events at
    // least (a batch's answers, stock.reserved and shipment.created, may share a job too)
    expect(delivered.events).toBe(EVENTS_PER_CHECKOUT);
    expect(delivered.jobs).toBeLessThanOrEqual(EVENTS_PER_CHECKOUT - 3);
  });
});
