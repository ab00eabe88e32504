import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Operation, operationsOf, Schema } from '../fuzz/support';
import { chinaToday, signedCarrierWebhook, signedPaymentWebhook } from '../journeys/support';
import { Actor, PASSWORD } from '../support/actors';
import {
  ActorName,
  AuthzWorld,
  buildAuthzWorld,
  changedTables,
  COUNTY_A,
  Fixtures,
  freshPhone,
  Snapshots,
  VILLAGE_A,
} from './support';

/*
 * The authorization matrix: every write operation (POST/PUT/PATCH/DELETE) of the gateway's merged OpenAPI document,
 * called against county A's resources by the actors who must NOT succeed, and by the actor who may. Wrong actors
 * must get 401/403/404/409/422 as problem+json, and the database must not change (a digest of every table of every
 * service schema before and after). The rightful actor, with a well-formed request, must not be refused with 401/403
 * (a 404/409/422 from the state of the resource is fine: the matrix is about who, not what).
 *
 * The table below is the specification: one row per operationId. A new write endpoint without a row fails the test.
 */

jest.setTimeout(150_000);

/** AUTHZ_DEBUG=1 prints every answer (operation, actor, status). */
const DEBUG = Boolean(process.env.AUTHZ_DEBUG);
const WRONG_STATUSES = [401, 403, 404, 409, 422];
const PROBLEM = /^application\/problem\+json/;

/** The usual suspects: nobody, a buyer, and county B's staff. */
const OUTSIDERS: ActorName[] = ['anonymous', 'buyerA', 'staffB'];

interface Row {
  /** Who may call it, in words (for the failure messages and the reader). */
  who: string;
  /** The actor who may, called last with the same request; omitted for public operations called as `public`. */
  rightful?: ActorName;
  /** Actors who must not succeed. */
  wrong: ActorName[];
  params?: (f: Fixtures) => Record<string, string>;
  body?: (f: Fixtures) => object;
  /** Public by design: why. The rightful call is then made anonymously (or as `rightfulCall` says). */
  public?: string;
  /** A request that is not a bearer-token call (signed webhooks): replaces the rightful call. */
  rightfulCall?: (f: Fixtures, api: string) => request.Test;
  /** A known access bug: the row is reported, not failed. */
  knownBug?: string;
}

const listingId = (f: Fixtures) => ({ id: f.listing.listingId });
const sellerWrong: ActorName[] = [...OUTSIDERS, 'coopOwnerB', 'merchantA', 'merchantB', 'operatorA'];
const staffWrong: ActorName[] = [...OUTSIDERS, 'coopOwnerA', 'operatorA'];
const coupon = {
  title: '满100减10',
  thresholdFen: 10_000,
  amountFen: 1_000,
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2036-01-01T00:00:00Z',
  totalLimit: 100,
  perBuyerLimit: 1,
};
const lot = {
  harvestFrom: '2026-01-08',
  quantity: 100,
  unit: 'kg',
  contactPhone: '13800138000',
  issueDate: '2026-01-10',
  pledge: { noBannedSubstances: true, safetyIntervalsKept: true, residuesWithinLimits: true },
};
/** buyerB collecting at county A's village point (pre-sale and group orders). */
const saleDestination = (f: Fixtures) => ({
  kind: 'service_point',
  servicePointOrgId: f.actors.pointOwnerA.orgId,
  consentToStationDelivery: true,
  recipientName: '乙买家',
  recipientPhone: f.actors.buyerB.phone,
});
const replay = (): Row => ({
  who: 'platform admins',
  rightful: 'admin',
  wrong: [...OUTSIDERS, 'staffA', 'coopOwnerA'],
  params: () => ({ id: randomUUID() }),
});
/** The demo seed's imports of a county's past: an empty batch is refused by validation once the caller is let in. */
const pastImport = (list: string): Row => ({
  who: 'platform admins (the past of a county, imported by the demo seed)',
  rightful: 'admin',
  wrong: [...OUTSIDERS, 'staffA', 'coopOwnerA', 'operatorA'],
  body: () => ({ [list]: [] }),
});

const MATRIX: Record<string, Row> = {
  // ------------------------------------------------------------------------------------------------ identity
  IdentityAuthController_register: {
    who: 'anyone',
    public: 'creating an account is how anyone starts',
    wrong: [],
    // a code never sent: the call is well formed and answers 422 (the sign-up itself is test/identity/sms-codes)
    body: () => ({ phone: freshPhone(), password: PASSWORD, name: '新用户', code: '000000' }),
  },
  IdentitySmsCodeController_request: {
    who: 'anyone',
    public: 'asking for a code is how sign-up and recovery start; limited per phone and per IP',
    wrong: [],
    body: () => ({ phone: freshPhone(), purpose: 'register' }),
  },
  IdentityAuthController_resetPassword: {
    who: 'anyone',
    public: 'authenticated by the code sent by SMS to the phone',
    wrong: [],
    body: (f) => ({ phone: f.actors.spare.phone, code: '000000', password: 'new-harvest-43' }),
  },
  IdentityAuthController_login: {
    who: 'anyone',
    public: 'authenticated by the password in the body',
    wrong: [],
    body: (f) => ({ phone: f.actors.spare.phone, password: PASSWORD }),
  },
  IdentityAuthController_refresh: {
    who: 'anyone',
    public: 'authenticated by the refresh token in the body',
    wrong: [],
    body: (f) => ({ refreshToken: f.actors.spare.refreshToken }),
  },
  IdentityAuthController_logout: {
    who: 'any signed-in account (its own session)',
    rightful: 'spare',
    wrong: ['anonymous'],
  },
  IdentityOrganisationController_create: {
    who: 'signed in; county offices only platform admins',
    rightful: 'admin',
    wrong: [...OUTSIDERS, 'staffA', 'coopOwnerA', 'operatorA'],
    body: () => ({ kind: 'county_office', name: '冒名县商务局', countyCode: COUNTY_A }),
  },
  IdentityOrganisationController_verify: {
    who: 'county staff of the organisation’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA', 'admin'],
    params: (f) => ({ id: f.pendingOrgId }),
  },
  IdentityOrganisationController_suspend: {
    who: 'county staff of the organisation’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA'],
    params: (f) => ({ id: f.pendingOrgId }),
    body: () => ({ reason: '资料不实' }),
  },
  IdentityApplicationController_upsert: {
    who: 'owners of the organisation',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA', 'operatorA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
    body: () => ({ legalRepresentative: '甲社长', categories: ['citrus'] }),
  },
  IdentityApplicationController_uploadLicence: {
    who: 'owners of the organisation (a JSON body: the rightful call is refused 415 for its form)',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
    body: () => ({ photo: 'not a file' }),
  },
  IdentityApplicationController_uploadPermit: {
    who: 'owners of the organisation (a JSON body: the rightful call is refused 415 for its form)',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId!, kind: 'food_business_licence' }),
    body: () => ({ photo: 'not a file' }),
  },
  IdentityApplicationController_submit: {
    who: 'owners of the organisation',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
  },
  IdentityApplicationController_approve: {
    who: 'county staff of the organisation’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA', 'admin'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
  },
  IdentityApplicationController_reject: {
    who: 'county staff of the organisation’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'operatorA', 'admin'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
    body: () => ({ reason: '执照不清楚' }),
  },
  IdentityOrganisationController_addMember: {
    who: 'owners of the organisation, platform admins',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId! }),
    body: (f) => ({ phone: f.actors.buyerB.phone, role: 'owner' }),
  },
  IdentityOrganisationController_removeMember: {
    who: 'owners of the organisation, platform admins',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA'],
    params: (f) => ({ id: f.actors.coopOwnerA.orgId!, userId: f.spareMember.userId }),
  },
  IdentityDeadLetterController_replay: replay(),
  IdentityHistoryController_importAccounts: pastImport('accounts'),
  IdentityHistoryController_importOrganisations: pastImport('organisations'),
  // ------------------------------------------------------------------------------------------------ catalog
  CatalogStorefrontController_create: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    body: () => ({ countyCode: COUNTY_A, name: '冒名馆' }),
  },
  CatalogStorefrontController_update: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
    body: () => ({ name: '信丰县农特产品馆（新）' }),
  },
  CatalogStorefrontController_open: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
  },
  CatalogStorefrontController_close: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
  },
  CatalogSellerController_setHotline: {
    who: 'owners of the selling organisation',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopStaffA', 'coopOwnerB', 'staffA', 'merchantA'],
    params: (f) => ({ orgId: f.actors.coopOwnerA.orgId! }),
    body: () => ({ hotline: '0797-3312345' }),
  },
  CatalogSearchController_putSynonym: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    body: () => ({ countyCode: COUNTY_A, word: '柑子', expansions: ['脐橙'] }),
  },
  CatalogSearchController_removeSynonym: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: (f) => ({ id: f.synonymId }),
  },
  CatalogListingController_create: {
    who: 'owners and staff of the seller',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    body: (f) => ({
      sellerOrgId: f.actors.coopOwnerA.orgId,
      categoryId: 'citrus',
      title: '冒名顶替的脐橙',
      description: '假的',
      originVillageCode: VILLAGE_A,
      temperature: { class: 'ambient' },
    }),
  },
  CatalogListingController_update: {
    who: 'owners and staff of the seller',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
    body: () => ({ title: '赣南脐橙 5斤装 现摘' }),
  },
  CatalogListingController_pause: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
  },
  CatalogListingController_addPhoto: {
    who: 'owners and staff of the seller (a JSON body: the rightful call is refused 415 for its form, not its caller)',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
    body: () => ({ photo: 'not a file' }),
  },
  CatalogListingController_publish: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
  },
  CatalogListingController_remove: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: (f) => ({ id: f.doomed.listingId }),
    body: () => ({ reason: '售罄' }),
  },
  CatalogListingController_takeDown: {
    who: 'county staff of the listing’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'coopOwnerB'],
    params: (f) => ({ id: f.doomed.listingId }),
    body: () => ({ reason: '标题与实物不符' }),
  },
  CatalogListingController_addSku: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
    body: () => ({ spec: '1斤', priceFen: 990, weightGrams: 500, volumeMl: 1000 }),
  },
  CatalogListingController_updateSku: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: (f) => ({ skuId: f.listing.skuId }),
    body: () => ({ priceFen: 1 }),
  },
  CatalogStockController_adjust: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: (f) => ({ skuId: f.listing.skuId }),
    body: () => ({ delta: -1, reason: '压坏一箱' }),
  },
  CatalogLotController_create: {
    who: 'owners and staff of the seller',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
    body: () => lot,
  },
  CatalogLotController_addPhoto: {
    who: 'owners and staff of the seller (a JSON body: the rightful call is refused 415 for its form, not its caller)',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    params: (f) => ({ lotId: f.lotId }),
    body: () => ({ photo: 'not a file' }),
  },
  CatalogTagController_apply: {
    who: 'owners and staff of the seller',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    params: listingId,
    body: () => ({ kind: 'organic', certificateNo: 'OF-2026-000123', expiresOn: '2030-06-30' }),
  },
  CatalogTagController_addPhoto: {
    who: 'owners and staff of the seller (a JSON body: the rightful call is refused 415 for its form, not its caller)',
    rightful: 'coopStaffA',
    wrong: [...sellerWrong, 'staffA'],
    params: (f) => ({ tagId: f.tagId }),
    body: () => ({ photo: 'not a file' }),
  },
  CatalogTagController_verify: {
    who: 'county staff of the listing’s county (without a photo the rightful call is a 409)',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'coopOwnerB', 'admin'],
    params: (f) => ({ tagId: f.tagId }),
  },
  CatalogTagController_reject: {
    who: 'county staff of the listing’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'coopOwnerB', 'admin'],
    params: (f) => ({ tagId: f.tagId }),
    body: () => ({ reason: '证书照片看不清' }),
  },
  CatalogTagController_revoke: {
    who: 'county staff of the listing’s county (the fixture tag is pending, so the rightful call is a 409)',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA', 'coopOwnerB', 'admin'],
    params: (f) => ({ tagId: f.tagId }),
    body: () => ({ reason: '证书已被注销' }),
  },
  CatalogTagController_withdraw: {
    who: 'members of the seller',
    rightful: 'coopOwnerA',
    wrong: [...sellerWrong, 'staffA'],
    params: (f) => ({ tagId: f.tagId }),
  },
  CatalogDeadLetterController_replay: replay(),
  // ------------------------------------------------------------------------------------------------ orders
  OrdersCheckoutController_checkout: {
    who: 'any signed-in account (buying for themselves)',
    rightful: 'buyerB',
    wrong: ['anonymous'],
    body: (f) => ({
      lines: [{ skuId: f.listing.skuId, quantity: 1 }],
      destination: {
        kind: 'service_point',
        servicePointOrgId: f.actors.pointOwnerA.orgId,
        consentToStationDelivery: true,
        recipientName: '乙买家',
        recipientPhone: f.actors.buyerB.phone,
      },
    }),
  },
  OrdersAddressController_create: {
    who: 'any signed-in account (its own address book)',
    rightful: 'buyerB',
    wrong: ['anonymous'],
    body: (f) => ({
      recipientName: '乙买家',
      recipientPhone: f.actors.buyerB.phone,
      placeCode: '360724',
      detail: '县城 1 号',
    }),
  },
  OrdersAddressController_update: {
    who: 'the owner of the address',
    rightful: 'buyerA',
    wrong: ['anonymous', 'buyerB', 'staffA', 'admin'],
    params: (f) => ({ id: f.addressId }),
    body: (f) => ({
      recipientName: '甲买家',
      recipientPhone: f.actors.buyerA.phone,
      placeCode: '360724100',
      detail: '镇上 2 号',
    }),
  },
  OrdersAddressController_makeDefault: {
    who: 'the owner of the address',
    rightful: 'buyerA',
    wrong: ['anonymous', 'buyerB', 'staffA', 'admin'],
    params: (f) => ({ id: f.addressId }),
  },
  OrdersAddressController_remove: {
    who: 'the owner of the address',
    rightful: 'buyerA',
    wrong: ['anonymous', 'buyerB', 'staffA', 'admin'],
    params: (f) => ({ id: f.doomedAddressId }),
  },
  OrdersCheckoutController_assisted: {
    who: 'members of the service point',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    body: (f) => ({
      servicePointOrgId: f.actors.pointOwnerA.orgId,
      villager: { name: '邱桂英', phone: freshPhone() },
      lines: [{ skuId: f.listing.skuId, quantity: 1 }],
      paymentMethod: 'cash_on_collection',
    }),
  },
  OrdersOrderController_cancel: {
    who: 'the buyer',
    rightful: 'buyerA',
    wrong: [...OUTSIDERS.filter((a) => a !== 'buyerA'), 'buyerB', 'coopOwnerA', 'operatorA', 'staffA'],
    params: (f) => ({ id: f.unpaid.orderId }),
    body: () => ({ reason: '买错了' }),
  },
  OrdersOrderController_cashReceived: {
    who: 'members of the destination service point',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ id: f.paid.orderId }),
    body: () => ({ amountFen: 5_990 }),
  },
  OrdersOrderController_confirmReceipt: {
    who: 'the buyer',
    rightful: 'buyerA',
    wrong: [...OUTSIDERS.filter((a) => a !== 'buyerA'), 'buyerB', 'merchantA', 'operatorA', 'staffA'],
    params: (f) => ({ id: f.paid.orderId }),
  },
  OrdersSettlementController_setPayee: {
    who: 'owners of the organisation',
    rightful: 'merchantA',
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
    body: () => ({ kind: 'simulated', account: 'merchant-a' }),
  },
  OrdersSettlementController_close: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
    body: () => ({}),
  },
  OrdersSettlementController_retryPayout: {
    who: 'county staff of the statement’s county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ id: randomUUID() }),
  },
  OrdersCashBookController_declare: {
    who: 'owners and operators of the service point',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA', 'staffA'],
    params: (f) => ({ orgId: f.actors.pointOwnerA.orgId! }),
    body: () => ({ amountFen: 100 }),
  },
  OrdersCashBookController_confirm: {
    who: 'county staff of the hand-over’s county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ id: randomUUID() }),
  },
  OrdersCashBookController_cashPaid: {
    who: 'owners and operators of the collecting service point',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: () => ({ id: randomUUID() }),
  },
  OrdersFreightController_save: {
    who: 'owners and staff of the seller',
    rightful: 'merchantA',
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
    body: () => ({ firstKgFen: 800, additionalKgFen: 300, regions: [], coldChainSurchargeFen: 0, pickupFeeFen: 0 }),
  },
  OrdersCouponController_createCampaign: {
    who: 'county staff of that county, platform admins',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
    body: (f) => ({
      name: '丰收节',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2036-01-01T00:00:00Z',
      budgetFen: 10_000,
      listingIds: [f.listing.listingId],
    }),
  },
  OrdersCouponController_createCountyCoupon: {
    who: 'county staff of that county, platform admins',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
    body: () => coupon,
  },
  OrdersCouponController_createSellerCoupon: {
    who: 'owners and staff of the seller',
    rightful: 'merchantA',
    wrong: [...OUTSIDERS, 'merchantB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ orgId: f.actors.merchantA.orgId! }),
    body: () => coupon,
  },
  OrdersCouponController_createPlatformCoupon: {
    who: 'platform admins',
    rightful: 'admin',
    wrong: [...OUTSIDERS, 'staffA', 'merchantA'],
    body: () => coupon,
  },
  // No coupon or campaign of these ids exists: every caller gets 404; test/medium/orders/coupons.medium-spec.ts has
  // the runner-only refusals (another shop, another county, county staff on a platform coupon) on real ones.
  OrdersCouponController_updateCoupon: {
    who: "the coupon's runner: its seller's owners and staff, its county's staff, platform admins for the platform's",
    rightful: 'merchantA',
    wrong: [...OUTSIDERS, 'merchantB', 'operatorA'],
    params: () => ({ id: randomUUID() }),
    body: () => ({ title: '改名' }),
  },
  OrdersCouponController_stopCoupon: {
    who: "the coupon's runner: its seller's owners and staff, its county's staff, platform admins for the platform's",
    rightful: 'merchantA',
    wrong: [...OUTSIDERS, 'merchantB', 'operatorA'],
    params: () => ({ id: randomUUID() }),
  },
  OrdersCouponController_updateCampaign: {
    who: "county staff of the campaign's county, platform admins",
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ id: randomUUID() }),
    body: () => ({ budgetFen: 20_000 }),
  },
  OrdersCouponController_stopCampaign: {
    who: "county staff of the campaign's county, platform admins",
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ id: randomUUID() }),
  },
  OrdersCouponController_claim: {
    who: 'any signed-in buyer (their own claim)',
    rightful: 'buyerA',
    wrong: ['anonymous'],
    params: () => ({ id: randomUUID() }),
  },
  OrdersPresaleController_create: {
    who: 'owners and staff of the seller of the SKU',
    rightful: 'coopOwnerA',
    wrong: sellerWrong,
    body: (f) => ({
      skuId: f.listing.skuId,
      capUnits: 10,
      shipsFrom: '2027-01-10',
      shipsTo: '2027-01-20',
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  },
  OrdersPresaleController_order: {
    who: 'any signed-in account (buying for themselves)',
    rightful: 'buyerB',
    wrong: ['anonymous'],
    params: (f) => ({ id: f.presaleId }),
    body: (f) => ({ quantity: 1, destination: saleDestination(f) }),
  },
  OrdersPresaleController_harvest: {
    who: 'owners and staff of the pre-sale’s seller',
    rightful: 'coopOwnerA',
    wrong: sellerWrong,
    params: (f) => ({ id: f.presaleId }),
    body: () => ({ harvestedUnits: 5 }),
  },
  OrdersGroupBuyController_create: {
    who: 'owners and staff of the seller of the SKU',
    rightful: 'coopOwnerA',
    wrong: sellerWrong,
    body: (f) => ({ skuId: f.listing.skuId, groupPriceFen: 4_990, groupSize: 3, windowMinutes: 60 }),
  },
  OrdersGroupBuyController_start: {
    who: 'any signed-in account (buying for themselves)',
    rightful: 'buyerB',
    wrong: ['anonymous'],
    params: (f) => ({ id: f.groupDealId }),
    body: (f) => ({ quantity: 1, destination: saleDestination(f) }),
  },
  OrdersGroupBuyController_join: {
    who: 'any signed-in account, through the share link',
    rightful: 'buyerB',
    wrong: ['anonymous'],
    params: (f) => ({ id: f.buyingGroupId }),
    body: (f) => ({ quantity: 1, destination: saleDestination(f) }),
  },
  OrdersCheckoutController_quote: {
    who: 'anyone signed in (a quote of the caller’s basket; writes nothing)',
    rightful: 'buyerA',
    wrong: ['anonymous'],
    body: (f) => ({
      lines: [{ skuId: f.listing.skuId, quantity: 1 }],
      destination: {
        kind: 'service_point',
        servicePointOrgId: f.actors.pointOwnerA.orgId,
        consentToStationDelivery: true,
        recipientName: '甲买家',
        recipientPhone: f.actors.buyerA.phone,
      },
    }),
  },
  OrdersPaymentController_create: {
    who: 'the buyer of the group',
    rightful: 'buyerA',
    wrong: [...OUTSIDERS.filter((a) => a !== 'buyerA'), 'buyerB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ id: f.unpaid.groupId }),
  },
  OrdersPaymentController_webhook: {
    who: 'the payment provider',
    public: 'authenticated by the provider’s HMAC signature, not a bearer token; unsigned calls are wrong actors',
    wrong: ['anonymous', 'buyerA'],
    body: () => ({ id: 'evt_x', type: 'payment.succeeded', data: { paymentId: 'p', amountFen: 1 } }),
    rightfulCall: (f, api) => {
      const webhook = signedPaymentWebhook(`sim_${randomUUID()}`, 5_990, randomUUID());
      return request(api).post('/api/orders/payments/webhook').set(webhook.headers).send(webhook.body);
    },
  },
  OrdersPaymentController_wechatpay: {
    who: 'WeChat Pay',
    public:
      'authenticated by WeChat Pay’s platform-key signature over the body; here, where the simulator is the ' +
      'provider, every caller gets 404 provider-not-configured',
    wrong: ['anonymous', 'buyerA'],
    body: () => ({ id: randomUUID(), event_type: 'TRANSACTION.SUCCESS', resource: {} }),
  },
  OrdersPaymentController_alipay: {
    who: 'Alipay',
    public:
      'authenticated by Alipay’s RSA2 signature over the form; here, where the simulator is the provider, every ' +
      'caller gets 404 provider-not-configured',
    wrong: ['anonymous', 'buyerA'],
    body: () => ({ notify_id: randomUUID(), trade_status: 'TRADE_SUCCESS', sign: 'x' }),
  },
  OrdersPaymentController_wechatpayMerchant: {
    who: 'WeChat Pay, for a county’s own merchant',
    public:
      'authenticated by that merchant’s WeChat Pay platform-key signature; here no county merchant is configured, so ' +
      'every caller gets 404 provider-not-configured',
    wrong: ['anonymous', 'buyerA'],
    params: () => ({ merchant: 'ruijin' }),
    body: () => ({ id: randomUUID(), event_type: 'TRANSACTION.SUCCESS', resource: {} }),
  },
  OrdersPaymentController_alipayMerchant: {
    who: 'Alipay, for a county’s own merchant',
    public:
      'authenticated by that merchant’s Alipay RSA2 signature; here no county merchant is configured, so every ' +
      'caller gets 404 provider-not-configured',
    wrong: ['anonymous', 'buyerA'],
    params: () => ({ merchant: 'nankang' }),
    body: () => ({ notify_id: randomUUID(), trade_status: 'TRADE_SUCCESS', sign: 'x' }),
  },
  OrdersPaymentController_simulatePay: {
    who: 'anyone, outside production',
    public: 'the simulated provider’s cashier page (refused in production), which then sends the signed webhook',
    wrong: [],
    params: () => ({ providerPaymentId: `sim_${randomUUID().replace(/-/g, '')}` }),
  },
  OrdersClaimController_open: {
    who: 'the buyer',
    rightful: 'buyerA',
    wrong: [...OUTSIDERS.filter((a) => a !== 'buyerA'), 'buyerB', 'coopOwnerA', 'operatorA', 'staffA'],
    params: (f) => ({ id: f.paid.orderId }),
    body: () => ({
      reason: '到货时一半烂果',
      photoUrls: ['https://img.example.com/claims/1.jpg'],
      remedy: 'full_refund',
    }),
  },
  // No claim exists in this world (it needs a delivered order): every caller gets 404, so these rows only prove that
  // nobody gets past the door; test/orders/after-sales.e2e-spec.ts covers the parties of a real claim.
  OrdersClaimController_addPhoto: {
    who: 'the buyer (a JSON body: the rightful call never gets to the photo)',
    rightful: 'buyerA',
    wrong: ['anonymous', 'buyerB', 'coopOwnerA', 'staffB'],
    params: () => ({ id: randomUUID() }),
    body: () => ({ photo: 'not a file' }),
  },
  OrdersClaimController_respond: {
    who: 'owners and staff of the seller',
    rightful: 'coopOwnerA',
    wrong: [...OUTSIDERS, 'coopOwnerB'],
    params: () => ({ id: randomUUID() }),
    body: () => ({ decision: 'accept' }),
  },
  OrdersClaimController_answerCounter: {
    who: 'the buyer',
    rightful: 'buyerA',
    wrong: ['anonymous', 'buyerB', 'coopOwnerA', 'staffB'],
    params: () => ({ id: randomUUID() }),
    body: () => ({ accept: true }),
  },
  OrdersClaimController_decide: {
    who: 'county staff of the seller’s county',
    rightful: 'staffA',
    wrong: [...OUTSIDERS, 'coopOwnerA'],
    params: () => ({ id: randomUUID() }),
    body: () => ({ resolution: 'rejected', note: '证据不足' }),
  },
  OrdersReviewController_post: {
    who: 'the buyer of a completed order',
    rightful: 'buyerA',
    wrong: [...OUTSIDERS.filter((a) => a !== 'buyerA'), 'buyerB', 'coopOwnerA', 'operatorA'],
    params: (f) => ({ id: f.paid.orderId }),
    body: () => ({ rating: 5, comment: '好评' }),
  },
  OrdersCountySettingController_update: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
    body: () => ({ commissionRateBp: 4_900 }),
  },
  OrdersDeadLetterController_replay: replay(),
  // ------------------------------------------------------------------------------------------------ logistics
  LogisticsNetworkController_createNode: {
    who: 'county staff of the node’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'pointOwnerA'],
    body: (f) => ({
      code: `${COUNTY_A}101`,
      name: '大塘埠镇快递物流站',
      parentId: f.network.hub.id,
      latitude: 25.45,
      longitude: 114.8,
      hostType: 'post_station',
      openingHours: '08:00-20:00',
    }),
  },
  LogisticsNetworkController_updateNode: {
    who: 'county staff of the node’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'pointOwnerA'],
    params: (f) => ({ id: f.network.points[VILLAGE_A].id }),
    body: (f) => ({ openingHours: '07:00-21:00', operatorOrgId: f.actors.pointOwnerA.orgId }),
  },
  LogisticsNetworkController_createVehicle: {
    who: 'county staff of the vehicle’s county',
    rightful: 'staffA',
    wrong: staffWrong,
    body: () => ({
      countyCode: COUNTY_A,
      plate: '赣B·X0001',
      name: '冒名货车',
      kind: 'van',
      capacityKg: 1000,
      capacityLitres: 6000,
      refrigerated: false,
    }),
  },
  LogisticsNetworkController_updateVehicle: {
    who: 'county staff of the vehicle’s county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: (f) => ({ id: f.vehicleId }),
    body: () => ({ active: true, capacityKg: 1200 }),
  },
  LogisticsNetworkController_createRoute: {
    who: 'county staff of the vehicle’s county',
    rightful: 'staffA',
    wrong: staffWrong,
    body: (f) => ({
      vehicleId: f.vehicleId,
      name: '冒名线',
      kind: 'run',
      weekdays: [1, 3, 5],
      nodeIds: [f.network.points[VILLAGE_A].id],
    }),
  },
  LogisticsNetworkController_deactivateRoute: {
    who: 'county staff of the route’s county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: (f) => ({ id: f.routeId }),
  },
  LogisticsNetworkController_updateSettings: {
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ countyCode: COUNTY_A }),
    body: () => ({ retentionDays: 5 }),
  },
  LogisticsShipmentController_scan: {
    who: 'operators of the node (the hub: county staff of its county)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.paid.shipmentId }),
    body: (f) => ({ kind: 'arrived', nodeId: f.network.hub.id }),
  },
  LogisticsShipmentController_recordTemperature: {
    who: 'county staff of the shipment’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.paid.shipmentId }),
    body: () => ({ readingC: 4 }),
  },
  LogisticsShipmentController_reroute: {
    who: 'county staff of the shipment’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.paid.shipmentId }),
  },
  LogisticsPointController_handIn: {
    who: 'members of the point’s operator organisation, county staff of its county',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ nodeId: f.network.points[VILLAGE_A].id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId, weighedGrams: 2_500, traceCodes: ['CF360722-LOT-0001'] }),
  },
  LogisticsPointController_arrive: {
    who: 'members of the point’s operator organisation, county staff of its county',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ nodeId: f.network.points[VILLAGE_A].id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsPointController_collect: {
    who: 'members of the point’s operator organisation, county staff of its county',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ nodeId: f.network.points[VILLAGE_A].id }),
    body: () => ({ code: '1-1-0000', phoneLast4: '0000' }),
  },
  LogisticsRunController_addItem: {
    who: 'county staff of the run’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.runId }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_removeItem: {
    who: 'county staff of the run’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.runId, shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_reorder: {
    who: 'county staff of the run’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.runId }),
    body: (f) => ({ nodeIds: [f.network.points[VILLAGE_A].id] }),
  },
  LogisticsRunController_dispatch: {
    who: 'operators of the county hub (county staff)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.runId }),
  },
  LogisticsRunController_collect: {
    who: 'operators of the stop’s node, county staff of its county',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA'],
    params: (f) => ({ id: f.runId, nodeId: f.network.points[VILLAGE_A].id }),
  },
  LogisticsRunController_complete: {
    who: 'operators of the county hub (county staff)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.runId }),
  },
  LogisticsNetworkController_assignDriver: {
    who: 'county staff of the vehicle’s county',
    rightful: 'staffA',
    wrong: [...staffWrong, 'pointOwnerA', 'driverA'],
    params: (f) => ({ id: f.vehicleId }),
    body: () => ({ driverUserId: null }),
  },
  LogisticsNodeController_arrive: {
    who: 'operators of the node (the hub: county staff of its county)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ nodeId: f.network.hub.id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId, source: 'seller' }),
  },
  LogisticsNodeController_recordException: {
    who: 'operators of the node (the hub: county staff of its county)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ nodeId: f.network.hub.id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId, kind: 'damaged', note: '外箱压损' }),
  },
  LogisticsNodeController_resolveException: {
    who: 'operators of the node (the hub: county staff of its county)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ nodeId: f.network.hub.id, exceptionId: randomUUID() }),
    body: () => ({ note: '已处理' }),
  },
  LogisticsNodeController_carrierHandover: {
    who: 'operators of the county hub (county staff)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ nodeId: f.network.hub.id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_load: {
    who: 'operators of the county hub (county staff), the run’s driver',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ id: f.runId }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_unload: {
    who: 'operators of the county hub (county staff), the run’s driver',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ id: f.runId }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_drop: {
    who: 'operators of the stop’s node, county staff of its county, the run’s driver',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA', 'driverA'],
    params: (f) => ({ id: f.runId, nodeId: f.network.points[VILLAGE_A].id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_collectOne: {
    who: 'operators of the stop’s node, county staff of its county, the run’s driver',
    rightful: 'operatorA',
    wrong: [...OUTSIDERS, 'operatorB', 'coopOwnerA', 'driverA'],
    params: (f) => ({ id: f.runId, nodeId: f.network.points[VILLAGE_A].id }),
    body: (f) => ({ shipmentId: f.paid.shipmentId }),
  },
  LogisticsRunController_recordTemperature: {
    who: 'operators of the county hub (county staff), the run’s driver',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB', 'driverA'],
    params: (f) => ({ id: f.runId }),
    body: () => ({ readingC: 3 }),
  },
  LogisticsRunController_plan: {
    // re-planning replaces today's planned runs: after the run rows
    who: 'county staff of that county',
    rightful: 'staffA',
    wrong: staffWrong,
    body: () => ({ countyCode: COUNTY_A, date: chinaToday() }),
  },
  LogisticsCarrierController_handOver: {
    who: 'operators of the county hub (county staff)',
    rightful: 'staffA',
    wrong: [...staffWrong, 'operatorB'],
    params: (f) => ({ id: f.paid.shipmentId }),
    body: (f) => ({ nodeId: f.network.hub.id }),
  },
  LogisticsCarrierController_webhook: {
    who: 'the express carrier',
    public: 'authenticated by the carrier’s HMAC signature, not a bearer token; unsigned calls are wrong actors',
    wrong: ['anonymous', 'buyerA'],
    body: () => ({ waybillNo: 'SX000000000000', status: 'delivered', occurredAt: new Date().toISOString() }),
    rightfulCall: (f, api) => {
      const body = { waybillNo: `SX${Date.now()}`, status: 'delivered', occurredAt: new Date().toISOString() };
      return request(api).post('/api/logistics/carrier/webhook').set(signedCarrierWebhook(body)).send(body);
    },
  },
  LogisticsCarrierController_kuaidi100Push: {
    who: '快递100, pushing the track of a waybill we subscribed',
    public:
      'authenticated by its sign (MD5 of param + our salt), not a bearer token; this world runs the simulated ' +
      'carrier, so every call is 404 here — test/logistics/kuaidi100-carrier.e2e-spec.ts has the signed pushes',
    wrong: ['anonymous', 'buyerA'],
    body: () => ({ param: '{"lastResult":{"state":"3","nu":"75300000000000","data":[]}}', sign: 'NOT-A-SIGN' }),
  },
  LogisticsCarrierController_simulateDelivery: {
    who: 'county staff of the shipment’s county (development only)',
    rightful: 'staffA',
    wrong: staffWrong,
    params: () => ({ waybillNo: `SX${Date.now()}` }),
  },
  LogisticsRetentionController_sweep: {
    who: 'platform admins (it sweeps every county)',
    rightful: 'admin',
    wrong: [...OUTSIDERS, 'staffA', 'coopOwnerA', 'operatorA'],
  },
  LogisticsDeadLetterController_replay: replay(),
  OrdersHistoryController_importOrders: pastImport('orders'),
  LogisticsHistoryController_importShipments: pastImport('shipments'),
  CatalogHistoryController_importSales: pastImport('orders'),
};

interface Finding {
  operation: string;
  actor: string;
  status: number;
  problem: string;
}

describe('authorization matrix: every write operation of the gateway, every kind of wrong caller', () => {
  let authz: AuthzWorld;
  let fixtures: Fixtures;
  let document: Schema;
  let writes: Operation[];
  let snapshots: Snapshots;
  let requests = 0;
  const actorsTried = new Set<string>();

  beforeAll(async () => {
    authz = await buildAuthzWorld();
    fixtures = authz.fixtures;
    const docs = await request(authz.world.api).get('/docs-json').expect(200);
    document = docs.body as Schema;
    expect(document['x-unavailable-services']).toEqual([]);
    writes = operationsOf(document).filter((operation) => operation.method !== 'get');
    snapshots = await Snapshots.open(authz.world.platform);
  }, 120_000);

  afterAll(async () => {
    console.log(
      `authz matrix: ${writes?.length} write operations, ${actorsTried.size} actors (${[...actorsTried].join(', ')}), ${requests} requests`,
    );
    await snapshots?.close();
    await authz?.world.stop();
  });

  const actor = (name: ActorName): Actor | null => (name === 'anonymous' ? null : fixtures.actors[name]);

  const send = async (operation: Operation, row: Row, name: ActorName): Promise<request.Response> => {
    const params = row.params?.(fixtures) ?? {};
    const path = operation.path.replace(/\{(\w+)\}/g, (_, key: string) => {
      if (!(key in params)) {
        throw new Error(`${operation.operationId}: the row gives no value for {${key}}`);
      }
      return encodeURIComponent(params[key]);
    });
    const method = operation.method as 'post' | 'put' | 'patch' | 'delete';
    let call = request(authz.world.api)[method](path).timeout(15_000);
    const who = actor(name);
    if (who) {
      call = call.set('authorization', `Bearer ${who.token}`);
    }
    const body = row.body?.(fixtures);
    requests++;
    actorsTried.add(name);
    return body ? call.send(body) : call;
  };

  it('has a row for every write operation of the document, and no row for one that is not there', () => {
    expect(writes.length).toBeGreaterThan(50);
    expect(Object.keys(MATRIX).sort()).toEqual(writes.map((operation) => operation.operationId).sort());
    for (const [id, row] of Object.entries(MATRIX)) {
      // a row is either public (with its reason) or names the actor who may
      expect({ id, ok: Boolean(row.public) || Boolean(row.rightful) }).toEqual({ id, ok: true });
    }
  });

  it('refuses every wrong actor, with problem+json, and changes nothing', async () => {
    const findings: Finding[] = [];
    const changes: string[] = [];
    const known: string[] = [];
    let before = await snapshots.settled();
    for (const operation of writes) {
      const row = MATRIX[operation.operationId];
      if (!row) {
        continue;
      }
      const rowFindings: Finding[] = [];
      for (const name of row.wrong) {
        const response = await send(operation, row, name);
        const type = String(response.headers['content-type'] ?? '');
        if (DEBUG) {
          console.log(`WRONG ${operation.operationId} ${name} ${response.status} ${response.body?.type}`);
        }
        if (!WRONG_STATUSES.includes(response.status) || !PROBLEM.test(type)) {
          rowFindings.push({
            operation: `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}; may: ${row.who})`,
            actor: name,
            status: response.status,
            problem: (response.text ?? '').slice(0, 200),
          });
        }
      }
      const after = row.wrong.length > 0 ? await snapshots.take() : before;
      const changed = changedTables(before, after);
      if (row.knownBug) {
        known.push(`${operation.operationId}: ${row.knownBug}`);
      } else {
        findings.push(...rowFindings);
        if (changed.length > 0) {
          changes.push(`${operation.operationId}: wrong actors changed ${changed.join(', ')}`);
        }
      }
      before = changed.length > 0 ? await snapshots.settled() : after;
    }
    if (known.length > 0) {
      console.log(`authz matrix: known access bugs:\n${known.join('\n')}`);
    }
    expect(findings).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('does not refuse the rightful actor (401/403) a well-formed request', async () => {
    const refused: Finding[] = [];
    const settledBeforeRightful = await snapshots.settled();
    // in the table's order (pause before publish, today's run used before it is planned again), logout last
    const ordered = Object.keys(MATRIX)
      .flatMap((id) => writes.filter((operation) => operation.operationId === id))
      .sort((a, b) => Number(/logout/.test(a.path)) - Number(/logout/.test(b.path)));
    for (const operation of ordered) {
      const row = MATRIX[operation.operationId];
      let response: request.Response;
      if (row.rightfulCall) {
        requests++;
        response = await row.rightfulCall(fixtures, authz.world.api);
      } else {
        response = await send(operation, row, row.rightful ?? 'anonymous');
      }
      if (DEBUG) {
        console.log(
          `RIGHT ${operation.operationId} ${row.rightful} ${response.status} ${response.text?.slice(0, 120)}`,
        );
      }
      if ([401, 403].includes(response.status) || response.status >= 500) {
        refused.push({
          operation: `${operation.operationId} (may: ${row.who})`,
          actor: row.rightful ?? 'anonymous (public)',
          status: response.status,
          problem: (response.text ?? '').slice(0, 200),
        });
      }
    }
    expect(refused).toEqual([]);
    // the digest does see writes: the rightful calls changed the database
    expect(changedTables(settledBeforeRightful, await snapshots.take()).length).toBeGreaterThan(0);
  });
});
