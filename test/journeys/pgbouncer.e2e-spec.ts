import { OrganisationKind } from '@countyflow/contracts';
import { databaseRoleOf } from '@countyflow/kernel';
import { createEmptyDatabase, dropDatabase, PgBouncer, testServerUrl } from '@countyflow/testing';
import { Client } from 'pg';
import { migrateAll, SCHEMAS } from '../../scripts/migrate';
import {
  cityCheckout,
  expectStock,
  journeyEnds,
  payGroup,
  shipmentOf,
  startWorld,
  waitForOrder,
  World,
} from './support';

jest.setTimeout(120_000);

const SERVICES = ['identity', 'catalog', 'orders', 'logistics'] as const;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `url` with its user replaced (the pooler's auth file names the service roles and the owner). */
const asUser = (url: string, user: string): string => {
  const parsed = new URL(url);
  parsed.username = user;
  return parsed.toString();
};

describe('the platform behind PgBouncer in transaction mode (Debian pgbouncer, a process of the test’s own)', () => {
  const serverUrl = testServerUrl(process.env);
  let bouncer: PgBouncer;
  let world: World;

  beforeAll(async () => {
    // three server connections per service role: fewer than the pools ask for, so clients really share them
    bouncer = await PgBouncer.start({ serverUrl, poolSize: 3 });
    world = await startWorld({ DATABASE_POOL_SIZE: '4' }, { pooler: bouncer });
  });

  afterAll(async () => {
    await world?.stop();
    await bouncer?.stop();
  });

  it('completes a checkout saga: placed → reserved → awaiting payment → paid → shipment created, every service pooled', async () => {
    const {
      seller,
      listing: navel,
      buyer,
      group,
      order,
    } = await cityCheckout(world, {
      seller: { kind: OrganisationKind.Cooperative, name: '信丰县安西镇大塘村脐橙专业合作社', ownerName: '曾庆华' },
      listing: {
        categoryId: 'citrus',
        title: '赣南脐橙 10斤装',
        description: '树上挂果到完熟才摘。',
        sku: { spec: '10斤装', priceFen: 8990, weightGrams: 5000, volumeMl: 12_000, initialStock: 50 },
      },
      buyerName: '陈晓',
    });
    await expectStock(world, seller, navel.skuId, { available: 48, reserved: 2, sold: 0 });

    await payGroup(world, buyer, group.id);
    await waitForOrder(world, buyer, order.id, 'paid', 'in_fulfilment');
    const shipment = await shipmentOf(world, order.id, buyer);
    expect(shipment.orderId).toBe(order.id);
    await expectStock(world, seller, navel.skuId, { available: 48, reserved: 0, sold: 2 });
    await journeyEnds(world);

    // every service's statements went through the pooler, each as its own role, on no more than its pool
    const database = world.platform.db.name;
    const pools = (await bouncer.pools(serverUrl)).filter((pool) => pool.database === database);
    expect(pools.map((pool) => pool.user).sort()).toEqual(SERVICES.map(databaseRoleOf).sort());
    for (const pool of pools) {
      expect(pool.active + pool.idle).toBeLessThanOrEqual(3);
    }
    // and the only direct sessions the services hold are their LISTEN clients: catalog's search (the relays no longer
    // listen: the committing process publishes its own outbox rows)
    const direct = await withClient(world.platform.db.url, async (client) => {
      const { rows } = await client.query<{ application_name: string; usename: string }>(
        `SELECT application_name, usename FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND query LIKE 'LISTEN%'`,
      );
      return rows.map((row) => `${row.usename} ${row.application_name}`).sort();
    });
    expect(direct).toEqual([`${databaseRoleOf('catalog')} catalog-search`]);
  });

  it('gives each service a role whose search_path is its schema and which may not read another service’s tables', async () => {
    const url = bouncer.url(asUser(world.platform.db.url, databaseRoleOf('orders')));
    await withClient(url, async (client) => {
      expect((await client.query('SHOW search_path')).rows[0].search_path).toBe('orders, public');
      expect((await client.query('SELECT count(*)::int AS n FROM customer_order')).rows[0].n).toBeGreaterThan(0);
      await expect(client.query('SELECT count(*) FROM catalog.listing')).rejects.toMatchObject({ code: '42501' });
      await expect(client.query('SELECT count(*) FROM identity.account')).rejects.toMatchObject({ code: '42501' });
    });
  });

  it('migrates a new database through the pooler with two migrators at once: each migration runs once', async () => {
    const name = `countyflow_test_pool_migrate_${process.pid}`;
    const direct = await createEmptyDatabase(serverUrl, name);
    try {
      const pooled = bouncer.url(direct);
      await Promise.all([migrateAll(pooled), migrateAll(pooled)]);
      await withClient(direct, async (client) => {
        for (const [schema, migrations] of SCHEMAS) {
          const { rows } = await client.query<{ name: string }>(`SELECT name FROM "${schema}".migrations ORDER BY id`);
          expect(rows).toHaveLength(migrations.length);
          expect(new Set(rows.map((row) => row.name)).size).toBe(migrations.length);
          const owner = await client.query<{ owner: string }>(
            `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
            [schema],
          );
          expect(owner.rows.map((row) => row.owner)).toEqual([databaseRoleOf(schema)]);
        }
      });
    } finally {
      await dropDatabase(serverUrl, name);
    }
  });
});
