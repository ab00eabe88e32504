import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniqueCreditCode, uniquePhone, waitFor } from '@countyflow/testing';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import {
  addMember,
  buildNetwork,
  COUNTY,
  expectStatus,
  get,
  identityUrl,
  listProduct,
  Network,
  payGroup,
  placeWhenKnown,
  planRuns,
  post,
  PublishedListing,
  servicePoint,
  shipmentOf,
  startWorld,
  verifiedOrganisation,
  verifiedSeller,
  World,
} from '../journeys/support';
import { Actor, countyStaff, registerActor, relogin, sellerOwner } from '../support/actors';

/*
 * The world of the authorization matrix: two counties, each with its staff, a verified cooperative (owner and a staff
 * member), a verified merchant, a service point with an operator and a buyer; a platform admin; and in county A the
 * resources the write endpoints act on (listings and a SKU, a lot, a storefront, the network, a vehicle and a route,
 * an unpaid and a paid order with its shipment, a planned run).
 */

export const COUNTY_A = COUNTY;
export const COUNTY_B = '360781';
export const VILLAGE_A = `${COUNTY_A}100201`;
export const VILLAGE_B = `${COUNTY_B}100201`;

export const ACTOR_NAMES = [
  'anonymous',
  'admin',
  'staffA',
  'staffB',
  'coopOwnerA',
  'coopStaffA',
  'coopOwnerB',
  'merchantA',
  'merchantB',
  'pointOwnerA',
  'operatorA',
  'operatorB',
  'buyerA',
  'buyerB',
  /** An account the session endpoints use up (login, refresh, logout). */
  'spare',
  /** A driver (role driver in point A's organisation), assigned to no vehicle. */
  'driverA',
] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

export interface Fixtures {
  actors: Record<Exclude<ActorName, 'anonymous'>, Actor>;
  /** A cooperative of county A still pending verification (verify / suspend act on it). */
  pendingOrgId: string;
  /** A second staff member of cooperative A (removeMember acts on them, so that coopStaffA keeps their seat). */
  spareMember: Actor;
  listing: PublishedListing;
  /** A second published listing of cooperative A: remove and take-down act on it. */
  doomed: PublishedListing;
  /** The lot recorded on `listing` (addPhoto acts on it). */
  lotId: string;
  network: Network;
  vehicleId: string;
  routeId: string;
  /** An order of buyerA, placed but not paid (cancel, payments). */
  unpaid: { orderId: string; groupId: string };
  /** An order of buyerA from merchant A, paid, with its shipment at the hub and on today's run. */
  paid: { orderId: string; groupId: string; shipmentId: string; parcelCode: string };
  /** Today's run in county A that drops the paid order's parcel at the point. */
  runId: string;
  /** An everyday word county A's staff added to search (removeSynonym acts on it). */
  synonymId: string;
  /** A pending application for a verified tag on `listing` (photo, verify, reject, withdraw act on it). */
  tagId: string;
  /** Two addresses in buyerA's address book (removeAddress acts on the second). */
  addressId: string;
  doomedAddressId: string;
  /** A pre-sale of cooperative A on `listing`, open for orders. */
  presaleId: string;
  /** A group deal of cooperative A on `listing`, and a buying group buyerA started on it. */
  groupDealId: string;
  buyingGroupId: string;
}

export interface AuthzWorld {
  world: World;
  fixtures: Fixtures;
}

export async function buildAuthzWorld(): Promise<AuthzWorld> {
  const world = await startWorld({ LOGISTICS_SWEEP_INTERVAL_MS: '0', CLAIM_SWEEP_INTERVAL_MS: '3600000' });
  try {
    const identity = identityUrl(world);
    const staffB = await countyStaff(identity, world.admin, COUNTY_B);

    const [coopOwnerA, merchantA, pointOwnerA] = await Promise.all([
      verifiedSeller(world, { kind: OrganisationKind.Cooperative, name: '安西镇脐橙专业合作社', ownerName: '甲社长' }),
      verifiedSeller(world, { kind: OrganisationKind.Merchant, name: '信丰县丰收农资店', ownerName: '甲店主' }),
      verifiedOrganisation(world, {
        kind: OrganisationKind.ServicePoint,
        name: '安西镇大塘村服务站',
        ownerName: '甲站长',
        villageCode: VILLAGE_A,
      }),
    ]);
    const [coopOwnerB, merchantB, pointOwnerB] = await Promise.all([
      verifiedInB(world, staffB, { kind: OrganisationKind.Cooperative, name: '瑞金市果蔬合作社', ownerName: '乙社长' }),
      verifiedInB(world, staffB, { kind: OrganisationKind.Merchant, name: '瑞金市农资店', ownerName: '乙店主' }),
      verifiedInB(world, staffB, {
        kind: OrganisationKind.ServicePoint,
        name: '瑞金市某村服务站',
        ownerName: '乙站长',
        villageCode: VILLAGE_B,
      }),
    ]);
    const [coopStaffA, spareMember, operatorA, operatorB, buyerA, buyerB, spare, driverA] = await Promise.all([
      addMember(world, coopOwnerA, '甲社员', MembershipRole.Staff),
      addMember(world, coopOwnerA, '甲社员二', MembershipRole.Staff),
      addMember(world, pointOwnerA, '甲操作员', MembershipRole.Operator),
      addMember(world, pointOwnerB, '乙操作员', MembershipRole.Operator),
      registerActor(identity, '甲买家'),
      registerActor(identity, '乙买家'),
      registerActor(identity, '备用账户'),
      addMember(world, pointOwnerA, '甲司机', MembershipRole.Driver),
    ]);
    const pending = await sellerOwner(identity, { name: '待审核合作社' });

    const network = await buildNetwork(world, [
      {
        code: VILLAGE_A,
        name: '大塘村服务站',
        hostType: 'village_shop',
        latitude: 25.26,
        longitude: 114.96,
        operatorOrgId: pointOwnerA.orgId!,
      },
    ]);
    const vehicles = await fetchJson(world, `/api/logistics/vehicles?countyCode=${COUNTY_A}`, world.staff);
    const vehicleId = (vehicles as { id: string }[])[0].id;
    const route = expectStatus(
      await post(
        world,
        '/api/logistics/routes',
        {
          vehicleId,
          name: '安西线',
          kind: 'run',
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          nodeIds: [network.points[VILLAGE_A].id],
        },
        world.staff,
      ),
      201,
      'creating a route',
    ).body as { id: string };

    const sku = { spec: '5斤装', priceFen: 5_990, weightGrams: 2_500, volumeMl: 6_000, initialStock: 50 };
    const listing = await listProduct(world, coopOwnerA, {
      categoryId: 'citrus',
      title: '赣南脐橙 5斤装',
      description: '果园现摘',
      originVillageCode: VILLAGE_A,
      sku,
    });
    const doomed = await listProduct(world, coopOwnerA, {
      categoryId: 'citrus',
      title: '赣南脐橙 10斤装',
      description: '果园现摘',
      originVillageCode: VILLAGE_A,
      sku: { ...sku, spec: '10斤装' },
    });
    const lot = expectStatus(
      await post(
        world,
        `/api/catalog/listings/${listing.listingId}/lots`,
        {
          harvestFrom: '2026-01-08',
          quantity: 100,
          unit: 'kg',
          contactPhone: '13800138000',
          issueDate: '2026-01-10',
          pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
        },
        coopOwnerA,
      ),
      201,
      'recording a lot',
    );
    expectStatus(
      await post(world, '/api/catalog/storefronts', { countyCode: COUNTY_A, name: '信丰县农特产品馆' }, world.staff),
      201,
      'creating the storefront',
    );

    // the merchant's goods: delivered to the hub by the merchant, dropped at the point by the day's run
    const urea = await listProduct(world, merchantA, {
      categoryId: 'fertiliser',
      title: '尿素 40kg',
      description: '县城仓库现货',
      sku: { spec: '40kg 袋', priceFen: 12_800, weightGrams: 40_000, volumeMl: 45_000, initialStock: 20 },
    });
    const basket = (skuId: string) => ({
      lines: [{ skuId, quantity: 1 }],
      destination: servicePoint(pointOwnerA.orgId!, buyerA.name, buyerA.phone),
    });
    const [paidGroup, unpaidGroup] = await Promise.all([
      placeWhenKnown(world, buyerA, '/api/orders/checkout', basket(urea.skuId)),
      placeWhenKnown(world, buyerA, '/api/orders/checkout', basket(listing.skuId)),
    ]);
    await waitFor(
      async () =>
        (await fetchJson(world, `/api/orders/orders/${paidGroup.orders[0].id}`, buyerA)).status === 'awaiting_payment',
      { timeoutMs: 30_000, intervalMs: 100, what: 'the order to await payment' },
    );
    await payGroup(world, buyerA, paidGroup.id);
    const shipment = await shipmentOf(world, paidGroup.orders[0].id, buyerA);
    expectStatus(
      await post(
        world,
        `/api/logistics/shipments/${shipment.id}/scans`,
        { kind: 'arrived', nodeId: network.hub.id },
        world.staff,
      ),
      201,
      'the arrival at the hub',
    );
    const [run] = await planRuns(world, [shipment.id]);
    const tag = expectStatus(
      await post(
        world,
        `/api/catalog/listings/${listing.listingId}/tags`,
        { kind: 'geographical_indication', certificateNo: 'AGI-00001234' },
        coopOwnerA,
      ),
      201,
      'applying for a verified tag',
    );
    const synonym = expectStatus(
      await post(
        world,
        '/api/catalog/search/synonyms',
        { countyCode: COUNTY_A, word: '果子', expansions: ['脐橙'] },
        world.staff,
      ),
      201,
      'adding a search synonym',
    );

    const [address, doomedAddress] = await Promise.all(
      ['村委会东 1 号', '村委会东 2 号'].map(async (detail) =>
        expectStatus(
          await post(
            world,
            '/api/orders/me/addresses',
            { recipientName: buyerA.name, recipientPhone: buyerA.phone, placeCode: '360724100', detail },
            buyerA,
          ),
          201,
          "adding to buyerA's address book",
        ),
      ),
    );

    const presale = expectStatus(
      await post(
        world,
        '/api/orders/presales',
        {
          skuId: listing.skuId,
          capUnits: 100,
          shipsFrom: '2027-01-10',
          shipsTo: '2027-01-20',
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        coopOwnerA,
      ),
      201,
      'creating a pre-sale',
    ).body as { id: string };
    const groupDeal = expectStatus(
      await post(
        world,
        '/api/orders/group-deals',
        { skuId: listing.skuId, groupPriceFen: 4_990, groupSize: 3, windowMinutes: 60 },
        coopOwnerA,
      ),
      201,
      'offering a group deal',
    ).body as { id: string };
    const buyingGroup = expectStatus(
      await post(
        world,
        `/api/orders/group-deals/${groupDeal.id}/groups`,
        { quantity: 1, destination: basket(listing.skuId).destination },
        buyerA,
      ),
      202,
      'starting a buying group',
    ).body as { buyingGroup: { id: string } };

    return {
      world,
      fixtures: {
        actors: {
          admin: world.admin,
          staffA: world.staff,
          staffB,
          coopOwnerA,
          coopStaffA,
          coopOwnerB,
          merchantA,
          merchantB,
          pointOwnerA,
          operatorA,
          operatorB,
          buyerA,
          buyerB,
          spare,
          driverA,
        },
        pendingOrgId: pending.orgId!,
        spareMember,
        listing,
        doomed,
        lotId: (lot.body as { id: string }).id,
        network,
        vehicleId,
        routeId: route.id,
        addressId: (address.body as { id: string }).id,
        doomedAddressId: (doomedAddress.body as { id: string }).id,
        unpaid: { orderId: unpaidGroup.orders[0].id, groupId: unpaidGroup.id },
        paid: {
          orderId: paidGroup.orders[0].id,
          groupId: paidGroup.id,
          shipmentId: shipment.id,
          parcelCode: shipment.parcelCode,
        },
        runId: run.id,
        synonymId: (synonym.body as { id: string }).id,
        tagId: (tag.body as { id: string }).id,
        presaleId: presale.id,
        groupDealId: groupDeal.id,
        buyingGroupId: buyingGroup.buyingGroup.id,
      },
    };
  } catch (error) {
    await world.stop().catch(() => undefined);
    throw error;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function fetchJson(world: World, path: string, actor: Actor): Promise<any> {
  return expectStatus(await get(world, path, actor), 200, path).body;
}

/** A verified organisation of county B (the journey helpers register in county A and verify with its staff). */
async function verifiedInB(
  world: World,
  staffB: Actor,
  spec: { kind: OrganisationKind; name: string; ownerName: string; villageCode?: string },
): Promise<Actor> {
  const owner = await registerActor(identityUrl(world), spec.ownerName);
  const seller = spec.kind !== OrganisationKind.ServicePoint;
  const created = expectStatus(
    await post(
      world,
      '/api/identity/organisations',
      {
        kind: spec.kind,
        name: spec.name,
        countyCode: COUNTY_B,
        ...(spec.villageCode && { villageCode: spec.villageCode }),
        ...(seller && { creditCode: uniqueCreditCode() }),
      },
      owner,
    ),
    201,
    `registering ${spec.name}`,
  );
  const orgId = created.body.id as string;
  expectStatus(
    await post(world, `/api/identity/organisations/${orgId}/verify`, {}, staffB),
    200,
    `verifying ${spec.name}`,
  );
  if (seller) {
    await waitFor(async () => (await get(world, `/api/catalog/sellers/${orgId}`)).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: `catalog to learn of ${spec.name}`,
    });
  }
  return { ...(await relogin(identityUrl(world), owner)), orgId };
}

// ---------------------------------------------------------------------------------------------------------------
// Database snapshots: one digest per table of every service schema

const SCHEMAS = ['identity', 'catalog', 'orders', 'logistics'];

export class Snapshots {
  private tables: string[] = [];

  private constructor(
    private readonly client: Client,
    private readonly idle: (timeoutMs?: number) => Promise<void>,
  ) {}

  /** Snapshots of the platform's database; `idle` is the platform's wait for no event in flight. */
  static async open(platform: { db: { url: string }; idle(timeoutMs?: number): Promise<void> }): Promise<Snapshots> {
    const client = new Client({ connectionString: platform.db.url });
    await client.connect();
    const snapshots = new Snapshots(client, (timeoutMs) => platform.idle(timeoutMs));
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1`,
      [SCHEMAS],
    );
    snapshots.tables = rows.map((row) => row.name).filter((name) => !/migrations/.test(name));
    return snapshots;
  }

  /** table → digest of its rows. */
  async take(): Promise<Record<string, string>> {
    const sql = this.tables
      .map(
        (table) =>
          `SELECT '${table}' AS t, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS d FROM ${table} r`,
      )
      .join(' UNION ALL ');
    const { rows } = await this.client.query<{ t: string; d: string }>(sql);
    return Object.fromEntries(rows.map((row) => [row.t, row.d]));
  }

  /**
   * A snapshot once every event in flight has landed: no unpublished outbox row and no inbox job left (the
   * platform's `idle`, which fails when that does not happen within `timeoutMs`), so that comparing it with another
   * never blames a request for what an earlier one's events wrote.
   */
  async settled(timeoutMs = 20_000): Promise<Record<string, string>> {
    await this.idle(timeoutMs);
    return this.take();
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

export const digest = (snapshot: Record<string, string>): string =>
  createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');

export const changedTables = (before: Record<string, string>, after: Record<string, string>): string[] =>
  Object.keys(after).filter((table) => before[table] !== after[table]);

export const freshPhone = uniquePhone;
