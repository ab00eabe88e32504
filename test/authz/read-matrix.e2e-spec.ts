import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { Operation, operationsOf, Schema } from '../fuzz/support';
import { chinaToday, expectStatus, get, identityUrl, post } from '../journeys/support';
import { Actor, registerActor, relogin } from '../support/actors';
import { ActorName, AuthzWorld, buildAuthzWorld, COUNTY_A, Fixtures, VILLAGE_A } from './support';

/*
 * The authorization matrix, READ section: every read operation (GET) of the gateway's merged OpenAPI document,
 * called against county A's resources by actors who must not see them and by each actor who may. Wrong actors must
 * get 401/403/404 as problem+json; each rightful actor must get 200 (or, where the world holds no such resource,
 * the stated status). Public reads are called anonymously and must answer. A new read endpoint without a row fails.
 */

jest.setTimeout(150_000);

const DEBUG = Boolean(process.env.AUTHZ_DEBUG);
const WRONG_STATUSES = [401, 403, 404];
const PROBLEM = /^application\/problem\+json/;

interface ReadRow {
  /** Who may read it, in words. */
  who: string;
  /** Anyone may read it (no token): why. */
  public?: string;
  /** Actors who must get `status` (200 unless said). */
  right: ActorName[];
  /** Actors who must get 401/403/404. */
  wrong: ActorName[];
  params?: (f: Fixtures) => Record<string, string>;
  query?: (f: Fixtures) => Record<string, string>;
  /** The rightful status when it is not 200 (the world holds no such resource): why. */
  status?: [number, string];
}

const county = () => ({ countyCode: COUNTY_A });
const period = () => ({ from: chinaToday(), to: chinaToday() });
const point = (f: Fixtures) => ({ nodeId: f.network.points[VILLAGE_A].id });
/** Nobody, a buyer and county B's staff. */
const OUTSIDERS: ActorName[] = ['anonymous', 'buyerA', 'staffB'];
const NETWORK_READERS: ActorName[] = ['staffA', 'admin', 'pointOwnerA', 'operatorA'];
const NETWORK_WRONG: ActorName[] = [...OUTSIDERS, 'operatorB', 'coopOwnerA', 'merchantA'];
const POINT_WRONG: ActorName[] = [...OUTSIDERS, 'operatorB', 'coopOwnerA'];
const deadLetters = (): ReadRow => ({
  who: 'platform admins',
  right: ['admin'],
  wrong: [...OUTSIDERS, 'staffA', 'coopOwnerA'],
});
const publicRow = (reason: string, rest: Partial<ReadRow> = {}): ReadRow => ({
  who: 'anyone',
  public: reason,
  right: ['anonymous', 'buyerB'],
  wrong: [],
  ...rest,
});

const READS: Record<string, ReadRow> = {
  // ------------------------------------------------------------------------------------------------ identity
  IdentityMeController_me: { who: 'the signed-in account itself', right: ['buyerA', 'staffA'], wrong: ['anonymous'] },
  IdentityOrganisationController_search: {
    who: "county staff (their county's), platform admins",
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    query: county,
  },
  IdentityOrganisationController_get: {
    who: 'any signed-in account; the contact phone only for insiders (checked below)',
    right: ['buyerA', 'staffB', 'pointOwnerA'],
    wrong: ['anonymous'],
    params: (f) => ({ id: f.actors.pointOwnerA.orgId! }),
  },
  IdentityOrganisationController_members: {
    who: 'its members, county staff of its county, platform admins',
    right: ['coopOwnerA', 'coopStaffA', 'staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'operatorA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
  },
  IdentityApplicationController_queue: {
    who: "county staff (their county's), platform admins",
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    query: county,
  },
  IdentityApplicationController_get: {
    who: 'its members, county staff of its county, platform admins',
    right: ['coopOwnerA', 'coopStaffA', 'staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'operatorA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
    status: [404, 'cooperative A was verified without an application (test/identity/applications covers a real one)'],
  },
  IdentityMessageController_list: {
    who: 'the signed-in account itself',
    right: ['buyerA', 'coopOwnerA'],
    wrong: ['anonymous'],
  },
  IdentityDeadLetterController_list: deadLetters(),
  IdentityDevSmsController_list: publicRow(
    'development only (SMS_PROVIDER=dev, refused in production): the outbox developers read codes from',
  ),
  // ------------------------------------------------------------------------------------------------ catalog
  CatalogCategoryController_tree: publicRow('the category tree shoppers browse'),
  CatalogCategoryController_get: publicRow('the category tree shoppers browse', { params: () => ({ id: 'citrus' }) }),
  CatalogSearchController_search: publicRow('shoppers search without an account', {
    query: () => ({ q: '脐橙' }),
  }),
  CatalogSearchController_listSynonyms: publicRow('the everyday words search understands are no secret', {
    params: county,
  }),
  CatalogSellerController_list: publicRow("verified sellers are the storefront's shops", { query: county }),
  CatalogSellerController_get: publicRow("a verified seller's shop page", {
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
  }),
  CatalogPlaceController_provinces: publicRow('the names of division codes are public data'),
  CatalogPlaceController_get: publicRow('the names of division codes are public data', {
    params: () => ({ code: '360722105201' }),
  }),
  CatalogPlaceController_children: publicRow('the names of division codes are public data', {
    params: () => ({ code: '360722' }),
  }),
  CatalogListingController_list: {
    who: 'members of the seller, its county staff',
    right: ['coopOwnerA', 'coopStaffA', 'staffA'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA', 'operatorA'],
    query: (f) => ({ sellerOrgId: f.actors.coopOwnerA.orgId! }),
  },
  CatalogListingController_get: publicRow('a published listing of a verified seller', {
    params: (f) => ({ id: f.listing.listingId }),
  }),
  CatalogLotController_list: {
    who: 'members of the seller, county staff',
    right: ['coopOwnerA', 'staffA'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA'],
    params: (f) => ({ id: f.listing.listingId }),
  },
  CatalogTagController_list: {
    who: 'members of the seller, its county staff, platform admins',
    right: ['coopOwnerA', 'coopStaffA', 'staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA', 'operatorA'],
    params: (f) => ({ id: f.listing.listingId }),
  },
  CatalogTagController_review: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    query: county,
  },
  CatalogLotController_listPublic: publicRow('the lots a buyer sees on a public listing', {
    params: (f) => ({ id: f.listing.listingId }),
  }),
  CatalogLotController_trace: publicRow('the trace page behind the code on a package', {
    params: () => ({ code: 'NO-SUCH-CODE' }),
    status: [404, 'no such trace code (the point is that nobody is refused)'],
  }),
  CatalogStockController_get: {
    who: 'members of the seller, county staff',
    right: ['coopOwnerA', 'staffA'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA'],
    params: (f) => ({ skuId: f.listing.skuId }),
  },
  CatalogStorefrontController_list: publicRow('the open county storefronts'),
  CatalogStorefrontController_view: publicRow("a county's storefront", {
    params: county,
    status: [404, "county A's storefront is created but not opened in this world (nobody is refused)"],
  }),
  CatalogDeadLetterController_list: deadLetters(),
  // ------------------------------------------------------------------------------------------------ orders
  OrdersAddressController_list: {
    who: "the caller's own addresses",
    right: ['buyerA', 'buyerB'],
    wrong: ['anonymous'],
  },
  OrdersOrderController_mine: { who: "the caller's own orders", right: ['buyerA', 'buyerB'], wrong: ['anonymous'] },
  OrdersOrderController_detail: {
    who: 'the buyer, the seller, county staff',
    right: ['buyerA', 'merchantA', 'staffA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'coopOwnerA', 'merchantB', 'operatorB'],
    params: (f) => ({ id: f.paid.orderId }),
  },
  OrdersOrderController_group: {
    who: 'the buyer',
    right: ['buyerA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'merchantB', 'operatorB'],
    params: (f) => ({ id: f.paid.groupId }),
  },
  OrdersOrderController_events: {
    who: 'the buyer (a paid group: one event, then the stream ends)',
    right: ['buyerA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'merchantB', 'operatorB'],
    params: (f) => ({ id: f.paid.groupId }),
  },
  OrdersOrderController_forSeller: {
    who: 'owners and staff of the seller',
    right: ['merchantA'],
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
  },
  OrdersOrderController_packingList: {
    who: 'owners and staff of the seller',
    right: ['merchantA'],
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
  },
  OrdersOrderController_forServicePoint: {
    who: 'members of the service point',
    right: ['pointOwnerA', 'operatorA'],
    wrong: [...OUTSIDERS, 'operatorB', 'merchantA'],
    params: (f) => ({ orgId: f.actors.pointOwnerA.orgId! }),
  },
  OrdersOrderController_forCounty: {
    who: 'county staff of the county',
    right: ['staffA'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersStatisticsController_get: {
    who: 'county staff of the county, platform admins (admins also without a county)',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    query: () => ({ countyCode: COUNTY_A, ...period() }),
  },
  GatewayStatisticsExportController_export: {
    who: 'county staff of the county, platform admins (admins also without a county); the services behind decide',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    query: () => ({ countyCode: COUNTY_A, ...period(), format: 'csv' }),
  },
  OrdersFiguresController_county: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
    query: period,
  },
  OrdersSettlementController_payee: {
    who: 'owners of the organisation',
    right: ['merchantA'],
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
    status: [404, 'no payee account is set in this world (`no-payee-account`)'],
  },
  OrdersSettlementController_ofParty: {
    who: 'owners, staff and operators of the seller or service point',
    right: ['merchantA'],
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
  },
  OrdersSettlementController_detail: {
    who: 'the party, county staff of its county, platform admins',
    right: ['staffA'],
    wrong: OUTSIDERS,
    params: () => ({ id: randomUUID() }),
    status: [404, 'no period is settled in this world'],
  },
  OrdersSettlementController_export: {
    who: 'the party, county staff of its county, platform admins',
    right: ['staffA'],
    wrong: OUTSIDERS,
    params: () => ({ id: randomUUID() }),
    query: () => ({ format: 'csv' }),
    status: [404, 'no period is settled in this world'],
  },
  OrdersSettlementController_county: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersSettlementController_ledger: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersCashBookController_book: {
    who: "the point's owners and operators, county staff of its county",
    right: ['pointOwnerA', 'operatorA', 'staffA'],
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA', 'merchantA'],
    params: (f) => ({ orgId: f.actors.pointOwnerA.orgId! }),
  },
  OrdersCashBookController_county: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersCouponController_campaigns: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersCouponController_countyCoupons: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersCouponController_platformCoupons: {
    who: 'platform admins',
    right: ['admin'],
    wrong: [...OUTSIDERS, 'staffA', 'coopOwnerA', 'operatorA'],
  },
  OrdersCouponController_sellerCoupons: {
    who: 'owners and staff of the seller',
    right: ['merchantA'],
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
  },
  OrdersCouponController_claimable: publicRow('the coupons a listing page or a basket offers to anyone browsing', {
    query: (f) => ({ listingId: f.listing.listingId }),
  }),
  OrdersCouponController_mine: {
    who: "the caller's own coupons",
    right: ['buyerA', 'buyerB'],
    wrong: ['anonymous'],
  },
  OrdersFreightController_get: {
    who: 'owners and staff of the seller',
    right: ['merchantA'],
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
  },
  OrdersClaimController_get: {
    who: 'the parties of its order, county staff',
    right: ['staffA'],
    wrong: ['anonymous', 'buyerB'],
    params: () => ({ id: randomUUID() }),
    status: [404, 'the world holds no claim; the rule is exercised by test/journeys/after-sales'],
  },
  OrdersClaimController_forSeller: {
    who: 'owners and staff of the seller',
    right: ['coopOwnerA', 'coopStaffA'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA'],
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
  },
  OrdersClaimController_forCounty: {
    who: 'county staff of the county',
    right: ['staffA'],
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: county,
  },
  OrdersCommissionController_summary: {
    who: 'owners and operators of the service point',
    right: ['pointOwnerA', 'operatorA'],
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ orgId: f.actors.pointOwnerA.orgId! }),
  },
  OrdersCountySettingController_get: {
    who: "any signed-in account: the county's marketplace terms (commission, claim window) bind its buyers and sellers",
    right: ['buyerA', 'coopOwnerA', 'staffA'],
    wrong: ['anonymous'],
    params: county,
  },
  OrdersReviewController_rating: publicRow("a seller's rating on its shop page", {
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
  }),
  OrdersReviewController_list: publicRow("a seller's reviews on its shop page", {
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
  }),
  OrdersPresaleController_get: publicRow('a pre-sale on its listing page (units left, shipping window)', {
    params: (f) => ({ id: f.presaleId }),
  }),
  OrdersPresaleController_ofListing: publicRow("a listing's pre-sales (预售 on the listing page)", {
    params: (f) => ({ listingId: f.listing.listingId }),
  }),
  OrdersPresaleController_ofSeller: {
    who: 'owners and staff of the seller',
    right: ['coopOwnerA'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
  },
  OrdersGroupBuyController_ofListing: publicRow("a listing's group deals and open groups (拼团 on the listing page)", {
    params: (f) => ({ listingId: f.listing.listingId }),
  }),
  OrdersGroupBuyController_ofSeller: {
    who: 'owners and staff of the seller',
    right: ['coopOwnerA'],
    wrong: [...OUTSIDERS, 'coopOwnerB', 'merchantA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
  },
  OrdersGroupBuyController_get: publicRow("a buying group's progress: the page its share link opens", {
    params: (f) => ({ id: f.buyingGroupId }),
  }),
  OrdersDeadLetterController_list: deadLetters(),
  // ------------------------------------------------------------------------------------------------ logistics
  LogisticsNetworkController_searchNodes: publicRow('buyers choose their village point (name, place, hours)', {
    query: county,
  }),
  LogisticsNetworkController_getNode: publicRow('buyers choose their village point (name, place, hours)', {
    params: (f) => ({ id: f.network.points[VILLAGE_A].id }),
  }),
  LogisticsNetworkController_listVehicles: {
    who: 'county staff of the county, operators of its nodes, platform admins',
    right: NETWORK_READERS,
    wrong: NETWORK_WRONG,
    query: county,
  },
  LogisticsNetworkController_listRoutes: {
    who: 'county staff of the county, operators of its nodes, platform admins',
    right: NETWORK_READERS,
    wrong: NETWORK_WRONG,
    query: county,
  },
  LogisticsNetworkController_getSettings: {
    who: 'county staff of the county, operators of its nodes, platform admins',
    right: NETWORK_READERS,
    wrong: NETWORK_WRONG,
    params: county,
  },
  LogisticsFiguresController_county: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'operatorA', 'coopOwnerA'],
    params: county,
    query: period,
  },
  LogisticsNotificationController_list: {
    who: "the shipment's buyer, county staff, platform admins",
    right: ['buyerA', 'staffA'],
    wrong: ['anonymous', 'buyerB', 'staffB', 'operatorB', 'merchantB'],
    query: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsPointController_arrivals: {
    who: 'operators of the point, county staff of its county',
    right: ['operatorA', 'pointOwnerA', 'staffA'],
    wrong: POINT_WRONG,
    params: point,
  },
  LogisticsPointController_shelves: {
    who: 'operators of the point, county staff of its county',
    right: ['operatorA', 'pointOwnerA', 'staffA'],
    wrong: POINT_WRONG,
    params: point,
  },
  LogisticsPointController_overdue: {
    who: 'operators of the point, county staff of its county',
    right: ['operatorA', 'pointOwnerA', 'staffA'],
    wrong: POINT_WRONG,
    params: point,
  },
  LogisticsPointController_outbound: {
    who: 'operators of the point, county staff of its county',
    right: ['operatorA', 'pointOwnerA', 'staffA'],
    wrong: POINT_WRONG,
    params: point,
  },
  LogisticsRunController_list: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    query: () => ({ countyCode: COUNTY_A, date: chinaToday() }),
  },
  LogisticsRunController_get: {
    who: 'county staff of the county, operators of its hub, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ id: f.runId }),
  },
  LogisticsNodeController_workplaces: {
    who: 'anyone signed in (their own nodes and vehicles)',
    right: ['staffA', 'operatorA', 'buyerA', 'driverA'],
    wrong: ['anonymous'],
  },
  LogisticsNodeController_workspace: {
    who: 'operators of the node, county staff of its county, platform admins',
    right: ['operatorA', 'pointOwnerA', 'staffA', 'admin'],
    wrong: [...POINT_WRONG, 'driverA'],
    params: point,
  },
  LogisticsRunController_driverRuns: {
    who: 'drivers (the runs of the vehicles they drive)',
    right: ['driverA'],
    wrong: [...OUTSIDERS, 'staffA', 'operatorA', 'pointOwnerA'],
  },
  LogisticsShipmentController_label: {
    who: 'the buyer, the seller, operators of nodes on its path, county staff, platform admins',
    right: ['buyerA', 'merchantA', 'operatorA', 'staffA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'merchantB', 'operatorB', 'coopOwnerA', 'driverA'],
    params: (f) => ({ id: f.paid.shipmentId }),
  },
  LogisticsShipmentController_labelByCode: {
    who: 'the buyer, the seller, operators of nodes on its path, county staff, platform admins',
    right: ['buyerA', 'merchantA', 'operatorA', 'staffA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'merchantB', 'operatorB', 'coopOwnerA'],
    params: (f) => ({ parcelCode: f.paid.parcelCode }),
  },
  LogisticsShipmentController_search: {
    who: "county staff: their county's; operators: those through their node",
    right: ['staffA'],
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    query: county,
  },
  LogisticsShipmentController_timeline: {
    who: 'the buyer, the seller, operators of nodes on its path, county staff, platform admins',
    right: ['buyerA', 'merchantA', 'operatorA', 'staffA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'merchantB', 'operatorB', 'coopOwnerA'],
    params: (f) => ({ id: f.paid.shipmentId }),
  },
  LogisticsShipmentController_byOrder: {
    who: 'the buyer, the seller, operators of nodes on its path, county staff, platform admins',
    right: ['buyerA', 'merchantA', 'staffA'],
    wrong: ['anonymous', 'staffB', 'buyerB', 'merchantB', 'operatorB', 'coopOwnerA'],
    params: (f) => ({ orderId: f.paid.orderId }),
  },
  LogisticsShipmentController_excursions: {
    who: 'county staff of the county, platform admins',
    right: ['staffA', 'admin'],
    wrong: [...OUTSIDERS, 'operatorA', 'coopOwnerA'],
    query: county,
  },
  LogisticsDeadLetterController_list: deadLetters(),
};

interface Finding {
  operation: string;
  actor: string;
  status: number;
  body: string;
}

describe('authorization matrix, READ section: every read operation of the gateway, right and wrong readers', () => {
  let authz: AuthzWorld;
  let fixtures: Fixtures;
  let reads: Operation[];
  let requests = 0;

  beforeAll(async () => {
    authz = await buildAuthzWorld();
    fixtures = authz.fixtures;
    const docs = await request(authz.world.api).get('/docs-json').expect(200);
    const document = docs.body as Schema;
    expect(document['x-unavailable-services']).toEqual([]);
    reads = operationsOf(document).filter((operation) => operation.method === 'get');
  }, 120_000);

  afterAll(async () => {
    console.log(`authz READ matrix: ${reads?.length} read operations, ${requests} requests`);
    await authz?.world.stop();
  });

  const actor = (name: ActorName): Actor | null => (name === 'anonymous' ? null : fixtures.actors[name]);

  const read = (operation: Operation, row: ReadRow, name: ActorName): request.Test => {
    const params = row.params?.(fixtures) ?? {};
    const path = operation.path.replace(/\{(\w+)\}/g, (_, key: string) => {
      if (!(key in params)) {
        throw new Error(`${operation.operationId}: the row gives no value for {${key}}`);
      }
      return encodeURIComponent(params[key]);
    });
    requests++;
    let call = request(authz.world.api)
      .get(path)
      .query(row.query?.(fixtures) ?? {})
      .timeout(15_000);
    const who = actor(name);
    if (who) {
      call = call.set('authorization', `Bearer ${who.token}`);
    }
    return call;
  };

  it('has a row for every read operation of the document, and no row for one that is not there', () => {
    expect(reads.length).toBeGreaterThan(40);
    expect(Object.keys(READS).sort()).toEqual(reads.map((operation) => operation.operationId).sort());
    for (const [id, row] of Object.entries(READS)) {
      // every non-public read names who must be refused, and nobody is both
      expect({ id, ok: Boolean(row.public) || row.wrong.length > 0 }).toEqual({ id, ok: true });
      expect({ id, both: row.right.filter((name) => row.wrong.includes(name)) }).toEqual({ id, both: [] });
    }
  });

  it('refuses every wrong reader with problem+json, and answers every rightful one', async () => {
    const wrong: Finding[] = [];
    const refused: Finding[] = [];
    for (const operation of reads) {
      const row = READS[operation.operationId];
      if (!row) {
        continue;
      }
      for (const name of row.wrong) {
        const response = await read(operation, row, name);
        if (DEBUG) {
          console.log(`WRONG ${operation.operationId} ${name} ${response.status} ${response.body?.type}`);
        }
        const type = String(response.headers['content-type'] ?? '');
        if (!WRONG_STATUSES.includes(response.status) || !PROBLEM.test(type)) {
          wrong.push({
            operation: `${operation.operationId} (GET ${operation.path}; may: ${row.who})`,
            actor: name,
            status: response.status,
            body: (response.text ?? '').slice(0, 160),
          });
        }
      }
      const expected = row.status?.[0] ?? 200;
      for (const name of row.right) {
        const response = await read(operation, row, name);
        if (DEBUG) {
          console.log(`RIGHT ${operation.operationId} ${name} ${response.status}`);
        }
        if (response.status !== expected) {
          refused.push({
            operation: `${operation.operationId} (GET ${operation.path}; may: ${row.who})`,
            actor: name,
            status: response.status,
            body: (response.text ?? '').slice(0, 160),
          });
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toEqual([]);
  });

  it("shows a service point's contact phone only to its members, its county's staff and platform admins", async () => {
    const world = authz.world;
    const identity = identityUrl(world);
    const owner = await registerActor(identity, '丙站长');
    const phone = owner.phone;
    const created = expectStatus(
      await post(
        world,
        '/api/identity/organisations',
        {
          kind: 'service_point',
          name: '安西镇丙村服务站',
          countyCode: COUNTY_A,
          villageCode: VILLAGE_A,
          contactPhone: phone,
        },
        owner,
      ),
      201,
      'registering a service point with a contact phone',
    ).body as { id: string };
    const member = await relogin(identity, owner);
    const phoneSeenBy = async (who: Actor) =>
      expectStatus(await get(world, `/api/identity/organisations/${created.id}`, who), 200, 'the organisation')
        .body as {
        contactPhone: string | null;
        name: string;
      };
    const { actors } = fixtures;
    for (const insider of [member, actors.staffA, actors.admin]) {
      expect(await phoneSeenBy(insider)).toMatchObject({ contactPhone: phone, name: '安西镇丙村服务站' });
    }
    for (const outsider of [actors.buyerA, actors.staffB, actors.operatorA, actors.coopOwnerA]) {
      expect(await phoneSeenBy(outsider)).toMatchObject({ contactPhone: null, name: '安西镇丙村服务站' });
    }
  });

  it('refuses a correctly signed token without exp, or one that outlives the access TTL', async () => {
    const world = authz.world;
    const config = loadIdentityConfig(world.platform.env);
    const admin = fixtures.actors.admin;
    const claims = jwt.decode(admin.token) as Record<string, unknown>;
    const lasting = Object.fromEntries(Object.entries(claims).filter(([key]) => key !== 'exp' && key !== 'iat'));
    const sign = (payload: object) => jwt.sign(payload, config.jwtSecret, { algorithm: 'HS256', noTimestamp: true });
    const me = (token: string) => request(world.api).get('/api/identity/me').set('authorization', `Bearer ${token}`);

    expect((await me(admin.token)).status).toBe(200);
    const noExp = await me(sign(lasting));
    expect(noExp.status).toBe(401);
    expect(noExp.body).toMatchObject({ type: '/problems/invalid-token', detail: expect.stringMatching(/no expiry/) });
    const now = Math.floor(Date.now() / 1000);
    const tenYears = await me(sign({ ...lasting, iat: now, exp: now + 10 * 365 * 86_400 }));
    expect(tenYears.status).toBe(401);
    expect(tenYears.body.detail).toMatch(/lives longer/);
    // the same forged admin token is refused by every service, not only identity
    const deadLetters = await request(world.api)
      .get('/api/orders/admin/dead-letters')
      .set('authorization', `Bearer ${sign(lasting)}`);
    expect(deadLetters.status).toBe(401);
  });
});
